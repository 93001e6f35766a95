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
    "published": ("Publicerade uppgifter", ("Etikett", "Värde", "Enhet", "Källa", "Jämförs med")),
    "nodes": ("Effektkedja: noder", ("Id", "Etikett", "Typ")),
    "edges": ("Effektkedja: pilar", ("Från", "Till")),
    "correlations": ("Korrelationer", ("Faktor", "Faktor", "Rangkorrelation")),
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
        headers = L.NOT_VALUED_COLUMNS if kind == "costs" else L.NOT_VALUED_COLUMNS[:-1]
        out.header(L.NOT_VALUED_HEADER_ROW, headers, first=first)
        row = L.NOT_VALUED_HEADER_ROW + 1
        for item in items:
            if item.valued or item.hours is not None:
                continue
            cells = [
                item.name,
                perspective_text(item, names),
                L.CATEGORY_LABELS[item.category],
                L.SIZE_LABELS.get(item.size, "") if item.size is not None else "",
                item.description,
                item.id,
            ]
            if item.direction is Direction.COST and item.cost_type is not None:
                cells.append(L.COST_TYPE_LABELS[item.cost_type])
            for offset, value in enumerate(cells):
                out.put(f"{column(first + offset)}{row}", value, wrap=offset == 4)
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


def write_notes(workbook: Any, case: Case, made_by: str) -> None:
    out = Writer(workbook[L.NOTES])
    out.title("A1", "Underlag: versioner, texter och källor")
    out.put("A2", made_by)
    row = 4
    sections: dict[str, list[tuple[Any, ...]]] = {
        "versions": [
            (v.version, v.date.isoformat() if v.date else "", v.note) for v in case.versions
        ],
        "texts": list(case.texts),
        "risks": [(n.name, n.description) for n in case.risks],
        "hinder": [(n.name, n.description) for n in case.hinder],
        "opportunities": [(n.name, n.description) for n in case.opportunities],
        "published": [
            (p.label, p.value, p.unit, p.source, p.compare.value if p.compare else "")
            for p in case.published
        ],
        "nodes": [(n.id, n.label, n.kind.value) for n in case.effect_chain.nodes],
        "edges": list(case.effect_chain.edges),
        "correlations": [(c.first, c.second, c.rho) for c in case.correlations],
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
