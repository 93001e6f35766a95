"""The decision summary: what a nämnd needs on one page, at the top of every report.

Result, budget effect, who pays and who benefits, the uncertainty in one sentence and the
case's own recommendation (``texts.recommendation``) if it has one. Plain HTML with inline
layout, so it reads the same in the site, JupyterLab, plain nbconvert and the PDF's first page.
"""

from __future__ import annotations

import html

from nyttonb.core.figures import Figures
from nyttonb.present import formatting as fmt

TITLE = "Beslutsunderlag i korthet"


def _who(figures: Figures) -> str:
    """Who bears the costs and who gets the benefits, largest first."""
    case, by = figures.case, figures.result.by_stakeholder
    payers = sorted(((t.costs, s) for s, t in by.items() if t.costs > 0), reverse=True)
    gainers = sorted(((t.benefits, s) for s, t in by.items() if t.benefits > 0), reverse=True)

    def names(rows: list[tuple[float, str]]) -> str:
        return ", ".join(f"{case.stakeholder_name(s)} ({fmt.money(v)})" for v, s in rows[:3])

    parts = []
    if payers:
        parts.append(f"Kostnaderna bärs av {names(payers)}")
    if gainers:
        parts.append(f"nyttan går till {names(gainers)}")
    return ("; ".join(parts) + ".") if parts else ""


def _uncertainty(figures: Figures) -> str:
    if figures.analysis is None:
        return ""
    mc = figures.analysis.full.monte_carlo
    return (
        f"Sannolikheten för positiv nettonytta är {fmt.probability(mc.prob_positive)}; i åtta "
        f"fall av tio hamnar nettonyttan mellan {fmt.money(mc.p10)} och {fmt.money(mc.p90)} "
        f"(Monte Carlo, {fmt.number(mc.draws)} dragningar)."
    )


def decision_rows(figures: Figures) -> list[tuple[str, str]]:
    """The summary as (heading, sentence) rows; a row without a sentence is left out."""
    case, r = figures.case, figures.result
    result = (
        f"Nettonyttan över {case.horizon} år är {fmt.kr(r.net_benefit)} "
        f"({fmt.per_krona(r.net_benefit_per_krona)}). "
        f"{fmt.BREAK_EVEN_LABEL} {fmt.break_even(r.break_even_year, case)}."
    )
    budget = (
        f"I budgeten, bara de finansiella nyttorna och kostnaderna: "
        f"{fmt.kr(r.financial_net_benefit)}. "
        f"Resten av nettonyttan, {fmt.kr(r.net_benefit - r.financial_net_benefit)}, är frigjord "
        f"tid och andra nyttor som inte blir pengar i budgeten. Frigjord tid: "
        f"{fmt.hours_over(r.freed_hours, r.horizon)}."
    )
    rows = [
        ("Resultat", result),
        ("Budgeteffekt", budget),
        ("Vem betalar, vem får nyttan", _who(figures)),
        ("Osäkerhet", _uncertainty(figures)),
        ("Rekommendation", " ".join(case.text("recommendation").split())),
    ]
    return [(head, text) for head, text in rows if text]


def decision_html(figures: Figures) -> str:
    """The summary as a section with a heading and a definition table."""
    rows = "".join(
        f"<tr><th scope='row' style='text-align:left;vertical-align:top;padding:0.3em 0.8em "
        f"0.3em 0;white-space:nowrap'>{html.escape(head)}</th>"
        f"<td style='text-align:left;vertical-align:top;padding:0.3em 0'>{html.escape(text)}</td>"
        f"</tr>"
        for head, text in decision_rows(figures)
    )
    return (
        "<section class='nyttonb-decision' aria-labelledby='nyttonb-decision-title' "
        "style='border:2px solid #1f2328;padding:0.6em 1em;margin:1em 0;max-width:46rem'>"
        f"<h2 id='nyttonb-decision-title' style='margin:0.2em 0 0.4em;border:0'>{TITLE}</h2>"
        f"<table style='border-collapse:collapse;margin:0'><tbody>{rows}</tbody></table>"
        "</section>"
    )


__all__ = ["TITLE", "decision_html", "decision_rows"]
