"""A case compiled for fast, repeated evaluation: names resolved, derived factors ordered, and
every formula checked once (names, cycles, units, division by zero under low/likely/high).

`compile_case` is the only place where a case's formulas are checked; every error carries the
key path of the formula or unit at fault (``benefits[0].formula``, ``factors.timkostnad.unit``)
so that the case loader can map it to a line of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from nyttonb.core.correlation import check_correlations
from nyttonb.core.formula import Formula, parse
from nyttonb.core.model import Case, CostType, Direction, Factor, Item
from nyttonb.core.price_level import PriceLevel, price_level
from nyttonb.core.units import HOURS, HOURS_PER_YEAR, KR, KR_PER_YEAR, Unit, parse_unit
from nyttonb.errors import FormulaError, UnitError, did_you_mean

FloatArray = npt.NDArray[np.float64]
Values = FloatArray | float
"""A factor's values in base units: one number, or one per draw."""

SCENARIOS = ("low", "likely", "high")
"""Inera's paired runs: every factor at its lowest, likeliest or highest value."""


@dataclass(frozen=True, slots=True)
class CompiledFormula:
    """A parsed formula whose names are resolved to factor keys."""

    formula: Formula
    keys: tuple[tuple[str, str], ...]
    """(name in the formula, key of the factor it means)."""
    path: str

    def evaluate(self, values: Mapping[str, Values]) -> Values:
        """Evaluate with factor values (base units) looked up by factor key."""
        try:
            return self.formula.evaluate({name: values[key] for name, key in self.keys})
        except FormulaError as error:
            raise error.located(path=self.path) from None


@dataclass(frozen=True, slots=True, eq=False)
class CompiledItem:
    """A valued item, or an item that counts staff hours, ready to evaluate."""

    item: Item
    money: CompiledFormula | None
    hours: CompiledFormula | None
    profile: FloatArray
    """The per-year factors over the horizon, shape (horizon,)."""
    money_scale: float
    """Divide the formula's base-unit value by this to get kr/år (kr for an engång cost)."""
    hours_scale: float
    """Divide the hours formula's base-unit value by this to get h/år (h for engång)."""


@dataclass(frozen=True, slots=True, eq=False)
class CompiledCase:
    """Everything `nyttonb.core.calc.evaluate` needs, checked and in evaluation order."""

    case: Case
    factors: Mapping[str, Factor]
    """Every factor by key: shared ones by name, an item's own rows as ``"<item>.<name>"``."""
    scales: Mapping[str, float]
    """Value in base units at the case's price level = value in the factor's own unit (and
    year) × scale: the unit's scale times the price-level conversion (nyttonb.core.price_level)."""
    units: Mapping[str, Unit]
    base_keys: tuple[str, ...]
    """Factors with values of their own (not derived), in case order."""
    derived: tuple[tuple[str, CompiledFormula], ...]
    """Derived factors in topological order: each after the factors it uses."""
    items: tuple[CompiledItem, ...]
    price_level: PriceLevel
    """The conversions of amounts of other years to the case's price level (already folded
    into `scales`, so factor values stay in their own unit and year)."""

    def base_values(self, scenario: str) -> dict[str, float]:
        """Every non-derived factor's value under a scenario, in base units."""
        return {key: self.factors[key].value(scenario) * self.scales[key] for key in self.base_keys}


def compile_case(case: Case) -> CompiledCase:
    """Resolve, order and check every formula of a case.

    Raises FormulaError (parse error, unknown name, cycle, division by zero under one of the
    paired scenarios) or UnitError (unknown unit, a formula that does not come out in its unit),
    each with `path` set to the formula or unit at fault.
    """
    factors, paths = _all(case), _factor_paths(case)
    units = {key: _unit(factor, paths[key]) for key, factor in factors.items()}
    shared = {f.name: f.key for f in case.factors}
    derived: dict[str, CompiledFormula] = {}
    for f in case.factors:
        if f.formula is not None:
            derived[f.key] = _resolve(f.formula, shared, f"{paths[f.key]}.formula")
    for item in case.items:
        visible = {**shared, **{f.name: f.key for f in item.factors}}
        for f in item.factors:
            if f.formula is not None:
                derived[f.key] = _resolve(f.formula, visible, f"{paths[f.key]}.formula")
    order = _topological_order(derived, factors)
    for key in order:
        _check_unit(derived[key], units, units[key])
    level = price_level(case)
    ratios = level.ratios
    compiled = CompiledCase(
        case=case,
        factors=factors,
        scales={key: unit.scale * ratios.get(key, 1.0) for key, unit in units.items()},
        units=units,
        base_keys=tuple(key for key, f in factors.items() if not f.derived),
        derived=tuple((key, derived[key]) for key in order),
        items=tuple(
            _compile_item(item, prefix, shared, units, case.horizon)
            for item, prefix in _items_with_paths(case)
            if item.formula is not None or item.hours is not None
        ),
        price_level=level,
    )
    _check_division_by_zero(compiled)
    varying = [key for key in compiled.base_keys if factors[key].low != factors[key].high]
    check_correlations(case.correlations, varying, list(factors))
    return compiled


def _all(case: Case) -> dict[str, Factor]:
    return {f.key: f for f in case.all_factors}


def _items_with_paths(case: Case) -> Iterable[tuple[Item, str]]:
    yield from ((item, f"benefits[{i}]") for i, item in enumerate(case.benefits))
    yield from ((item, f"costs[{i}]") for i, item in enumerate(case.costs))


def _factor_paths(case: Case) -> dict[str, str]:
    paths = {f.key: f"factors.{f.name}" for f in case.factors}
    for item, prefix in _items_with_paths(case):
        paths.update({f.key: f"{prefix}.factors.{f.name}" for f in item.factors})
    return paths


def _unit(factor: Factor, path: str) -> Unit:
    try:
        return parse_unit(factor.unit)
    except UnitError as error:
        raise error.located(path=f"{path}.unit") from None


def _resolve(text: str, visible: Mapping[str, str], path: str) -> CompiledFormula:
    """Parse a formula and map each name to the factor key it means in this scope."""
    try:
        formula = parse(text)
    except FormulaError as error:
        raise error.located(path=path) from None
    keys = []
    for name in formula.names:
        if name not in visible:
            hint = did_you_mean(name, visible)
            message = f"'{name}' är ingen faktor" + (f"; {hint}" if hint else ".")
            fix = "Rätta stavningen eller lägg till faktorn under factors." if hint else None
            fix = fix or _choices(visible)
            raise FormulaError(message, path=path, fix=fix)
        keys.append((name, visible[name]))
    return CompiledFormula(formula, tuple(keys), path)


def _choices(visible: Mapping[str, str]) -> str:
    if not visible:
        return "Här finns inga faktorer; lägg till en under factors."
    return "Välj en av " + ", ".join(sorted(visible)) + "."


def _topological_order(
    derived: Mapping[str, CompiledFormula], factors: Mapping[str, Factor]
) -> list[str]:
    """Derived factors ordered so that each comes after the derived factors it uses."""
    order: list[str] = []
    state: dict[str, str] = {}  # "open" while on the stack, "done" when ordered

    def visit(key: str, stack: list[str]) -> None:
        if state.get(key) == "done":
            return
        if state.get(key) == "open":
            cycle = [*stack[stack.index(key) :], key]
            names = " → ".join(factors[k].name for k in cycle)
            raise FormulaError(
                f"de härledda faktorerna bildar en cirkel: {names}.",
                path=derived[key].path,
                fix="Ge en av dem egna värden i stället för en formel.",
            )
        state[key] = "open"
        for _, used in derived[key].keys:
            if used in derived:
                visit(used, [*stack, key])
        state[key] = "done"
        order.append(key)

    for key in derived:
        visit(key, [])
    return order


def _formula_unit(compiled: CompiledFormula, units: Mapping[str, Unit]) -> Unit:
    try:
        return compiled.formula.unit({name: units[key] for name, key in compiled.keys})
    except UnitError as error:
        raise error.located(path=compiled.path) from None


def _check_unit(
    compiled: CompiledFormula, units: Mapping[str, Unit], *allowed: Unit, hint: str = ""
) -> Unit:
    """The allowed unit the formula comes out in; UnitError (with what to check) if none."""
    got = _formula_unit(compiled, units)
    for unit in allowed:
        if got.same_kind(unit):
            return unit
    wanted = " eller ".join(unit.text or unit.describe() for unit in allowed)
    fix = f"Skillnaden är {(got / allowed[0]).describe()}"
    rows = ", ".join(f"{name} {units[key].text or '1'}" for name, key in compiled.keys)
    fix += f"; kontrollera enheterna på faktorerna ({rows})." if rows else "."
    raise UnitError(f"blir {got.describe()}, inte {wanted}.", path=compiled.path, fix=fix + hint)


def _compile_item(
    item: Item, prefix: str, shared: Mapping[str, str], units: Mapping[str, Unit], horizon: int
) -> CompiledItem:
    visible = {**shared, **{f.name: f.key for f in item.factors}}
    one_off = item.direction is Direction.COST and item.cost_type is CostType.ONE_OFF
    hint = "" if one_off or item.direction is Direction.BENEFIT else _ONE_OFF_HINT
    money = hours = None
    money_scale = hours_scale = 1.0
    if item.formula is not None:
        money = _resolve(item.formula, visible, f"{prefix}.formula")
        money_units = (KR_PER_YEAR, KR) if one_off else (KR_PER_YEAR,)
        money_scale = _check_unit(money, units, *money_units, hint=hint).scale
    if item.hours is not None:
        hours = _resolve(item.hours, visible, f"{prefix}.hours")
        hours_units = (HOURS_PER_YEAR, HOURS) if one_off else (HOURS_PER_YEAR,)
        hours_scale = _check_unit(hours, units, *hours_units, hint=hint).scale
    return CompiledItem(
        item=item,
        money=money,
        hours=hours,
        profile=np.asarray(item.profile(horizon), dtype=float),
        money_scale=money_scale,
        hours_scale=hours_scale,
    )


def _check_division_by_zero(compiled: CompiledCase) -> None:
    """Evaluate every formula once with low, likely and high stacked as a length-3 vector.

    A zero divisor under any of them raises FormulaError with the formula's path and the
    scenario(s) in which it happens.
    """
    stacked = {
        key: np.array([compiled.factors[key].value(s) * compiled.scales[key] for s in SCENARIOS])
        for key in compiled.base_keys
    }
    try:
        values: dict[str, Values] = dict(stacked)
        results: list[tuple[CompiledItem, CompiledFormula, float, Values]] = []
        with np.errstate(over="ignore", invalid="ignore"):
            for key, formula in compiled.derived:
                values[key] = formula.evaluate(values)
            for item in compiled.items:
                for own, scale in ((item.money, item.money_scale), (item.hours, item.hours_scale)):
                    if own is not None:
                        results.append((item, own, scale, own.evaluate(values)))
    except FormulaError as error:
        raise _which_scenario(compiled, error) from None
    _check_amounts(compiled, values, results)


MAX_AMOUNT = 1e13
"""No item in a nyttokalkyl comes near 10 000 miljarder kr (or hours) a year: beyond it, a
value is a typing or unit mistake, and sums of such values lose every krona (or overflow)."""


def _check_amounts(
    compiled: CompiledCase,
    values: Mapping[str, Values],
    results: list[tuple[CompiledItem, CompiledFormula, float, Values]],
) -> None:
    """Every derived factor finite, every item's yearly amount finite and below `MAX_AMOUNT`."""
    for key, formula in compiled.derived:
        _check_finite(np.asarray(values[key], dtype=float), formula.path)
    for item, formula, scale, value in results:
        with np.errstate(over="ignore", invalid="ignore"):
            yearly = np.asarray(value, dtype=float) / scale
            peak = yearly * float(np.max(np.abs(item.profile), initial=0.0))
        _check_finite(yearly, formula.path)
        unit = "kr" if formula is item.money else "h"
        if not np.all(np.isfinite(peak)) or np.any(np.abs(peak) > MAX_AMOUNT):
            place = formula.path.rsplit(".", 1)[0]
            if np.all(np.abs(yearly) <= MAX_AMOUNT):
                _too_large(peak, f"{place}.per_year", unit, "med den största faktorn i per_year")
            _too_large(yearly, formula.path, unit, "")


def _check_finite(value: FloatArray, path: str) -> None:
    if not np.all(np.isfinite(value)):
        which = _scenarios_where(~np.isfinite(value))
        raise FormulaError(
            f"ger ett värde som inte är ett ändligt tal (med värdena {which}): "
            "beräkningen svämmar över.",
            path=path,
            fix="Kontrollera faktorernas värden och enheter; inget värde i en nyttoanalys är "
            "i närheten av 1e308.",
        )


def _too_large(value: FloatArray, path: str, unit: str, how: str) -> None:
    _check_finite(value, path)
    which = _scenarios_where(np.abs(value) > MAX_AMOUNT)
    largest = float(np.max(np.abs(value)))
    raise FormulaError(
        f"ger {_large(largest)} {unit} per år{(' ' + how) if how else ''} (med värdena {which}), "
        f"långt över varje tänkbar budget (högst {_large(MAX_AMOUNT)} {unit} per år).",
        path=path,
        fix="Kontrollera faktorernas värden och enheter (kr eller tkr? per år eller per månad?).",
    )


def _scenarios_where(mask: Any) -> str:
    flags = np.broadcast_to(np.asarray(mask, dtype=bool), (len(SCENARIOS),))
    names = [_SCENARIO_NAMES[s] for s, bad in zip(SCENARIOS, flags, strict=True) if bad]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _large(value: float) -> str:
    """A very large amount in Swedish: 2·10^28 (the mantissa with a decimal comma)."""
    mantissa, exponent = f"{value:.2e}".split("e")
    shown = mantissa.rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown}·10^{int(exponent)}"


def _which_scenario(compiled: CompiledCase, error: FormulaError) -> FormulaError:
    """Name the paired scenarios under which the failing formula divides by zero."""
    failing = []
    for scenario in SCENARIOS:
        values: dict[str, Values] = dict(compiled.base_values(scenario))
        try:
            for key, formula in compiled.derived:
                values[key] = formula.evaluate(values)
            for item in compiled.items:
                for own in (item.money, item.hours):
                    if own is not None and own.path == error.path:
                        own.evaluate(values)
        except FormulaError:
            failing.append(_SCENARIO_NAMES[scenario])
    if failing:
        error.message = f"{error.message} (med värdena {' och '.join(failing)})."
        error.args = (error.message,)
    if error.fix is None:
        error.fix = "Kontrollera värdena Lägst, Troligt och Högst för faktorerna den delar med."
    return error


_ONE_OFF_HINT = " En engångskostnad (cost_type: engång) får bli kr eller h."
_SCENARIO_NAMES = {"low": "Lägst", "likely": "Troligt", "high": "Högst"}
