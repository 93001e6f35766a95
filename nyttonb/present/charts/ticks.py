"""Money axes with nice, uncrowded ticks that always include 0.

Vega-Lite picks ticks from the domain it sees, which on a chart with negative values may skip 0
and crowd the negative side. Here the ticks are computed from the data in Python: steps of
1, 2 or 5 × 10^k, about `TARGET` of them, every tick a whole multiple of the step (so 0 is one
of them whenever the values cross it), and the scale's domain runs from the first tick to the
last, so the axis starts and ends on a labelled tick.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt

TARGET = 5
"""About this many intervals on a money axis (labels like "−12 000 000" need room)."""


def nice_step(span: float, target: int = TARGET) -> float:
    """The smallest of 1, 2 or 5 × 10^k that splits `span` into at most `target` steps.

    >>> nice_step(1_000), nice_step(37_000), nice_step(0.3)
    (200.0, 10000.0, 0.1)
    """
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= raw * (1 - 1e-9):
            return float(multiple * magnitude)
    return 10 * magnitude  # pragma: no cover - the loop always returns


def nice_ticks(
    values: Iterable[float], target: int = TARGET, *, include_zero: bool = True
) -> list[float]:
    """Ticks covering `values` and 0: whole multiples of one nice step, 0 among them.

    Without `include_zero` the ticks cover only the values (a tornado far from 0); 0 is still
    a tick whenever the values cross it, since every tick is a multiple of the step.

    >>> nice_ticks([-4_000_000, 25_600_000])
    [-10000000.0, 0.0, 10000000.0, 20000000.0, 30000000.0]
    >>> nice_ticks([120, 880])
    [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]
    >>> nice_ticks([])
    [0.0, 1.0]
    >>> nice_ticks([21_000, 29_000], include_zero=False)
    [20000.0, 22000.0, 24000.0, 26000.0, 28000.0, 30000.0]
    """
    finite = [float(v) for v in values if math.isfinite(v)]
    start = [0.0] if include_zero or not finite else []
    low, high = min([*start, *finite]), max([*start, *finite])
    if low == high:
        return [low, low + 1.0] if low >= 0 else [low - 1.0, low]
    step = nice_step(high - low, target)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]


def money_axis(values: Iterable[float], *, include_zero: bool = True) -> tuple[alt.Axis, alt.Scale]:
    """The axis (nice ticks, Swedish thousands) and scale (from first to last tick) for money."""
    import altair as alt

    ticks = nice_ticks(values, include_zero=include_zero)
    axis = alt.Axis(values=ticks, format=",.0f")
    return axis, alt.Scale(domain=[ticks[0], ticks[-1]], nice=False, zero=include_zero)


__all__ = ["TARGET", "money_axis", "nice_step", "nice_ticks"]
