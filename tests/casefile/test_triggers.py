"""Kontrolltriggers: `nyttonb check` warns, with file, line and what to check, when a case that
follows the digital nattillsyn reference analysis has a value the Excel guide warns about."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.casefile.triggers import file_warnings, reference_warnings
from nyttonb.cli import main

ROOT = Path(__file__).resolve().parents[2]
REFERENS = ROOT / "case_studies" / "digital-nattillsyn" / "referens.yaml"
GOTLAND = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"

PROVIDER = """\
  - id: tillsyn_extern_leverantor
    name: Tillsyn via kamera, extern leverantör
    category: finansiell
    cost_type: löpande
    stakeholder: kommunen
    formula: besok_per_ar * pris_per_tillsyn
    factors:
      pris_per_tillsyn: {label: Pris per kameratillsyn, unit: kr/st, likely: 35}
"""

BROKEN = {
    "besokstid": (
        "        likely: 5\n        low: 3\n        high: 8\n",
        "        likely: 20\n        low: 3\n        high: 30\n",
        "20 min per tillsynsbesök är mycket längre än referensanalysens 5 min",
    ),
    "drifttimmar": (
        "        likely: 150\n        low: 25\n        high: 400\n",
        "        likely: 600\n        low: 25\n        high: 800\n",
        "600 h per år för drift, support och förvaltning ligger utanför de 25–400 h",
    ),
    "forandringstimmar": (
        "        likely: 400\n        low: 200\n        high: 600\n",
        "        likely: 100\n        low: 50\n        high: 600\n",
        "100 h förändringsledning för 90 brukare är mycket lite",
    ),
    "km_per_besok": (
        "        likely: 3\n        low: 1\n        high: 8\n",
        "        likely: 50\n        low: 1\n        high: 80\n",
        "50 km per besök ser ut som en hel körslinga",
    ),
    "tillsyn_extern_leverantor": (
        "  - id: forandringsledning\n",
        PROVIDER + "  - id: forandringsledning\n",
        "Både egen personal ('Tillsyn via kamera, egen personal') och extern leverantör",
    ),
}


def _broken(tmp_path: Path, name: str, text: str | None = None) -> Path:
    old, new, _ = BROKEN[name]
    source = text if text is not None else REFERENS.read_text(encoding="utf-8")
    assert source.count(old) >= 1
    path = tmp_path / f"{name}.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_warns_with_file_line_and_what_to_check(tmp_path: Path, name: str) -> None:
    path = _broken(tmp_path, name)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0  # a warning, not an error
    assert result.stdout.strip() == f"ok: {path}"
    expected = BROKEN[name][2]
    (line,) = [line for line in result.stderr.splitlines() if expected in line]
    assert file_warnings(REFERENS) == []  # the unbroken reference case raises none
    prefix, _, rest = line.partition(": varning: ")
    file, _, number = prefix.rpartition(":")
    assert file == str(path)
    text = path.read_text(encoding="utf-8").splitlines()
    assert name in text[int(number) - 1]  # the line names the factor or item
    place = rest.split(":", 1)[0]
    assert place.endswith(name) or (name.startswith("tillsyn") and place.startswith("costs["))


def test_shipped_nattillsyn_cases_follow_the_reference_and_raise_no_warning() -> None:
    for path in (REFERENS, GOTLAND):
        case = load_case(path)
        assert case.reference_analysis is not None
        assert case.reference_analysis.value == "digital-nattillsyn"
        assert reference_warnings(case) == []


def test_no_reference_analysis_means_no_kontrolltriggers(tmp_path: Path) -> None:
    text = REFERENS.read_text(encoding="utf-8").replace(
        "reference_analysis: digital-nattillsyn\n", ""
    )
    path = _broken(tmp_path, "besokstid", text)
    assert load_case(path).reference_analysis is None
    assert file_warnings(path) == []


def test_unknown_reference_analysis_is_an_error_with_the_choices() -> None:
    text = REFERENS.read_text(encoding="utf-8").replace(
        "reference_analysis: digital-nattillsyn", "reference_analysis: digital-nattilsyn"
    )
    with pytest.raises(Exception, match="menade du 'digital-nattillsyn'") as raised:
        load_case_text(text, filename="x.yaml")
    assert "mobila-trygghetslarm" in str(raised.value)


def test_hours_in_another_unit_are_converted_before_checking(tmp_path: Path) -> None:
    text = REFERENS.read_text(encoding="utf-8").replace(
        "        unit: min/st\n        likely: 5\n        low: 3\n        high: 8\n",
        "        unit: h/st\n        likely: 0.5\n        low: 0.05\n        high: 0.6\n",
    )
    case = load_case_text(text, filename="x.yaml")
    (warning,) = reference_warnings(case)
    assert warning.path == ("benefits", 1, "factors", "besokstid")
    assert warning.message.startswith("30 min per tillsynsbesök")
