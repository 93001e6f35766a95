"""Altair charts of a case, one module per family: `base` (theme, shared encodings, saving),
`valuation` (the valued benefits and costs), `uncertainty` (tornado, histogram), `slider`
(the kernel-free "Prova själv" chart).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nyttonb.present.charts.base import KR_AXIS, WIDTH, save_charts
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
    "KR_AXIS",
    "NET_AXIS",
    "SLIDER_PARAM",
    "WIDTH",
    "accumulated_chart",
    "describe_accumulated",
    "describe_histogram",
    "describe_scenarios",
    "describe_slider",
    "describe_stakeholders",
    "describe_tornado",
    "describe_unvalued",
    "describe_yearly",
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
