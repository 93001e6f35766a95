"""The portfolio as a Swedish table for the terminal (`nyttonb portfolio`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nyttonb.portfolio.rows import PortfolioRow

_HEADERS = (
    "Organisation",
    "Variant",
    "Nettonytta",
    "Finansiell",
    "Per satsad kr",
    "Nyttor > kostn.",
    "Årsarb.",
    "P10 – P90",
    "P(>0)",
    "Ang.",
    "Genomf.",
)
_RIGHT = {2, 3, 4, 6, 7, 8, 9, 10}


def _cells(row: PortfolioRow) -> list[str]:
    from nyttonb import formatting as fmt

    spread = (
        f"{fmt.mnkr(row.p10)} – {fmt.mnkr(row.p90)}"
        if row.p10 is not None and row.p90 is not None
        else "–"
    )
    return [
        _cut(row.organisation, 30),
        _cut(row.variant, 20),
        fmt.kr(row.net_benefit),
        fmt.kr(row.financial_net_benefit),
        fmt.number(row.net_benefit_per_krona, 2) if row.net_benefit_per_krona is not None else "–",
        row.break_even_label or "aldrig",
        fmt.number(row.freed_fte, 1),
        spread,
        fmt.percent(row.prob_positive) if row.prob_positive is not None else "–",
        str(row.urgency) if row.urgency is not None else "–",
        str(row.feasibility) if row.feasibility is not None else "–",
    ]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def portfolio_text(rows: Sequence[PortfolioRow], totals: Mapping[str, Any], sort_label: str) -> str:
    """The table, one line per analysis, then the totals and the budget effect per year."""
    from nyttonb import formatting as fmt

    table = [list(_HEADERS), *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]
    lines = [
        f"Portfölj: {fmt.number(len(rows))} nyttoanalyser, sorterade efter {sort_label}.",
        "Nettonytta och finansiell nettonytta är diskonterade värden; P10–P90 i miljoner kronor "
        "(Monte Carlo).",
        "",
    ]
    for line in table:
        lines.append(
            "  ".join(
                cell.rjust(widths[i]) if i in _RIGHT else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ).rstrip()
        )
    lines += [
        "",
        f"Summa nettonytta: {fmt.kr(totals['net_benefit'])}",
        f"Summa finansiell nettonytta (det som syns i budgeten): "
        f"{fmt.kr(totals['financial_net_benefit'])}",
        f"Frigjord tid: {fmt.fte(totals['freed_fte'])} – frigjorda resurser som kan användas "
        "till annat, inte budgetutrymme.",
    ]
    if totals["budget_by_year"]:
        lines += ["", "Budgeteffekt per år (finansiella nyttor minus kostnader, ej diskonterat):"]
        for year in totals["budget_by_year"]:
            lines.append(f"  {year['label']:<6} {fmt.kr(year['net']):>18}")
    return "\n".join(lines)


__all__ = ["portfolio_text"]
