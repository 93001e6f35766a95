"""Excel export and import without LibreOffice: the round trip gives back an equivalent case,
the layout holds what docs/excel-layout.md says, and bad workbooks fail with the cell named.

The recalculation of the formulas is tested against LibreOffice in test_libreoffice.py.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from builders import shipped_variants
from generated_cases import case_texts
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

import nyttonb.workbook.layout as L
from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.core.figures import compute_figures
from nyttonb.core.formula import parse
from nyttonb.core.model import Case
from nyttonb.workbook import WorkbookError, export_workbook, import_workbook, workbook_bytes
from nyttonb.workbook.cell_formula import Unsupported, from_excel, to_excel

ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = shipped_variants()


def figures(case: Case) -> dict[str, Any]:
    """What `nyttonb calc --json` prints, without the file name."""
    report = compute_figures(case).to_dict()
    report["case"].pop("file")
    return report


def round_trip(case: Case, tmp_path: Path) -> Case:
    path = export_workbook(case, tmp_path / "fall.xlsx")
    result = import_workbook(path)
    assert result.warnings == ()
    return result.case


@pytest.mark.parametrize("file", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shipped_case_survives_export_and_import(file: Path, tmp_path: Path) -> None:
    case = load_case(file)
    back = round_trip(case, tmp_path)
    assert figures(back) == figures(case)
    assert back.texts == case.texts
    assert back.effect_chain == case.effect_chain
    assert (back.risks, back.hinder, back.opportunities) == (
        case.risks,
        case.hinder,
        case.opportunities,
    )
    assert back.published == case.published
    assert back.versions == case.versions
    assert [(f.key, f.source, f.source_type) for f in back.all_factors] == [
        (f.key, f.source, f.source_type) for f in case.all_factors
    ]
    assert sorted(
        (i.id, i.name, i.size, i.description, i.stakeholders) for i in back.items
    ) == sorted((i.id, i.name, i.size, i.description, i.stakeholders) for i in case.items)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=case_texts())
def test_generated_case_survives_export_and_import(text: str, tmp_path: Path) -> None:
    case = load_case_text(text, filename="generated.yaml")
    (tmp_path / "fall.xlsx").unlink(missing_ok=True)
    assert figures(round_trip(case, tmp_path)) == figures(case)


def test_formulas_translate_both_ways() -> None:
    cells = {"a": "$J$5", "b": "'Värde nyttor'!$J$9", "c": "$J$7"}
    tree = parse("-(a - b) * max(c, 2) / (a + 1e-3)").root
    excel = to_excel(tree, cells.get)
    assert excel == "-($J$5-'Värde nyttor'!$J$9)*MAX($J$7,2)/($J$5+0.001)"
    names = {5: "a", 9: "b", 7: "c"}
    back = from_excel("=" + excel, lambda ref: names[ref.row])
    assert back == "-(a - b) * max(c, 2) / (a + 0.001)"


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("=SUM(J5:J7)", "SUM"),
        ("=J5:J7", "kan inte läsas"),
        ("=[1]Blad1!A1", "extern länk"),
        ("=Nyttor*2", "kan inte läsas"),
        ("=J5^2", "kan inte läsas"),
    ],
)
def test_formulas_outside_the_grammar_are_refused(formula: str, reason: str) -> None:
    with pytest.raises(Unsupported, match=reason):
        from_excel(formula, lambda ref: "a")


def _sheet_rows(path: Path, sheet: str) -> dict[str, int]:
    book = load_workbook(path)
    return {str(book[sheet][f"A{r}"].value): r for r in range(1, book[sheet].max_row + 1)}


def test_workbook_has_the_documented_sheets_names_and_labels(tmp_path: Path) -> None:
    case = load_case(ROOT / "case_studies/digitalt-mote/overtornea.yaml")
    path = export_workbook(case, tmp_path / "fall.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == list(L.SHEETS)
    assert sorted(book.defined_names) == sorted([*L.NAMES, "Diskonteringsränta"])
    assert book.defined_names["Brytår"].attr_text == f"Resultat!$B${L.FIGURES_ROW + 6}"
    result = book[L.RESULT]
    assert result[f"A{L.SUMMARY_ROW}"].value == "Sammanlagd nettonytta efter 6 år (kr)"
    assert result[f"A{L.SUMMARY_ROW + 7}"].value == "Nyttor som inte värderats i pengar"
    assert book[L.START]["B12"].value == 0.03 and book[L.START]["A12"].value == "Diskonteringsränta"
    benefits = book[L.BENEFITS]
    row = next(r for r in range(1, 200) if benefits[f"H{r}"].value == "restid_per_mote")
    assert benefits[f"B{row}"].value == 120 and benefits[f"E{row}"].value == "min/st"
    assert benefits[f"J{row}"].value == f"=B{row}*I{row}"
    annual = next(r for r in range(row, 200) if benefits[f"A{r}"].value == L.ANNUAL)
    assert str(benefits[f"B{annual}"].value).startswith("=$J$")
    assert "Skapad av nyttonb" in book[L.NOTES]["A2"].value
    lists = {rule.formula1: str(rule.sqref) for rule in benefits.data_validations.dataValidation}
    category = next(r for r in range(1, 200) if benefits[f"A{r}"].value == L.BLOCK_CATEGORY)
    assert f"B{category}" in lists['"Finansiell,Omfördelning"'].split()
    assert "Start!$A$25:$A$29" in lists  # the five perspectives, as a drop-down
    assert "fallets version 1.0" in book[L.NOTES]["A2"].value


def test_export_never_overwrites_silently(tmp_path: Path) -> None:
    case = load_case(ROOT / "case_studies/digitalt-mote/overtornea.yaml")
    target = tmp_path / "fall.xlsx"
    target.write_bytes(b"mine")
    with pytest.raises(WorkbookError, match=r"finns redan.*--force"):
        export_workbook(case, target)
    assert target.read_bytes() == b"mine"
    export_workbook(case, target, force=True)
    assert zipfile.is_zipfile(target)


def _edited(tmp_path: Path, edit: Any) -> Path:
    case = load_case(ROOT / "case_studies/digitalt-mote/overtornea.yaml")
    path = tmp_path / "fall.xlsx"
    path.write_bytes(workbook_bytes(case))
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _row(sheet: Any, column: str, value: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet[f"{column}{r}"].value == value)


def test_a_bad_category_names_the_cell_and_the_choices(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book[L.BENEFITS]
        sheet[f"B{_row(sheet, 'A', L.BLOCK_CATEGORY)}"] = "Ekonomisk"

    path = _edited(tmp_path, edit)
    with pytest.raises(WorkbookError) as raised:
        import_workbook(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: Värde nyttor!B")
    assert "'Ekonomisk' är ingen kategori" in message and "Finansiell, Omfördelning" in message


def test_a_formula_nyttonb_cannot_read_imports_the_value_with_a_warning(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book[L.COSTS]
        row = _row(sheet, "A", L.ANNUAL)
        sheet[f"B{row}"] = 5000
        sheet[f"C{row}"] = 4000
        sheet[f"D{row}"] = "=SUM(B1:B2)"

    path = _edited(tmp_path, edit)
    with pytest.raises(WorkbookError, match=r"Värde kostnader!D\d+: formeln har inget beräknat"):
        import_workbook(path)


def test_a_constant_annual_value_becomes_a_factor_of_its_own(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book[L.COSTS]
        row = _row(sheet, "A", L.ANNUAL)
        for col in "BCD":
            sheet[f"{col}{row}"] = 20_000

    result = import_workbook(_edited(tmp_path, edit))
    cost = result.case.costs[0]
    assert cost.formula == "arligt_varde"
    assert cost.factors[-1].likely == 20_000 and cost.factors[-1].unit == "kr"


def test_a_sum_of_other_cells_is_imported_as_its_value_with_a_warning(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book[L.BENEFITS]
        row = _row(sheet, "H", "moten_per_ar")
        sheet[f"J{row}"] = f"=SUM(B{row}:B{row})*I{row}"

    result = import_workbook(_edited(tmp_path, edit))
    assert result.warnings and "funktionen SUM" in result.warnings[0]


def test_an_xlsm_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    workbook = tmp_path / "makro.xlsm"
    workbook.write_bytes(b"PK")
    run = subprocess.run(
        [sys.executable, "-m", "nyttonb.cli", "excel", "import", str(workbook)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "makron" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["makro.xlsm"]


def test_a_macro_inside_an_xlsx_is_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "fall.xlsx"
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("xl/vbaProject.bin", b"\x00")
    with pytest.raises(WorkbookError, match="makron"):
        import_workbook(workbook)


def test_cli_round_trip_and_refusal_to_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "fall.yaml"
    source.write_bytes((ROOT / "case_studies/digitalt-mote/overtornea.yaml").read_bytes())

    def nyttonb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "nyttonb.cli", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )

    assert nyttonb("excel", "export", "fall.yaml").returncode == 0
    again = nyttonb("excel", "export", "fall.yaml")
    assert again.returncode == 2 and "--force" in again.stderr
    refused = nyttonb("excel", "import", "fall.xlsx")
    assert refused.returncode == 2 and "fall.yaml: filen finns redan" in refused.stderr
    assert nyttonb("excel", "import", "fall.xlsx", "--out", "tillbaka.yaml").returncode == 0
    assert figures(load_case(tmp_path / "tillbaka.yaml")) == figures(load_case(source))
    help_text = nyttonb("excel", "--help").stdout
    assert "Importera en arbetsbok" in help_text and "Exportera en fallfil" in help_text


def test_price_index_own_series_tags_and_ratings_survive(tmp_path: Path) -> None:
    text = (ROOT / "case_studies/digitalt-mote/overtornea.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("tags:"))  # given below
    text = text.replace(
        "price_level_year: 2022",
        "price_level_year: 2022\nprice_index: PKV\n"
        "indices:\n  PKV: {source: SKR, values: {2022: 100.0, 2024: 108.5, 2026: 112.0}}\n"
        "tags: [video, glesbygd]\nurgency: 3\nfeasibility: 4",
    )
    case = load_case_text(text, filename=str(ROOT / "case_studies/digitalt-mote/x.yaml"))
    back = round_trip(case, tmp_path)
    assert figures(back) == figures(case)
    assert (back.price_index, back.tags, back.urgency, back.feasibility) == (
        "PKV",
        ("video", "glesbygd"),
        3,
        4,
    )
    assert back.index_series("PKV") == case.index_series("PKV")
