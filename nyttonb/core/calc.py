"""The calculation core: yearly flows, discounting and the results of a case (pure, vectorised).

An item's value in year t is its annual value (its formula) times its per-year factor for t,
split across stakeholders by their shares and discounted to a present value. `evaluate` does
this for any number of factor override sets in one numpy pass (the sensitivity analysis and the
explorer call it); `calculate` turns one run into a `nyttonb.core.results.Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from nyttonb.core.compiled import SCENARIOS, CompiledCase, FloatArray, Values, compile_case
from nyttonb.core.model import Case, Category, Direction
from nyttonb.core.paired import paired_values
from nyttonb.core.results import Discounting, FactorChoice, ItemResult, Result, Totals, YearRow
from nyttonb.errors import FormulaError, did_you_mean

__all__ = [
    "CompiledCase",
    "Evaluation",
    "break_even_years",
    "calculate",
    "compile_case",
    "discount_factors",
    "evaluate",
    "factor_values",
    "hourly_cost",
    "present_value",
    "scenarios",
]

IntArray = npt.NDArray[np.int64]
_K = TypeVar("_K")


def discount_factors(horizon: int, rate: float, first_year_discounted: bool = False) -> FloatArray:
    """The weight of each year of the horizon in a present value.

    By default year 1 has weight 1 and year t has 1/(1 + r)^(t − 1), as in HM Treasury's Green
    Book (year 0 undiscounted) and numpy-financial's `npv`. With `first_year_discounted`, year t
    has 1/(1 + r)^t. Inera's method does not say which; a case states its choice.

    At 3 % over six years the weights sum to 5.5797 (t = 0..5) and 5.4172 (t = 1..6):

    >>> round(float(discount_factors(6, 0.03).sum()), 4)
    5.5797
    >>> round(float(discount_factors(6, 0.03, first_year_discounted=True).sum()), 4)
    5.4172
    """
    t = np.arange(horizon, dtype=float) + (1.0 if first_year_discounted else 0.0)
    weights: FloatArray = (1.0 + rate) ** -t
    return weights


def present_value(
    flows: npt.ArrayLike, rate: float, first_year_discounted: bool = False
) -> FloatArray | float:
    """The present value of yearly flows along the last axis, like numpy-financial's `npv`.

    PV = Σ flows[t] / (1 + r)^t for t = 0..N−1 (t = 1..N with `first_year_discounted`).
    Leading axes are kept, so one call values many series.

    >>> round(present_value([-100.0, 60.0, 60.0], 0.1), 2)
    4.13
    >>> present_value([[1.0, 1.0], [2.0, 2.0]], 0.0).tolist()
    [2.0, 4.0]
    """
    values = np.asarray(flows, dtype=float)
    result = values @ discount_factors(values.shape[-1], rate, first_year_discounted)
    return float(result) if np.ndim(result) == 0 else np.asarray(result, dtype=float)


def hourly_cost(monthly_salary: float, hours_per_month: float = 142, markup: float = 0.54) -> float:
    """Staff cost per hour from a monthly salary (Inera's kalkylfaktorer).

    hourly cost = monthly salary ÷ 142 × 1.54, where 142 = 1 700 working hours a year ÷ 12 and
    the 54 % markup covers holiday pay, employer contributions, agreement insurances and
    special payroll tax.

    >>> round(hourly_cost(35_000), 2)
    379.58
    """
    return monthly_salary / hours_per_month * (1.0 + markup)


@dataclass(frozen=True, slots=True, eq=False)
class Evaluation:
    """A case evaluated under n factor-value sets: every array has n rows, one per set.

    Money is in kronor, "present" values are discounted; `break_even` is the 1-based year in
    which accumulated present benefits first exceed accumulated present costs, 0 for never.
    Item arrays have one column per entry of `item_ids` (items that are valued or count hours).
    """

    scenario: str
    benefits: FloatArray
    costs: FloatArray
    net: FloatArray
    financial_benefits: FloatArray
    financial_costs: FloatArray
    financial_net: FloatArray
    break_even: IntArray
    financial_break_even: IntArray
    freed_hours: FloatArray
    """Staff hours the benefits free, summed over the horizon (nominal), shape (n,)."""
    consumed_hours: FloatArray
    """Staff hours the costs take (training, förvaltning, ...), summed over the horizon."""
    yearly_benefits: FloatArray
    """Present value of benefits per year, shape (n, horizon)."""
    yearly_costs: FloatArray
    yearly_benefits_nominal: FloatArray
    yearly_costs_nominal: FloatArray
    yearly_freed_hours: FloatArray
    yearly_consumed_hours: FloatArray
    item_ids: tuple[str, ...]
    item_annual: FloatArray
    """Annual value per item in kr/år (kr for an engång cost), shape (n, items)."""
    item_nominal: FloatArray
    item_present: FloatArray
    item_hours: FloatArray
    """Staff hours per item summed over the horizon (nominal), shape (n, items)."""

    @property
    def size(self) -> int:
        return int(self.net.shape[0])


def evaluate(
    case_or_compiled: Case | CompiledCase,
    overrides: Mapping[str, npt.ArrayLike] | None = None,
    *,
    scenario: str = "likely",
) -> Evaluation:
    """Evaluate a case under n sets of factor values in one vectorised pass.

    Factors take the scenario's column ("low", "likely" or "high": every factor at that value,
    which for "low" and "high" is not Inera's paired outcome; `calculate` gives that);
    `overrides` replace them by
    factor key (``"timkostnad"``, ``"<item id>.<name>"``), in the factor's own unit, each a
    number or a 1-D array of length n (the same n for all). Overriding a derived factor
    replaces its formula.
    """
    # Measured: 10 000 override sets of a 12-item, 15-year case (tests/core/test_calc.py's
    # realistic_case) take about 25 ms on a 2-core machine, most of it in the year × run sums.
    compiled = _compiled(case_or_compiled)
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {', '.join(SCENARIOS)}, not {scenario!r}")
    values, n = _factor_values(compiled, overrides or {}, scenario)
    for key, formula in compiled.derived:
        if key not in (overrides or {}):
            values[key] = formula.evaluate(values)
    annual = np.zeros((len(compiled.items), n))  # item × run: rows stay contiguous
    hours = np.zeros((len(compiled.items), n))
    for row, item in enumerate(compiled.items):
        if item.money is not None:
            annual[row] = item.money.evaluate(values) / item.money_scale
        if item.hours is not None:
            hours[row] = item.hours.evaluate(values) / item.hours_scale
    return _flows(compiled, scenario, annual, hours)


def evaluate_net(
    compiled: CompiledCase, overrides: Mapping[str, npt.ArrayLike]
) -> tuple[FloatArray, FloatArray, IntArray, IntArray]:
    """Net benefit, financial net benefit and both break-even years under n factor-value sets.

    The same arithmetic as `evaluate`, keeping only what the uncertainty analyses need: an
    item × set array of annual values and four year × set sums, not `evaluate`'s ten arrays.
    """
    values, n = _factor_values(compiled, overrides, "likely")
    for key, formula in compiled.derived:
        if key not in overrides:
            values[key] = formula.evaluate(values)
    annual = np.zeros((len(compiled.items), n))
    for row, item in enumerate(compiled.items):
        if item.money is not None:
            annual[row] = item.money.evaluate(values) / item.money_scale
    case = compiled.case
    profiles = np.array([item.profile for item in compiled.items]).reshape(-1, case.horizon)
    weights = discount_factors(case.horizon, case.discount_rate, case.discount_first_year)[:, None]
    benefit = np.array([i.item.direction is Direction.BENEFIT for i in compiled.items], bool)
    financial = np.array([i.item.category is Category.FINANSIELL for i in compiled.items], bool)
    sums = [
        ((profiles * mask[:, None]).T @ annual) * weights
        for mask in (benefit, ~benefit, benefit & financial, ~benefit & financial)
    ]
    net = sums[0].sum(axis=0) - sums[1].sum(axis=0)
    financial_net = sums[2].sum(axis=0) - sums[3].sum(axis=0)
    return net, financial_net, _break_even(*sums[:2]), _break_even(*sums[2:])


def factor_values(
    case_or_compiled: Case | CompiledCase, scenario: str = "likely"
) -> dict[str, float]:
    """Every factor's value under a scenario in its own unit, derived factors included."""
    compiled = _compiled(case_or_compiled)
    values: dict[str, Values] = dict(compiled.base_values(scenario))
    for key, formula in compiled.derived:
        values[key] = formula.evaluate(values)
    return {key: float(values[key]) / compiled.scales[key] for key in compiled.factors}


def _compiled(case_or_compiled: Case | CompiledCase) -> CompiledCase:
    if isinstance(case_or_compiled, CompiledCase):
        return case_or_compiled
    return compile_case(case_or_compiled)


def _factor_values(
    compiled: CompiledCase, overrides: Mapping[str, npt.ArrayLike], scenario: str
) -> tuple[dict[str, Values], int]:
    """Base-unit values of every non-derived and overridden factor, and the number of sets."""
    values: dict[str, Values] = dict(compiled.base_values(scenario))
    sizes = set()
    for key, given in overrides.items():
        if key not in compiled.factors:
            hint = did_you_mean(key, compiled.factors)
            raise FormulaError(
                f"'{key}' är ingen faktor" + (f"; {hint}" if hint else "."),
                fix="Ange en faktor i fallet (en gemensam faktor, eller 'id.namn').",
            )
        array = np.asarray(given, dtype=float)
        if array.ndim > 1:
            raise ValueError(f"override {key!r} must be a number or a 1-D array")
        if array.ndim == 1:
            sizes.add(array.shape[0])
        scale = compiled.scales[key]
        values[key] = array * scale if array.ndim else float(array) * scale
    if len(sizes) > 1:
        raise ValueError(f"override arrays differ in length: {sorted(sizes)}")
    return values, sizes.pop() if sizes else 1


def _flows(
    compiled: CompiledCase, scenario: str, annual: FloatArray, hours: FloatArray
) -> Evaluation:
    """Spread annual values (item × run) over the years, discount them and sum them up.

    Work is done year × run, so sums over years run along contiguous rows; the arrays handed
    out are transposed views, run × year.
    """
    case = compiled.case
    profiles = np.array([item.profile for item in compiled.items]).reshape(-1, case.horizon)
    weights = discount_factors(case.horizon, case.discount_rate, case.discount_first_year)
    benefit = np.array([i.item.direction is Direction.BENEFIT for i in compiled.items], bool)
    financial = np.array([i.item.category is Category.FINANSIELL for i in compiled.items], bool)

    def yearly(values: FloatArray, mask: npt.NDArray[np.bool_]) -> FloatArray:
        result: FloatArray = (profiles * mask[:, None]).T @ values
        return result

    benefits_nominal, costs_nominal = yearly(annual, benefit), yearly(annual, ~benefit)
    present_benefits = benefits_nominal * weights[:, None]
    present_costs = costs_nominal * weights[:, None]
    financial_benefits = yearly(annual, benefit & financial) * weights[:, None]
    financial_costs = yearly(annual, ~benefit & financial) * weights[:, None]
    freed, consumed = yearly(hours, benefit), yearly(hours, ~benefit)
    benefits, costs = present_benefits.sum(axis=0), present_costs.sum(axis=0)
    fin_benefits, fin_costs = financial_benefits.sum(axis=0), financial_costs.sum(axis=0)
    return Evaluation(
        scenario=scenario,
        benefits=benefits,
        costs=costs,
        net=benefits - costs,
        financial_benefits=fin_benefits,
        financial_costs=fin_costs,
        financial_net=fin_benefits - fin_costs,
        break_even=_break_even(present_benefits, present_costs),
        financial_break_even=_break_even(financial_benefits, financial_costs),
        freed_hours=freed.sum(axis=0),
        consumed_hours=consumed.sum(axis=0),
        yearly_benefits=present_benefits.T,
        yearly_costs=present_costs.T,
        yearly_benefits_nominal=benefits_nominal.T,
        yearly_costs_nominal=costs_nominal.T,
        yearly_freed_hours=freed.T,
        yearly_consumed_hours=consumed.T,
        item_ids=tuple(item.item.id for item in compiled.items),
        item_annual=annual.T,
        item_nominal=(annual * profiles.sum(axis=1)[:, None]).T,
        item_present=(annual * (profiles @ weights)[:, None]).T,
        item_hours=(hours * profiles.sum(axis=1)[:, None]).T,
    )


def break_even_years(yearly_benefits: npt.ArrayLike, yearly_costs: npt.ArrayLike) -> IntArray:
    """The first 1-based year in which accumulated benefits exceed accumulated costs, 0 for never.

    Rows are runs, columns years. Inera's rule is "exceed": a year in which accumulated benefits
    only equal accumulated costs (within a relative 1e-9, for rounding) does not count, and so
    a case with nothing in year 1 does not break even trivially.

    >>> break_even_years([[0.0, 10, 10, 10]], [[25.0, 0, 0, 0]]).tolist()
    [4]
    >>> break_even_years([[10.0, 10.0, 10.0]], [[20.0, 0.0, 0.0]]).tolist()
    [3]
    >>> break_even_years([[0.0, 0.0]], [[0.0, 0.0]]).tolist()
    [0]
    """
    benefits = np.asarray(yearly_benefits, dtype=float)
    costs = np.asarray(yearly_costs, dtype=float)
    return _break_even(benefits.T, costs.T)


def _break_even(yearly_benefits: FloatArray, yearly_costs: FloatArray) -> IntArray:
    """`break_even_years` on year × run arrays."""
    benefits, costs = np.cumsum(yearly_benefits, axis=0), np.cumsum(yearly_costs, axis=0)
    tolerance = 1e-9 * np.maximum(np.abs(benefits), np.abs(costs))
    reached = benefits - costs > tolerance
    years: IntArray = np.where(reached.any(axis=0), reached.argmax(axis=0) + 1, 0)
    return years.astype(np.int64)


def calculate(
    case: Case | CompiledCase,
    scenario: str = "likely",
    overrides: Mapping[str, npt.ArrayLike] | None = None,
) -> Result:
    """The result of a case under one of Inera's paired runs ("low", "likely", "high").

    "likely" takes every factor's likely value. "low" and "high" are outcomes, not columns:
    every benefit and every cost takes its lowest (highest) value over its factors' ranges
    (`nyttonb.core.paired`), and `Result.factor_choices` lists the factor values that differ from
    the column. `overrides` fix factors at given values (in their own unit) in every run.
    Only valued items count in money; items with a size are left to the report as they are.
    Freed hours are the benefits' staff hours summed over the horizon (not discounted);
    consumed hours are the costs' (training, förvaltning, change management), likewise.
    """
    compiled = _compiled(case)
    choices: tuple[FactorChoice, ...] = ()
    exact = True
    if scenario in ("low", "high"):
        fixed = {key: _one_value(key, value) for key, value in (overrides or {}).items()}
        _factor_values(compiled, fixed, "likely")  # unknown keys fail as in evaluate
        paired = paired_values(compiled, scenario, fixed)
        run = _flows(compiled, scenario, paired.annual[:, None], paired.hours[:, None])
        choices, exact = paired.choices, paired.exact
    else:
        run = evaluate(compiled, overrides, scenario=scenario)
    if run.size != 1:
        raise ValueError("calculate takes one set of values; use evaluate for many")
    frame = compiled.case
    weights = discount_factors(frame.horizon, frame.discount_rate, frame.discount_first_year)
    items = tuple(
        ItemResult(
            id=item.item.id,
            name=item.item.name,
            direction=item.item.direction.value,
            category=item.item.category.value,
            stakeholders=item.item.stakeholders,
            annual_value=float(run.item_annual[0, column]),
            nominal=float(run.item_nominal[0, column]),
            present=float(run.item_present[0, column]),
            per_year_present=tuple(
                float(v) for v in run.item_annual[0, column] * item.profile * weights
            ),
            hours=float(run.item_hours[0, column]),
        )
        for column, item in enumerate(compiled.items)
        if item.money is not None
    )
    year = int(run.break_even[0])
    return Result(
        scenario=scenario,
        horizon=frame.horizon,
        discounting=Discounting(frame.discount_rate, frame.discount_first_year),
        benefits=float(run.benefits[0]),
        costs=float(run.costs[0]),
        financial=Totals(float(run.financial_benefits[0]), float(run.financial_costs[0])),
        break_even_year=year or None,
        break_even_label=frame.year_label(year) if year else None,
        freed_hours=float(run.freed_hours[0]),
        consumed_hours=float(run.consumed_hours[0]),
        by_year=_years(frame, run),
        by_category=_by_category(items),
        by_stakeholder=_by_stakeholder(frame, items),
        by_category_stakeholder=_by_category_stakeholder(items),
        items=items,
        factor_choices=choices,
        paired_exact=exact,
    )


def _one_value(key: str, value: npt.ArrayLike) -> float:
    array = np.asarray(value, dtype=float)
    if array.size != 1:
        raise ValueError(f"calculate takes one value per factor; {key!r} has {array.size}")
    return float(array.reshape(()))


def scenarios(case: Case | CompiledCase) -> dict[str, Result]:
    """Inera's three paired runs: low benefits with low costs, likely with likely, high with
    high.

    In the low run every benefit and every cost takes its lowest value over its factors'
    ranges, in the high run its highest (`nyttonb.core.paired`); the likely run takes every factor's
    likely value. Inera calls them Lägst, Troligt and Högst, never worst or best case.
    """
    compiled = _compiled(case)
    return {scenario: calculate(compiled, scenario) for scenario in SCENARIOS}


def _years(case: Case, run: Evaluation) -> tuple[YearRow, ...]:
    accumulated = np.cumsum(run.yearly_benefits[0] - run.yearly_costs[0])
    return tuple(
        YearRow(
            year=t + 1,
            label=case.year_label(t + 1),
            calendar_year=case.start_year + t if case.start_year else None,
            benefits=float(run.yearly_benefits[0, t]),
            costs=float(run.yearly_costs[0, t]),
            accumulated_net=float(accumulated[t]),
            benefits_nominal=float(run.yearly_benefits_nominal[0, t]),
            costs_nominal=float(run.yearly_costs_nominal[0, t]),
            freed_hours=float(run.yearly_freed_hours[0, t]),
            consumed_hours=float(run.yearly_consumed_hours[0, t]),
        )
        for t in range(case.horizon)
    )


def _add(sums: dict[_K, list[float]], key: _K, item: ItemResult, share: float = 1.0) -> None:
    pair = sums.setdefault(key, [0.0, 0.0])
    pair[0 if item.direction == Direction.BENEFIT.value else 1] += item.present * share


def _totals(sums: Mapping[_K, list[float]]) -> dict[_K, Totals]:
    return {key: Totals(b, c) for key, (b, c) in sums.items()}


def _by_category(items: tuple[ItemResult, ...]) -> dict[str, Totals]:
    """Totals per category: finansiell and omfördelning always, in Inera's order."""
    sums: dict[str, list[float]] = {c.value: [0.0, 0.0] for c in Category if c.monetary}
    for item in items:
        _add(sums, item.category, item)
    order = [c.value for c in Category]
    return _totals(dict(sorted(sums.items(), key=lambda kv: order.index(kv[0]))))


def _by_stakeholder(case: Case, items: tuple[ItemResult, ...]) -> dict[str, Totals]:
    """Totals per stakeholder with valued items, in the case's order of stakeholders."""
    sums: dict[str, list[float]] = {}
    for item in items:
        for stakeholder, share in item.stakeholders:
            _add(sums, stakeholder, item, share)
    order = [s.id for s in case.stakeholders]
    rank = {key: order.index(key) if key in order else len(order) for key in sums}
    return _totals(dict(sorted(sums.items(), key=lambda kv: rank[kv[0]])))


def _by_category_stakeholder(items: tuple[ItemResult, ...]) -> dict[tuple[str, str], Totals]:
    """Who pays and who benefits: totals per (category, stakeholder) pair that occurs."""
    sums: dict[tuple[str, str], list[float]] = {}
    for item in items:
        for stakeholder, share in item.stakeholders:
            _add(sums, (item.category, stakeholder), item, share)
    return _totals(sums)
