"""The portfolio's three charts as Vega-Lite specs (plain dicts, no altair).

The same specs serve the page (its script swaps in the checked analyses as ``data.values``)
and the portfolio notebook (which displays them with the rows it loaded). Numbers are formatted
with the site's Swedish d3 locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nyttonb.portfolio.rows import PortfolioRow

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
FONT = "Segoe UI, Helvetica Neue, Arial, Liberation Sans, sans-serif"


def _base(values: list[dict[str, Any]]) -> dict[str, Any]:
    from nyttonb.present.formatting import D3_FORMAT_LOCALE

    return {
        "$schema": SCHEMA,
        "data": {"values": values},
        "config": {"locale": {"number": dict(D3_FORMAT_LOCALE)}, "font": FONT},
    }


def points(rows: Sequence[PortfolioRow]) -> list[dict[str, Any]]:
    """One mark per analysis: what the bubble chart and the matrix need."""
    return [
        {
            "name": f"{row.organisation} – {row.variant}",
            "costs": row.costs,
            "net_benefit": row.net_benefit,
            "freed_fte": row.freed_fte,
            "prob_positive": row.prob_positive,
            "urgency": row.urgency,
            "feasibility": row.feasibility,
        }
        for row in rows
    ]


def bars(rows: Sequence[PortfolioRow]) -> list[dict[str, Any]]:
    """One bar segment per analysis with a start year and calendar year: the budget effect
    (not discounted). Analyses without a start year ("år 1" …) are not stacked on calendar
    years."""
    return [
        {"label": y.label, "net": y.net, "name": f"{row.organisation} – {row.variant}"}
        for row in rows
        if row.has_start_year
        for y in row.budget_by_year
    ]


def bubble_spec(values: list[dict[str, Any]]) -> dict[str, Any]:
    """Net benefit against costs; size = freed FTEs, colour = P(net benefit > 0)."""
    money = {"format": ",.0f"}
    return {
        **_base(values),
        "width": "container",
        "height": 340,
        "layer": [
            {
                "mark": {"type": "rule", "color": "#57606a", "aria": False},
                "encoding": {"y": {"datum": 0}},
            },
            {
                "mark": {"type": "circle", "opacity": 0.8, "stroke": "#1f2328", "strokeWidth": 0.5},
                "encoding": {
                    # padding: room for the largest bubble (radius about 22 px) at the edges;
                    # costs from 0
                    "x": {"field": "costs", "type": "quantitative",
                          "title": "Kostnader (diskonterade), kr", "axis": money,
                          "scale": {"padding": 24, "domainMin": 0}},
                    "y": {"field": "net_benefit", "type": "quantitative",
                          "title": "Nettonytta, kr", "axis": money,
                          "scale": {"padding": 24}},
                    "size": {"field": "freed_fte", "type": "quantitative",
                             "title": "Årsarbetskrafter per år", "scale": {"range": [30, 1600]},
                             "legend": {"orient": "bottom"}},
                    "color": {"field": "prob_positive", "type": "quantitative",
                              "title": "P(nettonytta > 0)",
                              "scale": {"domain": [0, 1], "scheme": "viridis"},
                              "legend": {"format": ".0%", "orient": "top"}},
                    "tooltip": [
                        {"field": "name", "title": "Analys"},
                        {"field": "net_benefit", "title": "Nettonytta", "format": ",.0f"},
                        {"field": "costs", "title": "Kostnader", "format": ",.0f"},
                        {"field": "freed_fte", "title": "Årsarbetskrafter per år",
                         "format": ",.1f"},
                        {"field": "prob_positive", "title": "P(nettonytta > 0)", "format": ".1%"},
                    ],
                },
            },
        ],
    }  # fmt: skip


def matrix_spec(values: list[dict[str, Any]]) -> dict[str, Any]:
    """Angelägenhet × genomförbarhet: the number of analyses with each pair of judgements."""
    rated = [v for v in values if v["urgency"] is not None and v["feasibility"] is not None]
    count = {"aggregate": "count", "type": "quantitative"}
    return {
        **_base(rated),
        "width": "container",
        "height": 300,
        "encoding": {
            "x": {"field": "feasibility", "type": "ordinal", "title": "Genomförbarhet (1–5)",
                  "scale": {"domain": [1, 2, 3, 4, 5]}, "axis": {"labelAngle": 0}},
            "y": {"field": "urgency", "type": "ordinal", "title": "Angelägenhet (1–5)",
                  "scale": {"domain": [5, 4, 3, 2, 1]}},
        },
        "layer": [
            {
                # aria off: with no rated analyses the empty mark would be an unlabelled
                # graphics-symbol (axe: svg-img-alt); the chart's div is the labelled image.
                "mark": {"type": "circle", "color": "#2f6f9f", "opacity": 0.7, "aria": False},
                "encoding": {
                    "size": {**count, "title": "Antal analyser", "scale": {"range": [100, 2500]}},
                    "tooltip": [
                        {**count, "title": "Antal analyser"},
                        {"field": "net_benefit", "aggregate": "sum", "type": "quantitative",
                         "title": "Summa nettonytta", "format": ",.0f"},
                    ],
                },
            },
            {"mark": {"type": "text", "color": "#ffffff", "fontWeight": "bold", "aria": False},
             "encoding": {"text": count}},
        ],
    }  # fmt: skip


def budget_spec(
    values: list[dict[str, Any]], labels: Sequence[str], legend: bool
) -> dict[str, Any]:
    """The budget effect per year, stacked by analysis, years in `labels` order."""
    return {
        **_base(values),
        "width": "container",
        "height": 320,
        "mark": {"type": "bar"},
        "encoding": {
            # on a phone, every other year's label rather than labels on top of each other
            "x": {"field": "label", "type": "ordinal", "title": "År", "sort": list(labels),
                  "axis": {"labelAngle": 0, "labelOverlap": "greedy"}},
            "y": {"field": "net", "type": "quantitative", "aggregate": "sum", "stack": "zero",
                  "title": "Budgeteffekt, kr", "axis": {"format": ",.0f"}},
            "color": {"field": "name", "type": "nominal", "title": "Analys",
                      "legend": {"orient": "bottom", "columns": 1, "labelLimit": 320}
                      if legend else None},
            "tooltip": [
                {"field": "name", "title": "Analys"},
                {"field": "label", "title": "År"},
                {"field": "net", "aggregate": "sum", "type": "quantitative",
                 "title": "Budgeteffekt", "format": ",.0f"},
            ],
        },
    }  # fmt: skip


def chart_specs(rows: Sequence[PortfolioRow], totals: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The three charts for `rows` (with `totals`, their `nyttonb.portfolio.totals`)."""
    marks = points(rows)
    labels = [year["label"] for year in totals["budget_by_year"]]
    return {
        "bubble": bubble_spec(marks),
        "matrix": matrix_spec(marks),
        "budget": budget_spec(bars(rows), labels, legend=len(rows) <= 12),
    }


__all__ = ["bars", "bubble_spec", "budget_spec", "chart_specs", "matrix_spec", "points"]
