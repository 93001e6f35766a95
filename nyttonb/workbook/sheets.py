"""Small helpers for writing cells: addresses, labels, styles and formats.

Styles are built once per workbook (openpyxl shares them between cells).
"""

from __future__ import annotations

from typing import Any


def column(index: int) -> str:
    """The column letters of a 1-based index.

    >>> column(1), column(26), column(27), column(101)
    ('A', 'Z', 'AA', 'CW')
    """
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quote(sheet: str) -> str:
    """A sheet name as a formula writes it: ``'Värde nyttor'``."""
    return "'" + sheet.replace("'", "''") + "'"


def absolute(col: str, row: int, sheet: str | None = None) -> str:
    """``$J$5``, or ``'Värde nyttor'!$J$5`` on another sheet."""
    cell = f"${col}${row}"
    return f"{quote(sheet)}!{cell}" if sheet else cell


class Writer:
    """Writes values, formulas and styles into one worksheet."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.input_fill = PatternFill("solid", fgColor="FFFFFFFF")
        self.grey = PatternFill("solid", fgColor="FFE7E6E6")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.lists: dict[str, Any] = {}

    def put(
        self,
        address: str,
        value: Any,
        *,
        fmt: str | None = None,
        bold: bool = False,
        grey: bool = False,
        wrap: bool = False,
    ) -> None:
        cell = self.sheet[address]
        cell.value = value
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = self.bold
        if grey:
            cell.fill = self.grey
        if wrap:
            cell.alignment = self.wrap

    def choices(self, address: str, options: str) -> None:
        """A drop-down list in the cell: `options` is a range (``Start!$A$20:$A$22``) or a
        comma-separated list of words. Other values are still accepted (with a warning)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        if options not in self.lists:
            formula = options if "!" in options else f'"{options}"'
            rule = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
            )
            self.sheet.add_data_validation(rule)
            self.lists[options] = rule
        self.lists[options].add(address)

    def title(self, address: str, text: str) -> None:
        self.sheet[address].value = text
        self.sheet[address].font = self.title_font

    def header(self, row: int, labels: tuple[str, ...] | list[str], first: int = 1) -> None:
        for offset, label in enumerate(labels):
            self.put(f"{column(first + offset)}{row}", label, bold=True, grey=True)

    def widths(self, widths: dict[str, float]) -> None:
        for col, width in widths.items():
            self.sheet.column_dimensions[col].width = width
