"""The case file format (docs/case-format.md) as pydantic models, and its JSON Schema.

The models describe the file exactly as written: English keys, Swedish values, every mapping
closed (``extra="forbid"``), numbers that must be numbers and booleans that must be booleans.
Rules about one object (``low ≤ likely ≤ high``, shares summing to 1, formula or size) are
validators here; rules across the file (unique ids, known stakeholders, known nodes) are in
`cross_reference_problems`. `nyttonb.casefile.messages` rewords pydantic's errors as Problems;
`nyttonb.casefile.load` adds line numbers and builds the immutable `nyttonb.core.model.Case`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AllowInfNan,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from nyttonb.casefile.plan_schema import Realisation
from nyttonb.casefile.report_text import Texts, UncertaintyAssessment
from nyttonb.casefile.schema_types import NAME_PATTERN as NAME_PATTERN
from nyttonb.casefile.schema_types import CalendarDate, Name, NonNegative, Number, Text, Year
from nyttonb.casefile.schema_types import Closed as _Closed
from nyttonb.casefile.schema_types import Problem as Problem
from nyttonb.casefile.schema_types import problem as problem
from nyttonb.core.model import (
    Category,
    CostType,
    FreedUse,
    Measure,
    NodeKind,
    ReferenceAnalysis,
    SourceType,
    StakeholderType,
)
from nyttonb.core.units import is_count
from nyttonb.errors import did_you_mean

SHARE_TOLERANCE = 1e-6
"""Shares may miss 1 by this much (0.9999999, from a spreadsheet's rounding)."""
MAX_HORIZON = 100
"""A guard against runaway arrays; Inera's templates use 6, 15 or 25 years."""

IndexName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
"""Names of price index series: KPI, PKV, LPIK or a case's own (letters, digits, _)."""
Rating = Annotated[int, Strict(), Field(ge=1, le=5)]
"""Angelägenhet and genomförbarhet: 1 to 5 (docs/case-format.md gives the scale)."""


def range_problem(
    low: float, likely: float, high: float, unit: str, *, may_exceed_one: bool = False
) -> tuple[str, str, str] | None:
    """(key, message, fix) when a factor's values break ``low ≤ likely ≤ high``, are negative
    counts or are shares (``andel``) outside 0–1; None when they are fine.

    >>> range_problem(0.5, 70, 80, "andel")[1]
    'andelen 70 ligger utanför 0–1'
    >>> range_problem(0.5, 1.2, 1.5, "andel", may_exceed_one=True) is None
    True
    """
    if low > likely:
        return (
            "low",
            f"low ({low:g}) is above likely ({likely:g})",
            "Make low ≤ likely ≤ high, or leave low out (it then equals likely).",
        )
    if likely > high:
        return (
            "high",
            f"high ({high:g}) is below likely ({likely:g})",
            "Make low ≤ likely ≤ high, or leave high out (it then equals likely).",
        )
    if is_count(unit) and low < 0:
        key = "low" if low < likely else "likely"
        return (
            key,
            f"{low:g} is a negative count (unit '{unit}')",
            "A number of things cannot be below 0; record a decrease as a benefit or "
            "a cost instead of a negative count.",
        )
    return share_problem(low, likely, high, unit, may_exceed_one=may_exceed_one)


def share_problem(
    low: float, likely: float, high: float, unit: str, *, may_exceed_one: bool = False
) -> tuple[str, str, str] | None:
    """(key, message, fix) when a share (unit ``andel``, 0,7 = 70 %) lies outside 0–1.

    A share above 1 is allowed only where the factor says so (``may_exceed_one: true``,
    e.g. 1,2 visits per planned visit); a negative share never is.
    """
    if unit.strip().casefold() != "andel":
        return None
    for key, value in (("low", low), ("likely", likely), ("high", high)):
        if value < 0 or (value > 1 and not may_exceed_one):
            shown = f"{value:g}".replace(".", ",")
            fix = (
                "En andel skrivs som ett tal mellan 0 och 1: 70 % är 0.7. Skriv värdet som "
                "andel, eller byt enheten till % och skriv 70."
            )
            if value > 1:
                fix += " Får andelen överstiga 1, ange may_exceed_one: true på faktorn."
            return (key, f"andelen {shown} ligger utanför 0–1", fix)
    return None


class FactorRow(_Closed):
    """A factor: a value of its own (`likely`), derived (`formula`) or from the `library`."""

    label: Text | None = None
    unit: str | None = None
    likely: Number | None = None
    low: Number | None = None
    high: Number | None = None
    source: str = ""
    source_type: SourceType | None = None
    formula: Text | None = None
    library: Name | None = None
    may_exceed_one: Annotated[bool, Strict()] = False
    """For unit ``andel``: the share may be above 1 (e.g. 1,2 visits per planned visit)."""
    year: Year | None = None
    """The year whose prices an amount is in; converted to the case's price_level_year."""
    index: IndexName | None = None
    """The index that converts this amount (default: the case's price_index)."""

    @model_validator(mode="after")
    def _one_kind(self) -> FactorRow:
        kinds = [k for k in ("likely", "formula", "library") if getattr(self, k) is not None]
        if not kinds:
            raise problem(
                "likely",
                "the factor has no value",
                "Give likely: (a value of its own), formula: (derived from other "
                "factors) or library: (a standard value, see `nyttonb factors`).",
            )
        if kinds == ["likely", "library"]:
            return self  # likely overrides the library's value
        if len(kinds) > 1:
            raise problem(
                kinds[1],
                f"a factor has one of likely, formula or library, "
                f"but this one has both {kinds[0]} and {kinds[1]}",
                f"Remove {kinds[0]} or {kinds[1]}.",
            )
        if self.formula is not None and self.year is not None:
            raise problem(
                "year",
                "a derived factor (formula) has no year of its own",
                "Remove year: and give the year on the factors it is computed from.",
            )
        if self.formula is not None and (self.low is not None or self.high is not None):
            key = "low" if self.low is not None else "high"
            raise problem(
                key,
                f"a derived factor (formula) has no {key} of its own",
                f"Remove {key}: its value comes from the formula's inputs.",
            )
        if self.library is None:
            for key in ("label", "unit"):
                if getattr(self, key) is None:
                    raise problem(
                        key, f"the required key '{key}' is missing", f"Add {key}: to the factor."
                    )
        if self.likely is not None and self.library is None:
            self._check_range(self.likely)
        return self

    def _check_range(self, likely: float) -> None:
        low = likely if self.low is None else self.low
        high = likely if self.high is None else self.high
        found = range_problem(
            low, likely, high, self.unit or "", may_exceed_one=self.may_exceed_one
        )
        if found:
            raise problem(*found)


class Stakeholder(_Closed):
    name: Text
    type: StakeholderType


class Alternatives(_Closed):
    a: Text
    b: Text


class Version(_Closed):
    version: Text
    date: CalendarDate | None = None
    note: str = ""


Share = Annotated[float, Strict(), AllowInfNan(False), Field(ge=0, le=1)]


class Benefit(_Closed):
    """A benefit: valued by a formula over factors, or described with a size 0–3."""

    id: Name
    name: Text
    description: str = ""
    category: Category
    stakeholder: Name | None = None
    stakeholders: dict[Name, Share] | None = None
    formula: Text | None = None
    size: Annotated[int, Strict(), Field(ge=0, le=3)] | None = None
    per_year: Annotated[list[NonNegative], Field(min_length=1)] | None = None
    hours: Text | None = None
    factors: dict[Name, FactorRow] = Field(default_factory=dict)
    realisation: Realisation | None = None

    @model_validator(mode="after")
    def _rules(self) -> Benefit:
        self._check_stakeholders()
        self._check_valuation()
        self._check_realisation()
        return self

    def _check_realisation(self) -> None:
        plan = self.realisation
        if plan is None or self.category is not Category.OMFORDELNING or isinstance(self, Cost):
            return  # only a benefit frees resources
        if plan.freed_resources is None:
            raise problem(
                "realisation",
                "the plan does not say what the freed resources will be used for",
                "Add freed_resources: {use: …} to the realisation plan, with use "
                "one of: "
                + ", ".join(u.value for u in FreedUse)
                + " (Region Västerbotten: the plan must say where freed time goes).",
            )

    def _check_stakeholders(self) -> None:
        if self.stakeholder is not None and self.stakeholders is not None:
            raise problem(
                "stakeholders",
                "has both stakeholder and stakeholders",
                "Keep stakeholder: (one id) or stakeholders: (id → share), not both.",
            )
        if self.stakeholder is None and self.stakeholders is None:
            raise problem(
                "stakeholder",
                "the required key 'stakeholder' is missing",
                "Add stakeholder: <id>, or stakeholders: {id: share, …} with shares that sum to 1.",
            )
        if self.stakeholders is not None:
            total = sum(self.stakeholders.values())
            if abs(total - 1) > SHARE_TOLERANCE:
                raise problem(
                    "stakeholders",
                    f"the shares sum to {total:.12g}, not 1",
                    "Make the shares add up to 1 (for example 0.7 and 0.3).",
                )

    def _check_valuation(self) -> None:
        if not self.category.monetary:
            if self.formula is not None:
                raise problem(
                    "formula",
                    f"a {self.category.value} item is not valued in money",
                    "Remove formula: and describe the item with size: 0–3 "
                    "(0 ingen, 1 liten, 2 måttlig, 3 stor).",
                )
            if self.size is None:
                raise problem(
                    "size",
                    "the required key 'size' is missing",
                    f"A {self.category.value} item has size: 0–3 "
                    "(0 ingen, 1 liten, 2 måttlig, 3 stor).",
                )
        elif self.formula is not None and self.size is not None:
            raise problem(
                "size",
                "an item has either a formula or a size, not both",
                "Remove size: from an item valued by a formula.",
            )
        elif self.formula is None and self.size is None:
            raise problem(
                "formula",
                "the item has neither formula nor size",
                "Value the item with formula: over factor names, or describe it "
                "with size: 0–3 if it is not valued in money.",
            )
        if self.size is not None and not self.description:
            raise problem(
                "description",
                "the required key 'description' is missing",
                "An item described by a size needs description: saying what it is.",
            )


class Cost(Benefit):
    """A cost: a benefit's fields plus its type (engång, löpande or konsekvens)."""

    cost_type: CostType


class Note(_Closed):
    name: Text
    description: str = ""


class Node(_Closed):
    id: Name
    label: Text
    kind: NodeKind


class EffectChain(_Closed):
    nodes: list[Node] = Field(default_factory=list)
    edges: list[tuple[Name, Name]] = Field(default_factory=list)


class PublishedFigure(_Closed):
    label: Text
    value: Number
    unit: str = ""
    source: str = ""
    compare: Measure | None = None
    years: Annotated[int, Strict(), Field(ge=1, le=MAX_HORIZON)] | None = None


FactorKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")]


class Correlation(_Closed):
    """Two factors (shared `name`, or an item's own `item_id.name`) that move together."""

    factors: tuple[FactorKey, FactorKey]
    rho: Annotated[float, Strict(), AllowInfNan(False), Field(gt=-1, lt=1)]


class OwnIndex(_Closed):
    """A price index series the case brings (e.g. SKR's PKV): annual values by year."""

    label: str = ""
    source: Text
    values: Annotated[
        dict[
            Annotated[int, Field(ge=1900, le=2200)],
            Annotated[float, Strict(), AllowInfNan(False), Field(gt=0)],
        ],
        Field(min_length=1),
    ]
    note: str = ""


class CaseFile(_Closed):
    """A whole case file (see docs/case-format.md)."""

    model_config = ConfigDict(
        title="nyttonb case",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    name: Text
    organisation: Text
    area: Text
    description: Text
    geography: str = ""
    alternatives: Alternatives
    stakeholders: Annotated[dict[Name, Stakeholder], Field(min_length=1)]
    start_year: Year | None = None
    horizon: Annotated[int, Strict(), Field(ge=1, le=MAX_HORIZON)]
    discount_rate: Annotated[float, Strict(), AllowInfNan(False), Field(ge=0, lt=1)] = 0.03
    discount_first_year: Annotated[bool, Strict()] = False
    price_level_year: Year | None = None
    price_index: IndexName = "KPI"
    indices: dict[IndexName, OwnIndex] = Field(default_factory=dict)
    valuation_status: str = ""
    contact: str = ""
    versions: Annotated[list[Version], Field(min_length=1)]
    factors: dict[Name, FactorRow] = Field(default_factory=dict)
    benefits: list[Benefit] = Field(default_factory=list)
    costs: list[Cost] = Field(default_factory=list)
    risks: list[Note] = Field(default_factory=list)
    hinder: list[Note] = Field(default_factory=list)
    opportunities: list[Note] = Field(default_factory=list)
    effect_chain: EffectChain = Field(default_factory=EffectChain)
    texts: Texts = Field(default_factory=Texts)
    uncertainty_assessment: UncertaintyAssessment = Field(default_factory=UncertaintyAssessment)
    reference_analysis: ReferenceAnalysis | None = None
    published: list[PublishedFigure] = Field(default_factory=list)
    correlations: list[Correlation] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list, description="Labels for portfolio selection.")
    urgency: Rating | None = Field(
        default=None, description="Angelägenhet 1–5: 1 kan vänta … 5 akut (docs/case-format.md)."
    )
    feasibility: Rating | None = Field(
        default=None,
        description="Genomförbarhet 1–5: 1 mycket svår … 5 kan göras direkt (docs/case-format.md).",
    )


def cross_reference_problems(case: CaseFile) -> list[Problem]:
    """Rules across the file: unique item and node ids, known stakeholders and nodes."""
    found: list[Problem] = []
    items = [("benefits", i, item) for i, item in enumerate(case.benefits)]
    items += [("costs", i, item) for i, item in enumerate(case.costs)]
    first: dict[str, str] = {}
    for kind, index, item in items:
        if item.id in first:
            found.append(
                Problem(
                    (kind, index, "id"),
                    f"'{item.id}' is already the id of {first[item.id]}",
                    "Give every benefit and cost its own id.",
                )
            )
        first.setdefault(item.id, f"{kind}[{index}]")
        found += _stakeholder_problems(case, (kind, index), item)
    nodes = [node.id for node in case.effect_chain.nodes]
    for index, node_id in enumerate(nodes):
        if node_id in nodes[:index]:
            found.append(
                Problem(
                    ("effect_chain", "nodes", index, "id"),
                    f"'{node_id}' is already the id of another node",
                    "Give every node its own id.",
                )
            )
    for index, edge in enumerate(case.effect_chain.edges):
        for end, node_id in enumerate(edge):
            if node_id not in nodes:
                found.append(
                    _unknown(
                        ("effect_chain", "edges", index, end),
                        node_id,
                        "node",
                        nodes,
                        "Add it to effect_chain.nodes",
                    )
                )
    return found


def _stakeholder_problems(case: CaseFile, where: tuple[str, int], item: Benefit) -> list[Problem]:
    known = list(case.stakeholders)
    fix = "Add it under stakeholders: at the top of the file"
    if item.stakeholder is not None and item.stakeholder not in known:
        return [_unknown((*where, "stakeholder"), item.stakeholder, "stakeholder", known, fix)]
    return [
        _unknown((*where, "stakeholders", sid), sid, "stakeholder", known, fix)
        for sid in item.stakeholders or {}
        if sid not in known
    ]


def _unknown(
    path: tuple[str | int, ...], name: str, what: str, known: list[str], fix: str
) -> Problem:
    hint = did_you_mean(name, known)
    choices = ", ".join(known) or "none yet"
    return Problem(
        path,
        f"'{name}' is not a {what}" + (f"; {hint}" if hint else ""),
        f"{fix}, or use one of: {choices}.",
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors (``nyttonb schema``)."""
    schema = CaseFile.model_json_schema()
    return {"$schema": schema.pop("$schema"), **schema}
