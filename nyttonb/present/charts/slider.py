"""The "Prova själv" chart: a slider for one key factor in the static HTML, without a kernel.

`slider_chart` gives a reader of the static HTML a slider (a Vega-Lite parameter bound to a range
input) for one key factor. It does not compute: it selects among the engine's own results on a
grid of factor values (`slider_grid`), so the numbers it shows are the engine's.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from nyttonb.core.model import Case
from nyttonb.present import formatting as fmt
from nyttonb.present import theme
from nyttonb.present.charts.base import (
    KR_AXIS,
    WIDTH,
    finish_chart,
    inline_data,
    money_tooltip,
    net_point,
)
from nyttonb.present.charts.ticks import money_axis

if TYPE_CHECKING:
    import altair as alt

NET_AXIS = "Nettonytta, diskonterad (kr)"
SLIDER_PARAM = "faktorvarde"
"""The name of the slider's parameter (fixed, so the spec is reproducible)."""
SLIDER_HEIGHT = 240
"""Plot height of the slider chart; its caption sits below the x axis."""

GridRow = dict[str, Any]
"""One row of `slider_grid`: factor_value, on_slider, year, year_label, net, accumulated_net."""


def slider_values(low: float, likely: float, high: float, steps: int = 21) -> list[float]:
    """`steps` evenly spaced values from low to high, plus likely exactly if not among them.

    >>> slider_values(340, 368, 400, steps=5)
    [340.0, 355.0, 368.0, 370.0, 385.0, 400.0]
    """
    if not low < high:
        raise ValueError(f"a slider needs low < high, not {low}…{high}")
    if steps < 2:
        raise ValueError("a slider needs at least 2 steps")
    step = (high - low) / (steps - 1)
    lattice = [low + i * step for i in range(steps - 1)] + [high]
    return sorted({float(v) for v in lattice} | {float(likely)})


def slider_step(low: float, likely: float, high: float) -> float:
    """A round step (1, 2, 2,5 or 5 × a power of ten) giving 8–50 positions from `low` to
    `high`, with the likely value on a position when some such step allows it.

    >>> slider_step(150, 300, 500), slider_step(340, 368, 400), slider_step(0.2, 0.35, 0.6)
    (25.0, 2.0, 0.05)
    """
    span = high - low
    exponent = math.floor(math.log10(span)) - 2
    candidates = sorted(
        (m * 10.0**e for e in range(exponent, exponent + 4) for m in (1, 2, 2.5, 5)),
        reverse=True,
    )
    fitting = [s for s in candidates if 8 - 1e-9 <= span / s <= 50 + 1e-9] or [span / 20]

    def on_grid(value: float, step: float) -> bool:
        ratio = (value - low) / step
        return abs(ratio - round(ratio)) < 1e-9 * max(1.0, abs(ratio))

    for step in fitting:
        if on_grid(likely, step) and on_grid(high, step):
            return float(step)
    for step in fitting:
        if on_grid(likely, step):
            return float(step)
    return float(fitting[0])


def slider_grid(case: Case, factor_key: str, steps: int | None = None) -> list[GridRow]:
    """The engine's yearly and accumulated net benefit on a grid of one factor's values.

    One vectorised `calc.evaluate` over `slider_values(low, likely, high, steps)`; the other
    factors at likely. One row per value and year, as plain data: factor_value, on_slider (a
    position of the slider; the likely value may lie between them), year, year_label, net,
    accumulated_net.
    """
    import numpy as np

    from nyttonb.core import calc

    factor = case.factor(factor_key)
    if steps is None:
        step = slider_step(factor.low, factor.likely, factor.high)
        steps = round((factor.high - factor.low) / step) + 1
        lattice = {min(float(factor.high), round(factor.low + i * step, 12)) for i in range(steps)}
        # likely and high (when the step does not reach it) are computed too, off the slider:
        # the chart's description gives the net benefit at both
        values = sorted(lattice | {float(factor.likely), float(factor.high)})
    else:
        values = slider_values(factor.low, factor.likely, factor.high, steps)
        lattice = set(slider_values(factor.low, factor.low, factor.high, steps))
    run = calc.evaluate(case, {factor_key: np.asarray(values)}, scenario="likely")
    net = run.yearly_benefits - run.yearly_costs
    accumulated = np.cumsum(net, axis=1)
    return [
        {
            "factor_value": float(v),
            "on_slider": v in lattice,
            "year": t + 1,
            "year_label": case.year_label(t + 1),
            "net": float(net[i, t]),
            "accumulated_net": float(accumulated[i, t]),
        }
        for i, v in enumerate(values)
        for t in range(case.horizon)
    ]


def _slider_filter(chart: Any) -> Any:
    """Keep the grid's rows nearest the slider's value (the lower one if two are as near)."""
    from altair import datum

    return (
        chart.transform_calculate(distance=f"abs(datum.factor_value - {SLIDER_PARAM})")
        .transform_joinaggregate(nearest="min(distance)")
        .transform_filter(datum.distance == datum.nearest)
        .transform_joinaggregate(chosen="min(factor_value)")
        .transform_filter(datum.factor_value == datum.chosen)
    )


def slider_chart(case: Case, factor_key: str, grid: list[GridRow]) -> alt.LayerChart:
    """Yearly and accumulated net benefit as a reader moves a slider over one factor.

    The slider starts at the factor's likely value and runs from low to high; it only selects
    rows of `grid` (from `slider_grid`), so the numbers shown are the engine's.
    """
    import altair as alt

    factor = case.factor(factor_key)
    lattice = sorted({row["factor_value"] for row in grid if row["on_slider"]})
    step = min(b - a for a, b in itertools.pairwise(lattice))
    # one y scale for every slider position: nice ticks (0 among them) over all their values
    y_axis, y_scale = money_axis(row[key] for row in grid for key in ("net", "accumulated_net"))
    shown = fmt.unit_label(factor.unit)
    unit = f" ({shown})" if shown else ""
    after = f"{fmt.NBSP}{shown}" if shown else ""
    share = 100 if factor.unit in ("%", "andel") else 1
    param = alt.param(
        name=SLIDER_PARAM,
        value=float(factor.likely),
        bind=alt.binding_range(
            min=lattice[0], max=lattice[-1], step=step, name=f"{factor.label}{unit}: "
        ),
    )
    columns = ("factor_value", "year", "year_label", "net", "accumulated_net")
    records = [{key: row[key] for key in columns} for row in grid]
    years = [case.year_label(i) for i in range(1, case.horizon + 1)]
    x = alt.X("year_label:O", sort=years, title="År", axis=alt.Axis(labelAngle=0))
    base = _slider_filter(alt.Chart())
    bars = base.mark_bar(color="#56B4E9").encode(
        x=x,
        y=alt.Y("net:Q", title=KR_AXIS, axis=y_axis, scale=y_scale),
        tooltip=[alt.Tooltip("year_label:N", title="År"), money_tooltip("net", "Nettonytta")],
    )
    # On the first layer, as LayerChart.add_params would put it, without copying every layer
    bars = bars.add_params(param)
    line = base.mark_line(point=net_point(), color=theme.NET_COLOUR, strokeWidth=2).encode(
        x=x,
        y=alt.Y("accumulated_net:Q", scale=y_scale),
        tooltip=[
            alt.Tooltip("year_label:N", title="År"),
            money_tooltip("accumulated_net", "Ackumulerad nettonytta"),
        ],
    )
    last = years[-1]
    text = (
        base.transform_filter(alt.datum.year_label == last)
        .transform_calculate(
            caption=f"'Valt värde: ' + format(datum.factor_value * {share}, ',.4~f') + "
            f"'{_js(after)}. "
            f"Nettonytta efter {case.horizon} år: ' "
            f"+ format(datum.accumulated_net, ',.0f') + '{fmt.NBSP}kr'"
        )
        .mark_text(align="left", baseline="top", fontWeight="bold", limit=WIDTH)
        .encode(
            x=alt.XValue(0),  # type: ignore[no-untyped-call]
            y=alt.YValue(SLIDER_HEIGHT + 44),  # type: ignore[no-untyped-call]
            text=alt.Text("caption:N"),
        )
    )
    zero = alt.Chart().mark_rule(color="#555555", aria=False).encode(y=alt.YDatum(0))
    chart = alt.layer(bars, line, zero, text, data=inline_data(records))
    chart = theme.set_properties(chart, height=SLIDER_HEIGHT)
    return finish_chart(  # type: ignore[no-any-return]
        chart,
        f"Prova själv: {factor.label}",
        f"Dra reglaget mellan lägsta och högsta värde. Staplar: nettonytta per år; linje: "
        f"ackumulerad nettonytta. Reglaget börjar på det troliga värdet, "
        f"{fmt.factor_value(factor.likely, factor.unit)}{after}.",
        describe_slider(case, factor_key, grid),
    )


def _js(text: str) -> str:
    """Text safe inside a single-quoted Vega expression string."""
    return text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


def describe_slider(case: Case, factor_key: str, grid: list[GridRow]) -> str:
    """The slider chart in words: the accumulated net at the likely, lowest and highest value."""
    factor = case.factor(factor_key)
    last = {
        row["factor_value"]: row["accumulated_net"] for row in grid if row["year"] == case.horizon
    }
    shown = fmt.unit_label(factor.unit)
    unit = f"{fmt.NBSP}{shown}" if shown else ""

    def at(v: float) -> str:
        return f"{fmt.factor_value(v, factor.unit)}{unit} ger {fmt.money(float(last[v]))}"

    return (
        f"Interaktivt diagram med ett reglage för {factor.label.lower()}. Nettonyttan efter "
        f"{case.horizon} år: {at(factor.likely)} (Troligt), {at(factor.low)} (Lägst) och "
        f"{at(factor.high)} (Högst)."
    )
