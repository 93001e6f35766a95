from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from builders import EXAMPLE, example_file, shipped_variants

from nyttonb.casefile.load import load_case
from nyttonb.casefile.variant import write_variant
from nyttonb.core.calc import calculate, evaluate
from nyttonb.core.frame import apply_frame
from nyttonb.core.model import Version
from nyttonb.errors import CaseFileError, ParameterError

# Inera's worked example from docs/case-format.md, with a library factor and a derived one.


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    return example_file(tmp_path)


def test_variant_gives_the_engines_result_for_the_same_values(case_file: Path) -> None:
    values = {"timkostnad": 380.0, "anslutning.anslutningsavgift": 25_000.0}
    new = write_variant(
        case_file, case_file.with_name("v.yaml"), values, horizon=15, discount_rate=0.035, note="x"
    )
    framed = apply_frame(load_case(case_file), horizon=15, discount_rate=0.035)
    expected = evaluate(framed, values)
    written = calculate(load_case(new))
    assert written.net_benefit == float(expected.net[0])
    assert written.financial_net_benefit == float(expected.financial_net[0])
    assert written.to_dict() == calculate(framed, overrides=values).to_dict()
    assert (written.horizon, written.discounting.rate) == (15, 0.035)


@pytest.mark.parametrize(
    ("key", "value", "likely", "low", "high"),
    [
        ("frigjord_tid_rek.brev_per_ar", 300.0, 300, 150, 300),
        ("frigjord_tid_rek.tid_per_brev", 0.25, 0.25, 0.25, 0.6),
        ("frigjord_tid_rek.tid_per_brev", 0.45, 0.45, 0.4, 0.6),
        ("timkostnad", 399.5, 399.5, 340, 400),
    ],
)
def test_a_value_outside_the_range_widens_it(
    case_file: Path, key: str, value: float, likely: float, low: float, high: float
) -> None:
    new = write_variant(case_file, case_file.with_name("v.yaml"), {key: value}, note="x")
    factor = load_case(new).factor(key)
    assert (factor.likely, factor.low, factor.high) == (likely, low, high)


def test_a_library_factor_gets_an_explicit_likely_and_keeps_its_range(case_file: Path) -> None:
    original = load_case(case_file).factor("timkostnad_usk")
    new = write_variant(
        case_file, case_file.with_name("v.yaml"), {"timkostnad_usk": 350.0}, note="x"
    )
    factor = load_case(new).factor("timkostnad_usk")
    assert (factor.likely, factor.low, factor.high) == (350.0, 340.0, original.high)
    assert (factor.label, factor.source, factor.library) == (
        original.label,
        original.source,
        "timkostnad_underskoterska_omsorg",
    )
    text = new.read_text(encoding="utf-8")
    assert "    library: timkostnad_underskoterska_omsorg   # värde, enhet" in text
    assert "    likely: 350\n" in text


def test_only_the_changed_lines_and_a_version_entry_differ(case_file: Path) -> None:
    new = write_variant(
        case_file,
        case_file.with_name("v.yaml"),
        {"timkostnad": 380.0, "frigjord_tid_rek.brev_per_ar": 200.0, "stod.stodtimmar": 12.0},
        horizon=15,
        note="Högre timkostnad.",
    )
    diff = [
        line
        for line in difflib.unified_diff(
            EXAMPLE.splitlines(), new.read_text(encoding="utf-8").splitlines(), n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    today = dt.date.today().isoformat()
    assert diff == [
        "-horizon: 6                # whole years, at least 1",
        "+horizon: 15               # whole years, at least 1",  # the comment keeps its column
        f'+  - {{version: "1.1", date: {today}, note: Högre timkostnad.}}',
        "-    likely: 368",
        "+    likely: 380",
        "-      stodtimmar: {label: Stödtimmar, unit: h/år, likely: 10, low: 5, high: 20, "
        "source: Antagande, source_type: antagande}",
        "+      stodtimmar: {label: Stödtimmar, unit: h/år, likely: 12, low: 5, high: 20, "
        "source: Antagande, source_type: antagande}",
    ]


def test_a_version_entry_is_appended_with_the_next_minor_version(case_file: Path) -> None:
    first = write_variant(case_file, case_file.with_name("a.yaml"), {}, note="Första varianten.")
    second = write_variant(first, case_file.with_name("b.yaml"), {}, note="Andra.")
    versions = load_case(second).versions
    today = dt.date.today()
    assert versions[1:] == (
        Version("1.1", today, "Första varianten."),
        Version("1.2", today, "Andra."),
    )


@pytest.mark.parametrize("name", ["exempel.yaml", "finns.yaml"])
def test_an_existing_file_is_never_overwritten(case_file: Path, name: str) -> None:
    (case_file.parent / "finns.yaml").write_text("annat innehåll\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in case_file.parent.iterdir()}
    with pytest.raises(CaseFileError) as raised:
        write_variant(case_file, case_file.parent / name, {"timkostnad": 380.0}, note="x")
    assert raised.value.fix == "Välj ett nytt filnamn."
    assert str(raised.value).startswith(f"{case_file.parent / name}: filen finns redan")
    assert {p.name: p.read_bytes() for p in case_file.parent.iterdir()} == before


def test_an_unknown_factor_is_named_with_a_suggestion(case_file: Path) -> None:
    with pytest.raises(
        CaseFileError, match="'timkostnd' är ingen faktor i det här fallet; menade du"
    ):
        write_variant(case_file, case_file.with_name("v.yaml"), {"timkostnd": 1.0}, note="x")
    assert not case_file.with_name("v.yaml").exists()


def test_a_derived_factor_cannot_be_given_a_value(case_file: Path) -> None:
    with pytest.raises(CaseFileError, match="'timkostnad_snitt' räknas fram med formeln"):
        write_variant(case_file, case_file.with_name("v.yaml"), {"timkostnad_snitt": 1.0}, note="x")


def test_a_missing_folder_is_reported(case_file: Path) -> None:
    with pytest.raises(CaseFileError, match="finns inte"):
        write_variant(case_file, case_file.parent / "saknas" / "v.yaml", {}, note="x")


def test_a_frame_that_is_not_allowed_writes_nothing(case_file: Path) -> None:
    with pytest.raises(ParameterError, match="tidshorisonten ska vara ett helt antal år från 1"):
        write_variant(case_file, case_file.with_name("v.yaml"), {}, horizon=0, note="x")
    assert sorted(p.name for p in case_file.parent.iterdir()) == ["exempel.yaml"]


@pytest.mark.parametrize(
    "shipped",
    shipped_variants(),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_every_shipped_case_round_trips_byte_for_byte_but_for_the_version(
    shipped: Path, tmp_path: Path
) -> None:
    new = write_variant(shipped, tmp_path / "v.yaml", {}, note="Oförändrad.")
    added = [
        line
        for line in difflib.ndiff(
            shipped.read_text(encoding="utf-8").splitlines(),
            new.read_text(encoding="utf-8").splitlines(),
        )
        if line.startswith(("+ ", "- "))
    ]
    assert len(added) in (1, 3), added  # one flow entry, or a block entry of three lines
    assert all(line.startswith("+ ") for line in added)
    assert calculate(load_case(new)).to_dict() == calculate(load_case(shipped)).to_dict()


@pytest.mark.parametrize(
    "shipped",
    shipped_variants(),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_every_factor_of_a_shipped_case_can_be_changed_and_read_back(
    shipped: Path, tmp_path: Path
) -> None:
    case = load_case(shipped)
    values = {  # odd values, some beyond the high end (and then the range widens)
        f.key: (f.likely + f.high) / 3 + f.high / 2 for f in case.all_factors if not f.derived
    }
    for f in case.all_factors:  # a share stays within 0–1 (issue 12), so it stays in its range
        if f.unit == "andel":
            values[f.key] = (f.likely + f.high) / 2.5
    new = write_variant(shipped, tmp_path / "v.yaml", values, discount_rate=0.025, note="x")
    written = load_case(new)
    assert {key: written.factor(key).likely for key in values} == values
    assert all(f.low <= f.likely <= f.high for f in written.all_factors if not f.derived)
    expected = calculate(case.with_frame(discount_rate=0.025), overrides=values)
    assert calculate(written).to_dict() == expected.to_dict()
