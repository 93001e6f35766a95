"""Opening a workbook safely and reading its cells with Swedish errors that name the cell.

Nothing in a workbook is run: macros are refused (.xlsm, or a vbaProject inside), links to
other workbooks are neither loaded nor followed, and XML is parsed through defusedxml (which
openpyxl uses when it is installed). A workbook is read twice: once for the formulas, once for
the values Excel or LibreOffice last calculated.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nyttonb.errors import os_reason
from nyttonb.workbook.export import WorkbookError

MAX_BYTES = 20_000_000
MAX_UNPACKED = 200_000_000


@dataclass
class Book:
    """A workbook's formulas and cached values, and the warnings gathered while reading it."""

    path: Path
    formulas: Any
    values: Any
    warnings: list[str] = field(default_factory=list)

    def has(self, sheet: str) -> bool:
        return sheet in self.formulas.sheetnames

    def raw(self, sheet: str, address: str) -> Any:
        """The cell as written: a number, a text, or a formula text starting with "="."""
        value = self.formulas[sheet][address].value
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return getattr(value, "text", value)  # array formulas keep their text

    def cached(self, sheet: str, address: str) -> Any:
        return self.values[sheet][address].value

    def text(self, sheet: str, address: str) -> str:
        value = self.value(sheet, address)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def value(self, sheet: str, address: str) -> Any:
        """The cell's value: what was typed, or for a formula what was last calculated."""
        raw = self.raw(sheet, address)
        if isinstance(raw, str) and raw.startswith("="):
            cached = self.cached(sheet, address)
            if cached is None:
                raise self.error(
                    sheet,
                    address,
                    "formeln har inget beräknat värde",
                    "Öppna arbetsboken i Excel eller LibreOffice, spara den och importera igen.",
                )
            if isinstance(cached, str) and cached.startswith("#"):
                raise self.error(
                    sheet,
                    address,
                    f"formeln ger felet {cached}",
                    "Rätta formeln i arbetsboken och importera igen.",
                )
            return cached
        return raw

    def number(self, sheet: str, address: str, what: str, *, default: float | None = None) -> float:
        value = self.value(sheet, address)
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or value is None:
            raise self.error(sheet, address, f"{what} saknas", "Skriv ett tal i cellen.")
        if isinstance(value, int | float):
            return float(value)
        text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return float(text)
        except ValueError:
            raise self.error(
                sheet,
                address,
                f"{what} ska vara ett tal, inte '{value}'",
                "Skriv ett tal med decimalkomma, till exempel 0,5.",
            ) from None

    def error(self, sheet: str, address: str, message: str, fix: str) -> WorkbookError:
        return WorkbookError(message, path=f"{sheet}!{address}", file=str(self.path), fix=fix)

    def warn(self, sheet: str, address: str, message: str) -> None:
        self.warnings.append(f"{sheet}!{address}: {message}")

    def last_row(self, sheet: str) -> int:
        return int(self.formulas[sheet].max_row)


def open_book(path: Path) -> Book:
    """Open a workbook for import, refusing macros and anything that is not an .xlsx."""
    from openpyxl import load_workbook

    name = str(path)
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlsb", ".xls"):
        raise WorkbookError(
            f"en {path.suffix}-fil importeras inte (den kan innehålla makron eller är inget .xlsx)",
            file=name,
            fix="Spara arbetsboken som Excel-arbetsbok (.xlsx) och importera den.",
        )
    if path.suffix.lower() != ".xlsx":
        raise WorkbookError(
            "filen är ingen .xlsx-arbetsbok",
            file=name,
            fix="Ange en arbetsbok som slutar på .xlsx.",
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        raise WorkbookError(
            f"filen kan inte läsas ({os_reason(error)})", file=name, fix="Kontrollera sökvägen."
        ) from None
    if size > MAX_BYTES:
        raise WorkbookError(
            f"filen är {size // 1_000_000} MB; högst {MAX_BYTES // 1_000_000} MB importeras",
            file=name,
            fix="Ta bort bilder och bilagor ur arbetsboken.",
        )
    _check_package(path)
    try:
        formulas = load_workbook(path, data_only=False, keep_vba=False, keep_links=False)
        values = load_workbook(path, data_only=True, keep_vba=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise WorkbookError(
            f"filen kan inte läsas som en .xlsx-arbetsbok ({type(error).__name__})",
            file=name,
            fix="Öppna den i Excel eller LibreOffice och spara den som .xlsx igen.",
        ) from None
    return Book(path, formulas, values)


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError):
        raise WorkbookError(
            "filen är ingen .xlsx-arbetsbok (inget giltigt zip-paket)",
            file=str(path),
            fix="Spara den som .xlsx i Excel eller LibreOffice och importera igen.",
        ) from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise WorkbookError(
            "arbetsboken innehåller makron och importeras inte",
            file=str(path),
            fix="Spara den som Excel-arbetsbok (.xlsx) utan makron.",
        )
    if unpacked > MAX_UNPACKED:
        raise WorkbookError(
            "arbetsboken packas upp till mer än 200 MB och importeras inte",
            file=str(path),
            fix="Kontrollera att det är rätt fil.",
        )


def find_row(
    book: Book, sheet: str, label: str, *, start: int = 1, column: str = "A"
) -> int | None:
    """The first row from `start` whose cell in `column` reads `label` (case-insensitive)."""
    wanted = label.casefold()
    for row in range(start, book.last_row(sheet) + 1):
        if book.text(sheet, f"{column}{row}").casefold() == wanted:
            return row
    return None


def identifier(text: str, taken: set[str], fallback: str) -> str:
    """A snake_case name for a label (``Tid per brev`` → ``tid_per_brev``), unique in `taken`.

    >>> identifier("Möten per år, tur & retur", set(), "faktor")
    'moten_per_ar_tur_retur'
    """
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    name = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40].strip("_") or fallback
    if not name[0].isalpha():
        name = f"{fallback}_{name}"
    unique, counter = name, 2
    while unique in taken:
        unique, counter = f"{name}_{counter}", counter + 1
    taken.add(unique)
    return unique
