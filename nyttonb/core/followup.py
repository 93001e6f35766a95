"""Follow-up of a case (nyttorealisering): planned against actual values, and the efterkalkyl.

Pure: plain data in (a `Case`, its `Actuals`), plain data out (`FollowUp`); no file is read.

- **Planned** per item and year: the Troligt annual value × the year's per-year factor
  (`Item.per_year`), in kronor at the case's price level, not discounted; hours the same way.
- **Actual** per item and year: the measured money, or, where only hours were measured, the
  hours valued at the plan's own value per hour (said so in the report). An entry for a period
  (``years: [2018, 2022]``) is spread over its years in proportion to the plan, so that its
  total is kept exactly; the report says so.
- **Realised share** = Σ actual ÷ Σ planned over the benefits and years that have a measured
  value (money, or hours valued as above). Years without a measurement are not counted as 0:
  an unmeasured benefit is unknown, not lost.
- **Remaining** per item = planned over the whole horizon − actual so far (negative when the
  item is ahead of its plan).
- **Efterkalkyl**: the calculation again, with actual values replacing the estimates for the
  years that have them and the estimates for the rest, discounted as the case says.
- **Status** (`status_of`): ``no_plan`` when no item has a realisation plan; ``plan_without_data``
  when there is a plan but nothing measured to compare; ``on_track`` when the realised share is
  at least `ON_TRACK_SHARE` (90 %); ``behind`` below it.

>>> realised_share([100.0, 50.0], [80.0, 70.0])
1.0
>>> status_of(True, 0.85), status_of(True, 0.9), status_of(True, None), status_of(False, 1.0)
('behind', 'on_track', 'plan_without_data', 'no_plan')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from nyttonb.core.calc import CompiledCase, compile_case, discount_factors, evaluate
from nyttonb.core.model import Case, Category, Direction, Item
from nyttonb.core.units import parse_unit
from nyttonb.errors import UnitError

ON_TRACK_SHARE = 0.9
"""A case is on track when at least 90 % of what was planned for the measured years is realised."""

STATUS_LABELS = {
    "no_plan": "ingen plan",
    "plan_without_data": "plan utan utfall",
    "on_track": "enligt plan",
    "behind": "efter plan",
}


@dataclass(frozen=True, slots=True)
class Actual:
    """One measurement of one item: an indicator value, hours and/or money, for one year or a
    period of years (1-based years of the horizon, `first_year` ≤ `last_year`)."""

    item: str
    first_year: int
    last_year: int
    date: date
    source: str
    indicator: float | None = None
    indicator_unit: str = ""
    hours: float | None = None
    money: float | None = None
    claim: bool = False
    note: str = ""

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


@dataclass(frozen=True, slots=True)
class Actuals:
    """The actual values of a case, from its actuals file (``<variant>.utfall.yaml``)."""

    entries: tuple[Actual, ...] = ()
    source_path: str = ""

    def for_item(self, item_id: str) -> tuple[Actual, ...]:
        return tuple(a for a in self.entries if a.item == item_id)


@dataclass(frozen=True, slots=True)
class IndicatorCheck:
    """The latest indicator value against baseline and target, or why it cannot be compared.

    `progress` = (actual − baseline) ÷ (target − baseline): 0 at the baseline, 1 at the target.
    """

    actual: Actual
    value: float | None
    progress: float | None
    reason: str = ""

    @property
    def comparable(self) -> bool:
        return not self.reason


@dataclass(frozen=True, slots=True)
class ItemFollowUp:
    """Planned and actual values of one item per year (kr and h, nominal)."""

    item: Item
    planned: tuple[float, ...]
    planned_hours: tuple[float, ...]
    actual: tuple[float | None, ...]
    actual_hours: tuple[float | None, ...]
    entries: tuple[Actual, ...]
    valued_from_hours: bool
    spread: bool
    indicator: IndicatorCheck | None

    @property
    def measured_years(self) -> tuple[int, ...]:
        """1-based years with an actual money value (measured, or valued from hours)."""
        return tuple(t + 1 for t, value in enumerate(self.actual) if value is not None)

    @property
    def planned_to_date(self) -> float:
        return float(sum(self.planned[t - 1] for t in self.measured_years))

    @property
    def actual_to_date(self) -> float:
        return float(sum(v for v in self.actual if v is not None))

    @property
    def hours_to_date(self) -> tuple[float, float]:
        """(planned, actual) hours over the years with measured hours."""
        years = [t for t, v in enumerate(self.actual_hours) if v is not None]
        return (
            float(sum(self.planned_hours[t] for t in years)),
            float(sum(self.actual_hours[t] or 0.0 for t in years)),
        )

    @property
    def realised_share(self) -> float | None:
        return (
            realised_share([self.planned_to_date], [self.actual_to_date])
            if self.measured_years
            else None
        )

    @property
    def remaining(self) -> float:
        """Planned over the whole horizon minus what is realised so far (kr)."""
        return sum(self.planned) - self.actual_to_date

    @property
    def remaining_hours(self) -> float:
        return sum(self.planned_hours) - sum(v for v in self.actual_hours if v is not None)


@dataclass(frozen=True, slots=True)
class YearFollowUp:
    """One year: planned and efterkalkyl net benefit (present values), and accumulated."""

    year: int
    label: str
    planned: float
    actual: float | None
    planned_accumulated: float
    actual_accumulated: float
    measured: bool


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Everything the follow-up sections, the notebook and ``calc --json`` show."""

    items: tuple[ItemFollowUp, ...]
    years: tuple[YearFollowUp, ...]
    realised_share: float | None
    status: str
    net_benefit: float
    financial_net_benefit: float
    planned_net_benefit: float
    planned_financial_net_benefit: float
    has_plan: bool
    has_actuals: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def realised_share(planned: Sequence[float], actual: Sequence[float]) -> float | None:
    """Σ actual ÷ Σ planned; None when nothing was planned (a share of nothing is undefined)."""
    total = float(sum(planned))
    return float(sum(actual)) / total if total > 0 else None


def status_of(has_plan: bool, share: float | None) -> str:
    """The realisation status by the rule in the module docstring."""
    if not has_plan:
        return "no_plan"
    if share is None:
        return "plan_without_data"
    return "on_track" if share >= ON_TRACK_SHARE else "behind"


def spread(total: float, weights: Sequence[float]) -> list[float]:
    """`total` spread over years in proportion to `weights` (evenly if they sum to 0).

    >>> spread(30.0, [1.0, 2.0]), spread(10.0, [0.0, 0.0])
    ([10.0, 20.0], [5.0, 5.0])
    """
    weight = float(sum(weights))
    if weight <= 0:
        return [total / len(weights)] * len(weights)
    return [total * (w / weight) for w in weights]  # share first: total * w can underflow


def follow_up(case_or_compiled: Case | CompiledCase, actuals: Actuals | None = None) -> FollowUp:
    """Planned against actual values for every item, the realised share, status, efterkalkyl."""
    compiled = (
        case_or_compiled
        if isinstance(case_or_compiled, CompiledCase)
        else compile_case(case_or_compiled)
    )
    case, actuals = compiled.case, actuals or Actuals()
    planned_money, planned_hours = _planned(compiled)
    items = tuple(
        _item_follow_up(
            case,
            item,
            planned_money.get(item.id),
            planned_hours.get(item.id),
            actuals.for_item(item.id),
        )
        for item in case.items
        if item.realisation is not None or actuals.for_item(item.id) or item.id in planned_money
    )
    benefits = [f for f in items if f.item.direction is Direction.BENEFIT]
    measured = [f for f in benefits if f.measured_years]
    share = (
        realised_share([f.planned_to_date for f in measured], [f.actual_to_date for f in measured])
        if measured
        else None
    )
    has_plan = any(item.realisation is not None for item in case.items)
    years, net, financial = _efterkalkyl(case, items, actual=True)
    plan_years, plan_net, plan_financial = _efterkalkyl(case, items, actual=False)
    measured_years = {t for f in items for t in f.measured_years}
    rows = []
    for t in range(case.horizon):
        rows.append(
            YearFollowUp(
                year=t + 1,
                label=case.year_label(t + 1),
                planned=float(plan_years[t]),
                actual=float(years[t]) if t + 1 in measured_years else None,
                planned_accumulated=float(plan_years[: t + 1].sum()),
                actual_accumulated=float(years[: t + 1].sum()),
                measured=t + 1 in measured_years,
            )
        )
    return FollowUp(
        items=items,
        years=tuple(rows),
        realised_share=share,
        status=status_of(has_plan, share),
        net_benefit=net,
        financial_net_benefit=financial,
        planned_net_benefit=plan_net,
        planned_financial_net_benefit=plan_financial,
        has_plan=has_plan,
        has_actuals=bool(actuals.entries),
    )


def _planned(compiled: CompiledCase) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Troligt annual value and hours × each year's per-year factor, by item id."""
    run = evaluate(compiled)
    money, hours = {}, {}
    for column, compiled_item in enumerate(compiled.items):
        profile = np.asarray(compiled_item.profile, dtype=float)
        total = profile.sum()
        money[compiled_item.item.id] = run.item_annual[0, column] * profile
        annual_hours = run.item_hours[0, column] / total if total else 0.0
        hours[compiled_item.item.id] = annual_hours * profile
    return money, hours


def _item_follow_up(
    case: Case,
    item: Item,
    planned: np.ndarray | None,
    hours: np.ndarray | None,
    entries: tuple[Actual, ...],
) -> ItemFollowUp:
    horizon = case.horizon
    planned = np.zeros(horizon) if planned is None else planned
    hours = np.zeros(horizon) if hours is None else hours
    inside = tuple(e for e in entries if e.last_year <= horizon)
    actual_money: list[float | None] = [None] * horizon
    actual_hours: list[float | None] = [None] * horizon
    from_hours = was_spread = False
    per_hour = planned.sum() / hours.sum() if hours.sum() > 0 else None
    for entry in inside:
        years = [t - 1 for t in entry.years]
        was_spread |= len(years) > 1
        if entry.hours is not None:
            for t, value in zip(years, spread(entry.hours, [hours[t] for t in years]), strict=True):
                actual_hours[t] = value
        money = entry.money
        if money is None and entry.hours is not None and per_hour is not None:
            money, from_hours = entry.hours * per_hour, True
        if money is not None:
            for t, value in zip(years, spread(money, [planned[t] for t in years]), strict=True):
                actual_money[t] = value
    return ItemFollowUp(
        item=item,
        planned=tuple(float(v) for v in planned),
        planned_hours=tuple(float(v) for v in hours),
        actual=tuple(actual_money),
        actual_hours=tuple(actual_hours),
        entries=entries,
        valued_from_hours=from_hours,
        spread=was_spread,
        indicator=_indicator(item, entries),
    )


def _indicator(item: Item, entries: tuple[Actual, ...]) -> IndicatorCheck | None:
    """The latest indicator value against the plan's baseline and target."""
    measured = sorted(
        (e for e in entries if e.indicator is not None), key=lambda e: (e.last_year, e.date)
    )
    if not measured:
        return None
    latest = measured[-1]
    plan = item.realisation
    if plan is None:
        return IndicatorCheck(latest, None, None, "ingen nyttorealiseringsplan")
    try:
        unit, planned_unit = parse_unit(latest.indicator_unit), parse_unit(plan.indicator.unit)
    except UnitError:
        return IndicatorCheck(latest, None, None, "okänd enhet")
    if not unit.same_kind(planned_unit):
        return IndicatorCheck(
            latest,
            None,
            None,
            f"enheten {latest.indicator_unit} går inte "
            f"att jämföra med planens {plan.indicator.unit}",
        )
    value = float(latest.indicator or 0.0) * unit.scale / planned_unit.scale
    if plan.baseline is None:
        return IndicatorCheck(latest, value, None, "nulägesmätning saknas")
    span = plan.target.value - plan.baseline.value
    if span == 0:
        return IndicatorCheck(latest, value, None, "målvärdet är detsamma som nuläget")
    return IndicatorCheck(latest, value, (value - plan.baseline.value) / span)


def _efterkalkyl(
    case: Case, items: tuple[ItemFollowUp, ...], *, actual: bool
) -> tuple[np.ndarray, float, float]:
    """Net benefit per year (present values), in total and financial only."""
    weights = discount_factors(case.horizon, case.discount_rate, case.discount_first_year)
    yearly, financial = np.zeros(case.horizon), np.zeros(case.horizon)
    for f in items:
        values = np.array(
            [a if actual and a is not None else p for p, a in zip(f.planned, f.actual, strict=True)]
        )
        sign = 1.0 if f.item.direction is Direction.BENEFIT else -1.0
        yearly += sign * values * weights
        if f.item.category is Category.FINANSIELL:
            financial += sign * values * weights
    return yearly, float(yearly.sum()), float(financial.sum())
