"""The sheets of words: Start (the frame and the perspectives), Ej värderade (items with a size
instead of an amount) and Underlag (versions, texts, risks, hinder, möjligheter, published
figures, the effect chain, correlations and every factor's source).
"""

from __future__ import annotations

from typing import Any

import nyttonb.workbook.layout as L
from nyttonb.core.model import Case, Direction, Item
from nyttonb.workbook.sheets import Writer, column

NOTE_SECTIONS = {
    "versions": ("Versioner", ("Version", "Datum", "Notering")),
    "texts": ("Texter", ("Nyckel", "Text")),
    "risks": ("Risker", ("Namn", "Beskrivning")),
    "hinder": ("Hinder", ("Namn", "Beskrivning")),
    "opportunities": ("Möjligheter", ("Namn", "Beskrivning")),
    "published": (
        "Publicerade uppgifter",
        ("Etikett", "Värde", "Enhet", "Källa", "Jämförs med", "Första år som jämförs"),
    ),
    "nodes": ("Effektkedja: noder", ("Id", "Etikett", "Typ")),
    "edges": ("Effektkedja: pilar", ("Från", "Till")),
    "correlations": ("Korrelationer", ("Faktor", "Faktor", "Rangkorrelation")),
    "indices": ("Egna prisindex", ("Namn", "År", "Värde", "Källa", "Etikett", "Anteckning")),
    "plans": ("Nyttorealiseringsplaner", ("Id", "Plan (YAML, som i fallfilen)")),
}
"""Underlag's sections, each a title in column A, a header row, then one row per entry."""
SOURCES_TITLE = "Källor och antaganden"


def write_start(workbook: Any, case: Case) -> None:
    out = Writer(workbook[L.START])
    out.title("A1", f"Nyttoanalys: {case.name}")
    values: dict[str, Any] = {
        "name": case.name,
        "organisation": case.organisation,
        "area": case.area,
        "geography": case.geography,
        "description": case.description,
        "alternative_a": case.alternative_a,
        "alternative_b": case.alternative_b,
        "start_year": case.start_year or 1,
        "horizon": case.horizon,
        "discount_rate": case.discount_rate,
        "discount_first_year": L.YES if case.discount_first_year else L.NO,
        "price_level_year": case.price_level_year,
        "valuation_status": case.valuation_status,
        "contact": case.contact,
        "reference_analysis": case.reference_analysis.value if case.reference_analysis else "",
        "price_index": case.price_index,
        "tags": ", ".join(case.tags),
        "urgency": case.urgency,
        "feasibility": case.feasibility,
    }
    for key, label in L.START_LABELS.items():
        row = L.START_ROWS[key]
        out.put(f"A{row}", label, bold=True)
        fmt = L.PERCENT if key == "discount_rate" else None
        out.put(
            f"B{row}",
            values[key],
            fmt=fmt,
            wrap=key in ("description", "alternative_a", "alternative_b"),
        )
    out.put(
        f"C{L.START_ROWS['horizon']}",
        "Antalet årskolumner; ändra i fallfilen och exportera igen för en annan kalkylperiod.",
    )
    out.put(f"C{L.START_ROWS['start_year']}", "Kalenderår, eller 1 för år 1, år 2 …")
    out.put(f"C{L.START_ROWS['discount_first_year']}", f"{L.YES} eller {L.NO}")
    out.choices(f"B{L.START_ROWS['discount_first_year']}", f"{L.YES},{L.NO}")
    row = stakeholder_header_row()
    out.title(f"A{row}", L.STAKEHOLDER_HEADER)
    out.header(row + 1, L.STAKEHOLDER_COLUMNS)
    for offset, stakeholder in enumerate(case.stakeholders):
        out.put(f"A{row + 2 + offset}", stakeholder.name)
        out.put(f"B{row + 2 + offset}", stakeholder.type.value)
        out.put(f"C{row + 2 + offset}", stakeholder.id)
    out.widths({"A": 34, "B": 70, "C": 40})


def stakeholder_header_row() -> int:
    return max(L.START_ROWS.values()) + 2


def stakeholder_range(case: Case) -> str:
    """The perspectives' names on Start, for the drop-down lists of the blocks."""
    first = stakeholder_header_row() + 2
    return f"{L.START}!$A${first}:$A${first + len(case.stakeholders) - 1}"


def write_not_valued(workbook: Any, case: Case) -> None:
    out = Writer(workbook[L.NOT_VALUED])
    out.title("A1", "Nyttor och kostnader som inte värderats i pengar")
    names = {s.id: s.name for s in case.stakeholders}
    for kind, items in (("benefits", case.benefits), ("costs", case.costs)):
        first = L.NOT_VALUED_FIRST[kind]
        out.put(
            f"{column(first)}{L.NOT_VALUED_HEADER_ROW - 1}",
            "Nyttor" if kind == "benefits" else "Kostnader",
            bold=True,
        )
        headers = [h if kind == "costs" or h != "Kostnadstyp" else "" for h in L.NOT_VALUED_COLUMNS]
        out.header(L.NOT_VALUED_HEADER_ROW, headers, first=first)
        row = L.NOT_VALUED_HEADER_ROW + 1
        for item in items:
            if item.valued or item.hours is not None:
                continue
            cells: list[Any] = [
                item.name,
                perspective_text(item, names),
                L.CATEGORY_LABELS[item.category],
                L.SIZE_LABELS.get(item.size, "") if item.size is not None else "",
                item.description,
                item.id,
            ]
            cells.append(
                L.COST_TYPE_LABELS[item.cost_type]
                if item.direction is Direction.COST and item.cost_type is not None
                else None
            )
            cells.append(items.index(item) + 1)
            for offset, value in enumerate(cells):
                out.put(f"{column(first + offset)}{row}", value, wrap=offset == 4)
            out.choices(f"{column(first + 2)}{row}", ",".join(L.CATEGORY_LABELS.values()))
            out.choices(f"{column(first + 3)}{row}", ",".join(L.SIZE_LABELS.values()))
            row += 1
    out.widths(
        {
            "A": 34,
            "B": 18,
            "C": 14,
            "D": 12,
            "E": 50,
            "F": 18,
            "I": 34,
            "J": 18,
            "K": 14,
            "L": 12,
            "M": 50,
            "N": 18,
            "O": 12,
        }
    )


def perspective_text(item: Item, names: dict[str, str]) -> str:
    """One name, or ``Namn (0,3); Namn (0,7)`` for an item split between perspectives."""
    if len(item.stakeholders) == 1:
        return names.get(item.stakeholders[0][0], item.stakeholders[0][0])
    return "; ".join(f"{names.get(sid, sid)} ({_share(share)})" for sid, share in item.stakeholders)


def _share(share: float) -> str:
    return repr(float(share)).replace(".", ",")


ASSESSMENT_PREFIX = "uncertainty_assessment."
"""Texter rows whose key starts so hold the osäkerhetsbedömning (6.1–6.4), one area each."""


def assessment_rows(case: Case) -> list[tuple[str, str]]:
    a = case.uncertainty_assessment
    areas = {"effects": a.effects, "data": a.data, "delimitations": a.delimitations}
    areas["overall"] = a.overall
    return [(ASSESSMENT_PREFIX + key, text) for key, text in areas.items() if text]


def plan_text(plan: Any) -> str:
    """A realisation plan as the case file writes it (YAML), to travel in one cell."""
    import io

    from ruamel.yaml import YAML

    data: dict[str, Any] = {"indicator": {"name": plan.indicator.name, "unit": plan.indicator.unit}}
    if plan.indicator.method:
        data["indicator"]["method"] = plan.indicator.method
    if plan.baseline is not None:
        b = plan.baseline
        data["baseline"] = {"value": b.value, "date": b.date, "source": b.source}
    data["target"] = {"value": plan.target.value, "year": plan.target.year}
    data["responsible"] = {"realising": plan.realising, "measuring": plan.measuring}
    data["measured_when"] = plan.measured_when
    if plan.freed_use is not None:
        data["freed_resources"] = {"use": plan.freed_use.value, "description": plan.freed_use_text}
    if plan.preconditions:
        data["preconditions"] = list(plan.preconditions)
    if plan.risks:
        data["risks"] = [{"name": r.name, "handling": r.handling} for r in plan.risks]
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def own_indices(case: Case) -> list[tuple[Any, ...]]:
    """The case's own price index series (not the shipped ones), one row per year."""
    from nyttonb.casefile.indices import shipped_indices

    shipped = shipped_indices()
    return [
        (series.name, year, value, series.source, series.label, series.note)
        for series in case.indices
        if shipped.get(series.name) != series
        for year, value in series.values
    ]


def write_notes(workbook: Any, case: Case, made_by: str) -> None:
    out = Writer(workbook[L.NOTES])
    out.title("A1", "Underlag: versioner, texter och källor")
    out.put("A2", made_by)
    row = 4
    sections: dict[str, list[tuple[Any, ...]]] = {
        "versions": [
            (v.version, v.date.isoformat() if v.date else "", v.note) for v in case.versions
        ],
        "texts": list(case.texts) + assessment_rows(case),
        "risks": [(n.name, n.description) for n in case.risks],
        "hinder": [(n.name, n.description) for n in case.hinder],
        "opportunities": [(n.name, n.description) for n in case.opportunities],
        "published": [
            (p.label, p.value, p.unit, p.source, p.compare.value if p.compare else "", p.years)
            for p in case.published
        ],
        "nodes": [(n.id, n.label, n.kind.value) for n in case.effect_chain.nodes],
        "edges": list(case.effect_chain.edges),
        "correlations": [(c.first, c.second, c.rho) for c in case.correlations],
        "indices": own_indices(case),
        "plans": [(i.id, plan_text(i.realisation)) for i in case.items if i.realisation],
    }
    for key, (title, headers) in NOTE_SECTIONS.items():
        out.title(f"A{row}", title)
        out.header(row + 1, headers)
        row += 2
        for entry in sections[key]:
            for offset, value in enumerate(entry):
                out.put(f"{column(1 + offset)}{row}", value, wrap=True)
            row += 1
        row += 1
    out.title(f"A{row}", SOURCES_TITLE)
    out.header(row + 1, ("Faktor", "Namn", "Källa", "Källtyp"))
    row += 2
    for factor in case.all_factors:
        for offset, value in enumerate(
            (factor.label, factor.key, factor.source, factor.source_type.value)
        ):
            out.put(f"{column(1 + offset)}{row}", value, wrap=True)
        row += 1
    out.widths({"A": 30, "B": 80, "C": 50, "D": 30, "E": 16})
