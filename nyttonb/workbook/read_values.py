"""Import of Värde nyttor and Värde kostnader: shared factors, and one item per block.

A cell formula over factor cells becomes the item's (or derived factor's) formula; any other
formula is imported as its calculated value, with a warning naming the cell. Rows are found by
their labels in column A (`nyttonb.workbook.layout`), so inserted factor rows are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import nyttonb.workbook.layout as L
from nyttonb.core.model import CostType, SourceType
from nyttonb.core.units import parse_unit
from nyttonb.errors import UnitError
from nyttonb.workbook.cell_formula import CellRef, Unsupported, from_excel
from nyttonb.workbook.cells import Book, find_row, identifier
from nyttonb.workbook.read_texts import choice, stakeholder_id
from nyttonb.workbook.sheets import column

_REF_COLUMNS = {L.LIKELY, L.LOW, L.HIGH, *L.BASE.values()}
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Scope:
    """Factor rows visible to a formula: (sheet, row) → name, and the names hidden."""

    rows: dict[tuple[str, int], str] = field(default_factory=dict)
    shadowed: set[str] = field(default_factory=set)
    here: str = ""

    def name_of(self, ref: CellRef) -> str:
        sheet = ref.sheet or self.here
        name = self.rows.get((sheet, ref.row))
        if name is None or ref.column not in _REF_COLUMNS:
            raise Unsupported(
                f"{sheet}!{ref.column}{ref.row} är ingen faktorcell som beräkningen kan använda"
            )
        return name


@dataclass
class Reader:
    book: Book
    by_name: dict[str, str]
    horizon: int
    item_ids: set[str] = field(default_factory=set)
    places: dict[str, str] = field(default_factory=dict)
    """Case-file key path → sheet!cell, to name the cell when the loaded case has a problem."""
    scales: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    """Factor key → the sheet, cell and value of its Omräkning, checked once the case loads."""


def read_values(reader: Reader) -> dict[str, Any]:
    book = reader.book
    for sheet in (L.BENEFITS, L.COSTS):
        if not book.has(sheet):
            raise book.error(
                sheet,
                "A1",
                f"bladet {sheet} saknas",
                "Använd en arbetsbok som nyttonb har exporterat, eller lägg till "
                "bladet enligt docs/excel-layout.md.",
            )
    shared = Scope(here=L.BENEFITS)
    factors: dict[str, Any] = {}
    header = find_row(book, L.BENEFITS, L.SHARED_HEADER)
    if header is not None:
        rows = _factor_rows(book, L.BENEFITS, header + 2)
        _name_rows(book, L.BENEFITS, rows, shared, set())
        for row in rows:
            name = shared.rows[(L.BENEFITS, row)]
            factors[name] = _factor(reader, L.BENEFITS, row, shared, f"factors.{name}", name)
    data: dict[str, Any] = {"factors": factors, "benefits": [], "costs": []}
    for sheet, kind in ((L.BENEFITS, "benefits"), (L.COSTS, "costs")):
        row = 1
        while (start := find_row(book, sheet, L.BLOCK_NAME, start=row)) is not None:
            item, row = _block(
                reader, sheet, start, shared, f"{kind}[{len(data[kind])}]", kind == "costs"
            )
            data[kind].append(item)
    return data


def _factor_rows(book: Book, sheet: str, first: int) -> list[int]:
    rows = []
    row = first
    while book.text(sheet, f"{L.LABEL}{row}") or book.text(sheet, f"{L.NAME}{row}"):
        if book.text(sheet, f"{L.LABEL}{row}") in (L.ANNUAL, L.BLOCK_NAME):
            break
        rows.append(row)
        row += 1
    return rows


def _name_rows(book: Book, sheet: str, rows: list[int], scope: Scope, taken: set[str]) -> None:
    for row in rows:
        given = book.text(sheet, f"{L.NAME}{row}")
        if _NAME.fullmatch(given) and given not in taken:
            taken.add(given)
            name = given
        else:
            name = identifier(book.text(sheet, f"{L.LABEL}{row}"), taken, "faktor")
            book.warn(
                sheet,
                f"{L.NAME}{row}",
                f"faktorn saknar namn med små bokstäver a–z, siffror och _; den får namnet {name}",
            )
        scope.rows[(sheet, row)] = name


def _factor(
    reader: Reader, sheet: str, row: int, scope: Scope, path: str, key: str
) -> dict[str, Any]:
    book = reader.book
    label = book.text(sheet, f"{L.LABEL}{row}") or scope.rows[(sheet, row)]
    unit = book.text(sheet, f"{L.UNIT}{row}")
    try:
        parse_unit(unit)
    except UnitError as error:
        raise book.error(
            sheet,
            f"{L.UNIT}{row}",
            f"enheten: {error.message}",
            "Skriv enheter som kr/h, h/år, min/st, st/år (se docs/case-format.md#units).",
        ) from None
    written = book.raw(sheet, f"{L.SCALE}{row}")
    if isinstance(written, int | float):
        reader.scales[key] = (sheet, f"{L.SCALE}{row}", float(written))
    entry: dict[str, Any] = {"label": label, "unit": unit}
    formula = _derived(reader, sheet, row, scope)
    if formula is not None:
        entry["formula"] = formula
        reader.places[f"{path}.formula"] = f"{sheet}!{L.BASE['likely']}{row}"
    else:
        likely = book.number(sheet, f"{L.LIKELY}{row}", "Troligt")
        entry["likely"] = likely
        entry["low"] = book.number(sheet, f"{L.LOW}{row}", "Lägst", default=likely)
        entry["high"] = book.number(sheet, f"{L.HIGH}{row}", "Högst", default=likely)
        reader.places[f"{path}.likely"] = f"{sheet}!{L.LIKELY}{row}"
    if book.value(sheet, f"{L.PRICE_YEAR}{row}") is not None:
        year = book.number(sheet, f"{L.PRICE_YEAR}{row}", "Prisåret")
        entry["year"] = int(year)
    if book.text(sheet, f"{L.PRICE_INDEX}{row}"):
        entry["index"] = book.text(sheet, f"{L.PRICE_INDEX}{row}")
    entry["source"] = book.text(sheet, f"{L.SOURCE}{row}")
    kinds = {kind: kind.value for kind in SourceType}
    if book.text(sheet, f"{L.SOURCE_TYPE}{row}"):
        entry["source_type"] = choice(book, sheet, f"{L.SOURCE_TYPE}{row}", kinds, "källtyp").value
    reader.places[f"{path}.unit"] = f"{sheet}!{L.UNIT}{row}"
    return entry


def _derived(reader: Reader, sheet: str, row: int, scope: Scope) -> str | None:
    """A derived factor's formula, from its base-unit cell or its Troligt cell; None for a
    factor with values of its own (also when the formula cannot be read: then a warning)."""
    book = reader.book
    base, own = f"{L.BASE['likely']}{row}", f"{L.LIKELY}{row}"
    base_formula, own_formula = book.raw(sheet, base), book.raw(sheet, own)
    plain_base = f"={L.LIKELY}{row}*{L.SCALE}{row}"
    plain_own = f"={L.BASE['likely']}{row}/{L.SCALE}{row}"
    for address, text, plain in ((base, base_formula, plain_base), (own, own_formula, plain_own)):
        if (
            isinstance(text, str)
            and text.startswith("=")
            and text.replace("$", "").upper() != plain
        ):
            try:
                return from_excel(text, scope.name_of)
            except Unsupported as reason:
                book.warn(
                    sheet,
                    address,
                    f"{reason}; faktorn importeras med sitt beräknade värde i stället för formeln",
                )
                return None
    return None


def _block(
    reader: Reader, sheet: str, start: int, shared: Scope, path: str, cost: bool
) -> tuple[dict[str, Any], int]:
    book = reader.book
    name = book.text(sheet, f"B{start}")
    if not name:
        raise book.error(
            sheet, f"B{start}", "nyttan eller kostnaden saknar namn", "Skriv ett namn i cellen."
        )
    given = book.text(sheet, f"{L.NAME}{start}")
    item_id = (
        given
        if _NAME.fullmatch(given) and given not in reader.item_ids
        else identifier(name, reader.item_ids, "post")
    )
    reader.item_ids.add(item_id)
    item: dict[str, Any] = {"id": item_id, "name": name}
    if book.value(sheet, f"{L.ORDER}{start}") is not None:
        item["_order"] = book.number(sheet, f"{L.ORDER}{start}", "Nr")
    shares: dict[str, float] = {}
    row = start + 1
    header: int | None = None
    while header is None and row <= book.last_row(sheet):
        label = book.text(sheet, f"A{row}")
        if label == L.BLOCK_STAKEHOLDER:
            sid = book.text(sheet, f"{L.NAME}{row}")
            if sid not in reader.by_name.values():
                sid = stakeholder_id(
                    book, sheet, f"B{row}", book.text(sheet, f"B{row}"), reader.by_name
                )
            shares[sid] = book.number(sheet, f"C{row}", "Andelen", default=1.0)
        elif label == L.BLOCK_CATEGORY:
            item["category"] = choice(book, sheet, f"B{row}", L.CATEGORY_LABELS, "kategori").value
        elif label == L.BLOCK_COST_TYPE:
            item["cost_type"] = choice(
                book, sheet, f"B{row}", L.COST_TYPE_LABELS, "kostnadstyp"
            ).value
        elif label == L.BLOCK_SIZE:
            item["size"] = choice(book, sheet, f"B{row}", L.SIZE_LABELS, "uppskattad storlek")
        elif label == L.BLOCK_DESCRIPTION:
            item["description"] = book.text(sheet, f"B{row}")
        elif label == L.BLOCK_FACTORS:
            header = row
        row += 1
    if header is None or "category" not in item or not shares:
        missing = "Kategori" if "category" not in item else "Perspektiv" if not shares else "Faktor"
        raise book.error(
            sheet,
            f"A{start}",
            f"blocket '{name}' saknar raden {missing}",
            "Följ blockets layout i docs/excel-layout.md.",
        )
    if cost and "cost_type" not in item:
        item["cost_type"] = CostType.RECURRING.value
    if len(shares) == 1:
        item["stakeholder"] = next(iter(shares))
    else:
        item["stakeholders"] = shares
    return _block_body(reader, sheet, header, shared, path, item)


def _block_body(
    reader: Reader, sheet: str, header: int, shared: Scope, path: str, item: dict[str, Any]
) -> tuple[dict[str, Any], int]:
    book = reader.book
    rows = _factor_rows(book, sheet, header + 1)
    scope = Scope(dict(shared.rows), here=sheet)
    own = Scope(here=sheet)
    _name_rows(book, sheet, rows, own, set())
    hidden = set(own.rows.values())
    scope.rows = {key: value for key, value in scope.rows.items() if value not in hidden}
    scope.rows.update(own.rows)
    factors = {
        own.rows[(sheet, row)]: _factor(
            reader,
            sheet,
            row,
            scope,
            f"{path}.factors.{own.rows[(sheet, row)]}",
            f"{item['id']}.{own.rows[(sheet, row)]}",
        )
        for row in rows
    }
    row = rows[-1] + 1 if rows else header + 1
    one_off = item.get("cost_type") == CostType.ONE_OFF.value
    money_unit = "kr" if one_off else "kr/år"
    annual = find_row(book, sheet, L.ANNUAL, start=row)
    if annual is None or annual > row + 1:
        raise book.error(
            sheet,
            f"A{row}",
            f"raden '{L.ANNUAL}' saknas efter faktorraderna",
            "Följ blockets layout i docs/excel-layout.md.",
        )
    formula = _item_formula(reader, sheet, annual, scope, factors, money_unit, "arligt_varde")
    if formula is not None:
        item["formula"] = formula
        reader.places[f"{path}.formula"] = f"{sheet}!{L.LIKELY}{annual}"
    row = annual + 1
    if book.text(sheet, f"A{row}") == L.HOURS:
        hours = _item_formula(
            reader, sheet, row, scope, factors, money_unit.replace("kr", "h"), "timmar"
        )
        if hours is not None:
            item["hours"] = hours
            reader.places[f"{path}.hours"] = f"{sheet}!{L.LIKELY}{row}"
        row += 1
    if factors:
        item["factors"] = factors
    profile = find_row(book, sheet, L.PROFILE, start=row)
    if profile is None:
        raise book.error(
            sheet,
            f"A{row}",
            f"raden '{L.PROFILE}' saknas",
            "Lägg till årsfaktorerna (1 för fullt värde ett år) enligt docs/excel-layout.md.",
        )
    item["per_year"] = _profile(reader, sheet, profile)
    return item, profile + 1


def _item_formula(
    reader: Reader,
    sheet: str,
    row: int,
    scope: Scope,
    factors: dict[str, Any],
    unit: str,
    fallback: str,
) -> str | None:
    """The item's formula from the Troligt cell; its value (as a new factor) otherwise."""
    book = reader.book
    address = f"{L.LIKELY}{row}"
    raw = book.raw(sheet, address)
    if raw is None:
        return None
    if isinstance(raw, str) and raw.startswith("="):
        try:
            text = from_excel(raw, scope.name_of)
        except Unsupported as reason:
            book.warn(sheet, address, f"{reason}; värdet importeras i stället för formeln")
        else:
            _check_other_runs(reader, sheet, row, scope, text)
            return text
    name = identifier(fallback, set(factors), fallback)
    likely = book.number(sheet, address, "Värdet")
    factors[name] = {
        "label": book.text(sheet, f"A{row}"),
        "unit": unit,
        "likely": likely,
        "low": book.number(sheet, f"{L.LOW}{row}", "Lägst", default=likely),
        "high": book.number(sheet, f"{L.HIGH}{row}", "Högst", default=likely),
        "source": f"Importerat värde från {sheet}!{address}",
    }
    return name


def _check_other_runs(reader: Reader, sheet: str, row: int, scope: Scope, text: str) -> None:
    """Lägst and Högst follow from the Troligt formula (nyttonb searches each item's lowest and
    highest value over its factors' ranges); a cell there that is no formula over factor cells
    gets a warning, since nyttonb will not use it."""
    for col in (L.LOW, L.HIGH):
        raw = reader.book.raw(sheet, f"{col}{row}")
        try:
            readable = isinstance(raw, str) and bool(from_excel(raw, scope.name_of))
        except Unsupported:
            readable = False
        if raw is not None and not readable:
            reader.book.warn(
                sheet,
                f"{col}{row}",
                f"cellen är ingen formel över faktorceller; nyttonb räknar lägsta och högsta "
                f"värde med formeln i {L.LIKELY}{row} och faktorernas Lägst- och Högst-värden",
            )


def _profile(reader: Reader, sheet: str, row: int) -> list[float]:
    book = reader.book
    values = []
    for t in range(reader.horizon):
        address = f"{column(L.FIRST_YEAR_COLUMN + t)}{row}"
        value = book.number(sheet, address, "Årsfaktorn")
        if value < 0:
            raise book.error(
                sheet,
                address,
                f"årsfaktorn är negativ ({value:g})",
                "Skriv 0 för inget värde, 1 för fullt värde, 0,5 för halvt.",
            )
        values.append(value)
    while len(values) > 1 and values[-1] == values[-2]:
        values.pop()
    return values
