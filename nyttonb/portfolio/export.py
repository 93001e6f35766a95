"""The portfolio as files: ``portfolj.csv`` and ``portfolj.xlsx`` (and the page, `.page`).

The CSV is made for Excel and LibreOffice with Swedish settings: UTF-8 with a byte order mark,
semicolons between fields, decimal commas, no thousands separators. The workbook has numbers as
numbers (formatted), a sheet with the budget effect per year and a totals row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from nyttonb.portfolio.rows import PortfolioRow

CSV_NAME = "portfolj.csv"
XLSX_NAME = "portfolj.xlsx"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "Fil"),
    ("organisation", "Organisation"),
    ("case", "Fall"),
    ("variant", "Variant"),
    ("net_benefit", "Nettonytta (kr)"),
    ("financial_net_benefit", "Finansiell nettonytta (kr)"),
    ("net_benefit_per_krona", "Nettonytta per satsad krona"),
    ("break_even_label", "År då nyttorna överstiger kostnaderna"),
    ("freed_fte", "Frigjorda årsarbetskrafter per år (genomsnitt)"),
    ("freed_hours", "Frigjorda timmar"),
    ("costs", "Kostnader (kr)"),
    ("p10", "P10 nettonytta (kr)"),
    ("p90", "P90 nettonytta (kr)"),
    ("prob_positive", "Sannolikhet för positiv nettonytta"),
    ("urgency", "Angelägenhet (1–5)"),
    ("feasibility", "Genomförbarhet (1–5)"),
    ("tags", "Taggar"),
)


def _value(row: PortfolioRow, key: str) -> Any:
    value = getattr(row, key)
    if key == "tags":
        return ", ".join(value)
    if key == "break_even_label":
        return value or "aldrig"
    return value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 6)).replace(".", ",")
    return str(value)


def csv_text(rows: Sequence[PortfolioRow]) -> str:
    """The table as Swedish CSV text (with the byte order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([name for _, name in COLUMNS])
    for row in rows:
        writer.writerow([_csv_value(_value(row, key)) for key, _ in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def write_csv(out: Path, rows: Sequence[PortfolioRow]) -> Path:
    from nyttonb.atomic import write_atomically

    return write_atomically(out / CSV_NAME, csv_text(rows))


_FORMATS = {
    "net_benefit": "#,##0",
    "financial_net_benefit": "#,##0",
    "costs": "#,##0",
    "p10": "#,##0",
    "p90": "#,##0",
    "net_benefit_per_krona": "0.00",
    "freed_fte": "0.0",
    "freed_hours": "#,##0",
    "prob_positive": "0%",
}


def write_xlsx(out: Path, rows: Sequence[PortfolioRow], totals: Mapping[str, Any]) -> Path:
    """``portfolj.xlsx``: sheet Portfölj (one row per analysis, a totals row) and sheet
    Budget per år (the budget effect of each analysis per year, and the sum)."""
    import os
    import tempfile

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Portfölj"
    sheet.append([name for _, name in COLUMNS])
    for row in rows:
        sheet.append([_value(row, key) for key, _ in COLUMNS])
    total = {"net_benefit", "financial_net_benefit", "freed_fte", "freed_hours", "costs"}
    sheet.append(
        [
            "Summa" if key == "file" else (totals[key] if key in total else None)
            for key, _ in COLUMNS
        ]
    )
    for column, (key, _) in enumerate(COLUMNS, start=1):
        if key in _FORMATS:
            for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cells[0].number_format = _FORMATS[key]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    _budget_sheet(book.create_sheet("Budget per år"), rows, totals)
    out.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out, prefix=".portfolj-", suffix=".xlsx.tmp")
    os.close(handle)
    try:
        book.save(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out / XLSX_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out / XLSX_NAME


def _budget_sheet(sheet: Any, rows: Sequence[PortfolioRow], totals: Mapping[str, Any]) -> None:
    from openpyxl.styles import Font

    labels = [year["label"] for year in totals["budget_by_year"]]
    sheet.append(["Fil", "Organisation", "Variant", *labels])
    for row in rows:
        if row.has_start_year:
            by_label = {y.label: y.net for y in row.budget_by_year}
            sheet.append(
                [row.file, row.organisation, row.variant, *(by_label.get(x) for x in labels)]
            )
    sheet.append(["Summa", None, None, *(year["net"] for year in totals["budget_by_year"])])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    undated = [row for row in rows if not row.has_start_year]
    if undated:
        sheet.append([])
        sheet.append(["Analyser utan startår (räknas inte in i kalenderåren; år 1 är analysens "
                      "första år)"])  # fmt: skip
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        longest = max(undated, key=lambda row: len(row.budget_by_year)).budget_by_year
        sheet.append(["Fil", "Organisation", "Variant", *(y.label for y in longest)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in undated:
            sheet.append(
                [row.file, row.organisation, row.variant, *(y.net for y in row.budget_by_year)]
            )
    for cells in sheet.iter_rows(min_row=2, min_col=4):
        for cell in cells:
            cell.number_format = "#,##0"
    sheet.append([])
    sheet.append(
        [
            "Finansiella nyttor minus finansiella kostnader per år, i kronor i kalkylens "
            "prisnivå, ej diskonterat. Omfördelning (frigjord tid) ingår inte: den frigör "
            "resurser men ger inget budgetutrymme."
        ]
    )


__all__ = ["COLUMNS", "CSV_NAME", "XLSX_NAME", "csv_text", "write_csv", "write_xlsx"]
