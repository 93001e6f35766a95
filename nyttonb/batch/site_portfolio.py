"""The site's portfolio page (``portfolj.html``), built by the batch renderer.

Each report's row comes from its executed notebook: the figures the report attached
(``nyttonb_summary``, `nyttonb.core.figures.Figures.to_dict`, which holds the Monte Carlo
summary under ``uncertainty.monte_carlo``). Nothing is recomputed here when the notebook has
them; a notebook whose figures lack the uncertainty part gets its P10, P90 and P(net > 0) from
`nyttonb.portfolio.rows.monte_carlo_figures` (the case file, the same seed and draws). The row
is kept in the render cache beside the index row, so an unchanged report costs nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nyttonb.batch.jobs import RenderJob, is_follow_up_id
from nyttonb.errors import NyttonbError

_REQUIRED = {
    "case",
    "net_benefit",
    "financial_net_benefit",
    "freed_fte",
    "freed_hours",
    "benefits",
    "costs",
    "discounting",
    "by_year",
    "items",
}


def portfolio_entry(
    report: RenderJob,
    summary: Mapping[str, Any] | None,
    parameters: Mapping[str, Any],
    root: Path,
) -> dict[str, Any] | None:
    """The portfolio row (as a dict) of one rendered report, or None without figures."""
    from nyttonb.portfolio.rows import monte_carlo_figures, row_from_figures

    if not summary or not set(summary) >= _REQUIRED:
        return None  # a notebook that attached no (or partial) figures is not in the portfolio
    mc = _monte_carlo(summary)
    if mc is None:
        frame = {k: v for k, v in parameters.items() if k != "case_file" and v is not None}
        try:
            mc = monte_carlo_figures(report.case_file, **frame)
        except NyttonbError:
            mc = None  # the report rendered from its own figures; P10/P90 stay unknown
    row = row_from_figures(
        summary,
        mc,
        file=Path(os.path.relpath(report.case_file, root)).as_posix(),
        case_id=report.case,
        href=f"{report.case}/{report.variant}.html",
    )
    return row.to_dict()


def _monte_carlo(summary: Mapping[str, Any]) -> dict[str, Any] | None:
    found = (summary.get("uncertainty") or {}).get("monte_carlo")
    return dict(found) if isinstance(found, Mapping) else None


def _from_record(rid: str, out: Path) -> dict[str, Any] | None:
    """A row from an executed notebook already in the site (a cache written before rows were
    kept): its attached figures only."""
    import nbformat

    from nyttonb.batch.notebook_html import find_figures
    from nyttonb.portfolio.rows import row_from_figures

    try:
        nb = nbformat.read(out / f"{rid}.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    except (OSError, ValueError):
        return None
    summary = find_figures(nb)
    if summary is None or not set(summary) >= _REQUIRED:
        return None
    case = rid.partition("/")[0]
    given = str((summary.get("case") or {}).get("file") or "")  # relative to notebooks/
    file = os.path.normpath(os.path.join("notebooks", given)) if given else f"{rid}.yaml"
    row = row_from_figures(
        summary,
        _monte_carlo(summary),
        file=file,
        case_id=case,
        href=f"{rid}.html",
    )
    return row.to_dict()


def write_portfolio_page(out: Path, cache: dict[str, Any]) -> Path:
    """Write ``out/portfolj.html`` from the cache entries of the reports that rendered."""
    from nyttonb.batch.assets import ensure_assets
    from nyttonb.portfolio.page import write_page
    from nyttonb.portfolio.rows import PortfolioRow, rank

    rows = []
    failed = 0
    for rid, entry in sorted(cache.items()):
        if is_follow_up_id(rid):
            continue  # the variant's own report is in the portfolio already
        if (entry.get("row") or {}).get("status") != "ok":
            failed += 1
            continue
        data = entry.get("portfolio") or _from_record(rid, out)
        if data is not None:
            entry["portfolio"] = data
            rows.append(PortfolioRow.from_dict(data))
    note = (
        f"{failed} rapporter misslyckades och saknas i portföljen; se indexsidan." if failed else ""
    )
    ensure_assets(out)
    return write_page(out, rank(rows), index_link=True, note=note)


__all__ = ["portfolio_entry", "write_portfolio_page"]
