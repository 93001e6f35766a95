"""The follow-up chart: planned and actual accumulated net benefit over the years.

"Planerat" is the decided estimate; "Efterkalkyl" has the actual values for the years that have
them and the estimates for the rest. Points mark the years with actual values. Like the other
charts (`nyttonb.present.charts`): Swedish titles, sv-SE numbers, a text alternative beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nyttonb.core.followup import FollowUp
from nyttonb.core.model import Case
from nyttonb.present import formatting as fmt
from nyttonb.present import theme
from nyttonb.present.charts.base import finish_chart as _finish
from nyttonb.present.charts.base import inline_data as _data

if TYPE_CHECKING:
    import altair as alt

PLANNED = "Planerat (kalkylen)"
ACTUAL = "Efterkalkyl (utfall där det finns)"
SERIES_COLOURS = {PLANNED: theme.NET_COLOUR, ACTUAL: theme.CATEGORY_COLOURS["Finansiell"]}


def follow_up_records(result: FollowUp) -> list[dict[str, Any]]:
    """One record per year and series, accumulated present values in kronor."""
    rows = []
    for year in result.years:
        rows.append(
            {
                "year": year.label,
                "series": PLANNED,
                "accumulated": year.planned_accumulated,
                "measured": "nej",
            }
        )
        rows.append(
            {
                "year": year.label,
                "series": ACTUAL,
                "accumulated": year.actual_accumulated,
                "measured": "ja" if year.measured else "nej (kalkylens värde)",
            }
        )
    return rows


def follow_up_chart(case: Case, result: FollowUp) -> alt.LayerChart:
    """Two lines of accumulated net benefit; filled points where the year has actual values."""
    import altair as alt

    years = [y.label for y in result.years]
    records = follow_up_records(result)
    x = alt.X("year:O", sort=years, title="År", axis=alt.Axis(labelAngle=0))
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=list(SERIES_COLOURS), range=list(SERIES_COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(_data(records)).encode(
        x=x,
        y=alt.Y(
            "accumulated:Q",
            title="Ackumulerad nettonytta, nuvärde (kr)",
            axis=alt.Axis(format=",.0f"),
        ),
        color=colour,
        tooltip=[
            alt.Tooltip("year:O", title="År"),
            alt.Tooltip("series:N", title="Serie"),
            alt.Tooltip("accumulated:Q", title="Ackumulerat (kr)", format=",.0f"),
            alt.Tooltip("measured:N", title="Utfall"),
        ],
    )
    lines = base.mark_line(strokeWidth=2)
    measured = base.transform_filter(alt.datum.measured == "ja").mark_point(filled=True, size=60)
    zero = alt.Chart(_data([{"zero": 0}])).mark_rule(color="#555555").encode(y=alt.Y("zero:Q"))
    return _finish(  # type: ignore[no-any-return]
        alt.layer(zero, lines, measured),
        "Planerad och faktisk ackumulerad nettonytta",
        "Fyllda punkter: år med utfall. Övriga år i efterkalkylen har kalkylens värden.",
        describe_follow_up(case, result),
    )


def describe_follow_up(case: Case, result: FollowUp) -> str:
    """The chart in words."""
    measured = [y.label for y in result.years if y.measured]
    span = f"{measured[0]}–{measured[-1]}" if len(measured) > 1 else "".join(measured)
    text = (
        f"Linjediagram över ackumulerad nettonytta år för år under {case.horizon} år: "
        f"kalkylens plan slutar på {fmt.money(result.planned_net_benefit)}, efterkalkylen på "
        f"{fmt.money(result.net_benefit)}."
    )
    if measured:
        return text + f" Utfall finns för {span}; övriga år har kalkylens värden."
    return text + " Inga utfall finns ännu, så linjerna sammanfaller."
