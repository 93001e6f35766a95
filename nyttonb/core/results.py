"""What a calculation returns: plain, immutable numbers that every edge (CLI, tables, charts,
reports, the explorer) reads, so the same figures appear everywhere.

Money is in kronor at the case's price level; "present" values are discounted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nyttonb.core.model import Category

HOURS_PER_FTE = 1700.0
"""One full-time equivalent (årsarbetskraft) in hours a year (Inera: 1 700 h, range 1 600–1 800)."""


@dataclass(frozen=True, slots=True)
class Discounting:
    """The discount rate and whether the first year of the horizon is discounted too."""

    rate: float
    first_year_discounted: bool

    def describe(self) -> str:
        """The convention in one Swedish sentence, for every result and report.

        >>> print(Discounting(0.035, False).describe().replace("\u00a0", " "))
        Diskonteringsränta 3,5 % per år; år 1 diskonteras inte (t = 0), år t med 1/(1 + r)^(t − 1).
        """
        rate = _rate_text(self.rate)
        if self.first_year_discounted:
            return f"Diskonteringsränta {rate} per år; även år 1 diskonteras, år t med 1/(1 + r)^t."
        return (
            f"Diskonteringsränta {rate} per år; år 1 diskonteras inte (t = 0), "
            "år t med 1/(1 + r)^(t − 1)."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "convention": (
                "first_year_discounted" if self.first_year_discounted else "first_year_t0"
            ),
            "first_year_discounted": self.first_year_discounted,
            "description": self.describe(),
        }


def _rate_text(rate: float) -> str:
    """A rate as Swedish per cent with up to two decimals ("3 %", "3,5 %"), for `describe`.

    The core cannot use `nyttonb.present.formatting`; this is the one number it words itself.

    >>> _rate_text(0.03), _rate_text(0.035), _rate_text(0.0325)
    ('3\xa0%', '3,5\xa0%', '3,25\xa0%')
    """
    text = f"{round(rate * 100, 2):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    minus, nbsp = "\u2212", "\u00a0"
    return f"{text.replace('-', minus)}{nbsp}%"


@dataclass(frozen=True, slots=True)
class Totals:
    """Present value of benefits and costs, and their difference."""

    benefits: float
    costs: float

    @property
    def net(self) -> float:
        return self.benefits - self.costs

    def to_dict(self) -> dict[str, float]:
        return {"benefits": self.benefits, "costs": self.costs, "net": self.net}


@dataclass(frozen=True, slots=True)
class YearRow:
    """One year of the horizon. `year` is 1-based; `label` is "2024" or "år 1"."""

    year: int
    label: str
    calendar_year: int | None
    benefits: float
    costs: float
    accumulated_net: float
    benefits_nominal: float
    costs_nominal: float
    freed_hours: float
    consumed_hours: float = 0.0

    @property
    def net(self) -> float:
        return self.benefits - self.costs

    @property
    def net_freed_hours(self) -> float:
        """Hours freed by the benefits less hours taken by the costs, this year."""
        return self.freed_hours - self.consumed_hours

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "label": self.label,
            "calendar_year": self.calendar_year,
            "benefits": self.benefits,
            "costs": self.costs,
            "net": self.net,
            "accumulated_net": self.accumulated_net,
            "benefits_nominal": self.benefits_nominal,
            "costs_nominal": self.costs_nominal,
            "freed_hours": self.freed_hours,
            "consumed_hours": self.consumed_hours,
            "net_freed_hours": self.net_freed_hours,
            "freed_fte": self.freed_hours / HOURS_PER_FTE,
            "consumed_fte": self.consumed_hours / HOURS_PER_FTE,
            "net_freed_fte": self.net_freed_hours / HOURS_PER_FTE,
        }


@dataclass(frozen=True, slots=True)
class FactorChoice:
    """A factor value a paired run used for one item that differs from the run's own column.

    In the low run every item takes its lowest value; for a benefit such as
    ``brev * (porto_fore - porto_efter)`` that needs ``porto_efter`` at its *high* value.
    `position` says which of the factor's values it is ("low", "likely" or "high").
    """

    item: str
    item_name: str
    factor: str
    label: str
    unit: str
    value: float
    column_value: float
    position: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "item_name": self.item_name,
            "factor": self.factor,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "column_value": self.column_value,
            "position": self.position,
        }


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One valued benefit or cost: its annual value and what it is worth over the horizon."""

    id: str
    name: str
    direction: str
    category: str
    stakeholders: tuple[tuple[str, float], ...]
    annual_value: float
    nominal: float
    present: float
    per_year_present: tuple[float, ...]
    hours: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "direction": self.direction,
            "category": self.category,
            "stakeholders": dict(self.stakeholders),
            "annual_value": self.annual_value,
            "nominal": self.nominal,
            "present": self.present,
            "per_year_present": list(self.per_year_present),
            "hours": self.hours,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The result of one case under one set of factor values (Inera's "likely" by default)."""

    scenario: str
    horizon: int
    discounting: Discounting
    benefits: float
    costs: float
    financial: Totals
    break_even_year: int | None
    break_even_label: str | None
    freed_hours: float
    """Staff hours the benefits free, summed over the horizon (not discounted)."""
    consumed_hours: float
    """Staff hours the costs take (training, förvaltning, ...), summed over the horizon."""
    by_year: tuple[YearRow, ...]
    by_category: Mapping[str, Totals]
    by_stakeholder: Mapping[str, Totals]
    by_category_stakeholder: Mapping[tuple[str, str], Totals]
    items: tuple[ItemResult, ...]
    factor_choices: tuple[FactorChoice, ...] = ()
    """For the paired low and high runs: factor values that differ from the run's column."""
    paired_exact: bool = True
    """False when a paired run's extremes were searched, not found exactly (nyttonb.core.paired)."""

    @property
    def net_benefit(self) -> float:
        return self.benefits - self.costs

    @property
    def net_benefit_per_krona(self) -> float | None:
        """Net benefit per invested krona; None when there are no costs."""
        return self.net_benefit / self.costs if self.costs else None

    @property
    def financial_net_benefit(self) -> float:
        """What the budget sees: only finansiell benefits and costs."""
        return self.financial.net

    @property
    def freed_fte(self) -> float:
        """Freed time as full-time equivalents per year, averaged over the horizon."""
        return self.freed_hours / self.horizon / HOURS_PER_FTE

    @property
    def net_freed_hours(self) -> float:
        """Freed less consumed hours over the horizon: what the change frees on balance."""
        return self.freed_hours - self.consumed_hours

    @property
    def consumed_fte(self) -> float:
        """Consumed time as full-time equivalents per year, averaged over the horizon."""
        return self.consumed_hours / self.horizon / HOURS_PER_FTE

    @property
    def net_freed_fte(self) -> float:
        """Net freed time as full-time equivalents per year, averaged over the horizon."""
        return self.net_freed_hours / self.horizon / HOURS_PER_FTE

    def measure(self, name: str) -> float | None:
        """One of the figures a published figure can be compared with (model.Measure values).

        Freed time is in hours (per year and per day as averages over the horizon); the value of
        freed time is the present value of omfördelning benefits; the break-even year is 1-based.
        """
        per_year = self.freed_hours / self.horizon
        omfordelning = self.by_category.get("omfördelning")
        figures: dict[str, float | None] = {
            "nettonytta": self.net_benefit,
            "nyttor": self.benefits,
            "kostnader": self.costs,
            "återbetalningsår": self.break_even_year,
            "frigjord_tid": self.freed_hours,
            "frigjord_tid_per_år": per_year,
            "frigjord_tid_per_dygn": per_year / 365,
            "värde_frigjord_tid": omfordelning.benefits if omfordelning else 0.0,
        }
        return figures[name]

    def totals(self) -> dict[str, Any]:
        """The headline figures, as the CLI's JSON and the scenario table show them."""
        return {
            "net_benefit": self.net_benefit,
            "benefits": self.benefits,
            "costs": self.costs,
            "net_benefit_per_krona": self.net_benefit_per_krona,
            "break_even_year": self.break_even_year,
            "break_even_label": self.break_even_label,
            "financial_net_benefit": self.financial_net_benefit,
            "freed_hours": self.freed_hours,
            "freed_fte": self.freed_fte,
            "consumed_hours": self.consumed_hours,
            "consumed_fte": self.consumed_fte,
            "net_freed_hours": self.net_freed_hours,
            "net_freed_fte": self.net_freed_fte,
            "freed_hours_per_year": self.freed_hours / self.horizon,
            "consumed_hours_per_year": self.consumed_hours / self.horizon,
            "net_freed_hours_per_year": self.net_freed_hours / self.horizon,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "horizon": self.horizon,
            **self.totals(),
            "financial": self.financial.to_dict(),
            "discounting": self.discounting.to_dict(),
            "by_year": [row.to_dict() for row in self.by_year],
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "by_stakeholder": {k: v.to_dict() for k, v in self.by_stakeholder.items()},
            "by_category_stakeholder": [
                {"category": c, "stakeholder": s, **v.to_dict()}
                for (c, s), v in self.by_category_stakeholder.items()
            ],
            "items": [item.to_dict() for item in self.items],
        }


def category_shares(result: Result) -> dict[str, float | None]:
    """Inera's four shares: finansiell and omfördelning within the benefits, and within the
    costs (diskonterade värden). None where there are no benefits (or no costs) to share."""
    shares: dict[str, float | None] = {}
    for category in (Category.FINANSIELL, Category.OMFORDELNING):
        totals = result.by_category.get(category.value)
        for kind, whole in (("benefits", result.benefits), ("costs", result.costs)):
            part = getattr(totals, kind) if totals is not None else 0.0
            shares[f"{category.value}_{kind}"] = part / whole if whole else None
    return shares
