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
from nyttonb.core.cautions import Caution, case_cautions
from nyttonb.core.compiled import compile_case
from nyttonb.core.followup import Actuals, FollowUp, follow_up
from nyttonb.core.followup_figures import follow_up_dict
from nyttonb.core.model import Case
from nyttonb.core.price_level import PriceLevel
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
    price_level: PriceLevel | None = None
    """The case's price level and every conversion made to reach it (for the Metod section)."""
    cautions: tuple[Caution, ...] = ()
    """The method's warnings (nyttonb.core.cautions), for `check` and the report."""
    follow_up: FollowUp | None = None
    """Planned against actual values and the efterkalkyl (`nyttonb.core.followup`)."""

    @property
    def result(self) -> Result:
        """The likely run: the figures of the analysis."""
        return self.runs["likely"]

    def to_dict(self) -> dict[str, Any]:
        """What `nyttonb calc --json` prints (a public interface: keys are added, never
        renamed or dropped). Money in kronor."""
        case = self.case
        data: dict[str, Any] = {
            "case": case_facts(case),
            **self.result.to_dict(),
            "scenarios": {
                name: {
                    **run.totals(),
                    "factor_values": [choice.to_dict() for choice in run.factor_choices],
                    "exact": run.paired_exact,
                }
                for name, run in self.runs.items()
            },
            "warnings": [caution.to_dict() for caution in self.cautions],
        }
        if self.price_level is not None:
            data["price_level"] = self.price_level.to_dict()
        if self.follow_up is not None:
            data["follow_up"] = follow_up_dict(case, self.follow_up)
        if self.analysis is not None:
            data["uncertainty"] = self.analysis.to_dict()
        return data


def case_facts(case: Case) -> dict[str, Any]:
    """The ``case`` part of `nyttonb calc --json`: what the analysis is, and its frame."""
    return {
        "name": case.name,
        "organisation": case.organisation,
        "area": case.area,
        "file": case.source_path,
        "horizon": case.horizon,
        "start_year": case.start_year,
        "price_level_year": case.price_level_year,
        "tags": list(case.tags),
        "urgency": case.urgency,
        "feasibility": case.feasibility,
    }


def compute_figures(
    case: Case,
    *,
    with_uncertainty: bool = False,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    actuals: Actuals | None = None,
) -> Figures:
    """The case's figures; the case is compiled once for all of them. The follow-up (planned
    against `actuals`, if any) is always computed: a case without a plan says so."""
    compiled = compile_case(case)
    runs = scenarios(compiled)
    analysis = None
    if with_uncertainty:
        analysis = uncertainty(compiled, draws=draws, seed=DEFAULT_SEED if seed is None else seed)
    return Figures(
        case,
        runs,
        analysis,
        compiled.price_level,
        case_cautions(compiled, runs),
        follow_up(compiled, actuals),
    )
