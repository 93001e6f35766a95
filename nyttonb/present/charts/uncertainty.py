"""The report's uncertainty charts, in Altair: tornado and Monte Carlo histogram.

Like the valuation charts, each has a Swedish title, axis titles with units, the sv-SE number
locale, a ``description`` and a ``describe_*`` sentence, and ``chart.to_dict()`` is the same on
every run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from nyttonb.present import formatting as fmt
from nyttonb.present import theme
from nyttonb.present.charts.base import finish_chart, inline_data, money_tooltip
from nyttonb.present.charts.ticks import money_axis

if TYPE_CHECKING:
    import altair as alt

NET_AXIS = "Nettonytta, diskonterad (kr)"
SLIDER_PARAM = "faktorvarde"
"""The name of the slider's parameter (fixed, so the spec is reproducible)."""


class SwingBar(Protocol):
    """One tornado bar (`nyttonb.core.uncertainty.TornadoBar` fits)."""

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
    nets = [likely_net, *(n for b in ranked for n in (b.low_net, b.high_net))]
    axis, scale = money_axis(nets, include_zero=False)
    chart = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=order, title=None),
            x=alt.X("from:Q", title=NET_AXIS, axis=axis, scale=scale),
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
                money_tooltip("to", "Nettonytta"),
            ],
        )
    )
    rule = (
        alt.Chart(inline_data([{"net": likely_net}]))
        .mark_rule(color=theme.NET_COLOUR)
        .encode(x=alt.X("net:Q"))
    )
    return finish_chart(  # type: ignore[no-any-return]
        alt.layer(chart, rule).properties(height=alt.Step(22)),
        "Vilka faktorer påverkar nettonyttan mest?",
        f"En faktor i taget från lägsta till högsta värde; linjen är nettonyttan med troliga "
        f"värden (Troligt), {fmt.money(likely_net)}.",
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
        f"Känslighetsdiagram. Nettonyttan med troliga värden är {fmt.money(likely_net)}. Störst "
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
    axis, scale = money_axis([float(edges[0]), float(edges[-1])], include_zero=False)
    bars = (
        alt.Chart(inline_data(records))
        # Ranged x with a bar mark would turn the bars sideways: a rect from 0 to the count.
        .mark_rect(color="#56B4E9", stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("start:Q", title=NET_AXIS, axis=axis, scale=scale),
            x2=alt.X2("end:Q"),
            y=alt.Y("count:Q", title="Antal dragningar"),
            y2=alt.Y2Datum(0),
            tooltip=[
                money_tooltip("start", "Från"),
                money_tooltip("end", "Till"),
                alt.Tooltip("count:Q", title="Antal", format=",.0f"),
            ],
        )
    )
    marks = inline_data(
        [{"x": v, "text": t} for v, t in ((p10, "P10"), (p50, "P50"), (p90, "P90"))]
    )
    base = alt.Chart(marks).encode(x=alt.X("x:Q"))
    zero = (
        alt.Chart(inline_data([{"x": 0}])).mark_rule(color="#D55E00", size=2).encode(x=alt.X("x:Q"))
    )
    chart = alt.layer(
        bars,
        base.mark_rule(color=theme.NET_COLOUR, strokeDash=[4, 3]),
        base.mark_text(dy=-4, baseline="bottom").encode(
            y=alt.YValue(0),  # type: ignore[no-untyped-call]
            text=alt.Text("text:N"),
        ),
        zero,
    )
    return finish_chart(  # type: ignore[no-any-return]
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
