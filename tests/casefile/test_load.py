"""Case files: every failure mode has a tiny fixture and a message with file, line, path, fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from builders import CASES, ROOT

from nyttonb.casefile.factors import LibraryFactor
from nyttonb.casefile.load import MAX_BYTES, check_files, load_case, load_case_text
from nyttonb.casefile.schema import json_schema
from nyttonb.core.model import Category, CostType, Direction, SourceType
from nyttonb.errors import CaseErrors, CaseFileError, FormulaError, NyttonbError, UnitError

SMALL = """\
name: Testfall
organisation: Exempelkommun
area: Socialtjänst
description: Ett litet testfall.
alternatives: {a: Som idag., b: Med förändringen.}
stakeholders:
  kommunen: {name: Exempelkommun, type: organisation}
horizon: 6
versions:
  - {version: "1.0", date: 2024-03-01, note: Första versionen.}
"""

# fixture -> (line, key path or None, phrase in the message, phrase in the fix, error type)
BAD_CASES = {
    "bad_yaml_syntax": (
        13,
        None,
        "ett kolon står där",
        "indrag och citattecken",
        CaseFileError,
    ),
    "empty": (1, None, "filen är tom", "docs/case-format.md", CaseFileError),
    "not_a_mapping": (1, None, "översta nivån är en lista", "exemplet", CaseFileError),
    "unknown_key": (9, "discount_rat", "menade du 'discount_rate'?", "horizon", CaseFileError),
    "missing_field": (
        12,
        "benefits[0].name",
        "nyckeln 'name' saknas",
        "Lägg till name:",
        CaseFileError,
    ),
    "wrong_type": (
        8,
        "horizon",
        "här ska stå ett heltal, men det står texten 'sex'",
        "utan citattecken",
        CaseFileError,
    ),
    "set_tag_scalar": (
        4,
        "horizon",
        "YAML-taggen !!set är inte tillåten",
        "Ta bort taggen",
        CaseFileError,
    ),
    "unreadable_value": (
        4,
        "horizon",
        "värdet '+_' går inte att läsa",
        "sätt citattecken",
        CaseFileError,
    ),
    "bad_boolean": (
        9,
        "discount_first_year",
        "här ska stå true eller false, men det står texten 'yes'",
        "true eller false",
        CaseFileError,
    ),
    "bad_category": (
        14,
        "benefits[0].category",
        "'omfordelning' är ingen kategori; menade du 'omfördelning'?",
        "Välj en av finansiell, omfördelning, kvalitet, miljö.",
        CaseFileError,
    ),
    "low_above_likely": (
        20,
        "benefits[0].factors.timkostnad.low",
        "Lägst (low, 400) är större än Troligt (likely, 368)",
        "low ≤ likely ≤ high",
        CaseFileError,
    ),
    "negative_count": (
        19,
        "benefits[0].factors.brev_per_ar.likely",
        "negativt antal",
        "kan inte vara under 0",
        CaseFileError,
    ),
    "shares_not_one": (
        16,
        "benefits[0].stakeholders",
        "tillsammans 0,9",
        "bli 1 tillsammans",
        CaseFileError,
    ),
    "unknown_stakeholder": (
        15,
        "benefits[0].stakeholder",
        "menade du 'kommunen'?",
        "en av kommunen",
        CaseFileError,
    ),
    "duplicate_id": (
        21,
        "benefits[1].id",
        "'tid' är redan id för benefits[0]",
        "ett eget id",
        CaseFileError,
    ),
    "duplicate_key": (9, "horizon", "två gånger, på rad 8 och rad 9", "Behåll en", CaseFileError),
    "custom_tag": (
        4,
        "description",
        "YAML-taggen !!python/object/apply:os.system är inte tillåten",
        "Ta bort taggen",
        CaseFileError,
    ),
    "unknown_library_factor": (
        20,
        "benefits[0].factors.timkostnad.library",
        "menade du 'timkostnad_underskoterska_omsorg'?",
        "nyttonb factors",
        CaseFileError,
    ),
    "quality_with_formula": (
        16,
        "benefits[0].formula",
        "värderas inte i pengar",
        "size: 0–3",
        CaseFileError,
    ),
    "unknown_edge": (
        25,
        "effect_chain.edges[0][1]",
        "'tid' är ingen nod",
        "effect_chain.nodes",
        CaseFileError,
    ),
    "bad_name": (
        19,
        "benefits[0].factors.Brev-per-år",
        "inget giltigt namn",
        "'brev_per_ar'",
        CaseFileError,
    ),
    "bad_date": (10, None, "dagen finns inte i månaden", "2024-03-01", CaseFileError),
    "unknown_factor": (
        16,
        "benefits[0].formula",
        "menade du 'timkostnad'?",
        "Rätta stavningen",
        FormulaError,
    ),
    "formula_cycle": (12, "factors.timkostnad.formula", "cirkel", "egna värden", FormulaError),
    "formula_code": (16, "benefits[0].formula", "inte tillåten", "faktorer med namn", FormulaError),
    "formula_attribute": (
        16,
        "benefits[0].formula",
        "punkt efter ett namn är inte tillåten",
        "räkning",
        FormulaError,
    ),
    "formula_call": (
        16,
        "benefits[0].formula",
        "bara min(...) och max(...)",
        "min/max",
        FormulaError,
    ),
    "division_by_zero": (
        16,
        "benefits[0].formula",
        "division med noll",
        "annat värde än 0",
        FormulaError,
    ),
    "bad_unit": (16, "benefits[0].formula", "inte kr/år", "enheterna", UnitError),
    "plan_without_freed_use": (
        22,
        "benefits[0].realisation",
        "frigjorda resurserna",
        "ej beslutat, kvalitet, undviken kostnad, färre tjänster",
        CaseFileError,
    ),
    "plan_bad_freed_use": (
        28,
        "benefits[0].realisation.freed_resources.use",
        "menade du 'kvalitet'?",
        "Välj en av ej beslutat",
        CaseFileError,
    ),
    "plan_target_outside_horizon": (
        25,
        "benefits[0].realisation.target.year",
        "utanför tidshorisonten 1–6",
        "inget start_year",
        CaseFileError,
    ),
    "plan_unknown_unit": (
        23,
        "benefits[0].realisation.indicator.unit",
        "'ar' är ingen enhet",
        "kr, h, min",
        CaseFileError,
    ),
    "plan_unknown_key": (
        29,
        "benefits[0].realisation.owner",
        "'owner' är ingen nyckel här",
        "responsible, measured_when",
        CaseFileError,
    ),
    "unknown_unit": (
        20,
        "benefits[0].factors.timkostnad.unit",
        "'timm' är ingen enhet",
        "kr, h, min",
        UnitError,
    ),
    "overflow_product": (
        34,
        "benefits[0].formula",
        "inte är ett ändligt tal",
        "värden och enheter",
        FormulaError,
    ),
    "overflow_per_year": (
        36,
        "benefits[0].per_year",
        "inte är ett ändligt tal",
        "värden och enheter",
        FormulaError,
    ),
    "absurd_amount": (
        54,
        "costs[0].formula",
        "2·10^28 kr per år (med värdena Troligt och Högst",
        "kr eller tkr",
        FormulaError,
    ),
    "huge_horizon": (14, None, "ett tal har 5000 siffror", "horizon: 10", CaseFileError),
    "shares_just_off": (
        16,
        "benefits[0].stakeholders",
        "tillsammans 0,99999, inte 1",
        "bli 1 tillsammans",
        CaseFileError,
    ),
    "python_tag": (
        2,
        None,
        "YAML-taggen !!python/object/apply:os.system är inte tillåten",
        "Ta bort taggen",
        CaseFileError,
    ),
    "nested_flow": (3, None, "nästlad djupare än 40 nivåer", "parenteserna", CaseFileError),
    "nested_blocks": (43, None, "nästlad djupare än 40 nivåer", "indraget", CaseFileError),
}


@pytest.mark.parametrize(("fixture", "expected"), BAD_CASES.items(), ids=list(BAD_CASES))
def test_bad_case_reports_file_line_path_and_fix(
    fixture: str, expected: tuple[int, str | None, str, str | None, type[NyttonbError]]
) -> None:
    line, path, message, fix, kind = expected
    file = CASES / f"{fixture}.yaml"
    with pytest.raises(NyttonbError) as caught:
        load_case(file)
    error = caught.value
    assert type(error) is kind
    assert (error.file, error.line, error.path) == (str(file), line, path)
    assert message in error.message
    if fix is not None:
        assert error.fix is not None
        assert fix in error.fix
    assert str(error).startswith(f"{file}:{line}: " + (f"{path}: " if path else ""))
    assert "Input should" not in str(error)


GOOD_CASES = {"inera_example", "shares_rounded", "decomposed_unicode"}
"""Fixtures that load: the worked example, and inputs that once failed but should not."""


def test_every_fixture_is_in_the_table() -> None:
    fixtures = {p.stem for p in CASES.glob("*.yaml")} - GOOD_CASES
    assert fixtures == set(BAD_CASES)


def test_shares_that_miss_1_by_rounding_are_accepted() -> None:
    case = load_case(CASES / "shares_rounded.yaml")
    assert sum(share for _, share in case.benefits[0].stakeholders) == pytest.approx(1, abs=1e-6)


def test_decomposed_unicode_is_read_as_the_composed_letters() -> None:
    raw = (CASES / "decomposed_unicode.yaml").read_text(encoding="utf-8")
    assert "omfo\u0308rdelning" in raw
    case = load_case(CASES / "decomposed_unicode.yaml")
    assert case.benefits[0].category is Category.OMFORDELNING
    assert "ö" in case.name and "o\u0308" not in case.name


def test_inera_example_loads_with_factor_keys_and_defaults() -> None:
    case = load_case(CASES / "inera_example.yaml")
    assert case.source_path == str(CASES / "inera_example.yaml")
    assert [f.key for f in case.all_factors] == [
        "timkostnad",
        "frigjord_tid_rek.tid_per_brev",
        "frigjord_tid_rek.brev_per_ar",
        "anslutning.anslutningsavgift",
    ]
    mail, quality = case.benefits
    assert (mail.category, mail.direction, mail.stakeholders) == (
        Category.OMFORDELNING,
        Direction.BENEFIT,
        (("kommunen", 1.0),),
    )
    assert mail.per_year == (1.0,)
    assert mail.line == 29
    assert (quality.size, quality.formula, quality.category) == (2, None, Category.KVALITET)
    (cost,) = case.costs
    assert (cost.cost_type, cost.per_year, cost.direction) == (
        CostType.ONE_OFF,
        (1.0, 0.0),
        Direction.COST,
    )
    assert case.factor("timkostnad").source_type is SourceType.PUBLISHED
    assert case.effect_chain.edges == (("sdk", "mindre_post"), ("mindre_post", "tid"))
    assert (case.discount_rate, case.discount_first_year, case.start_year) == (0.03, False, None)


def test_inera_example_frees_36_800_kr_a_year() -> None:
    from nyttonb.core.calc import calculate

    first_year = calculate(load_case(CASES / "inera_example.yaml")).by_year[0]
    assert first_year.benefits == pytest.approx(36_800)
    assert first_year.costs == pytest.approx(20_000)


def test_the_example_in_the_format_spec_loads() -> None:
    spec = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", spec, re.DOTALL)
    assert example is not None
    case = load_case_text(example.group(1), filename="case-format.md")
    usk = case.factor("timkostnad_usk")
    assert (usk.likely, usk.low, usk.high, usk.unit) == (359.0, 340.0, 359.0, "kr/h")
    assert usk.source_type is SourceType.STANDARD
    assert case.benefits[0].per_year == (0.5, 1.0)
    assert case.start_year == 2024


def _with_factors(rows: str) -> str:
    return SMALL + "factors:\n" + rows


def test_factor_defaults_low_and_high_to_likely() -> None:
    case = load_case_text(
        _with_factors("  antal: {label: Antal, unit: st/år, likely: 12}\n"), filename="x.yaml"
    )
    antal = case.factor("antal")
    assert (antal.low, antal.likely, antal.high, antal.source_type) == (
        12.0,
        12.0,
        12.0,
        SourceType.ASSUMPTION,
    )


def test_library_factor_resolves_and_may_be_overridden() -> None:
    rows = (
        "  usk: {library: timkostnad_underskoterska_omsorg}\n"
        "  egen: {library: timkostnad_underskoterska_omsorg, likely: 380, high: 420,\n"
        "         label: Egen timkostnad, source: Lönekontoret, source_type: lokal}\n"
    )
    case = load_case_text(_with_factors(rows), filename="x.yaml")
    usk, own = case.factor("usk"), case.factor("egen")
    assert (usk.likely, usk.low, usk.high, usk.unit) == (359.0, 359.0, 359.0, "kr/h")
    assert usk.source_type is SourceType.STANDARD
    assert usk.library == "timkostnad_underskoterska_omsorg"
    assert "SCB" in usk.source
    assert (own.likely, own.low, own.high, own.label) == (380.0, 380.0, 420.0, "Egen timkostnad")
    assert (own.source, own.source_type) == ("Lönekontoret", SourceType.LOCAL)


def test_library_override_is_range_checked() -> None:
    rows = "  usk: {library: timkostnad_underskoterska_omsorg, low: 400}\n"
    with pytest.raises(CaseFileError) as caught:
        load_case_text(_with_factors(rows), filename="x.yaml")
    assert (caught.value.line, caught.value.path) == (12, "factors.usk.low")
    assert "Lägst (low, 400) är större än Troligt (likely, 359)" in caught.value.message


def test_library_is_injectable() -> None:
    mine = {
        "min_faktor": LibraryFactor("min_faktor", "Min faktor", "kr/h", 100.0, "Test", 2024, "Test")
    }
    case = load_case_text(
        _with_factors("  t: {library: min_faktor}\n"), filename="x.yaml", library=mine
    )
    assert case.factor("t").likely == 100.0


def test_html_in_text_is_kept_as_data() -> None:
    text = SMALL.replace("Ett litet testfall.", '"<script>alert(1)</script> & <b>fet</b>"')
    case = load_case_text(text, filename="x.yaml")
    assert case.description == "<script>alert(1)</script> & <b>fet</b>"


def test_text_is_stripped() -> None:
    text = SMALL.replace("name: Testfall", 'name: "  Testfall  "')
    assert load_case_text(text, filename="x.yaml").name == "Testfall"


def test_all_problems_of_a_file_are_reported_in_line_order() -> None:
    text = SMALL.replace("horizon: 6", "horzon: 6").replace("type: organisation", "type: org")
    with pytest.raises(CaseErrors) as caught:
        load_case_text(text, filename="x.yaml")
    found = [(e.line, e.path) for e in caught.value.errors]
    assert found == [(1, "horizon"), (7, "stakeholders.kommunen.type"), (8, "horzon")]
    assert (
        str(caught.value).splitlines()[2].startswith("x.yaml:8: horzon: 'horzon' är ingen nyckel")
    )


def test_binary_file(tmp_path: Path) -> None:
    file = tmp_path / "bild.yaml"
    file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CaseFileError, match="binary"):
        load_case(file)


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    file = tmp_path / "latin1.yaml"
    file.write_bytes(SMALL.replace("Socialtjänst", "Socialtj\xe4nst").encode("latin-1"))
    with pytest.raises(CaseFileError) as caught:
        load_case(file)
    assert caught.value.line == 3
    assert "inte text i UTF-8" in caught.value.message


def test_too_large_file(tmp_path: Path) -> None:
    file = tmp_path / "stor.yaml"
    file.write_bytes(b"# " + b"x" * MAX_BYTES)
    with pytest.raises(CaseFileError, match="högst 2 MB"):
        load_case(file)
    with pytest.raises(CaseFileError, match="högst 2 MB"):
        load_case_text("# " + "x" * MAX_BYTES, filename="x.yaml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="filen går inte att läsa"):
        load_case(tmp_path / "finns_inte.yaml")


def test_aliases_that_blow_up_are_refused() -> None:
    rows = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for previous, name in zip("abcdefg", "bcdefgh", strict=True):
        rows.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    with pytest.raises(CaseFileError, match="fler än 1\u00a0000\u00a0000 värden"):
        load_case_text("\n".join(rows), filename="x.yaml")


def test_check_files_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("horizon: 6", "horzon: 6"), encoding="utf-8")
    problems = check_files([CASES / "inera_example.yaml", bad, CASES / "bad_unit.yaml"])
    assert [(type(p), p.path) for p in problems] == [
        (CaseFileError, "horizon"),
        (CaseFileError, "horzon"),
        (UnitError, "benefits[0].formula"),
    ]
    assert check_files([CASES / "inera_example.yaml"]) == []


def test_committed_json_schema_is_current() -> None:
    committed = (ROOT / "docs" / "case.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json_schema()
    assert committed == json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def test_valid_case_passes_the_json_schema_editors_use() -> None:
    import jsonschema  # installed with nbformat
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load((CASES / "inera_example.yaml").read_text("utf-8"))
    for version in data["versions"]:
        version["date"] = version["date"].isoformat()
    jsonschema.validate(data, json_schema())
    data["horzon"] = 6
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema())


def test_an_endless_file_is_refused_after_reading_the_size_limit() -> None:
    (problem,) = check_files([Path("/dev/zero")])
    assert "mer än 2,0 MB" in str(problem) and str(problem).startswith("/dev/zero: ")
