"""Many analyses side by side: the portfolio, its totals and the budget year by year; and what
changed between two versions of one case (the diff waterfall).

Modules and what they may import:

- `nyttonb.portfolio.rows` and `nyttonb.portfolio.diff`: the pure data part. They import only
  the core (model, calc, results, uncertainty), the case-file layer (loading, framing), the
  errors and the standard library: plain data in, plain data out.
- `nyttonb.portfolio.text`, `.export`, `.page`: the edges: the Swedish terminal table, CSV and
  xlsx files (openpyxl, imported inside the function) and the static ``portfolj.html`` page.
  They may also import the presentation layer (Swedish formatting) and `nyttonb.atomic`.

Nothing here imports the notebook or batch layers; both of those (and the CLI) call into this
package.
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
