"""The uncertainty section's texts: the Monte Carlo sentence and the switching-value table."""

from __future__ import annotations

import html
from typing import Any


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def uncertainty_text(view: Any) -> str:
    from nyttonb.present import formatting as fmt

    mc = view.monte_carlo
    return (
        f"<p>Monte Carlo med {escape(fmt.number(mc.draws))} dragningar (startvärde för "
        f"slumpgeneratorn {mc.seed}, "
        f"PERT-fördelning mellan värdena Lägst, Troligt och Högst): nettonyttan är "
        f"{escape(fmt.kr(mc.p10))} (P10), {escape(fmt.kr(mc.p50))} (P50) och "
        f"{escape(fmt.kr(mc.p90))} (P90). Sannolikheten för positiv nettonytta är "
        f"{escape(fmt.probability(mc.prob_positive))} och för att de ackumulerade nyttorna ska "
        f"överstiga de ackumulerade kostnaderna inom tidshorisonten "
        f"{escape(fmt.probability(mc.prob_break_even))}.</p>"
    )


def switching_html(values: Any, net: str = "nettonyttan") -> str:
    """The switching values' table; `net` names the net benefit they bring to 0 (the budget
    view's is "den finansiella nettonyttan")."""
    from nyttonb.present import formatting as fmt

    if not values:
        return ""

    def row(v: Any) -> str:
        share = 100 if v.unit in ("%", "andel") else 1
        value = "inget" if v.value is None else fmt.approximate(v.value * share)
        span = f"{fmt.factor_value(v.low, v.unit)}–{fmt.factor_value(v.high, v.unit)}"
        cells = (v.label, value, fmt.unit_label(v.unit), span, "ja" if v.within_range else "nej")
        classes = ("", " class='num'", "", " class='num'", "")
        tds = (f"<td{c}>{escape(t)}</td>" for c, t in zip(classes, cells, strict=True))
        return "<tr>" + "".join(tds) + "</tr>"

    rows = "".join(row(v) for v in values)
    return (
        f"<table class='nyttonb-table'><caption>Brytvärden: värdet där {net} blir 0, "
        f"med övriga faktorer på sina troliga värden (inget: {net} når inte 0 inom det "
        "prövade intervallet)</caption><thead><tr><th>Faktor</th>"
        "<th>Brytvärde</th><th>Enhet</th><th>Lägst–Högst</th><th>Inom spannet</th>"
        "</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


_RUN_WORDS = {
    "low": ("Lägst", "lägsta"),
    "likely": ("Troligt", "troliga"),
    "high": ("Högst", "högsta"),
}


def paired_choices_html(scenarios: Any) -> str:
    """Which factor values the paired runs used where they differ from the run's own column
    (from `nyttonb calc --json`'s ``scenarios``), and whether each run's extremes are exact."""
    from nyttonb.present import formatting as fmt

    parts = []
    for key in ("low", "high"):
        run = scenarios.get(key, {})
        name, word = _RUN_WORDS[key]
        choices = run.get("factor_values", [])
        if choices:
            rows = "".join(
                f"<li>{escape(c['item_name'])}: {escape(c['label'])} "
                f"{escape(fmt.approximate(c['value']))} {escape(c['unit'])} "
                f"({escape(_RUN_WORDS[c['position']][1])} värdet)</li>"
                for c in choices
            )
            parts.append(
                f"<p>{name} ger varje nytta och kostnad dess {word} värde. Då används för "
                f"dessa faktorer ett annat värde än kolumnen {name}:</p><ul>{rows}</ul>"
            )
        if run and not run.get("exact", True):
            parts.append(
                f"<p>{name} är sökt bland faktorernas lägsta, troliga och högsta värden; någon "
                "faktor förekommer flera gånger i en formel (eller har för många kombinationer), "
                "så ett ännu lägre eller högre värde kan ligga mellan de prövade.</p>"
            )
    if not parts:
        return (
            "<p class='nyttonb-facts-note'>Lägst och Högst använder varje faktors värde i "
            "kolumnen Lägst respektive Högst; varje nyttas och kostnads lägsta och högsta värde "
            "är beräknat exakt.</p>"
        )
    return "".join(parts)
