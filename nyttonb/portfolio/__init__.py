"""Many analyses side by side: the portfolio, its totals and the budget year by year; and what
changed between two versions of one case (the diff waterfall).

May import: `core`, `casefile`, `present`, `errors`, `atomic`, openpyxl (inside the function
that writes the workbook) and git (a subprocess). Never `notebook` or `batch`: both of those
(and the CLI) call into this package.

The pure data part, `rows` (rows, totals, selection, ranking) and `diff` (the waterfall),
imports only `core`, `casefile` and `errors`: plain data in, plain data out. The edges, `text`
(the Swedish terminal output), `specs` (Vega-Lite specs), `page` (the static ``portfolj.html``),
`export` (CSV, xlsx) and `revisions` (a case file from git), also use `present`'s Swedish
formatting and `atomic`.
"""

from __future__ import annotations

from nyttonb.portfolio.rows import (
    SORT_KEYS,
    BudgetYear,
    PortfolioRow,
    load_rows,
    portfolio_dict,
    rank,
    row_from_case,
    row_from_figures,
    select,
    totals,
)

__all__ = [
    "SORT_KEYS",
    "BudgetYear",
    "PortfolioRow",
    "load_rows",
    "portfolio_dict",
    "rank",
    "row_from_case",
    "row_from_figures",
    "select",
    "totals",
]
