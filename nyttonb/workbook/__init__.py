"""Inera's Excel template layout: a case exported to a workbook with live formulas, and back.

`export_workbook` writes a case variant as an .xlsx laid out like Inera's from-scratch template
(Start, Värde nyttor, Värde kostnader, Ej värderade, Resultat, plus Underlag for sources, texts
and versions); every derived cell is a formula, so the workbook recalculates when a factor
changes. `import_workbook` reads such a workbook back into a case file, turning cell formulas
over factor cells into nyttonb formulas. The cell addresses are documented in
docs/excel-layout.md.

May import: nyttonb.core (model, units, formulas, calculation), nyttonb.casefile (loading and
checking case files), nyttonb.errors and nyttonb.atomic. openpyxl is imported inside the
functions that need it, so importing this package stays cheap.
"""

from __future__ import annotations

from nyttonb.workbook.export import WorkbookError, export_workbook, workbook_bytes
from nyttonb.workbook.importer import ImportResult, import_workbook, write_case_file

__all__ = [
    "ImportResult",
    "WorkbookError",
    "export_workbook",
    "import_workbook",
    "workbook_bytes",
    "write_case_file",
]
