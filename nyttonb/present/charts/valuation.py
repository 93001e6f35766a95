"""The report's charts, in Altair: each returns a chart and never saves (except `save_charts`).

Every chart has a Swedish title, axis titles with units, the sv-SE number locale and fixed
category colours (`nyttonb.present.theme`), and a text alternative twice over: the chart's
``description`` (Vega puts it in the SVG's ``aria-label``) and a ``describe_*`` function whose
plain Swedish sentence the report places beside the chart.

Charts are deterministic: data is inlined as records, and every parameter is named, so
``chart.to_dict()`` is the same on every run and the report's HTML can be diffed.

The uncertainty charts are in `uncertainty` and `slider`; the shared pieces in `base`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from nyttonb.core.model import Case, Category, Direction
from nyttonb.present import formatting as fmt
from nyttonb.present import theme
from nyttonb.present.charts.base import (
    KR_AXIS,
    Record,
    category_colour,
    finish_chart,
    inline_data,
    money_tooltip,
    net_point,
    year_labels,
)
from nyttonb.present.charts.ticks import money_axis

if TYPE_CHECKING:
    import altair as alt

    from nyttonb.core.results import Result


# --- benefits and costs per year -------------------------------------------------------------


def yearly_records(case: Case, result: Result) -> list[Record]:
    """Discounted value per year, category and benefit/cost; costs negative."""
    labels = year_labels(case, result)
    sums: dict[tuple[int, str, str], float] = {}
    for item in result.items:
        cost = item.direction == Direction.COST.value
        for t, value in enumerate(item.per_year_present[: len(labels)]):
            key = (t, "Kostnader" if cost else "Nyttor", fmt.category_label(item.category))
            sums[key] = sums.get(key, 0.0) + (-value if cost else value)
    order = {c: i for i, c in enumerate(theme.CATEGORY_DOMAIN)}
    return [
        {"year": labels[t], "kind": kind, "category": category, "value": value}
        for (t, kind, category), value in sorted(
            sums.items(), key=lambda kv: (kv[0][0], kv[0][1], order.get(kv[0][2], 9))
        )
    ]


def yearly_chart(case: Case, result: Result) -> alt.LayerChart:
    """Benefits (above zero) and costs (below zero) per year, stacked by category; net as line."""
    import altair as alt

    years = year_labels(case, result)
    records = yearly_records(case, result)
    net = [{"year": row.label, "net": row.net} for row in result.by_year]
    axis, scale = money_axis(_stack_ends(records) + [row.net for row in result.by_year])
    x = alt.X("year:O", sort=years, title="År", axis=alt.Axis(labelAngle=0))
    bars = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("sum(value):Q", title=KR_AXIS, axis=axis, scale=scale),
            color=category_colour(r["category"] for r in records),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("kind:N", title="Typ"),
                alt.Tooltip("category:N", title="Kategori"),
                money_tooltip("value", "Diskonterat värde"),
            ],
        )
    )
    line = (
        alt.Chart(inline_data(net))
        .mark_line(point=net_point(), color=theme.NET_COLOUR, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("net:Q", scale=scale),
            tooltip=[alt.Tooltip("year:O", title="År"), money_tooltip("net", "Nettonytta")],
        )
    )
    zero = (
        alt.Chart(inline_data([{"zero": 0}])).mark_rule(color="#555555").encode(y=alt.Y("zero:Q"))
    )
    return finish_chart(  # type: ignore[no-any-return]
        alt.layer(bars, zero, line),
        "Nyttor och kostnader per år",
        "Nyttor ovanför nollinjen, kostnader under, diskonterade värden per år; linjen visar "
        "nettonyttan.",
        describe_yearly(case, result),
    )


def _stack_ends(records: list[Record]) -> list[float]:
    """The top and bottom of each year's stacked bar: its positive and its negative sum."""
    ends: dict[str, list[float]] = {}
    for record in records:
        up, down = ends.setdefault(record["year"], [0.0, 0.0])
        value = record["value"]
        ends[record["year"]] = [up + max(value, 0.0), down + min(value, 0.0)]
    return [end for pair in ends.values() for end in pair]


def describe_yearly(case: Case, result: Result) -> str:
    """The yearly chart in words."""
    if not result.by_year:
        return "Diagrammet visar inga år."
    best = max(result.by_year, key=lambda r: r.net)
    worst = min(result.by_year, key=lambda r: r.net)
    return (
        f"Stapeldiagram över nyttor och kostnader per år i diskonterade värden under "
        f"{case.horizon} år, uppdelade på kategori. Totalt {fmt.money(result.benefits)} i nyttor "
        f"och {fmt.money(result.costs)} i kostnader. Nettonyttan är lägst {worst.label} "
        f"({fmt.money(worst.net)}) och högst {best.label} ({fmt.money(best.net)})."
    )


# --- accumulated net -------------------------------------------------------------------------


def accumulated_chart(case: Case, result: Result) -> alt.LayerChart:
    """Accumulated net benefit per year, with the year accumulated benefits exceed accumulated
    costs marked."""
    import altair as alt

    years = year_labels(case, result)
    x = alt.X("year:O", sort=years, title="År", axis=alt.Axis(labelAngle=0))
    rows = [{"year": r.label, "accumulated": r.accumulated_net} for r in result.by_year]
    axis, scale = money_axis(r.accumulated_net for r in result.by_year)
    line = (
        alt.Chart(inline_data(rows))
        .mark_line(point=net_point(), color=theme.NET_COLOUR, strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "accumulated:Q",
                title="Ackumulerad nettonytta, diskonterad (kr)",
                axis=axis,
                scale=scale,
            ),
            tooltip=[
                alt.Tooltip("year:O", title="År"),
                money_tooltip("accumulated", "Ackumulerad nettonytta"),
            ],
        )
    )
    zero = (
        alt.Chart(inline_data([{"zero": 0}])).mark_rule(color="#555555").encode(y=alt.Y("zero:Q"))
    )
    layers: list[Any] = [zero, line]
    label = fmt.break_even(result.break_even_year, case)
    if result.break_even_year is not None:
        mark = inline_data(
            [
                {
                    "year": result.by_year[result.break_even_year - 1].label,
                    "text": f"Nyttorna överstiger kostnaderna {label}",
                }
            ]
        )
        base = alt.Chart(mark).encode(x=x)
        layers += [
            base.mark_rule(color=theme.CATEGORY_COLOURS["Miljö"], strokeDash=[6, 4], size=2),
            base.mark_text(
                align="left", dx=6, dy=-6, baseline="bottom", fontWeight="bold", color="#00664a"
            ).encode(y=alt.YValue(0), text=alt.Text("text:N")),  # type: ignore[no-untyped-call]
        ]
        subtitle = f"De ackumulerade nyttorna överstiger de ackumulerade kostnaderna {label}."
    else:
        subtitle = (
            "De ackumulerade nyttorna överstiger aldrig de ackumulerade kostnaderna inom "
            f"{case.horizon} år."
        )
    return finish_chart(  # type: ignore[no-any-return]
        alt.layer(*layers),
        "Ackumulerad nettonytta",
        subtitle,
        describe_accumulated(case, result),
    )


def describe_accumulated(case: Case, result: Result) -> str:
    """The accumulated chart in words."""
    end = fmt.money(result.net_benefit)
    if result.break_even_year is None:
        return (
            f"Linjediagram över ackumulerad nettonytta år för år. Den blir inte positiv inom "
            f"tidshorisonten på {case.horizon} år; efter sista året är den {end}."
        )
    return (
        f"Linjediagram över ackumulerad nettonytta år för år. De ackumulerade nyttorna "
        f"överstiger de ackumulerade kostnaderna {fmt.break_even(result.break_even_year, case)}; "
        f"efter {case.horizon} år är den ackumulerade nettonyttan {end}."
    )


# --- who pays and who benefits ---------------------------------------------------------------


def stakeholder_records(case: Case, result: Result) -> list[Record]:
    """Benefits (positive) and costs (negative) per stakeholder and category."""
    order = [s.id for s in case.stakeholders]
    cats = [c.value for c in Category]

    def key(pair: tuple[str, str]) -> tuple[int, int]:
        category, stakeholder = pair
        rank = order.index(stakeholder) if stakeholder in order else len(order)
        return rank, cats.index(category) if category in cats else len(cats)

    records: list[Record] = []
    for pair in sorted(result.by_category_stakeholder, key=key):
        totals = result.by_category_stakeholder[pair]
        for kind, value in (("Nyttor", totals.benefits), ("Kostnader", -totals.costs)):
            if value:
                records.append(
                    {
                        "stakeholder": case.stakeholder_name(pair[1]),
                        "category": fmt.category_label(pair[0]),
                        "kind": kind,
                        "value": value,
                    }
                )
    return records


def stakeholder_chart(case: Case, result: Result) -> alt.LayerChart:
    """Per stakeholder: benefits to the right, costs to the left; finansiell and omfördelning
    on separate bars."""
    import altair as alt

    records = stakeholder_records(case, result)
    names = list(dict.fromkeys(r["stakeholder"] for r in records))
    axis, scale = money_axis(r["value"] for r in records)
    bars = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            y=alt.Y("stakeholder:N", sort=names, title=None),
            yOffset=alt.YOffset("category:N", sort=theme.CATEGORY_DOMAIN),
            x=alt.X(
                "value:Q",
                title="Kostnader ← → Nyttor, diskonterat värde (kr)",
                axis=axis,
                scale=scale,
            ),
            color=category_colour(r["category"] for r in records),
            tooltip=[
                alt.Tooltip("stakeholder:N", title="Perspektiv"),
                alt.Tooltip("category:N", title="Kategori"),
                alt.Tooltip("kind:N", title="Typ"),
                money_tooltip("value", "Diskonterat värde"),
            ],
        )
    )
    zero = (
        alt.Chart(inline_data([{"zero": 0}])).mark_rule(color="#555555").encode(x=alt.X("zero:Q"))
    )
    return finish_chart(  # type: ignore[no-any-return]
        alt.layer(bars, zero).properties(height=alt.Step(22)),
        "Vem bär kostnaderna och vem tillfaller nyttorna?",
        [
            "Nyttor till höger, kostnader till vänster, per perspektiv. Finansiellt syns i",
            "budgeten; omfördelning (t.ex. frigjord tid) är värderad i pengar men frigör ingen",
            "budget.",
        ],
        describe_stakeholders(case, result),
    )


def describe_stakeholders(case: Case, result: Result) -> str:
    """The stakeholder chart in words."""
    parts = [
        f"{case.stakeholder_name(sid)}: nyttor {fmt.money(t.benefits)}, "
        f"kostnader {fmt.money(t.costs)}"
        for sid, t in result.by_stakeholder.items()
    ]
    fin = result.by_category.get(Category.FINANSIELL.value)
    omf = result.by_category.get(Category.OMFORDELNING.value)
    text = (
        "Liggande staplar per perspektiv, nyttor och kostnader i diskonterade värden. "
        + "; ".join(parts)
    )
    if fin is not None and omf is not None:
        text += (
            f". Finansiell nettonytta {fmt.money(fin.net)}; nettonytta för omfördelning "
            f"{fmt.money(omf.net)}, vilket inte frigör budget."
        )
    return text + ("" if text.endswith(".") else ".")


# --- Inera's three paired runs ---------------------------------------------------------------


def scenario_records(results_by_scenario: Mapping[str, Result]) -> list[Record]:
    return [
        {"scenario": fmt.scenario_label(s), "measure": measure, "value": value}
        for s in ("low", "likely", "high")
        if s in results_by_scenario
        for measure, value in (
            ("Nyttor", results_by_scenario[s].benefits),
            ("Kostnader", results_by_scenario[s].costs),
            ("Nettonytta", results_by_scenario[s].net_benefit),
        )
    ]


def scenario_chart(case: Case, results_by_scenario: Mapping[str, Result]) -> alt.Chart:
    """Benefits, costs and net benefit of Inera's three paired runs side by side."""
    import altair as alt

    measures = list(theme.MEASURE_COLOURS)
    records = scenario_records(results_by_scenario)
    axis, scale = money_axis(r["value"] for r in records)
    chart = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            x=alt.X(
                "scenario:N",
                sort=list(fmt.SCENARIO_LABELS.values()),
                title=None,
                axis=alt.Axis(labelAngle=0),
            ),
            xOffset=alt.XOffset("measure:N", sort=measures),
            y=alt.Y("value:Q", title=KR_AXIS, axis=axis, scale=scale),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=measures,
                scale=alt.Scale(domain=measures, range=list(theme.MEASURE_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title="Beräkning"),
                alt.Tooltip("measure:N", title="Mått"),
                money_tooltip("value", "Diskonterat värde"),
            ],
        )
    )
    return finish_chart(  # type: ignore[no-any-return]
        chart,
        "Lägst, Troligt och Högst: tre parade beräkningar",
        "Lägsta nyttor paras med lägsta kostnader, troliga med troliga, högsta med högsta.",
        describe_scenarios(case, results_by_scenario),
    )


def describe_scenarios(case: Case, results_by_scenario: Mapping[str, Result]) -> str:
    """The paired-runs chart in words."""
    parts = [
        f"{fmt.scenario_label(s)} {fmt.money(results_by_scenario[s].net_benefit)}"
        for s in ("low", "likely", "high")
        if s in results_by_scenario
    ]
    return (
        f"Stapeldiagram med nyttor, kostnader och nettonytta i tre parade beräkningar över "
        f"{case.horizon} år. Nettonyttan är " + ", ".join(parts) + "."
    )


# --- items not valued in money ---------------------------------------------------------------


def unvalued_records(case: Case) -> list[Record]:
    from nyttonb.present.tables import unvalued_items

    return [
        {
            "item": ("Nytta: " if item.direction == Direction.BENEFIT else "Kostnad: ") + item.name,
            "category": fmt.category_label(item.category),
            "size": item.size or 0,
            "size_label": fmt.size_label(item.size),
        }
        for item in unvalued_items(case)
    ]


def unvalued_chart(case: Case) -> alt.Chart:
    """Benefits and costs that are not valued in money, by Inera's size 0–3."""
    import altair as alt

    records = unvalued_records(case)
    labels = "[" + ", ".join(f"'{fmt.size_label(s)}'" for s in range(4)) + "]"
    chart = (
        alt.Chart(inline_data(records))
        .mark_bar()
        .encode(
            y=alt.Y("item:N", sort=[r["item"] for r in records], title=None),
            x=alt.X(
                "size:Q",
                title="Storlek (0–3)",
                scale=alt.Scale(domain=[0, 3]),
                axis=alt.Axis(values=[0, 1, 2, 3], labelExpr=f"{labels}[datum.value]"),
            ),
            color=category_colour(r["category"] for r in records),
            tooltip=[
                alt.Tooltip("item:N", title="Nytta eller kostnad"),
                alt.Tooltip("category:N", title="Kategori"),
                alt.Tooltip("size_label:N", title="Storlek"),
            ],
        )
        .properties(height=alt.Step(22))
    )
    return finish_chart(  # type: ignore[no-any-return]
        chart,
        "Nyttor och kostnader som inte värderas i pengar",
        "Storlek enligt Ineras skala: 0 ingen, 1 liten, 2 måttlig, 3 stor.",
        describe_unvalued(case),
    )


def describe_unvalued(case: Case) -> str:
    """The unvalued chart in words."""
    records = unvalued_records(case)
    if not records:
        return "Det finns inga nyttor eller kostnader som beskrivs utan att värderas i pengar."
    parts = [f"{r['item']} ({r['size_label']})" for r in records]
    return (
        "Staplar för nyttor och kostnader som inte värderas i pengar, efter storlek: "
        + "; ".join(parts)
        + "."
    )
