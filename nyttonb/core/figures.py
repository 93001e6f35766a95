"""A report's figures, computed once: the three paired runs and, for reports, the uncertainty.

Every number a reader sees of one case comes from one `Figures` value: `nyttonb calc` prints its
`to_dict()`, the case notebook shows its sections from it and attaches the same dictionary to
its headline output as metadata (`METADATA_KEY`), and the batch renderer reads that metadata
for the index instead of computing anything again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nyttonb.core.calc import scenarios
from nyttonb.core.compiled import compile_case
from nyttonb.core.model import Case
from nyttonb.core.results import Result
from nyttonb.core.uncertainty import DEFAULT_SEED, Uncertainty, uncertainty

METADATA_KEY = "nyttonb_summary"
"""Key of the executed notebook's output metadata that carries `Figures.to_dict()`."""

DEFAULT_DRAWS = 10_000


@dataclass(frozen=True, slots=True, eq=False)
class Figures:
    """One case's results: the paired runs (``low``, ``likely``, ``high``) and, when asked for,
    the tornado, Monte Carlo and switching values."""

    case: Case
    runs: Mapping[str, Result]
    analysis: Uncertainty | None = None

    @property
    def result(self) -> Result:
        """The likely run: the figures of the analysis."""
        return self.runs["likely"]

    def to_dict(self) -> dict[str, Any]:
        """What `nyttonb calc --json` prints (a public interface: keys are added, never
        renamed or dropped). Money in kronor."""
        case = self.case
        data: dict[str, Any] = {
            "case": {
                "name": case.name,
                "organisation": case.organisation,
                "area": case.area,
                "file": case.source_path,
                "horizon": case.horizon,
                "start_year": case.start_year,
                "price_level_year": case.price_level_year,
            },
            **self.result.to_dict(),
            "scenarios": {name: run.totals() for name, run in self.runs.items()},
        }
        if self.analysis is not None:
            data["uncertainty"] = self.analysis.to_dict()
        return data


def compute_figures(
    case: Case,
    *,
    with_uncertainty: bool = False,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
) -> Figures:
    """The case's figures; the case is compiled once for all of them."""
    compiled = compile_case(case)
    runs = scenarios(compiled)
    analysis = None
    if with_uncertainty:
        analysis = uncertainty(compiled, draws=draws, seed=DEFAULT_SEED if seed is None else seed)
    return Figures(case, runs, analysis)
