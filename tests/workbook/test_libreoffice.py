"""The independent oracle: LibreOffice recalculates every exported workbook, and the figures it
gets from the spreadsheet formulas agree with nyttonb's engine (`nyttonb calc --json`) within
0,5 kr, for the shipped cases and for generated ones.

All workbooks go through one `soffice --headless --convert-to xlsx` call (LibreOffice starts
once, about 5 s). Its user profile is a fresh one with "recalculate on load: always" for xlsx
files (OOXMLRecalcMode = 0). That setting matters: with LibreOffice's default profile, a
workbook that carries cached values (any workbook saved by Excel or LibreOffice) is converted
with those values as they are, however its inputs were changed; `test_stale_cached_values_are
_recalculated` changes a factor behind the cached values and shows that they are recalculated.
openpyxl writes no cached values at all, so its workbooks are calculated either way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from builders import shipped_variants
from generated_cases import collect
from openpyxl import load_workbook

import nyttonb.workbook.layout as L
from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.core.figures import compute_figures
from nyttonb.workbook import import_workbook, workbook_bytes

ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED = shipped_variants()
GENERATED = 20
TOLERANCE = 0.5  # kr
CHANGED_CASE = ROOT / "case_studies/digitalt-mote/overtornea.yaml"
CHANGED_FACTOR, CHANGED_VALUE = "moten_per_ar", 420.0

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(workbooks: list[Path], out: Path) -> None:
    """Open, recalculate and save every workbook with LibreOffice headless, in one call."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (make libreoffice)")
    profile = out / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out / "recalculated"),
            *map(str, workbooks),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    missing = [p.name for p in workbooks if not (out / "recalculated" / p.name).exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stdout}{run.stderr}"


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Case label → the case's calc --json dict and its workbook recalculated by LibreOffice."""
    folder = tmp_path_factory.mktemp("workbooks")
    cases = {f"{p.parent.name}-{p.stem}": load_case(p) for p in SHIPPED}
    for index, text in enumerate(collect(GENERATED)):
        (folder / f"generated-{index}.yaml").write_text(text, encoding="utf-8")
        cases[f"generated-{index}"] = load_case_text(text, filename=f"generated-{index}.yaml")
    written = []
    for label, case in cases.items():
        written.append(folder / f"{label}.xlsx")
        written[-1].write_bytes(workbook_bytes(case))
    changed = folder / "changed.xlsx"
    changed.write_bytes(workbook_bytes(load_case(CHANGED_CASE)))
    book = load_workbook(changed)
    sheet = book[L.BENEFITS]
    row = next(r for r in range(1, 100) if sheet[f"{L.NAME}{r}"].value == CHANGED_FACTOR)
    sheet[f"{L.LIKELY}{row}"] = CHANGED_VALUE
    book.save(changed)
    recalculate([*written, changed], folder)
    results = {
        label: Run(
            compute_figures(case).to_dict(),
            folder / "recalculated" / f"{label}.xlsx",
            {s.id: s.name for s in case.stakeholders},
        )
        for label, case in cases.items()
    }
    results["changed"] = Run({}, folder / "recalculated" / "changed.xlsx", {})
    return results


@dataclass(frozen=True)
class Run:
    report: dict[str, Any]
    path: Path
    names: dict[str, str]
    """Stakeholder id → name: the workbook shows names."""


def _named(book: Any, name: str) -> Any:
    ((sheet, cell),) = list(book.defined_names[name].destinations)
    return book[sheet][cell.replace("$", "")].value


def _close(got: Any, want: float | None, what: str, tolerance: float = TOLERANCE) -> None:
    if want is None:
        assert got in ("", None), f"{what}: {got!r}, want empty"
    else:
        assert isinstance(got, int | float), f"{what}: {got!r} is not a number"
        assert abs(got - want) <= tolerance, f"{what}: workbook {got}, nyttonb {want}"


def _check(report: dict[str, Any], path: Path, names: dict[str, str]) -> None:
    book = load_workbook(path, data_only=True)
    label = path.stem
    for name, key in (
        ("Nettonytta", "net_benefit"),
        ("Nyttor", "benefits"),
        ("Kostnader", "costs"),
        ("Finansiell_nettonytta", "financial_net_benefit"),
    ):
        _close(_named(book, name), report[key], f"{label} {name}")
    _close(
        _named(book, "Nettonytta_per_satsad_krona"),
        report["net_benefit_per_krona"],
        f"{label} per krona",
        1e-6,
    )
    assert _named(book, "Brytår") == (report["break_even_year"] or L.NEVER), label
    result = book[L.RESULT]
    for row in report["by_year"]:
        r = L.YEARS_HEADER_ROW + row["year"]
        assert result[f"{L.YEARS['label']}{r}"].value == row["label"], label
        for key in (
            "benefits",
            "costs",
            "accumulated_net",
            "benefits_nominal",
            "costs_nominal",
            "freed_hours",
        ):
            _close(result[f"{L.YEARS[key]}{r}"].value, row[key], f"{label} year {r} {key}")
    top = L.UNCERTAINTY_ROW + 2
    for run, col in (("low", "B"), ("likely", "C"), ("high", "D")):
        figures = report["scenarios"][run]
        _close(result[f"{col}{top}"].value, figures["benefits"], f"{label} {run} benefits")
        _close(result[f"{col}{top + 1}"].value, figures["costs"], f"{label} {run} costs")
        _close(result[f"{col}{top + 2}"].value, figures["net_benefit"], f"{label} {run} net")
        assert result[f"{col}{top + 5}"].value == (figures["break_even_year"] or L.NEVER)
    _close(result[f"B{L.HOURS_ROW + 1}"].value, report["freed_hours"], f"{label} hours")
    _check_categories(report, result, label, names)


def _check_categories(
    report: dict[str, Any], result: Any, label: str, names: dict[str, str]
) -> None:
    rows = {result[f"A{r}"].value: r for r in range(L.CATEGORY_ROW + 2, L.CATEGORY_ROW + 12)}
    columns = {
        ("finansiell", "benefits"): "B",
        ("omfördelning", "benefits"): "C",
        ("finansiell", "costs"): "D",
        ("omfördelning", "costs"): "E",
    }
    seen = 0
    for pair in report["by_category_stakeholder"]:
        for direction in ("benefits", "costs"):
            r = rows[names[pair["stakeholder"]]]
            got = result[f"{columns[(pair['category'], direction)]}{r}"].value
            _close(got, pair[direction], f"{label} {pair['category']} {pair['stakeholder']}")
            seen += 1
    assert seen == 2 * len(report["by_category_stakeholder"])


@pytest.mark.parametrize("label", [f"{p.parent.name}-{p.stem}" for p in SHIPPED])
def test_libreoffice_agrees_with_nyttonb_on_shipped_cases(
    recalculated: dict[str, Run], label: str
) -> None:
    run = recalculated[label]
    _check(run.report, run.path, run.names)


@pytest.mark.parametrize("index", range(GENERATED))
def test_libreoffice_agrees_with_nyttonb_on_generated_cases(
    recalculated: dict[str, Run], index: int
) -> None:
    run = recalculated[f"generated-{index}"]
    _check(run.report, run.path, run.names)


def test_a_changed_factor_reaches_every_figure_and_comes_back_on_import(
    recalculated: dict[str, Run],
) -> None:
    path = recalculated["changed"].path
    original = load_case(CHANGED_CASE)
    imported = import_workbook(path)
    assert imported.warnings == ()
    assert imported.case.factor(CHANGED_FACTOR).likely == CHANGED_VALUE
    before, after = compute_figures(original).to_dict(), compute_figures(imported.case).to_dict()
    assert after["net_benefit"] > before["net_benefit"] + 1000
    book = load_workbook(path, data_only=True)
    _close(_named(book, "Nettonytta"), after["net_benefit"], "changed Nettonytta")
    _check(after, path, {s.id: s.name for s in original.stakeholders})


def test_libreoffice_shows_swedish_number_formats(
    recalculated: dict[str, Run], tmp_path: Path
) -> None:
    """The Resultat sheet as LibreOffice shows it (CSV of the cells as displayed)."""
    run = recalculated["digitalt-mote-overtornea"]
    soffice = shutil.which("soffice")
    assert soffice is not None
    profile = run.path.parent.parent / "profile"
    sheet = L.SHEETS.index(L.RESULT) + 1
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false,{sheet}",
            "--outdir",
            str(tmp_path),
            str(run.path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (shown,) = tmp_path.glob("*.csv")
    text = shown.read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    net = f"{round(run.report['net_benefit']):,}".replace(",", " ")
    assert f"Sammanlagd nettonytta efter 6 år (kr);{net} kr" in text
    per_krona = f"{run.report['net_benefit_per_krona']:.2f}".replace(".", ",")
    assert f"Nettonytta per satsad krona efter 6 år (kr);{per_krona}" in text
    assert "Nyttorna överstiger kostnaderna år:;2023" in text
    report = run.report
    share = report["by_category"]["finansiell"]["benefits"] / report["benefits"]
    assert f"Finansiell nytta (%);{share * 100:.1f} %".replace(".", ",") in text
    assert "Frigjorda årsarbetare (1 700 h/år);0," in text


def _with_cell_changed(source: Path, target: Path, sheet: str, address: str, value: float) -> None:
    """Copy a workbook, changing one cell's value in its XML and keeping every cached value."""
    with zipfile.ZipFile(source) as package:
        rel = re.search(
            rf'<sheet name="{sheet}"[^>]*r:id="(\w+)"', package.read("xl/workbook.xml").decode()
        )
        assert rel is not None
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        part = re.search(
            rf'Id="{rel[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel[1]}"', rels
        )
        assert part is not None
        name = "xl/" + (part[1] or part[2]).removeprefix("/xl/")
        xml = package.read(name).decode()
        changed = re.sub(rf'(<c r="{address}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value!r}\g<2>", xml)
        assert changed != xml, f"{sheet}!{address} has no value to change"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in package.infolist():
                out.writestr(info, changed if info.filename == name else package.read(info))


def test_stale_cached_values_are_recalculated(recalculated: dict[str, Run], tmp_path: Path) -> None:
    """A workbook saved by LibreOffice (every formula has a cached value) whose factor changes
    behind the cached values: LibreOffice recalculates, and import agrees with the result."""
    run = recalculated["digitalt-mote-overtornea"]
    book = load_workbook(run.path)
    sheet = book[L.BENEFITS]
    row = next(r for r in range(1, 100) if sheet[f"{L.NAME}{r}"].value == CHANGED_FACTOR)
    stale = tmp_path / "stale.xlsx"
    _with_cell_changed(run.path, stale, L.BENEFITS, f"{L.LIKELY}{row}", CHANGED_VALUE)
    cached = load_workbook(stale, data_only=True)
    assert _named(cached, "Nettonytta") == pytest.approx(run.report["net_benefit"], abs=1)
    recalculate([stale], tmp_path)
    fresh = tmp_path / "recalculated" / "stale.xlsx"
    imported = import_workbook(fresh)
    assert imported.case.factor(CHANGED_FACTOR).likely == CHANGED_VALUE
    after = compute_figures(imported.case).to_dict()
    assert after["net_benefit"] > run.report["net_benefit"] + 1000
    _close(
        _named(load_workbook(fresh, data_only=True), "Nettonytta"),
        after["net_benefit"],
        "recalculated Nettonytta",
    )
