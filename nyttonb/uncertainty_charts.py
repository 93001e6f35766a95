"""The report's uncertainty charts, in Altair: tornado, Monte Carlo histogram and slider.

Like the valuation charts in `nyttonb.charts`, whose shared pieces they use, each has a Swedish
title, axis titles with units, the sv-SE number locale, a ``description`` and a ``describe_*``
sentence, and ``chart.to_dict()`` is the same on every run.

`slider_chart` gives a reader of the static HTML a slider (a Vega-Lite parameter bound to a range
input) for one key factor. It does not compute: it selects among the engine's own results on a
grid of factor values (`slider_grid`), so the numbers it shows are the engine's.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from nyttonb import formatting as fmt
from nyttonb import theme
from nyttonb.charts import KR_AXIS, WIDTH, _data, _finish, _money_tooltip, _point
from nyttonb.model import Case

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

NET_AXIS = "Nettonytta, nuvärde (kr)"
SLIDER_PARAM = "faktorvarde"
SLIDER_HEIGHT = 240
"""Plot height of the slider chart; its caption sits below the x axis."""
"""The name of the slider's parameter (fixed, so the spec is reproducible)."""


class SwingBar(Protocol):
    """One tornado bar (`nyttonb.uncertainty.TornadoBar` fits)."""

    @property
    def label(self) -> str: ...
    @property
    def low_net(self) -> float: ...
    @property
    def high_net(self) -> float: ...
    @property
    def swing(self) -> float: ...


# --- tornado and histogram -------------------------------------------------------------------


def tornado_chart(bars: Sequence[SwingBar], likely_net: float, *, top: int = 12) -> alt.LayerChart:
    """One-at-a-time sensitivity: net benefit with each factor at its lowest and highest value."""
    import altair as alt

    ranked = sorted(bars, key=lambda b: -b.swing)[:top]
    order = [b.label for b in ranked]
    records = [
        {"factor": b.label, "end": end, "from": likely_net, "to": net}
        for b in ranked
        for end, net in (
            ("Faktorn på lägsta värdet", b.low_net),
            ("Faktorn på högsta värdet", b.high_net),
        )
    ]
    ends = ["Faktorn på lägsta värdet", "Faktorn på högsta värdet"]
    chart = (
        alt.Chart(_data(records))
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=order, title=None),
            x=alt.X(
                "from:Q", title=NET_AXIS, axis=alt.Axis(format=",.0f"), scale=alt.Scale(zero=False)
            ),
            x2=alt.X2("to:Q"),
            color=alt.Color(
                "end:N",
                title=None,
                sort=ends,
                scale=alt.Scale(domain=ends, range=["#D55E00", "#0072B2"]),
            ),
            tooltip=[
                alt.Tooltip("factor:N", title="Faktor"),
                alt.Tooltip("end:N", title="Läge"),
                _money_tooltip("to", "Nettonytta"),
            ],
        )
    )
    rule = (
        alt.Chart(_data([{"net": likely_net}]))
        .mark_rule(color=theme.NET_COLOUR)
        .encode(x=alt.X("net:Q"))
    )
    return _finish(  # type: ignore[no-any-return]
        alt.layer(chart, rule).properties(height=alt.Step(22)),
        "Vilka faktorer påverkar nettonyttan mest?",
        f"En faktor i taget från lägsta till högsta värde; linjen är troligaste "
        f"nettonytta, {fmt.money(likely_net)}.",
        describe_tornado(bars, likely_net),
    )


def describe_tornado(bars: Sequence[SwingBar], likely_net: float) -> str:
    """The tornado chart in words."""
    ranked = sorted(bars, key=lambda b: -b.swing)[:3]
    if not ranked:
        return "Ingen faktor har ett intervall mellan lägsta och högsta värde."
    parts = [
        f"{b.label} (nettonytta från {fmt.money(b.low_net)} till {fmt.money(b.high_net)})"
        for b in ranked
    ]
    return (
        f"Känslighetsdiagram. Troligaste nettonytta är {fmt.money(likely_net)}. Störst "
        "påverkan har " + "; ".join(parts) + "."
    )


def _quantiles(draws: Sequence[float]) -> tuple[float, float, float, float]:
    import numpy as np

    values = np.asarray(draws, dtype=float)
    p10, p50, p90 = (float(v) for v in np.percentile(values, [10, 50, 90]))
    return p10, p50, p90, float(np.mean(values > 0))


def histogram_chart(net_draws: Sequence[float], *, bins: int = 30) -> alt.LayerChart:
    """Monte Carlo: how often each net benefit came out, with P10, P50, P90 and zero marked."""
    import altair as alt
    import numpy as np

    counts, edges = np.histogram(np.asarray(net_draws, dtype=float), bins=bins)
    records = [
        {"start": float(edges[i]), "end": float(edges[i + 1]), "count": int(counts[i])}
        for i in range(len(counts))
    ]
    p10, p50, p90, positive = _quantiles(net_draws)
    bars = (
        alt.Chart(_data(records))
        # Ranged x with a bar mark would turn the bars sideways: a rect from 0 to the count.
        .mark_rect(color="#56B4E9", stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:Q", title=NET_AXIS, axis=alt.Axis(format=",.0f")),
            x2=alt.X2("end:Q"),
            y=alt.Y("count:Q", title="Antal dragningar"),
            y2=alt.Y2Datum(0),
            tooltip=[
                _money_tooltip("start", "Från"),
                _money_tooltip("end", "Till"),
                alt.Tooltip("count:Q", title="Antal", format=",.0f"),
            ],
        )
    )
    marks = _data([{"x": v, "text": t} for v, t in ((p10, "P10"), (p50, "P50"), (p90, "P90"))])
    base = alt.Chart(marks).encode(x=alt.X("x:Q"))
    zero = alt.Chart(_data([{"x": 0}])).mark_rule(color="#D55E00", size=2).encode(x=alt.X("x:Q"))
    chart = alt.layer(
        bars,
        base.mark_rule(color=theme.NET_COLOUR, strokeDash=[4, 3]),
        base.mark_text(dy=-4, baseline="bottom").encode(
            y=alt.YValue(0), text=alt.Text("text:N")  # type: ignore[no-untyped-call]
        ),
        zero,
    )
    return _finish(  # type: ignore[no-any-return]
        chart,
        "Nettonyttans spridning (Monte Carlo)",
        f"Sannolikhet för positiv nettonytta: {fmt.probability(positive)}. "
        "Streckade linjer: P10, P50, P90.",
        describe_histogram(net_draws),
    )


def describe_histogram(net_draws: Sequence[float]) -> str:
    """The histogram in words."""
    p10, p50, p90, positive = _quantiles(net_draws)
    return (
        f"Histogram över nettonyttan i {fmt.number(len(net_draws))} slumpade beräkningar. "
        f"Medianen är {fmt.money(p50)}; i 80 % av dragningarna ligger den mellan "
        f"{fmt.money(p10)} och {fmt.money(p90)}. Sannolikheten att nettonyttan är positiv "
        f"är {fmt.probability(positive)}."
    ).replace("80 %", f"80{fmt.NBSP}%")


# --- the slider: interaction without a kernel ------------------------------------------------


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


def slider_grid(case: Case, factor_key: str, steps: int | None = None) -> pd.DataFrame:
    """The engine's yearly and accumulated net benefit on a grid of one factor's values.

    One vectorised `calc.evaluate` over `slider_values(low, likely, high, steps)`; the other
    factors at likely. Columns: factor_value, on_slider (a position of the slider; the
    likely value may lie between them), year, year_label, net, accumulated_net.
    """
    import numpy as np
    import pandas as pd

    from nyttonb import calc

    factor = case.factor(factor_key)
    if steps is None:
        step = slider_step(factor.low, factor.likely, factor.high)
        steps = round((factor.high - factor.low) / step) + 1
        lattice = {
            min(float(factor.high), round(factor.low + i * step, 12)) for i in range(steps)
        }
        values = sorted(lattice | {float(factor.likely)})
    else:
        values = slider_values(factor.low, factor.likely, factor.high, steps)
        lattice = set(slider_values(factor.low, factor.low, factor.high, steps))
    run = calc.evaluate(case, {factor_key: np.asarray(values)}, scenario="likely")
    net = run.yearly_benefits - run.yearly_costs
    accumulated = np.cumsum(net, axis=1)
    rows = [
        {
            "factor_value": v,
            "on_slider": v in lattice,
            "year": t + 1,
            "year_label": case.year_label(t + 1),
            "net": float(net[i, t]),
            "accumulated_net": float(accumulated[i, t]),
        }
        for i, v in enumerate(values)
        for t in range(case.horizon)
    ]
    return pd.DataFrame(rows)


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


def slider_chart(case: Case, factor_key: str, grid: pd.DataFrame) -> alt.LayerChart:
    """Yearly and accumulated net benefit as a reader moves a slider over one factor.

    The slider starts at the factor's likely value and runs from low to high; it only selects
    rows of `grid` (from `slider_grid`), so the numbers shown are the engine's.
    """
    import altair as alt

    factor = case.factor(factor_key)
    lattice = sorted(float(v) for v in grid.loc[grid["on_slider"], "factor_value"].unique())
    step = min(b - a for a, b in itertools.pairwise(lattice))
    lowest = float(min(0.0, grid["net"].min(), grid["accumulated_net"].min()))
    highest = float(max(0.0, grid["net"].max(), grid["accumulated_net"].max()))
    y_scale = alt.Scale(domain=[lowest, highest], nice=True)
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
    records = [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in grid[["factor_value", "year", "year_label", "net", "accumulated_net"]].to_dict(
            "records"
        )
    ]
    years = [case.year_label(i) for i in range(1, case.horizon + 1)]
    x = alt.X("year_label:O", sort=years, title="År", axis=alt.Axis(labelAngle=0))
    base = _slider_filter(alt.Chart())
    bars = base.mark_bar(color="#56B4E9").encode(
        x=x,
        y=alt.Y("net:Q", title=KR_AXIS, axis=alt.Axis(format=",.0f"), scale=y_scale),
        tooltip=[alt.Tooltip("year_label:N", title="År"), _money_tooltip("net", "Netto")],
    )
    line = base.mark_line(point=_point(), color=theme.NET_COLOUR, strokeWidth=2).encode(
        x=x,
        y=alt.Y("accumulated_net:Q", scale=y_scale),
        tooltip=[
            alt.Tooltip("year_label:N", title="År"),
            _money_tooltip("accumulated_net", "Ackumulerat"),
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
    zero = alt.Chart().mark_rule(color="#555555").encode(y=alt.YDatum(0))
    chart = alt.layer(bars, line, zero, text, data=_data(records)).add_params(param)
    chart = theme.set_properties(chart, height=SLIDER_HEIGHT)
    return _finish(  # type: ignore[no-any-return]
        chart,
        f"Prova själv: {factor.label}",
        f"Dra reglaget mellan lägsta och högsta värde. Staplar: netto per år; linje: "
        f"ackumulerat netto. Reglaget börjar på troligaste värde, "
        f"{fmt.factor_value(factor.likely, factor.unit)}{after}.",
        describe_slider(case, factor_key, grid),
    )


def _js(text: str) -> str:
    """Text safe inside a single-quoted Vega expression string."""
    return text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ")


def describe_slider(case: Case, factor_key: str, grid: pd.DataFrame) -> str:
    """The slider chart in words: the accumulated net at the likely, lowest and highest value."""
    factor = case.factor(factor_key)
    last = grid[grid["year"] == case.horizon].set_index("factor_value")["accumulated_net"]
    shown = fmt.unit_label(factor.unit)
    unit = f"{fmt.NBSP}{shown}" if shown else ""

    def at(v: float) -> str:
        return f"{fmt.factor_value(v, factor.unit)}{unit} ger {fmt.money(float(last[v]))}"

    return (
        f"Interaktivt diagram med ett reglage för {factor.label.lower()}. Nettonyttan efter "
        f"{case.horizon} år: {at(factor.likely)} (troligaste), {at(factor.low)} (lägsta) och "
        f"{at(factor.high)} (högsta)."
    )
