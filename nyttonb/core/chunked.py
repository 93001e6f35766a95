"""A case evaluated under many factor-value sets in chunks, so that memory stays bounded.

`nyttonb.core.calc.evaluate` keeps, for every set, every item's and every year's values: for a
case with 10 000 items, 10 000 Monte Carlo draws would take gigabytes. The uncertainty analyses
need only the net benefits and break-even years (`nyttonb.core.calc.evaluate_net`), so
`evaluate_nets` evaluates at most `chunk_rows` sets at a time and keeps those four arrays. A
case small enough for one chunk (every shipped case, at 10 000 draws) is evaluated in one call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from nyttonb.core.calc import IntArray, evaluate_net
from nyttonb.core.compiled import CompiledCase, FloatArray

CELL_BUDGET = 8_000_000
"""Cells (sets × (items + years + factors)) in a chunk: 64 MB of float64."""


@dataclass(frozen=True, slots=True)
class Nets:
    """Net benefit (full and financial) and break-even year under n factor-value sets."""

    net: FloatArray
    financial_net: FloatArray
    break_even: IntArray
    financial_break_even: IntArray


def chunk_rows(compiled: CompiledCase) -> int:
    """How many factor-value sets one chunk of `compiled` evaluates."""
    return rows_for(len(compiled.items) + compiled.case.horizon + len(compiled.base_keys))


def rows_for(width: int) -> int:
    """Sets per chunk when each set takes `width` values (items + years + factors).

    >>> rows_for(12 + 10 + 30), rows_for(10_000 + 10 + 20_000)
    (153846, 266)
    """
    return max(64, CELL_BUDGET // max(1, width))


def evaluate_nets(
    compiled: CompiledCase, overrides: Mapping[str, FloatArray | float] | None = None
) -> Nets:
    """`evaluate(compiled, overrides)`'s nets and break-even years, chunk by chunk."""
    given = dict(overrides or {})
    n = max((int(np.size(v)) for v in given.values()), default=1)
    rows = chunk_rows(compiled)
    parts = []
    for start in range(0, n, rows):
        part = {
            k: v[start : start + rows] if isinstance(v, np.ndarray) and v.ndim else v
            for k, v in given.items()
        }
        parts.append(Nets(*evaluate_net(compiled, part)))
    return concatenate(parts)


def concatenate(parts: Sequence[Nets]) -> Nets:
    """The nets of consecutive chunks as one."""
    if len(parts) == 1:
        return parts[0]
    return Nets(
        np.concatenate([p.net for p in parts]),
        np.concatenate([p.financial_net for p in parts]),
        np.concatenate([p.break_even for p in parts]),
        np.concatenate([p.financial_break_even for p in parts]),
    )


__all__ = ["CELL_BUDGET", "Nets", "chunk_rows", "concatenate", "evaluate_nets", "rows_for"]
