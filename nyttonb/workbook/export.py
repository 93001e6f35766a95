"""Export a case to an .xlsx workbook in Inera's template layout, with live formulas.

openpyxl writes the workbook (it is also what import reads with, so one library knows the
layout both ways; XlsxWriter cannot read). No cached values are stored: Excel and LibreOffice
calculate every formula when the file is opened (the workbook asks for a full calculation on
load).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import nyttonb.workbook.layout as L
from nyttonb.atomic import write_atomically
from nyttonb.core.model import Case
from nyttonb.errors import NyttonbError
from nyttonb.workbook.result_sheet import write_result_sheet
from nyttonb.workbook.text_sheets import write_not_valued, write_notes, write_start
from nyttonb.workbook.values import write_value_sheets


class WorkbookError(NyttonbError):
    """A workbook that cannot be written or read; the place is a file or a sheet and cell."""


def nyttonb_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nyttonb")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "okänd"


def made_by(case: Case) -> str:
    """The line in Underlag that says which nyttonb and which case version made the workbook."""
    case_version = case.versions[-1].version if case.versions else "okänd"
    source = f" från {case.source_path}" if case.source_path else ""
    return (
        f"Skapad av nyttonb {nyttonb_version()}{source}, fallets version {case_version}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC."
    )


def workbook_bytes(case: Case) -> bytes:
    """The workbook of a case as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.workbook.properties import CalcProperties

    workbook = Workbook()
    workbook.active.title = L.START
    for name in L.SHEETS[1:]:
        workbook.create_sheet(name)
    write_start(workbook, case)
    blocks = write_value_sheets(workbook, case)
    write_not_valued(workbook, case)
    write_result_sheet(workbook, case, blocks)
    write_notes(workbook, case, made_by(case))
    workbook.calculation = CalcProperties(fullCalcOnLoad=True)
    workbook.properties.creator = f"nyttonb {nyttonb_version()}"
    workbook.properties.title = case.name
    workbook.properties.language = "sv-SE"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_workbook(case: Case, out: Path, *, force: bool = False) -> Path:
    """Write the workbook of `case` to `out` in one step; never over an existing file unless
    `force`. Raises WorkbookError (Swedish message with what to do) otherwise."""
    if out.suffix.lower() != ".xlsx":
        raise WorkbookError(
            "arbetsboken måste sluta på .xlsx",
            file=str(out),
            fix="Ange ett filnamn som slutar på .xlsx med --out.",
        )
    check_target(out, force=force)
    return write_atomically(out, workbook_bytes(case))


def check_target(out: Path, *, force: bool) -> None:
    """Refuse to write over an existing file (unless `force`) or into a missing folder."""
    if out.exists() and not force:
        raise WorkbookError(
            "filen finns redan och skrivs inte över",
            file=str(out),
            fix="Ange ett annat namn med --out, eller skriv över med --force.",
        )
    if not out.parent.is_dir():
        raise WorkbookError(
            "mappen finns inte",
            file=str(out),
            fix="Skapa mappen först eller ange en annan med --out.",
        )
