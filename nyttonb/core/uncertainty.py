"""Uncertainty beyond Inera's paired runs: tornado, Monte Carlo and switching values.

The methods follow cost-benefit practice as HM Treasury's Green Book describes it (sensitivity
analysis one factor at a time, switching values, Monte Carlo simulation). Monte Carlo draws each
factor from a PERT distribution over its low, likely and high values (Malcolm, Roseboom, Clark
and Fazar 1959; the Beta form with λ = 4 as in Vose, *Risk Analysis*), or a triangular one.
Every analysis runs in one or a few vectorised calls of `nyttonb.core.calc.evaluate`, and comes in a
full view (net benefit) and a financial view (only finansiell items: what the budget sees).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nyttonb.core.chunked import Nets, chunk_rows, concatenate, evaluate_nets
from nyttonb.core.compiled import CompiledCase, FloatArray, compile_case
from nyttonb.core.correlation import rank_correlate
from nyttonb.core.model import Case, Factor

DISTRIBUTIONS = ("pert", "triangular")
DEFAULT_SEED = 20240101
SWITCHING_BRACKET = 100.0
"""Switching values are searched between 0 and 100 × the factor's largest value (± for a factor
that may be negative)."""


@dataclass(frozen=True, slots=True)
class TornadoBar:
    """Net benefit with one factor at its low and at its high value, the others at likely."""

    factor: str
    label: str
    unit: str
    low: float
    high: float
    low_net: float
    high_net: float
    swing: float
    """|high_net − low_net|: the bars are ranked by it."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "low_net": self.low_net,
            "high_net": self.high_net,
            "swing": self.swing,
        }


@dataclass(frozen=True, slots=True, eq=False)
class MonteCarlo:
    """Net benefit over `draws` independent draws of every factor with low < high."""

    draws: int
    seed: int
    distribution: str
    mean: float
    p10: float
    p50: float
    p90: float
    prob_positive: float
    """Share of draws with net benefit > 0."""
    prob_break_even: float
    """Share of draws that break even within the horizon."""
    net: FloatArray
    """Net benefit of every draw, for a histogram."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "seed": self.seed,
            "distribution": self.distribution,
            "mean": self.mean,
            "p10": self.p10,
            "p50": self.p50,
            "p90": self.p90,
            "prob_positive": self.prob_positive,
            "prob_break_even": self.prob_break_even,
        }


@dataclass(frozen=True, slots=True)
class SwitchingValue:
    """The value of one factor at which net benefit is 0, the others at likely.

    `value` is None when net benefit does not cross 0 anywhere between 0 and 100 × the
    factor's largest value (between −100 × and 100 × for a factor whose low is negative);
    `within_range` says whether the value lies in [low, high] (False when there is none).
    Where net benefit crosses 0 more than once, the crossing nearest the likely value is given.
    """

    factor: str
    label: str
    unit: str
    likely: float
    low: float
    high: float
    value: float | None
    within_range: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "value": self.value,
            "within_range": self.within_range,
            "unit": self.unit,
            "likely": self.likely,
            "low": self.low,
            "high": self.high,
        }


@dataclass(frozen=True, slots=True, eq=False)
class UncertaintyView:
    """Tornado, Monte Carlo and switching values for one measure of net benefit."""

    tornado: tuple[TornadoBar, ...]
    monte_carlo: MonteCarlo
    switching_values: tuple[SwitchingValue, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tornado": [bar.to_dict() for bar in self.tornado],
            "monte_carlo": self.monte_carlo.to_dict(),
            "switching_values": [value.to_dict() for value in self.switching_values],
        }


@dataclass(frozen=True, slots=True, eq=False)
class Uncertainty:
    """The full view (all valued items) and the financial view (finansiell items only)."""

    full: UncertaintyView
    financial: UncertaintyView

    @property
    def tornado(self) -> tuple[TornadoBar, ...]:
        return self.full.tornado

    @property
    def monte_carlo(self) -> MonteCarlo:
        return self.full.monte_carlo

    @property
    def switching_values(self) -> tuple[SwitchingValue, ...]:
        return self.full.switching_values

    def to_dict(self) -> dict[str, Any]:
        return {**self.full.to_dict(), "financial": self.financial.to_dict()}


def tornado(case: Case | CompiledCase, *, financial: bool = False) -> tuple[TornadoBar, ...]:
    """One-at-a-time sensitivity (Green Book): each factor from low to high, others at likely.

    Every non-derived factor with low ≠ high is swung in one vectorised evaluation; factors
    that do not move the net benefit are left out; the rest are ranked by swing, largest first.
    """
    compiled = _compiled(case)
    factors, run = _swing_runs(compiled)
    return _bars(factors, run, financial)


def monte_carlo(
    case: Case | CompiledCase,
    *,
    draws: int = 10_000,
    seed: int = DEFAULT_SEED,
    distribution: str = "pert",
    financial: bool = False,
) -> MonteCarlo:
    """Monte Carlo simulation of net benefit (Green Book), in one vectorised evaluation.

    Each factor with low < high is drawn independently from PERT(low, likely, high), i.e.
    low + (high − low) × Beta(α, β) with α = 1 + 4(likely − low)/(high − low) and
    β = 1 + 4(high − likely)/(high − low), whose mean is (low + 4 likely + high)/6; or from a
    triangular distribution. numpy's PCG64 generator with `seed` makes a run reproducible.
    """
    compiled = _compiled(case)
    run = simulate(compiled, draws, seed, distribution)
    return _summary(run, draws, seed, distribution, financial)


def simulate(compiled: CompiledCase, draws: int, seed: int, distribution: str = "pert") -> Nets:
    """Net benefits under `draws` drawn factor-value sets, drawn and evaluated in chunks.

    Draws that fit in one chunk (`nyttonb.core.chunked.chunk_rows`) come from one generator seeded
    with `seed`; beyond, chunk k ≥ 1 has its own generator seeded with (seed, k), so memory
    stays bounded and a run stays reproducible.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    rows = chunk_rows(compiled)
    parts = []
    for k, start in enumerate(range(0, draws, rows)):
        size = min(rows, draws - start)
        drawn = draw_factors(compiled, size, seed if k == 0 else (seed, k), distribution)
        parts.append(evaluate_nets(compiled, drawn))
    return concatenate(parts)


def draw_factors(
    compiled: CompiledCase, draws: int, seed: int | tuple[int, ...], distribution: str = "pert"
) -> dict[str, FloatArray]:
    """`draws` values of every factor with low < high, in the factor's own unit."""
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {DISTRIBUTIONS}, not {distribution!r}")
    if draws < 1:
        raise ValueError("draws must be at least 1")
    rng = np.random.Generator(np.random.PCG64(seed))
    drawn: dict[str, FloatArray] = {}
    for f in _varying(compiled):
        if distribution == "pert":
            alpha = 1.0 + 4.0 * (f.likely - f.low) / (f.high - f.low)
            beta = 1.0 + 4.0 * (f.high - f.likely) / (f.high - f.low)
            drawn[f.key] = f.low + (f.high - f.low) * rng.beta(alpha, beta, draws)
        else:
            drawn[f.key] = rng.triangular(f.low, f.likely, f.high, draws)
    return rank_correlate(drawn, compiled.case.correlations, rng)


def switching_values(
    case: Case | CompiledCase, *, top: int = 10, financial: bool = False
) -> tuple[SwitchingValue, ...]:
    """Switching values (Green Book) of the `top` factors in tornado order.

    For each, the factor value at which net benefit is 0 with the others at likely. Net benefit
    is piecewise smooth in one factor (min and max make the pieces): it is evaluated on a grid
    over a wide bracket for all factors at once, and the sign change nearest the likely value is
    refined by vectorised bisection.
    """
    compiled = _compiled(case)
    factors, run = _swing_runs(compiled)
    bars = _bars(factors, run, financial)
    return _switching(compiled, bars[:top], financial)


def uncertainty(
    case: Case | CompiledCase,
    *,
    draws: int = 10_000,
    seed: int = DEFAULT_SEED,
    distribution: str = "pert",
    top: int = 10,
) -> Uncertainty:
    """Tornado, Monte Carlo and switching values, for the full and the financial net benefit."""
    compiled = _compiled(case)
    factors, swings = _swing_runs(compiled)
    simulated = simulate(compiled, draws, seed, distribution)

    def view(financial: bool) -> UncertaintyView:
        bars = _bars(factors, swings, financial)
        return UncertaintyView(
            tornado=bars,
            monte_carlo=_summary(simulated, draws, seed, distribution, financial),
            switching_values=_switching(compiled, bars[:top], financial),
        )

    return Uncertainty(full=view(False), financial=view(True))


def _compiled(case: Case | CompiledCase) -> CompiledCase:
    return case if isinstance(case, CompiledCase) else compile_case(case)


def _varying(compiled: CompiledCase) -> list[Factor]:
    factors = (compiled.factors[key] for key in compiled.base_keys)
    return [f for f in factors if f.low != f.high]


def _net(run: Nets, financial: bool) -> FloatArray:
    return run.financial_net if financial else run.net


def _swing_runs(compiled: CompiledCase) -> tuple[list[Factor], Nets]:
    """Rows 2j and 2j + 1: factor j at its low and at its high value, the others at likely.

    Evaluated for a group of factors at a time, so that the override columns (rows × factors
    in the group) stay within a chunk.
    """
    factors = _varying(compiled)
    group = max(1, chunk_rows(compiled) // 2)
    parts = []
    for first in range(0, max(len(factors), 1), group):
        chosen = factors[first : first + group]
        overrides = {}
        for j, f in enumerate(chosen):
            column = np.full(2 * len(chosen), float(f.likely))
            column[2 * j : 2 * j + 2] = (f.low, f.high)
            overrides[f.key] = column
        parts.append(evaluate_nets(compiled, overrides))
    return factors, concatenate(parts)


def _bars(factors: list[Factor], run: Nets, financial: bool) -> tuple[TornadoBar, ...]:
    if not factors:
        return ()
    net = _net(run, financial)
    scale = float(np.max(np.abs(net)))
    bars = [
        TornadoBar(
            factor=f.key,
            label=f.label,
            unit=f.unit,
            low=f.low,
            high=f.high,
            low_net=float(net[2 * j]),
            high_net=float(net[2 * j + 1]),
            swing=float(abs(net[2 * j + 1] - net[2 * j])),
        )
        for j, f in enumerate(factors)
    ]
    moving = [bar for bar in bars if bar.swing > 1e-12 * scale]
    return tuple(sorted(moving, key=lambda bar: -bar.swing))


def _summary(run: Nets, draws: int, seed: int, distribution: str, financial: bool) -> MonteCarlo:
    net = _net(run, financial)
    if net.shape[0] != draws:  # no factor varies: every draw is the likely case
        net = np.full(draws, net[0])
    years = run.financial_break_even if financial else run.break_even
    p10, p50, p90 = (float(p) for p in np.percentile(net, [10, 50, 90]))
    return MonteCarlo(
        draws=draws,
        seed=seed,
        distribution=distribution,
        mean=float(net.mean()),
        p10=p10,
        p50=p50,
        p90=p90,
        prob_positive=float(np.mean(net > 0)),
        prob_break_even=float(np.mean(np.broadcast_to(years, (draws,)) > 0)),
        net=net,
    )


def _net_at(
    compiled: CompiledCase,
    factors: Sequence[Factor],
    owner: np.ndarray[Any, np.dtype[np.intp]],
    values: FloatArray,
    financial: bool,
) -> FloatArray:
    """Net benefit in rows where factor owner[i] is values[i] and every other is likely."""
    overrides = {}
    for j, f in enumerate(factors):
        overrides[f.key] = np.where(owner == j, values, f.likely)
    return _net(evaluate_nets(compiled, overrides), financial)


def _grid(f: Factor) -> FloatArray:
    """Points spanning the bracket, dense near 0 and including low, likely and high (never 0,
    where a factor that divides would fail)."""
    largest = max(abs(f.low), abs(f.likely), abs(f.high))
    positive = np.concatenate(
        [
            np.linspace(0.0, SWITCHING_BRACKET * largest, 400)[1:],
            largest * np.logspace(-6.0, np.log10(SWITCHING_BRACKET), 160),
        ]
    )
    points = np.concatenate([positive, -positive] if f.low < 0 else [positive])
    return np.unique(np.concatenate([points, [f.low, f.likely, f.high]]))


def _switching(
    compiled: CompiledCase, bars: Sequence[TornadoBar], financial: bool
) -> tuple[SwitchingValue, ...]:
    factors = [compiled.factors[bar.factor] for bar in bars]
    if not factors:
        return ()
    grids = [_grid(f) for f in factors]
    owner = np.repeat(np.arange(len(factors)), [len(g) for g in grids])
    net = _net_at(compiled, factors, owner, np.concatenate(grids), financial)
    brackets = [
        _bracket(grid, net[owner == j], f.likely)
        for j, (f, grid) in enumerate(zip(factors, grids, strict=True))
    ]
    roots = _bisect(compiled, factors, brackets, financial)
    return tuple(
        SwitchingValue(
            factor=f.key,
            label=f.label,
            unit=f.unit,
            likely=f.likely,
            low=f.low,
            high=f.high,
            value=root,
            within_range=root is not None and f.low <= root <= f.high,
        )
        for f, root in zip(factors, roots, strict=True)
    )


def _bracket(grid: FloatArray, net: FloatArray, likely: float) -> tuple[float, float] | None:
    """The grid interval where net benefit changes sign nearest `likely`, or None."""
    sign = np.sign(net)
    change = np.flatnonzero((sign[:-1] * sign[1:] < 0) | (sign[:-1] == 0))
    if sign[-1] == 0:
        change = np.append(change, len(grid) - 1)
    if change.size == 0:
        return None
    upper = np.minimum(change + 1, len(grid) - 1)
    distance = np.maximum(0.0, np.maximum(grid[change] - likely, likely - grid[upper]))
    best = int(np.argmin(distance))
    if sign[change[best]] == 0:
        return float(grid[change[best]]), float(grid[change[best]])
    return float(grid[change[best]]), float(grid[upper[best]])


def _bisect(
    compiled: CompiledCase,
    factors: Sequence[Factor],
    brackets: Sequence[tuple[float, float] | None],
    financial: bool,
) -> list[float | None]:
    """Refine every bracket at once; a bracket around a pole (no real root) gives None."""
    found = [j for j, bracket in enumerate(brackets) if bracket is not None]
    if not found:
        return [None] * len(factors)
    owner = np.array(found)
    low = np.array([brackets[j][0] for j in found])  # type: ignore[index]
    high = np.array([brackets[j][1] for j in found])  # type: ignore[index]
    sign_low = np.sign(_net_at(compiled, factors, owner, low, financial))
    for _ in range(200):
        middle = (low + high) / 2
        if np.all((middle == low) | (middle == high)):
            break
        same = np.sign(_net_at(compiled, factors, owner, middle, financial)) == sign_low
        low, high = np.where(same, middle, low), np.where(same, high, middle)
    root = (low + high) / 2
    net = np.abs(_net_at(compiled, factors, owner, root, financial))
    near = np.abs(_net_at(compiled, factors, owner, low, financial)) + np.abs(
        _net_at(compiled, factors, owner, high, financial)
    )
    roots: list[float | None] = [None] * len(factors)
    for i, j in enumerate(found):
        if net[i] <= 1e-6 * max(1.0, float(near[i])) or low[i] == high[i]:
            roots[j] = float(root[i])
    return roots
