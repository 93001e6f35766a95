"""Inera's paired runs as outcomes: in the low run every benefit and every cost takes its lowest
value, in the high run its highest (pure, vectorised; imports only numpy and the core).

Inera's template pairs low benefits with low costs, likely with likely, high with high. A
column of factor values is not such an outcome: in ``brev * (porto_fore - porto_efter)`` the
benefit is lowest when ``porto_efter`` is at its *highest*. So each item's lowest and highest
annual value is searched over its factors' ranges, item by item (a factor shared by a benefit
and a cost may take different values in the two).

The search evaluates the item's formula at every combination of each varying factor's low,
likely and high value (derived factors recomputed from them). For a formula in which every
factor appears once after derived factors are written out (sums, differences, products,
quotients, ``min`` and ``max`` of distinct factors: every formula of the shipped cases), the
value moves one way as one factor moves with the others held, so the extremes lie at corners
of the factor box and the search is exact. Where a factor appears more than once (``a * (b -
a)``), an extreme may lie between the values tried; the run is then marked not exact. An item
with more than `MAX_GRID` combinations is searched one factor at a time (repeated passes over
the three values of each factor until nothing changes), and also marked not exact.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nyttonb.core.compiled import CompiledCase, CompiledFormula, CompiledItem, FloatArray, Values
from nyttonb.core.formula_syntax import names_in
from nyttonb.core.model import Factor
from nyttonb.core.results import FactorChoice

MAX_GRID = 3**10
"""Largest number of value combinations evaluated for one item (59 049)."""
_PASSES = 20


@dataclass(frozen=True, slots=True, eq=False)
class PairedValues:
    """Each compiled item's annual value and hours in one paired run, and how they were found."""

    scenario: str
    annual: FloatArray
    """kr/år (kr for an engång cost) per compiled item, in `CompiledCase.items` order."""
    hours: FloatArray
    """h/år (h for engång) per compiled item."""
    choices: tuple[FactorChoice, ...]
    """Factor values that differ from the run's column, item by item."""
    exact: bool
    """Whether every item's extreme is exact (see the module docstring)."""


def paired_values(
    compiled: CompiledCase, scenario: str, fixed: Mapping[str, float] | None = None
) -> PairedValues:
    """Every item at its lowest ("low") or highest ("high") value over its factors' ranges.

    `fixed` holds factor values (in the factor's own unit, as `nyttonb.core.calc.evaluate`'s
    overrides) that stay put; the search varies the others.
    """
    if scenario not in ("low", "high"):
        raise ValueError(f"paired outcomes are 'low' or 'high', not {scenario!r}")
    given = {key: float(value) * compiled.scales[key] for key, value in (fixed or {}).items()}
    annual = np.zeros(len(compiled.items))
    hours = np.zeros(len(compiled.items))
    choices: list[FactorChoice] = []
    exact = True
    for row, item in enumerate(compiled.items):
        found = _extreme(compiled, item, scenario, given)
        annual[row], hours[row] = found.money, found.hours
        choices += found.choices
        exact = exact and found.exact
    return PairedValues(scenario, annual, hours, tuple(choices), exact)


@dataclass(frozen=True, slots=True)
class _Found:
    money: float
    hours: float
    choices: tuple[FactorChoice, ...]
    exact: bool


def _extreme(
    compiled: CompiledCase, item: CompiledItem, scenario: str, given: Mapping[str, float]
) -> _Found:
    formulas = [f for f in (item.money, item.hours) if f is not None]
    counts = Counter[str]()
    for formula in formulas[:1]:
        counts.update(_occurrences(compiled, formula, given))
    inputs = set(counts)
    for formula in formulas[1:]:
        inputs |= set(_occurrences(compiled, formula, given))
    varying = [
        compiled.factors[key]
        for key in compiled.base_keys
        if key in inputs and key not in given and _varies(compiled.factors[key])
    ]
    exact = all(counts[f.key] <= 1 for f in varying)
    if 3 ** len(varying) <= MAX_GRID:
        points = _grid(varying)
    else:
        points = _coordinate_search(compiled, item, scenario, given, varying)
        exact = False
    money, hours = _evaluate(compiled, item, given, varying, points)
    best = _best(money, hours, points, varying, scenario)
    choices = tuple(
        _choice(item, f, float(points[best, j]), scenario)
        for j, f in enumerate(varying)
        if points[best, j] != f.value(scenario)
    )
    return _Found(float(money[best]), float(hours[best]), choices, exact)


def _varies(factor: Factor) -> bool:
    return factor.low != factor.high


def _occurrences(
    compiled: CompiledCase, formula: CompiledFormula, given: Mapping[str, float]
) -> Counter[str]:
    """How often each base factor appears in the formula once derived factors are written out."""
    derived = dict(compiled.derived)
    key_of = dict(formula.keys)
    found = Counter[str]()
    for name in names_in(formula.formula.root):
        key = key_of[name]
        if key in derived and key not in given:
            found.update(_occurrences(compiled, derived[key], given))
        else:
            found[key] += 1
    return found


def _grid(varying: list[Factor]) -> FloatArray:
    """Every combination of each factor's distinct low, likely and high values, one per row."""
    levels = [sorted({f.low, f.likely, f.high}) for f in varying]
    rows = list(itertools.product(*levels))
    return np.array(rows, dtype=float).reshape(len(rows), len(varying))


def _evaluate(
    compiled: CompiledCase,
    item: CompiledItem,
    given: Mapping[str, float],
    varying: list[Factor],
    points: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """The item's annual value and hours at every row of `points` (own units per factor)."""
    values: dict[str, Values] = dict(compiled.base_values("likely"))
    values.update(given)
    for j, f in enumerate(varying):
        values[f.key] = points[:, j] * compiled.scales[f.key]
    for key, formula in compiled.derived:
        if key not in given:
            values[key] = formula.evaluate(values)
    n = points.shape[0]
    money = np.zeros(n)
    hours = np.zeros(n)
    if item.money is not None:
        money = np.broadcast_to(item.money.evaluate(values) / item.money_scale, (n,))
    if item.hours is not None:
        hours = np.broadcast_to(item.hours.evaluate(values) / item.hours_scale, (n,))
    return np.asarray(money, dtype=float), np.asarray(hours, dtype=float)


def _best(
    money: FloatArray, hours: FloatArray, points: FloatArray, varying: list[Factor], scenario: str
) -> int:
    """The row with the lowest (or highest) value, then hours; on a tie, the row with the most
    factors at the run's own column, so that only the values that matter are reported."""
    sign = 1.0 if scenario == "low" else -1.0
    column = np.array([f.value(scenario) for f in varying], dtype=float)
    at_column = (points == column).sum(axis=1) if varying else np.zeros(len(money))
    candidates = np.arange(len(money))
    for measure in (sign * money, sign * hours):
        best = measure[candidates].min()
        tolerance = 1e-9 * max(1.0, abs(float(best)))
        candidates = candidates[measure[candidates] <= best + tolerance]
    return int(candidates[np.argmax(at_column[candidates])])


def _coordinate_search(
    compiled: CompiledCase,
    item: CompiledItem,
    scenario: str,
    given: Mapping[str, float],
    varying: list[Factor],
) -> FloatArray:
    """One point found by improving one factor at a time, as a one-row array."""
    point = np.array([f.value(scenario) for f in varying], dtype=float)
    for _ in range(_PASSES):
        before = point.copy()
        for j, f in enumerate(varying):
            trials = np.repeat(point[None, :], 3, axis=0)
            trials[:, j] = (f.low, f.likely, f.high)
            money, hours = _evaluate(compiled, item, given, varying, trials)
            point = trials[_best(money, hours, trials, varying, scenario)]
        if np.array_equal(point, before):
            break
    return point[None, :]


def _choice(item: CompiledItem, factor: Factor, value: float, scenario: str) -> FactorChoice:
    position = next(s for s in ("low", "likely", "high") if factor.value(s) == value)
    return FactorChoice(
        item=item.item.id,
        item_name=item.item.name,
        factor=factor.key,
        label=factor.label,
        unit=factor.unit,
        value=value,
        column_value=factor.value(scenario),
        position=position,
    )
