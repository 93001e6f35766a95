"""`nyttonb diff`: which factors, items and texts changed, and a waterfall whose steps add up to
the difference in net benefit (files and git revisions)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from builders import CASES, ROOT
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nyttonb.casefile.load import load_case
from nyttonb.cli import main
from nyttonb.core.calc import calculate
from nyttonb.core.model import Case, Factor
from nyttonb.portfolio import diff as d
from nyttonb.portfolio.diff import changes, diff_cases, steps_add_up

EXAMPLE = CASES / "inera_example.yaml"
PAIRS = [
    ("digital-nattillsyn", "referens", "gotland"),
    ("digitalt-mote", "overtornea", "storre-kommun"),
    ("sakr-digital-kommunikation", "sigtuna", "bred-anslutning"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def shipped(case: str, variant: str) -> Path:
    return ROOT / "case_studies" / case / f"{variant}.yaml"


def walked(old: Case, new: Case) -> Case:
    state = old
    for _, edit in changes(old, new)[0]:
        state = edit(state)
    return state


@pytest.mark.parametrize(("case", "a", "b"), PAIRS)
@pytest.mark.parametrize("reverse", [False, True])
def test_waterfall_of_shipped_variants_adds_up_to_the_difference(
    case: str, a: str, b: str, reverse: bool
) -> None:
    old, new = (
        (shipped(case, b), shipped(case, a)) if reverse else (shipped(case, a), shipped(case, b))
    )
    code, out, err = run("diff", str(old), str(new), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["old_net_benefit"] == calculate(load_case(old)).net_benefit
    assert data["new_net_benefit"] == calculate(load_case(new)).net_benefit
    total = math.fsum(step["effect"] for step in data["steps"])
    assert total == pytest.approx(data["new_net_benefit"] - data["old_net_benefit"], abs=1e-6)
    assert all(step["change"] for step in data["steps"])
    # the walk really arrives at the new case: the last step absorbs nothing
    arrived = calculate(walked(load_case(old), load_case(new))).net_benefit
    assert arrived == pytest.approx(data["new_net_benefit"], rel=1e-12)


def test_identical_cases_have_no_steps() -> None:
    code, out, _ = run("diff", str(EXAMPLE), str(EXAMPLE))
    assert code == 0
    assert "Inga ändringar som påverkar nettonyttan." in out
    result = diff_cases(load_case(EXAMPLE), load_case(EXAMPLE))
    assert result.steps == () and result.texts == () and result.difference == 0


def test_one_factor_change_is_one_step_with_the_whole_difference() -> None:
    old = load_case(EXAMPLE)
    timkostnad = old.factor("timkostnad")
    new = replace(old, factors=(replace(timkostnad, likely=400.0),))
    result = diff_cases(old, new)
    (step,) = result.steps
    assert step.changes[0].kind == d.FACTOR_CHANGED
    assert step.effect == pytest.approx(result.difference)
    # 0,5 h × 200 brev × 32 kr/h more, over six years at 3 %
    assert result.difference == pytest.approx(0.5 * 200 * 32 * 5.579707, rel=1e-6)
    from nyttonb.portfolio.text import diff_text

    text = diff_text(result, "gammal", "ny")
    assert "handläggare (timkostnad): troligt 368\xa0kr/h → " in text
    assert "400\xa0kr/h" in text


@pytest.mark.parametrize(
    ("unit", "old", "new", "shown"),
    [
        ("andel", 0.5, 0.6, "troligt 50 % → 60 %"),
        ("%", 0.035, 0.04, "troligt 3,5 % → 4 %"),
        ("st/st", 1.25, 2.0, "troligt 1,25 st → 2 st"),
        ("kr/h", 368.0, 400.0, "troligt 368 kr/h → 400 kr/h"),
    ],
)
def test_a_changed_factor_is_described_in_the_unit_readers_see(
    unit: str, old: float, new: float, shown: str
) -> None:
    from nyttonb.portfolio.text import describe_change

    change = d.Change(d.FACTOR_CHANGED, "Andel (andel)", (("likely", old, new),), unit)
    expected = f"Faktor Andel (andel): {shown}"
    for word in ("%", "st", "kr/h"):  # a value and its unit never part at a line end
        expected = expected.replace(f" {word}", f"\xa0{word}")
    assert describe_change(change) == expected


def _mutated(case: Case, data: st.DataObject) -> Case:
    factors = tuple(
        replace(f, likely=data.draw(st.floats(f.low, f.high)))
        if f.formula is None and data.draw(st.booleans())
        else f
        for f in case.factors
    )
    benefits = tuple(
        replace(item, factors=tuple(
            replace(f, likely=data.draw(st.floats(0.0, 2 * f.high + 1)))
            if data.draw(st.booleans()) else f
            for f in item.factors
        ))
        for item in case.benefits
    )  # fmt: skip
    costs = case.costs
    if costs and data.draw(st.booleans()):
        costs = costs[1:]  # a cost removed
    if case.benefits and data.draw(st.booleans()):
        extra = replace(case.benefits[0], id="extra_nytta", name="Extra nytta", factors=tuple(
            replace(f, key=f"extra_nytta.{f.name}") for f in case.benefits[0].factors))  # fmt: skip
        benefits = (*benefits, extra)
    return replace(
        case,
        factors=factors,
        benefits=benefits,
        costs=costs,
        horizon=data.draw(st.sampled_from([case.horizon, 3, 10, 15])),
        discount_rate=data.draw(st.sampled_from([case.discount_rate, 0.0, 0.035])),
        discount_first_year=data.draw(st.booleans()),
    )


@settings(max_examples=40, deadline=None)
@given(data=st.data(), which=st.sampled_from(["example", "overtornea", "gotland"]))
def test_waterfall_bars_add_up_to_the_difference_for_any_edit(
    data: st.DataObject, which: str
) -> None:
    files = {
        "example": EXAMPLE,
        "overtornea": shipped("digitalt-mote", "overtornea"),
        "gotland": shipped("digital-nattillsyn", "gotland"),
    }
    old = _cached(files[which])
    new = _mutated(old, data)
    result = diff_cases(old, new)
    assert steps_add_up(result)
    assert result.new_net_benefit == calculate(new).net_benefit
    assert calculate(walked(old, new)).net_benefit == pytest.approx(
        result.new_net_benefit, rel=1e-9, abs=1e-6
    )


_LOADED: dict[Path, Case] = {}


def _cached(file: Path) -> Case:
    if file not in _LOADED:
        _LOADED[file] = load_case(file)
    return _LOADED[file]


def test_a_change_that_cannot_stand_alone_is_merged_with_the_next() -> None:
    old = load_case(EXAMPLE)
    # a new shared factor whose formula uses another new factor, added in the wrong order
    first = Factor("dubbel", "dubbel", "Dubbel", "kr/h", 0, 0, 0, formula="bas * 2")
    second = Factor("bas", "bas", "Bas", "kr/h", 100, 100, 100)
    new = replace(old, factors=(*old.factors, first, second))
    result = diff_cases(old, new)
    assert [len(step.changes) for step in result.steps] == [2]
    assert result.difference == 0


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    file = tmp_path / "fall.yaml"
    file.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "add", "fall.yaml")
    git(tmp_path, "commit", "-qm", "v1")
    file.write_text(file.read_text(encoding="utf-8").replace("likely: 368", "likely: 400"),
                    encoding="utf-8")  # fmt: skip
    git(tmp_path, "commit", "-qam", "v2")
    file.write_text(file.read_text(encoding="utf-8").replace("horizon: 6", "horizon: 10"),
                    encoding="utf-8")  # fmt: skip
    return file


def test_diff_between_git_revisions(repository: Path) -> None:
    code, out, err = run("diff", str(repository), "--rev", "HEAD~1", "--rev2", "HEAD", "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    assert [s["kinds"] for s in data["steps"]] == [[d.FACTOR_CHANGED]]
    code, out, err = run("diff", str(repository), "--rev", "HEAD~1")
    assert code == 0, err
    assert "Tidshorisont: 6 år → 10 år" in out and "troligt 368\xa0kr/h → 400\xa0kr/h" in out
    assert f"Från {repository} (HEAD~1) till {repository}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rev", "v9"], "filen finns inte i git-revisionen v9"),
        (["--rev", "--help"], "ingen git-revision"),
        (["--rev2", "HEAD"], "ange två fallfiler"),
    ],
)
def test_bad_revisions_exit_2_in_swedish(repository: Path, args: list[str], message: str) -> None:
    code, _, err = run("diff", str(repository), *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_bad_case_files_exit_2() -> None:
    code, _, err = run("diff", str(EXAMPLE), str(CASES / "bad_category.yaml"))
    assert code == 2 and "bad_category.yaml" in err
    code, _, err = run("diff", str(EXAMPLE))
    assert code == 2 and "ange två fallfiler" in err
