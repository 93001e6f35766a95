"""Altair charts of a case, one module per family: `base` (theme, shared encodings, saving),
`valuation` (the valued benefits and costs), `uncertainty` (tornado, histogram), `slider`
(the kernel-free "Prova själv" chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nyttonb.present.charts.base import KR_AXIS, WIDTH, drawing_processes, save_charts
from nyttonb.present.charts.slider import (
    SLIDER_PARAM,
    describe_slider,
    slider_chart,
    slider_grid,
    slider_values,
)
from nyttonb.present.charts.uncertainty import (
    NET_AXIS,
    describe_histogram,
    describe_tornado,
    histogram_chart,
    tornado_chart,
)
from nyttonb.present.charts.valuation import (
    accumulated_chart,
    describe_accumulated,
    describe_scenarios,
    describe_stakeholders,
    describe_unvalued,
    describe_yearly,
    scenario_chart,
    scenario_records,
    stakeholder_chart,
    stakeholder_records,
    unvalued_chart,
    unvalued_records,
    yearly_chart,
    yearly_records,
)

if TYPE_CHECKING:
    from nyttonb.core.figures import Figures

__all__ = [
    "FILE_NAMES",
    "KR_AXIS",
    "NET_AXIS",
    "SLIDER_PARAM",
    "WIDTH",
    "accumulated_chart",
    "all_report_charts",
    "describe_accumulated",
    "describe_histogram",
    "describe_scenarios",
    "describe_slider",
    "describe_stakeholders",
    "describe_tornado",
    "describe_unvalued",
    "describe_yearly",
    "drawing_processes",
    "histogram_chart",
    "report_charts",
    "save_charts",
    "scenario_chart",
    "scenario_records",
    "slider_chart",
    "slider_grid",
    "slider_values",
    "stakeholder_chart",
    "stakeholder_records",
    "tornado_chart",
    "unvalued_chart",
    "unvalued_records",
    "yearly_chart",
    "yearly_records",
]


def report_charts(figures: Figures, *, slider_factor: str | None = None) -> dict[str, Any]:
    """The report's charts by file name: yearly, accumulated, stakeholders, scenarios,
    unvalued (when there are such items) and slider (for `slider_factor`, by default the
    factor that moves net benefit most, from the figures' tornado when they have one)."""
    case, result = figures.case, figures.result
    charts: dict[str, Any] = {
        "yearly": yearly_chart(case, result),
        "accumulated": accumulated_chart(case, result),
        "stakeholders": stakeholder_chart(case, result),
        "scenarios": scenario_chart(case, figures.runs),
    }
    if any(not item.valued for item in case.items):
        charts["unvalued"] = unvalued_chart(case)
    key = slider_factor or _key_factor(figures)
    if key is not None:
        charts["slider"] = slider_chart(case, key, slider_grid(case, key))
    return charts


def _key_factor(figures: Figures) -> str | None:
    if figures.analysis is not None:
        bars = figures.analysis.tornado
    else:
        from nyttonb.core.uncertainty import tornado

        bars = tornado(figures.case)
    return bars[0].factor if bars else None


FILE_NAMES = {
    "yearly": "nyttor-och-kostnader-per-ar",
    "accumulated": "ackumulerad-nettonytta",
    "stakeholders": "vem-betalar-och-vem-far-nyttan",
    "scenarios": "lagst-troligt-hogst",
    "unvalued": "ej-vardert-i-pengar",
    "slider": "prova-sjalv",
}
"""Swedish file names (ASCII, for any file system) of the report's charts."""


def all_report_charts(figures: Figures) -> dict[str, Any]:
    """Every chart of the report, in its order, by Swedish file name: the valuation charts,
    then tornado and Monte Carlo for the whole calculation and for the budget, then the slider.
    `figures` must carry the uncertainty analysis (``compute_figures(..., with_uncertainty=True)``).
    """
    charts = report_charts(figures)
    named = {FILE_NAMES[k]: v for k, v in charts.items() if k != "slider"}
    analysis = figures.analysis
    if analysis is not None:
        result = figures.result
        views = (
            ("hela-kalkylen", analysis.full, result.net_benefit),
            ("budgeten", analysis.financial, result.financial_net_benefit),
        )
        for suffix, view, likely_net in views:
            if view.tornado:
                named[f"tornado-{suffix}"] = tornado_chart(view.tornado[:10], likely_net)
            named[f"monte-carlo-{suffix}"] = histogram_chart(view.monte_carlo.net.tolist())
    if "slider" in charts:
        named[FILE_NAMES["slider"]] = charts["slider"]
    return named
