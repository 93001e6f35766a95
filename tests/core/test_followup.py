"""Follow-up arithmetic: planned per year, realised share, remaining, efterkalkyl, status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from builders import sdk_case
from hypothesis import example, given
from hypothesis import strategies as st

from nyttonb.core.calc import calculate
from nyttonb.core.followup import (
    ON_TRACK_SHARE,
    Actual,
    Actuals,
    follow_up,
    realised_share,
    spread,
    status_of,
)
from nyttonb.core.model import Baseline, Indicator, Realisation, Target

LETTERS = "frigjord_tid_rek"
"""sdk_case's benefit: 36 800 kr and 100 h a year from year 1; its cost is 20 000 kr in year 1."""


def _actual(year: int, last: int | None = None, **values: object) -> Actual:
    return Actual(LETTERS, year, last or year, date(2025, 1, 15), "Tidrapporter", **values)  # type: ignore[arg-type]


def _plan(unit: str = "h/år", baseline: float | None = 0.0) -> Realisation:
    return Realisation(
        indicator=Indicator("Frigjord handläggartid", unit),
        target=Target(100.0, 2),
        realising="Enhetschef",
        measuring="Controller",
        measured_when="Varje år",
        baseline=None if baseline is None else Baseline(baseline, date(2024, 1, 1), "Tidrapporter"),
    )


def _planned_case(unit: str = "h/år", baseline: float | None = 0.0):  # type: ignore[no-untyped-def]
    case = sdk_case()
    letters = replace(case.benefits[0], realisation=_plan(unit, baseline))
    return replace(case, benefits=(letters, case.benefits[1]))


@pytest.mark.parametrize(
    ("planned", "actual", "share"),
    [
        ([36_800.0], [36_800.0], 1.0),
        ([36_800.0, 36_800.0], [18_400.0, 18_400.0], 0.5),
        ([100.0, 50.0], [80.0, 70.0], 1.0),
        ([100.0], [0.0], 0.0),
        ([100.0], [150.0], 1.5),
        ([0.0], [10.0], None),
        ([], [], None),
    ],
)
def test_realised_share_is_actual_over_planned(
    planned: list[float], actual: list[float], share: float | None
) -> None:
    assert realised_share(planned, actual) == share


@pytest.mark.parametrize(
    ("has_plan", "share", "status"),
    [
        (False, None, "no_plan"),
        (False, 0.5, "no_plan"),
        (True, None, "plan_without_data"),
        (True, ON_TRACK_SHARE, "on_track"),
        (True, 1.2, "on_track"),
        (True, 0.899, "behind"),
        (True, 0.0, "behind"),
    ],
)
def test_status_rule(has_plan: bool, share: float | None, status: str) -> None:
    assert status_of(has_plan, share) == status


@given(
    st.lists(st.floats(0.01, 1e7), min_size=1, max_size=8),
    st.floats(0.0, 10.0),
)
def test_scaling_every_actual_scales_the_share(planned: list[float], factor: float) -> None:
    share = realised_share(planned, [p * factor for p in planned])
    assert share == pytest.approx(factor, rel=1e-9, abs=1e-12)


@given(st.floats(0.0, 1e7), st.lists(st.floats(0.0, 10.0), min_size=1, max_size=8))
@example(1.5, [5e-324])  # a subnormal weight: (1,5 × w) ÷ w rounded to 2,0
def test_spread_keeps_the_total(total: float, weights: list[float]) -> None:
    parts = spread(total, weights)
    assert sum(parts) == pytest.approx(total, rel=1e-9, abs=1e-6)
    assert all(part >= 0 for part in parts)


def test_without_actuals_the_efterkalkyl_is_the_estimate() -> None:
    case = _planned_case()
    result = follow_up(case)
    assert result.status == "plan_without_data"
    assert result.realised_share is None
    assert result.net_benefit == pytest.approx(calculate(case).net_benefit)
    assert result.financial_net_benefit == pytest.approx(calculate(case).financial_net_benefit)
    assert all(row.actual is None for row in result.years)


def test_no_plan_is_its_own_status() -> None:
    assert follow_up(sdk_case()).status == "no_plan"


def test_half_realised_first_year_is_behind_and_lowers_the_efterkalkyl_by_the_shortfall() -> None:
    case = _planned_case()
    result = follow_up(case, Actuals((_actual(1, money=18_400.0),)))
    letters = result.items[0]
    assert letters.planned[:2] == (36_800.0, 36_800.0)
    assert letters.actual[:2] == (18_400.0, None)
    assert (letters.planned_to_date, letters.actual_to_date) == (36_800.0, 18_400.0)
    assert result.realised_share == 0.5
    assert result.status == "behind"
    assert letters.remaining == pytest.approx(6 * 36_800.0 - 18_400.0)
    # year 1 is undiscounted: the efterkalkyl is the estimate less the shortfall
    assert result.planned_net_benefit - result.net_benefit == pytest.approx(18_400.0)
    assert result.years[0].measured and not result.years[1].measured


def test_hours_alone_are_valued_at_the_plans_value_per_hour() -> None:
    result = follow_up(_planned_case(), Actuals((_actual(1, hours=90.0),)))
    letters = result.items[0]
    assert letters.valued_from_hours
    assert letters.actual[0] == pytest.approx(90 * 368.0)
    assert letters.hours_to_date == (100.0, 90.0)
    assert result.status == "on_track"  # 90 % of the plan


def test_a_period_total_is_spread_like_the_plan_and_kept_exactly() -> None:
    result = follow_up(_planned_case(), Actuals((_actual(1, 3, hours=240.0, money=88_320.0),)))
    letters = result.items[0]
    assert letters.spread
    assert letters.actual[:3] == pytest.approx((29_440.0,) * 3)
    assert letters.actual_to_date == pytest.approx(88_320.0)
    assert result.realised_share == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("plan_unit", "actual_unit", "baseline", "value", "progress", "reason"),
    [
        ("h/år", "h/år", 0.0, 50.0, 0.5, ""),
        ("h/år", "h/mån", 0.0, 600.0, 6.0, ""),  # 50 h a month is 600 h a year
        ("h/år", "kr", 0.0, None, None, "går inte att jämföra"),
        ("h/år", "h/år", None, 50.0, None, "nulägesmätning saknas"),
    ],
)
def test_indicator_is_compared_or_said_not_comparable(
    plan_unit: str,
    actual_unit: str,
    baseline: float | None,
    value: float | None,
    progress: float | None,
    reason: str,
) -> None:
    case = _planned_case(plan_unit, baseline)
    measured = _actual(1, indicator=50.0, indicator_unit=actual_unit)
    check = follow_up(case, Actuals((measured,))).items[0].indicator
    assert check is not None
    assert check.value == (None if value is None else pytest.approx(value))
    assert check.progress == (None if progress is None else pytest.approx(progress))
    assert reason in check.reason
    assert check.comparable == (reason == "")


@given(st.floats(0.0, 100_000.0))
def test_efterkalkyl_moves_by_the_difference_in_year_one(money: float) -> None:
    case = _planned_case()
    result = follow_up(case, Actuals((_actual(1, money=money),)))
    assert result.net_benefit - result.planned_net_benefit == pytest.approx(money - 36_800.0)
