"""Import of the sheets of words: Start, Ej värderade and Underlag, into case-file data."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import nyttonb.workbook.layout as L
from nyttonb.core.model import StakeholderType
from nyttonb.workbook.cells import Book, find_row, identifier
from nyttonb.workbook.sheets import column
from nyttonb.workbook.text_sheets import NOTE_SECTIONS, stakeholder_header_row

_REQUIRED = (
    "name",
    "organisation",
    "area",
    "description",
    "alternative_a",
    "alternative_b",
    "horizon",
)


def read_start(book: Book) -> tuple[dict[str, Any], dict[str, str]]:
    """The frame of the case, and a map from perspective name to stakeholder id."""
    sheet = L.START
    found: dict[str, str] = {}
    for key, label in L.START_LABELS.items():
        row = find_row(book, sheet, label)
        if row is None and key in _REQUIRED:
            raise book.error(
                sheet,
                "A1",
                f"raden '{label}' saknas",
                f"Skriv '{label}' i kolumn A och värdet i kolumn B, som i docs/excel-layout.md.",
            )
        found[key] = f"B{row}" if row else ""
    data: dict[str, Any] = {}
    for key in ("name", "organisation", "area", "description"):
        data[key] = _required_text(book, found[key], L.START_LABELS[key])
    for key in ("geography", "valuation_status", "contact", "reference_analysis"):
        if found[key] and book.text(sheet, found[key]):
            data[key] = book.text(sheet, found[key])
    data["alternatives"] = {
        "a": _required_text(book, found["alternative_a"], "Alternativ A"),
        "b": _required_text(book, found["alternative_b"], "Alternativ B"),
    }
    stakeholders, by_name = _stakeholders(book)
    data["stakeholders"] = stakeholders
    start = _whole(book, found["start_year"], "Startåret", default=1)
    if start > 1:
        data["start_year"] = start
    data["horizon"] = _whole(book, found["horizon"], "Kalkylperioden")
    if found["discount_rate"]:
        data["discount_rate"] = book.number(
            sheet, found["discount_rate"], "Diskonteringsräntan", default=0.03
        )
    if found["discount_first_year"]:
        answer = book.text(sheet, found["discount_first_year"]).casefold()
        if answer not in ("", L.YES.casefold(), L.NO.casefold()):
            raise book.error(
                sheet,
                found["discount_first_year"],
                f"'{answer}' är varken {L.YES} eller {L.NO}",
                f"Skriv {L.YES} (även år 1 diskonteras) eller {L.NO}.",
            )
        data["discount_first_year"] = answer == L.YES.casefold()
    if found["price_level_year"] and book.value(sheet, found["price_level_year"]) is not None:
        data["price_level_year"] = _whole(book, found["price_level_year"], "Prisnivåår")
    if found["price_index"] and book.text(sheet, found["price_index"]):
        data["price_index"] = book.text(sheet, found["price_index"])
    if found["tags"] and book.text(sheet, found["tags"]):
        data["tags"] = [t.strip() for t in book.text(sheet, found["tags"]).split(",") if t.strip()]
    for key in ("urgency", "feasibility"):
        if found[key] and book.value(sheet, found[key]) is not None:
            data[key] = _whole(book, found[key], L.START_LABELS[key])
    return data, by_name


def _required_text(book: Book, address: str, label: str) -> str:
    text = book.text(L.START, address)
    if not text:
        raise book.error(L.START, address, f"{label} saknas", "Fyll i cellen.")
    return text


def _whole(book: Book, address: str, what: str, *, default: int | None = None) -> int:
    value = book.number(L.START, address, what, default=None if default is None else float(default))
    if not value.is_integer():
        raise book.error(
            L.START,
            address,
            f"{what} ska vara ett heltal, inte {value:g}",
            "Skriv ett helt antal år.",
        )
    return int(value)


def _stakeholders(book: Book) -> tuple[dict[str, Any], dict[str, str]]:
    title = find_row(book, L.START, L.STAKEHOLDER_HEADER) or stakeholder_header_row()
    stakeholders: dict[str, Any] = {}
    by_name: dict[str, str] = {}
    taken: set[str] = set()
    kinds = [kind.value for kind in StakeholderType]
    row = title + 2
    while book.text(L.START, f"A{row}"):
        name = book.text(L.START, f"A{row}")
        kind = book.text(L.START, f"B{row}").casefold() or StakeholderType.ORGANISATION.value
        if kind not in kinds:
            raise book.error(
                L.START,
                f"B{row}",
                f"'{kind}' är ingen typ av perspektiv",
                f"Välj en av: {', '.join(kinds)}.",
            )
        given = book.text(L.START, f"C{row}")
        sid = (
            given
            if re.fullmatch(r"[a-z][a-z0-9_]*", given) and given not in taken
            else identifier(name, taken, "perspektiv")
        )
        taken.add(sid)
        stakeholders[sid] = {"name": name, "type": kind}
        by_name[name.casefold()] = sid
        row += 1
    if not stakeholders:
        raise book.error(
            L.START,
            f"A{title + 2}",
            "inga perspektiv är angivna",
            "Skriv minst ett perspektiv (namn och typ) under rubriken Perspektiv.",
        )
    return stakeholders, by_name


def choice(book: Book, sheet: str, address: str, labels: dict[Any, str], what: str) -> Any:
    """The enum member whose label the cell holds (case-insensitive)."""
    text = book.text(sheet, address).casefold()
    for member, label in labels.items():
        if text in (label.casefold(), str(getattr(member, "value", member)).casefold()):
            return member
    raise book.error(
        sheet,
        address,
        f"'{book.text(sheet, address)}' är ingen {what}",
        f"Välj en av: {', '.join(labels.values())}.",
    )


def stakeholder_shares(
    book: Book, sheet: str, address: str, text: str, by_name: dict[str, str]
) -> dict[str, float]:
    """``Namn`` or ``Namn (0,3); Namn (0,7)`` as stakeholder id → share."""
    shares: dict[str, float] = {}
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        match = re.fullmatch(r"(.*?)\s*\(([0-9.,]+)\)", part)
        name, share = (match[1], float(match[2].replace(",", "."))) if match else (part, 1.0)
        shares[stakeholder_id(book, sheet, address, name, by_name)] = share
    return shares


def stakeholder_id(book: Book, sheet: str, address: str, name: str, by_name: dict[str, str]) -> str:
    if name.casefold() in by_name:
        return by_name[name.casefold()]
    if name in by_name.values():
        return name
    names = ", ".join(sorted(by_name)) or "inga"
    raise book.error(
        sheet,
        address,
        f"'{name}' är inget perspektiv på bladet {L.START}",
        f"Skriv ett av perspektiven på {L.START} ({names}) eller lägg till det där.",
    )


def read_not_valued(
    book: Book, by_name: dict[str, str], taken: set[str]
) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {"benefits": [], "costs": []}
    if not book.has(L.NOT_VALUED):
        return found
    sheet = L.NOT_VALUED
    for kind, first in L.NOT_VALUED_FIRST.items():
        row = L.NOT_VALUED_HEADER_ROW + 1
        while book.text(sheet, f"{column(first)}{row}"):

            def at(offset: int, row: int = row, first: int = first) -> str:
                return f"{column(first + offset)}{row}"

            name = book.text(sheet, at(0))
            item: dict[str, Any] = {"id": "", "name": name}
            item_id = book.text(sheet, at(5))
            item["id"] = (
                item_id
                if re.fullmatch(r"[a-z][a-z0-9_]*", item_id) and item_id not in taken
                else identifier(name, taken, "post")
            )
            taken.add(item["id"])
            item["description"] = book.text(sheet, at(4))
            item["category"] = choice(book, sheet, at(2), L.CATEGORY_LABELS, "kategori").value
            shares = stakeholder_shares(book, sheet, at(1), book.text(sheet, at(1)), by_name)
            if len(shares) == 1:
                item["stakeholder"] = next(iter(shares))
            else:
                item["stakeholders"] = shares
            item["size"] = choice(book, sheet, at(3), L.SIZE_LABELS, "uppskattad storlek")
            if book.value(sheet, at(7)) is not None:
                item["_order"] = book.number(sheet, at(7), "Nr")
            if kind == "costs":
                item["cost_type"] = choice(
                    book, sheet, at(6), L.COST_TYPE_LABELS, "kostnadstyp"
                ).value
            found[kind].append(item)
            row += 1
    return found


def read_notes(book: Book) -> dict[str, Any]:
    """Versions, texts, notes, published figures, the effect chain and correlations."""
    if not book.has(L.NOTES):
        return {"versions": [{"version": "1.0", "note": "Importerad från en arbetsbok."}]}
    data: dict[str, Any] = {}
    for key, (title, _) in NOTE_SECTIONS.items():
        top = find_row(book, L.NOTES, title)
        if top is None:
            continue
        rows = []
        row = top + 2
        while book.text(L.NOTES, f"A{row}"):
            rows.append([book.value(L.NOTES, f"{c}{row}") for c in "ABCDEF"])
            row += 1
        data.update(_section(book, key, rows, top + 2))
    data.setdefault("versions", [{"version": "1.0", "note": "Importerad från en arbetsbok."}])
    return data


def _section(book: Book, key: str, rows: list[list[Any]], first: int) -> dict[str, Any]:
    def text(value: Any) -> str:
        return "" if value is None else str(value).strip()

    if not rows:
        return {}
    if key == "versions":
        versions = []
        for offset, (version, when, note, *_) in enumerate(rows):
            entry: dict[str, Any] = {"version": text(version)}
            if when:
                try:
                    entry["date"] = (
                        when.date() if hasattr(when, "date") else date.fromisoformat(text(when))
                    )
                except ValueError:
                    raise book.error(
                        L.NOTES,
                        f"B{first + offset}",
                        f"'{when}' är inget datum",
                        "Skriv datumet som ÅÅÅÅ-MM-DD.",
                    ) from None
            entry["note"] = text(note)
            versions.append(entry)
        return {"versions": versions}
    if key == "plans":
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        plans = {}
        for offset, (item_id, plan, *_) in enumerate(rows):
            try:
                plans[text(item_id)] = YAML(typ="safe", pure=True).load(text(plan))
            except YAMLError:
                raise book.error(
                    L.NOTES,
                    f"B{first + offset}",
                    "planen är ingen läsbar YAML",
                    "Skriv planen som i fallfilen (se docs/case-format.md).",
                ) from None
        return {"plans": plans}
    if key == "indices":
        indices: dict[str, Any] = {}
        for offset, (name, _year, _value, source, label, note) in enumerate(rows):
            where = f"{first + offset}"
            series = indices.setdefault(text(name), {"source": text(source), "values": {}})
            if text(label):
                series["label"] = text(label)
            if text(note):
                series["note"] = text(note)
            series["values"][int(book.number(L.NOTES, f"B{where}", "Året"))] = book.number(
                L.NOTES, f"C{where}", "Indexvärdet"
            )
        return {"indices": indices}
    if key == "texts":
        prefix = "uncertainty_assessment."
        pairs = [(text(k), text(v)) for k, v, *_ in rows]
        found: dict[str, Any] = {"texts": {k: v for k, v in pairs if not k.startswith(prefix)}}
        assessment = {k[len(prefix) :]: v for k, v in pairs if k.startswith(prefix)}
        if assessment:
            found["uncertainty_assessment"] = assessment
        return found
    if key in ("risks", "hinder", "opportunities"):
        return {key: [{"name": text(n), "description": text(d)} for n, d, *_ in rows]}
    if key == "published":
        published = []
        for offset, (label, _value, unit, source, compare, years, *_) in enumerate(rows):
            entry = {
                "label": text(label),
                "value": book.number(L.NOTES, f"B{first + offset}", "Värdet"),
                "unit": text(unit),
                "source": text(source),
            }
            if text(compare):
                entry["compare"] = text(compare)
            if years not in (None, ""):
                entry["years"] = int(book.number(L.NOTES, f"F{first + offset}", "Åren"))
            published.append(entry)
        return {"published": published}
    chain: dict[str, Any] = {}
    if key == "nodes":
        chain["nodes"] = [
            {"id": text(i), "label": text(lab), "kind": text(k)} for i, lab, k, *_ in rows
        ]
        return {"effect_chain": chain}
    if key == "edges":
        return {"effect_chain_edges": [[text(a), text(b)] for a, b, *_ in rows]}
    return {
        "correlations": [
            {
                "factors": [text(a), text(b)],
                "rho": book.number(L.NOTES, f"C{first + offset}", "Korrelationen"),
            }
            for offset, (a, b, *_) in enumerate(rows)
        ]
    }
