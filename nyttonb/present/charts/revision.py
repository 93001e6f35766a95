"""The waterfall from the previous version's net benefit to this version's, one bar per change.

Like the other report charts: Swedish title and axis titles with units, kronor in the sv-SE
locale, a ``description`` and a `describe_waterfall` sentence, and ``chart.to_dict()`` is the
same on every run. The data is plain: the old and new net benefit and (label, effect) per step,
the steps adding up to the difference (`nyttonb.portfolio.diff` guarantees that).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nyttonb.present import formatting as fmt
from nyttonb.present import theme
from nyttonb.present.charts.base import Record, finish_chart, inline_data, money_tooltip
from nyttonb.present.charts.ticks import money_axis
from nyttonb.present.charts.uncertainty import NET_AXIS

if TYPE_CHECKING:
    import altair as alt

OLD_BAR = "Förra versionen"
NEW_BAR = "Denna version"
RAISES = "Höjer nettonyttan"
LOWERS = "Sänker nettonyttan"
LEVEL = "Nettonytta"
_LABEL_WIDTH = 48


def _short(text: str) -> str:
    """The bar's label: the whole text, or cut after a whole word (the tooltip and the table
    below the chart give the rest)."""
    if len(text) <= _LABEL_WIDTH:
        return text
    cut = text[: _LABEL_WIDTH - 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut[_LABEL_WIDTH // 2 :] else cut
    return words.rstrip(" ,:;(") + "…"


def waterfall_records(
    old_net: float, steps: Sequence[tuple[str, float]], new_net: float
) -> list[Record]:
    """One record per bar: the old level, each step from the running level, the new level.

    Each bar's ``bar`` label is numbered (unique, in order); ``change`` is the full text.
    """
    records: list[Record] = [
        {
            "bar": OLD_BAR,
            "change": OLD_BAR,
            "kind": LEVEL,
            "from": 0.0,
            "to": old_net,
            "effect": old_net,
        }
    ]
    level = old_net
    for number, (label, effect) in enumerate(steps, start=1):
        records.append(
            {
                "bar": f"{number}. {_short(label)}",
                "change": label,
                "kind": RAISES if effect >= 0 else LOWERS,
                "from": level,
                "to": level + effect,
                "effect": effect,
            }
        )
        level += effect
    records.append(
        {
            "bar": NEW_BAR,
            "change": NEW_BAR,
            "kind": LEVEL,
            "from": 0.0,
            "to": new_net,
            "effect": new_net,
        }
    )
    return records


def waterfall_chart(
    old_net: float, steps: Sequence[tuple[str, float]], new_net: float
) -> alt.LayerChart:
    """Horizontal waterfall: the old net benefit, one bar per change, the new net benefit."""
    import altair as alt

    records = waterfall_records(old_net, steps, new_net)
    kinds = [RAISES, LOWERS, LEVEL]
    x_axis, x_scale = money_axis(r[key] for r in records for key in ("from", "to"))
    bars = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            y=alt.Y(
                "bar:N", sort=[r["bar"] for r in records], title=None, axis=alt.Axis(labelLimit=360)
            ),
            x=alt.X("from:Q", title=NET_AXIS, axis=x_axis, scale=x_scale),
            x2=alt.X2("to:Q"),
            color=alt.Color(
                "kind:N",
                title=None,
                sort=kinds,
                scale=alt.Scale(domain=kinds, range=["#0072B2", "#D55E00", theme.NET_COLOUR]),
                legend=alt.Legend(
                    values=[k for k in kinds if any(r["kind"] == k for r in records)]
                ),
            ),
            tooltip=[
                alt.Tooltip("change:N", title="Ändring"),
                money_tooltip("effect", "Påverkan"),
                money_tooltip("to", "Nettonytta efter"),
            ],
        )
    )
    zero = (
        alt.Chart(inline_data([{"x": 0}])).mark_rule(color=theme.NET_COLOUR).encode(x=alt.X("x:Q"))
    )
    difference = new_net - old_net
    return finish_chart(  # type: ignore[no-any-return]
        alt.layer(bars, zero).properties(height=alt.Step(24)),
        "Vad flyttade nettonyttan sedan förra versionen?",
        f"Från {fmt.money(old_net)} till {fmt.money(new_net)} ({_signed(difference)}); "
        "en stapel per ändring, i den ordning de tillämpas.",
        describe_waterfall(old_net, steps, new_net),
    )


def _signed(amount: float) -> str:
    return ("+" if amount >= 0 else fmt.MINUS) + fmt.money(abs(amount))


def describe_waterfall(old_net: float, steps: Sequence[tuple[str, float]], new_net: float) -> str:
    """The waterfall in words: the two levels and the largest changes."""
    text = (
        f"Vattenfallsdiagram. Förra versionens nettonytta var {fmt.money(old_net)} och denna "
        f"versions är {fmt.money(new_net)}, en skillnad på {_signed(new_net - old_net)}."
    )
    largest = sorted(steps, key=lambda step: -abs(step[1]))[:3]
    if not largest:
        return text + " Ingen ändring påverkar nettonyttan."
    parts = [f"{label} ({_signed(effect)})" for label, effect in largest]
    word = "Störst påverkan har" if len(steps) > 1 else "Ändringen är"
    return f"{text} {word} " + "; ".join(parts) + "."


__all__ = [
    "LEVEL",
    "LOWERS",
    "NEW_BAR",
    "OLD_BAR",
    "RAISES",
    "describe_waterfall",
    "waterfall_chart",
    "waterfall_records",
]
