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
from nyttonb.errors import did_you_mean, number

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
            f"Lägst (low, {number(low)}) är större än Troligt (likely, {number(likely)})",
            "Se till att low ≤ likely ≤ high, eller ta bort low (då blir Lägst lika med Troligt).",
        )
    if likely > high:
        return (
            "high",
            f"Högst (high, {number(high)}) är mindre än Troligt (likely, {number(likely)})",
            "Se till att low ≤ likely ≤ high, eller ta bort high (då blir Högst lika med Troligt).",
        )
    if is_count(unit) and low < 0:
        key = "low" if low < likely else "likely"
        return (
            key,
            f"{number(low)} är ett negativt antal (enhet '{unit}')",
            "Ett antal kan inte vara under 0; för in en minskning som en nytta eller en "
            "kostnad i stället för som ett negativt antal.",
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
            shown = number(value)
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
                "faktorn har inget värde",
                "Ange likely: (ett eget värde), formula: (räknas fram ur andra faktorer) "
                "eller library: (ett standardvärde, se `nyttonb factors`).",
            )
        if kinds == ["likely", "library"]:
            return self  # likely overrides the library's value
        if len(kinds) > 1:
            raise problem(
                kinds[1],
                "en faktor har en av likely, formula och library, "
                f"men den här har både {kinds[0]} och {kinds[1]}",
                f"Ta bort {kinds[0]} eller {kinds[1]}.",
            )
        if self.formula is not None and self.year is not None:
            raise problem(
                "year",
                "en härledd faktor (formula) har inget eget år",
                "Ta bort year: och ange året på de faktorer den räknas fram ur.",
            )
        if self.formula is not None and (self.low is not None or self.high is not None):
            key = "low" if self.low is not None else "high"
            raise problem(
                key,
                f"en härledd faktor (formula) har inget eget {key}",
                f"Ta bort {key}: värdet kommer från faktorerna i formeln.",
            )
        if self.library is None:
            for key in ("label", "unit"):
                if getattr(self, key) is None:
                    raise problem(
                        key, f"nyckeln '{key}' saknas men krävs", f"Lägg till {key}: på faktorn."
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
                "planen säger inte vad de frigjorda resurserna ska användas till",
                "Lägg till freed_resources: {use: …} i nyttorealiseringsplanen, med use: "
                "en av "
                + ", ".join(u.value for u in FreedUse)
                + " (Region Västerbotten: planen ska säga vart frigjord tid går).",
            )

    def _check_stakeholders(self) -> None:
        if self.stakeholder is not None and self.stakeholders is not None:
            raise problem(
                "stakeholders",
                "har både stakeholder och stakeholders",
                "Behåll stakeholder: (ett id) eller stakeholders: (id → andel), inte båda.",
            )
        if self.stakeholder is None and self.stakeholders is None:
            raise problem(
                "stakeholder",
                "nyckeln 'stakeholder' saknas men krävs",
                "Lägg till stakeholder: <id>, eller stakeholders: {id: andel, …} med andelar "
                "som tillsammans blir 1.",
            )
        if self.stakeholders is not None:
            total = sum(self.stakeholders.values())
            if abs(total - 1) > SHARE_TOLERANCE:
                raise problem(
                    "stakeholders",
                    f"andelarna blir tillsammans {number(round(total, 12))}, inte 1",
                    "Låt andelarna bli 1 tillsammans (till exempel 0.7 och 0.3).",
                )

    def _check_valuation(self) -> None:
        if not self.category.monetary:
            if self.formula is not None:
                raise problem(
                    "formula",
                    f"en nytta eller kostnad i kategorin {self.category.value} värderas inte "
                    "i pengar",
                    "Ta bort formula: och beskriv den med uppskattad storlek, size: 0–3 "
                    "(0 ingen, 1 liten, 2 måttlig, 3 stor).",
                )
            if self.size is None:
                raise problem(
                    "size",
                    "nyckeln 'size' saknas men krävs",
                    f"I kategorin {self.category.value} anges uppskattad storlek, size: 0–3 "
                    "(0 ingen, 1 liten, 2 måttlig, 3 stor).",
                )
        elif self.formula is not None and self.size is not None:
            raise problem(
                "size",
                "en nytta eller kostnad har antingen formula eller size, inte båda",
                "Ta bort size: när den värderas i pengar med en formel.",
            )
        elif self.formula is None and self.size is None:
            raise problem(
                "formula",
                "varken formula eller size är angivet",
                "Värdera i pengar med formula: över faktornamn, eller ange uppskattad "
                "storlek med size: 0–3 om den inte värderas i pengar.",
            )
        if self.size is not None and not self.description:
            raise problem(
                "description",
                "nyckeln 'description' saknas men krävs",
                "Med uppskattad storlek behövs description: som säger vad det gäller.",
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
                    f"'{item.id}' är redan id för {first[item.id]}",
                    "Ge varje nytta och kostnad ett eget id.",
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
                    f"'{node_id}' är redan id för en annan nod",
                    "Ge varje nod ett eget id.",
                )
            )
    for index, edge in enumerate(case.effect_chain.edges):
        for end, node_id in enumerate(edge):
            if node_id not in nodes:
                found.append(
                    _unknown(
                        ("effect_chain", "edges", index, end),
                        node_id,
                        "nod",
                        nodes,
                        "Lägg till den i effect_chain.nodes",
                    )
                )
    return found


def _stakeholder_problems(case: CaseFile, where: tuple[str, int], item: Benefit) -> list[Problem]:
    known = list(case.stakeholders)
    fix = "Lägg till den under stakeholders: överst i filen"
    if item.stakeholder is not None and item.stakeholder not in known:
        return [_unknown((*where, "stakeholder"), item.stakeholder, "intressent", known, fix)]
    return [
        _unknown((*where, "stakeholders", sid), sid, "intressent", known, fix)
        for sid in item.stakeholders or {}
        if sid not in known
    ]


def _unknown(
    path: tuple[str | int, ...], name: str, what: str, known: list[str], fix: str
) -> Problem:
    hint = did_you_mean(name, known)
    choices = ", ".join(known) or "inga ännu"
    return Problem(
        path,
        f"'{name}' är ingen {what}" + (f"; {hint}" if hint else ""),
        f"{fix}, eller använd en av {choices}.",
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors (``nyttonb schema``)."""
    schema = CaseFile.model_json_schema()
    return {"$schema": schema.pop("$schema"), **schema}
