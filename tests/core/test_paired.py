"""Inera's paired runs pair outcomes: the low run has every benefit and every cost at its lowest
value, the high run at its highest, whatever the direction of each factor (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from builders import shipped_variants
from case_data import case_data, item, row, text, write
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.cli import main
from nyttonb.core.calc import calculate, evaluate, scenarios
from nyttonb.core.model import Case


def load(data: dict[str, object]) -> Case:
    return load_case_text(text(data), filename="fall.yaml")


def postage_data() -> dict[str, object]:
    """Postage saved: letters × (price before − price after). Lowest when `efter` is highest."""
    return case_data(
        benefits=[
            item(
                "porto",
                "brev * (fore - efter)",
                {
                    "brev": row("st/år", 1000, 800, 1200),
                    "fore": row("kr/st", 12, 11, 13),
                    "efter": row("kr/st", 2, 1, 4),
                },
            )
        ],
        costs=[
            item(
                "licens",
                "pris - rabatt",
                {"pris": row("kr/år", 5000, 4000, 6000), "rabatt": row("kr/år", 1000, 500, 2000)},
                cost_type="löpande",
            )
        ],
        horizon=1,
    )


def test_the_low_run_takes_each_benefit_and_cost_at_its_lowest_value() -> None:
    runs = scenarios(load(postage_data()))
    low, high = runs["low"], runs["high"]
    by_id = {i.id: i.annual_value for i in low.items}
    assert by_id["porto"] == pytest.approx(800 * (11 - 4))  # the column run says 800 × (11 − 1)
    assert by_id["licens"] == pytest.approx(4000 - 2000)
    high_by_id = {i.id: i.annual_value for i in high.items}
    assert high_by_id["porto"] == pytest.approx(1200 * (13 - 1))
    assert high_by_id["licens"] == pytest.approx(6000 - 500)
    assert low.paired_exact and high.paired_exact


def test_the_column_run_is_still_what_evaluate_gives_for_a_column() -> None:
    column = evaluate(load(postage_data()), scenario="low")
    assert column.benefits[0] == pytest.approx(800 * (11 - 1))
    assert calculate(load(postage_data()), "low").benefits == pytest.approx(800 * 7)


def test_each_run_lists_the_factor_values_that_differ_from_its_column() -> None:
    runs = scenarios(load(postage_data()))
    low = {(c.item, c.factor): (c.value, c.position) for c in runs["low"].factor_choices}
    assert low == {
        ("porto", "porto.efter"): (4.0, "high"),
        ("licens", "licens.rabatt"): (2000.0, "high"),
    }
    high = {(c.item, c.factor): (c.value, c.position) for c in runs["high"].factor_choices}
    assert high == {
        ("porto", "porto.efter"): (1.0, "low"),
        ("licens", "licens.rabatt"): (500.0, "low"),
    }
    assert runs["likely"].factor_choices == ()


def test_a_shared_factor_may_take_different_values_for_a_benefit_and_a_cost() -> None:
    data = case_data(
        factors={"brukare": row("st", 40, 30, 50)},
        benefits=[item("tid", "brukare * varde", {"varde": row("kr/år", 1000)})],
        costs=[
            item(
                "avgift",
                "fast - brukare * rabatt",
                {"fast": row("kr/år", 100_000), "rabatt": row("kr/år", 500)},
                cost_type="löpande",
            )
        ],
        horizon=1,
    )
    low = calculate(load(data), "low")
    assert {i.id: i.annual_value for i in low.items} == {"tid": 30_000, "avgift": 100_000 - 25_000}
    assert [(c.item, c.factor, c.position) for c in low.factor_choices] == [
        ("avgift", "brukare", "high")
    ]


def test_min_and_max_formulas_are_searched_at_the_corners() -> None:
    data = case_data(
        benefits=[
            item(
                "tak",
                "min(behov, kapacitet) * pris",
                {
                    "behov": row("st/år", 100, 50, 150),
                    "kapacitet": row("st/år", 120, 60, 130),
                    "pris": row("kr/st", 10, 8, 12),
                },
            )
        ],
        horizon=1,
    )
    runs = scenarios(load(data))
    assert runs["low"].benefits == pytest.approx(50 * 8)
    assert runs["high"].benefits == pytest.approx(130 * 12)


def test_a_factor_used_twice_makes_the_run_approximate_but_still_ordered() -> None:
    data = case_data(
        benefits=[
            item(
                "x",
                "a * (b - a) * k",
                {"a": row("st", 2, 1, 4), "b": row("st", 6, 5, 7), "k": row("kr/år", 1)},
            )
        ],
        horizon=1,
    )
    runs = scenarios(load(data))
    assert not runs["low"].paired_exact
    assert runs["low"].benefits <= runs["likely"].benefits <= runs["high"].benefits


# Formulas in which every factor appears once, with the units of a, b and c: the search is
# exact, so no point of the factor box gives a value outside [low run, high run].
_FORMULAS = {
    "a * (b - c)": ("kr/år", "1", "1"),
    "min(a, b) * c": ("1", "1", "kr/år"),
    "a / b * c": ("kr/år", "1", "1"),
    "max(a - b, c) * 2": ("kr/år", "kr/år", "kr/år"),
    "a + b - c": ("kr/år", "kr/år", "kr/år"),
}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(_FORMULAS)),
    st.lists(
        st.tuples(st.floats(1, 50), st.floats(0, 20), st.floats(0, 20)), min_size=3, max_size=3
    ),
    st.integers(0, 2**32 - 1),
)
def test_no_point_of_the_factor_box_lies_outside_the_paired_runs(
    formula: str, ranges: list[tuple[float, float, float]], seed: int
) -> None:
    factors = {
        name: row(unit, likely, likely - down, likely + up)
        for name, unit, (likely, down, up) in zip("abc", _FORMULAS[formula], ranges, strict=True)
    }
    if "/" in formula:  # keep the divisor away from 0
        factors["b"] = row("1", ranges[1][0], ranges[1][0] / 2, ranges[1][0] * 2)
    case = load(case_data(benefits=[item("x", formula, factors)], horizon=1))
    runs = scenarios(case)
    assert runs["low"].paired_exact
    rng = np.random.default_rng(seed)
    points = {f.key: rng.uniform(f.low, f.high, 300) for f in case.all_factors}
    inside = evaluate(case, points).benefits
    scale = max(1.0, abs(runs["high"].benefits), abs(runs["low"].benefits))
    assert np.all(inside >= runs["low"].benefits - 1e-9 * scale)
    assert np.all(inside <= runs["high"].benefits + 1e-9 * scale)


def test_calc_shows_which_factor_values_each_run_used(tmp_path: Path) -> None:
    path = write(tmp_path, postage_data())
    out = CliRunner().invoke(main, ["calc", str(path), "--json"])
    data = json.loads(out.output)
    low = data["scenarios"]["low"]
    assert low["exact"] is True
    assert {(c["factor"], c["position"], c["value"]) for c in low["factor_values"]} == {
        ("porto.efter", "high", 4.0),
        ("licens.rabatt", "high", 2000.0),
    }
    assert data["scenarios"]["likely"]["factor_values"] == []
    summary = CliRunner().invoke(main, ["calc", str(path)]).output.replace("\u00a0", " ")
    assert "Porto: Faktor 4 kr/st (högsta värdet)" in summary


def test_shipped_cases_rise_in_every_factor_so_their_runs_equal_the_columns() -> None:
    shipped = shipped_variants()
    assert shipped
    for path in shipped:
        case = load_case(path)
        runs = scenarios(case)
        for name in ("low", "high"):
            assert runs[name].paired_exact
            column = evaluate(case, scenario=name)
            assert runs[name].net_benefit == pytest.approx(float(column.net[0]), rel=1e-12)


def wide_data() -> dict[str, object]:
    """Likely net 100 000 kr; high net 5 × 2 × 100 000 − 40 000 far above 5 × the likely."""
    return case_data(
        benefits=[
            item(
                "nytta",
                "antal * varde",
                {"antal": row("st/år", 100, 50, 500), "varde": row("kr/st", 1500, 1000, 2000)},
            )
        ],
        costs=[
            item(
                "kostnad",
                "belopp",
                {"belopp": row("kr/år", 50_000, 40_000, 60_000)},
                cost_type="löpande",
            )
        ],
        horizon=1,
    )


def test_check_and_calc_warn_when_the_paired_runs_say_little(tmp_path: Path) -> None:
    path = write(tmp_path, wide_data())
    out = CliRunner().invoke(main, ["check", str(path)])
    assert out.exit_code == 0
    text = out.output.replace("\u00a0", " ")
    assert "varning: de parade körningarna (Lägst och Högst) ger nettonytta från" in text
    assert "Monte Carlo-analysen i avsnittet Osäkerhet" in text
    data = json.loads(CliRunner().invoke(main, ["calc", str(path), "--json"]).output)
    (warning,) = data["warnings"]
    assert warning["code"] == "paired_runs_wide"
    assert warning["figures"]["high_net"] == pytest.approx(500 * 2000 - 60_000)
    assert warning["figures"]["likely_net"] == pytest.approx(100_000)


def test_paired_runs_within_5_times_the_likely_get_no_warning(tmp_path: Path) -> None:
    data = wide_data()
    data["benefits"][0]["factors"]["antal"]["high"] = 150  # type: ignore[index]
    out = CliRunner().invoke(main, ["calc", str(write(tmp_path, data)), "--json"])
    assert json.loads(out.output)["warnings"] == []
