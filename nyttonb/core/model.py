"""The domain of a nyttokalkyl as immutable data: a case, its factors and its items.

Plain frozen dataclasses, built by `nyttonb.casefile.load` from a case file (or by hand in
tests) and read by the calculation core. A change makes a new object (`dataclasses.replace`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    """Inera's four categories of benefits and costs."""

    FINANSIELL = "finansiell"
    OMFORDELNING = "omfördelning"
    KVALITET = "kvalitet"
    MILJO = "miljö"

    @property
    def monetary(self) -> bool:
        """Finansiell and omfördelning items may be valued in money; the others get a size."""
        return self in (Category.FINANSIELL, Category.OMFORDELNING)


class Direction(StrEnum):
    BENEFIT = "nytta"
    COST = "kostnad"


class CostType(StrEnum):
    ONE_OFF = "engång"
    RECURRING = "löpande"
    CONSEQUENCE = "konsekvens"


class SourceType(StrEnum):
    """How trustworthy a factor's value is: local data beats an estimate beats a standard value."""

    PUBLISHED = "publicerad"
    LOCAL = "lokal"
    STANDARD = "standardvärde"
    ASSUMPTION = "antagande"


class StakeholderType(StrEnum):
    ORGANISATION = "organisation"
    STAFF = "personal"
    CITIZENS = "invånare"
    RELATIVES = "närstående"
    OTHER_ORGANISATION = "annan organisation"
    SOCIETY = "samhälle"


class NodeKind(StrEnum):
    CHANGE = "förändring"
    BEHAVIOUR = "beteende"
    EFFECT = "effekt"
    BENEFIT = "nytta"
    GOAL = "mål"


class Measure(StrEnum):
    """A figure of the calculation that a published figure can be set beside."""

    NET_BENEFIT = "nettonytta"
    BENEFITS = "nyttor"
    COSTS = "kostnader"
    BREAK_EVEN_YEAR = "återbetalningsår"
    FREED_HOURS = "frigjord_tid"
    FREED_HOURS_PER_YEAR = "frigjord_tid_per_år"
    FREED_HOURS_PER_DAY = "frigjord_tid_per_dygn"
    FREED_VALUE = "värde_frigjord_tid"


class FreedUse(StrEnum):
    """What freed time or avoided costs will be used for (Region Västerbotten's plan asks)."""

    UNDECIDED = "ej beslutat"
    QUALITY = "kvalitet"
    AVOIDED_COST = "undviken kostnad"
    FEWER_POSTS = "färre tjänster"


SIZE_LABELS = {0: "ingen", 1: "liten", 2: "måttlig", 3: "stor"}
"""Inera's scale for items not valued in money."""


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor row: a likely, lowest and highest value with unit and source.

    `key` is unique in the case: the name for a shared factor, ``"<item id>.<name>"`` for an
    item's own row. A derived factor has a `formula` over other factors; its values are then
    the formula's values under each scenario.
    """

    key: str
    name: str
    label: str
    unit: str
    likely: float
    low: float
    high: float
    source: str = ""
    source_type: SourceType = SourceType.ASSUMPTION
    formula: str | None = None
    library: str | None = None
    year: int | None = None
    """The year whose prices an amount is in (None: the case's price level)."""
    index: str | None = None
    """The price index that brings it to the case's price level (None: the case's own)."""

    @property
    def derived(self) -> bool:
        return self.formula is not None

    def value(self, scenario: str) -> float:
        """The value under Inera's paired scenario "low", "likely" or "high"."""
        return float(getattr(self, scenario))


@dataclass(frozen=True, slots=True)
class Indicator:
    """What is measured to follow a benefit (KB06's indikator), how, and in which unit."""

    name: str
    unit: str
    method: str = ""


@dataclass(frozen=True, slots=True)
class Baseline:
    """The nulägesmätning: the indicator's value before the change, when and from where."""

    value: float
    date: date
    source: str


@dataclass(frozen=True, slots=True)
class Target:
    """The indicator's target value and the year (calendar year, or 1-based) it is due."""

    value: float
    year: int


@dataclass(frozen=True, slots=True)
class PlanRisk:
    """A risk that the benefit is not reached, and how it is handled."""

    name: str
    handling: str = ""


@dataclass(frozen=True, slots=True)
class Realisation:
    """A benefit's (or cost's) nyttorealiseringsplan: who realises and measures what, when,
    against which baseline and target, and what freed resources will be used for."""

    indicator: Indicator
    target: Target
    realising: str
    measuring: str
    measured_when: str
    baseline: Baseline | None = None
    freed_use: FreedUse | None = None
    freed_use_text: str = ""
    preconditions: tuple[str, ...] = ()
    risks: tuple[PlanRisk, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """A benefit or a cost: valued by a formula over factors, or described with a size 0–3."""

    id: str
    name: str
    direction: Direction
    category: Category
    stakeholders: tuple[tuple[str, float], ...]
    description: str = ""
    formula: str | None = None
    per_year: tuple[float, ...] = (1.0,)
    size: int | None = None
    cost_type: CostType | None = None
    hours: str | None = None
    factors: tuple[Factor, ...] = ()
    line: int | None = None
    realisation: Realisation | None = None

    @property
    def valued(self) -> bool:
        return self.formula is not None

    def profile(self, horizon: int) -> tuple[float, ...]:
        """The per-year factors over `horizon` years; the last value continues to the end.

        >>> Item("x", "x", Direction.COST, Category.FINANSIELL, (("k", 1.0),),
        ...      per_year=(1.0, 0.0)).profile(4)
        (1.0, 0.0, 0.0, 0.0)
        """
        given = self.per_year[:horizon]
        return given + (self.per_year[-1],) * (horizon - len(given))


@dataclass(frozen=True, slots=True)
class Stakeholder:
    id: str
    name: str
    type: StakeholderType


@dataclass(frozen=True, slots=True)
class Version:
    version: str
    date: date | None
    note: str


@dataclass(frozen=True, slots=True)
class Note:
    """A risk, a hinder or a möjlighet: described, not valued."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    label: str
    kind: NodeKind


@dataclass(frozen=True, slots=True)
class EffectChain:
    nodes: tuple[Node, ...] = ()
    edges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PublishedFigure:
    """A figure published elsewhere about the case, shown beside what the calculation gives."""

    label: str
    value: float
    unit: str
    source: str
    compare: Measure | None = None


@dataclass(frozen=True, slots=True)
class Correlation:
    """Two factors that tend to move together in the Monte Carlo analysis (rank correlation)."""

    first: str
    second: str
    rho: float


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A price index series: annual values by year, its source, and which values are verified.

    nyttonb ships SCB's KPI (annual averages, 1980 = 100); a case may give its own series (PKV
    for a kommun, LPIK for a region, a wage index) under ``indices``.
    """

    name: str
    label: str
    source: str
    values: tuple[tuple[int, float], ...] = ()
    unverified: tuple[int, ...] = ()
    """Years whose value has not been checked against the publisher's own table."""
    note: str = ""

    def value(self, year: int) -> float | None:
        return dict(self.values).get(year)


@dataclass(frozen=True, slots=True)
class Case:
    """One nyttokalkyl: Alternative B against Alternative A over a horizon, for stakeholders."""

    name: str
    organisation: str
    area: str
    description: str
    alternative_a: str
    alternative_b: str
    stakeholders: tuple[Stakeholder, ...]
    horizon: int
    versions: tuple[Version, ...]
    discount_rate: float = 0.03
    discount_first_year: bool = False
    start_year: int | None = None
    price_level_year: int | None = None
    geography: str = ""
    valuation_status: str = ""
    contact: str = ""
    factors: tuple[Factor, ...] = ()
    benefits: tuple[Item, ...] = ()
    costs: tuple[Item, ...] = ()
    risks: tuple[Note, ...] = ()
    hinder: tuple[Note, ...] = ()
    opportunities: tuple[Note, ...] = ()
    effect_chain: EffectChain = field(default_factory=EffectChain)
    texts: tuple[tuple[str, str], ...] = ()
    published: tuple[PublishedFigure, ...] = ()
    correlations: tuple[Correlation, ...] = ()
    source_path: str = ""
    price_index: str = "KPI"
    """The index that brings amounts of other years to `price_level_year` (by name)."""
    indices: tuple[PriceIndex, ...] = ()
    """The index series the case can use: nyttonb's shipped ones and the case's own."""

    def index_series(self, name: str) -> PriceIndex | None:
        for series in self.indices:
            if series.name == name:
                return series
        return None

    tags: tuple[str, ...] = ()
    """Free labels for selecting analyses in a portfolio (``nyttonb portfolio --tag``)."""
    urgency: int | None = None
    """Angelägenhet, 1 (kan vänta) to 5 (akut), for prioritising; None when not judged."""
    feasibility: int | None = None
    """Genomförbarhet, 1 (mycket svår) to 5 (kan göras direkt), for prioritising."""

    @property
    def items(self) -> tuple[Item, ...]:
        return self.benefits + self.costs

    @property
    def all_factors(self) -> tuple[Factor, ...]:
        """Shared factors, then every item's own rows, each with a unique key."""
        return self.factors + tuple(f for item in self.items for f in item.factors)

    def factor(self, key: str) -> Factor:
        for f in self.all_factors:
            if f.key == key:
                return f
        raise KeyError(key)

    def stakeholder_name(self, stakeholder_id: str) -> str:
        for s in self.stakeholders:
            if s.id == stakeholder_id:
                return s.name
        return stakeholder_id

    def text(self, key: str, default: str = "") -> str:
        return dict(self.texts).get(key, default)

    def year_label(self, index: int) -> str:
        """Year `index` (1-based) as readers see it: the calendar year, or "år 1"."""
        return str(self.start_year + index - 1) if self.start_year else f"år {index}"

    def year_index(self, year: int) -> int:
        """The 1-based year of the horizon for a year as a file writes it: a calendar year
        when the case has a `start_year`, otherwise already 1-based."""
        return year - self.start_year + 1 if self.start_year else year

    def with_frame(
        self,
        *,
        horizon: int | None = None,
        discount_rate: float | None = None,
        discount_first_year: bool | None = None,
    ) -> Case:
        """The same case with another horizon, rate or first-year convention."""
        return replace(
            self,
            horizon=self.horizon if horizon is None else horizon,
            discount_rate=self.discount_rate if discount_rate is None else discount_rate,
            discount_first_year=(
                self.discount_first_year if discount_first_year is None else discount_first_year
            ),
        )
