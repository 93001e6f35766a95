"""The report sections "Nyttorealiseringsplan" and "Planerat och utfall" as HTML.

Pure functions of a case and its `nyttonb.core.followup.FollowUp`; every text from the case or the
actuals file is HTML-escaped. Omfördelning is shown as hours, årsarbetskrafter and their planned
use, never as a budget saving; a published claim is marked as such; where an indicator cannot
be compared with its plan the table says so and why, rather than guessing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from nyttonb.core.followup import ON_TRACK_SHARE, FollowUp, ItemFollowUp
from nyttonb.core.model import Case, Category, Direction, FreedUse, Item
from nyttonb.core.results import HOURS_PER_FTE
from nyttonb.present import formatting as fmt

_USE_LABELS = {
    FreedUse.UNDECIDED: "ej beslutat",
    FreedUse.QUALITY: "högre kvalitet",
    FreedUse.AVOIDED_COST: "undviken kostnad",
    FreedUse.FEWER_POSTS: "färre tjänster",
}


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _table(
    caption: str, heads: Iterable[str], rows: Iterable[Iterable[str]], numeric: Iterable[int] = ()
) -> str:
    """An HTML table; cells are HTML already (escape before); `numeric` columns align right."""
    right = set(numeric)
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in heads)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{cell}</td>" if i in right else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table class='nyttonb-table'><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _value(value: float, unit: str) -> str:
    return f"{fmt.quantity(value)}{fmt.NBSP}{unit}".strip()


def _year(case: Case, year: int) -> str:
    """A year as the plan writes it (calendar, or 1-based), as readers see it."""
    return str(year) if case.start_year else f"år {year}"


# --- Nyttorealiseringsplan -------------------------------------------------------------------


def plan_html(case: Case) -> str:
    """Who measures what, when, against which baseline and target; what freed time is for."""
    planned = [item for item in case.items if item.realisation is not None]
    if not planned:
        return (
            "<p>Analysen har ännu ingen nyttorealiseringsplan. Lägg till "
            "<code>realisation:</code> för de nyttor som ska följas upp (se "
            "docs/case-format.md).</p>"
        )
    parts = [_plan_article(case, item) for item in planned]
    missing = [i.name for i in case.benefits if i.valued and i.realisation is None]
    if missing:
        parts.append(f"<p>Nyttor värderade i kronor utan plan: {escape(', '.join(missing))}.</p>")
    return "\n".join(parts)


def _plan_article(case: Case, item: Item) -> str:
    plan = item.realisation
    assert plan is not None
    unit = plan.indicator.unit
    baseline = (
        f"{_value(plan.baseline.value, unit)} ({plan.baseline.date.isoformat()}; "
        f"källa: {plan.baseline.source})"
        if plan.baseline
        else "saknas – indikatorn kan inte jämföras med utfall förrän nuläget är mätt"
    )
    rows = [
        ("Indikator", f"{plan.indicator.name} ({unit})"),
        ("Så mäts den", plan.indicator.method),
        ("Nuläge", baseline),
        ("Mål", f"{_value(plan.target.value, unit)} senast {_year(case, plan.target.year)}"),
        ("Ansvar för att realisera", plan.realising),
        ("Ansvar för mätning och uppföljning", plan.measuring),
        ("Mäts", plan.measured_when),
    ]
    if plan.freed_use is not None:
        use = _USE_LABELS[plan.freed_use]
        rows.append(
            (
                "Frigjorda resurser används till",
                use + (f": {plan.freed_use_text}" if plan.freed_use_text else ""),
            )
        )
    if plan.preconditions:
        rows.append(("Förutsättningar", "; ".join(plan.preconditions)))
    if plan.risks:
        rows.append(
            (
                "Risker och hantering",
                "; ".join(r.name + (f" – {r.handling}" if r.handling else "") for r in plan.risks),
            )
        )
    body = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v
    )
    kind = "Nytta" if item.direction is Direction.BENEFIT else "Kostnad"
    return (
        f"<article class='nyttonb-item'><h3>{escape(item.name)}</h3>"
        f"<p class='nyttonb-tags'><span>{kind}</span> · "
        f"<span>{escape(item.category.value)}</span></p>"
        f"<table class='nyttonb-facts'>{body}</table></article>"
    )


# --- Planerat och utfall ---------------------------------------------------------------------


def status_html(case: Case, result: FollowUp) -> str:
    """The status in one paragraph, with the rule it follows."""
    rule = (
        f"Regeln: enligt plan när minst {fmt.percent(ON_TRACK_SHARE)} av det planerade för "
        "de år som har utfall är realiserat, annars efter plan."
    )
    if result.status == "no_plan":
        text = "Status: ingen plan. Analysen har ingen nyttorealiseringsplan att följa upp."
    elif result.status == "plan_without_data":
        text = (
            "Status: plan utan utfall. Det finns en nyttorealiseringsplan men ännu inga "
            "utfall i kronor eller timmar att jämföra med."
        )
    else:
        share = fmt.percent(result.realised_share or 0.0, 0)
        text = (
            f"Status: {result.status_label}. Av det som nyttorna enligt kalkylen skulle ge "
            f"de år som har utfall är {share} realiserat (i kronor)."
        )
        benefits = [f for f in result.items if f.item.direction is Direction.BENEFIT]
        planned_h = sum(f.hours_to_date[0] for f in benefits)
        actual_h = sum(f.hours_to_date[1] for f in benefits)
        if planned_h > 0 and actual_h > 0:
            text += (
                f" Räknat i frigjorda timmar är {fmt.percent(actual_h / planned_h, 0)} "
                f"realiserat ({fmt.hours(actual_h)} av {fmt.hours(planned_h)})."
            )
    claims = sorted({e.source for f in result.items for e in f.entries if e.claim})
    note = ""
    if claims:
        note = (
            "<p class='nyttonb-claim'><strong>Obs:</strong> utfall markerade som påstående "
            "är publicerade uppgifter som citeras, inte mätningar som har kunnat prövas. "
            f"Källa: {escape('; '.join(claims))}.</p>"
        )
    return f"<p class='nyttonb-lead'>{escape(text)} {escape(rule)}</p>{note}"


def items_html(case: Case, result: FollowUp) -> str:
    """Per benefit and in total: planned and actual so far, share realised, what remains."""
    benefits = [
        f
        for f in result.items
        if f.item.direction is Direction.BENEFIT and (f.item.valued or f.entries)
    ]
    rows = [_item_row(case, f) for f in benefits]
    measured = [f for f in benefits if f.measured_years]
    planned = sum(f.planned_to_date for f in measured)
    actual = sum(f.actual_to_date for f in measured)
    share = fmt.percent(result.realised_share, 0) if result.realised_share is not None else "–"
    rows.append(
        [
            "<strong>Totalt</strong>",
            "",
            escape(fmt.kr(planned)),
            escape(fmt.kr(actual)),
            escape(share),
            escape(fmt.kr(sum(f.remaining for f in benefits))),
        ]
    )
    table = _table(
        "Nyttor: planerat och utfall hittills (kronor i prisnivån, ej diskonterade)",
        [
            "Nytta",
            "År med utfall",
            "Planerat dessa år",
            "Utfall",
            "Andel realiserad",
            "Kvar enligt plan",
        ],
        rows,
        numeric=(2, 3, 4, 5),
    )
    return table + _hours_html(case, result) + _notes_html(result)


def _item_row(case: Case, f: ItemFollowUp) -> list[str]:
    years = f.measured_years
    span = (
        f"{case.year_label(years[0])}–{case.year_label(years[-1])}"
        if len(years) > 1
        else case.year_label(years[0])
        if years
        else "inga"
    )
    claim = " (påstående)" if any(e.claim for e in f.entries) else ""
    if not years:
        return [escape(f.item.name), escape(span), "–", "–", "–", escape(fmt.kr(f.remaining))]
    share = fmt.percent(f.realised_share, 0) if f.realised_share is not None else "–"
    return [
        escape(f.item.name),
        escape(span + claim),
        escape(fmt.kr(f.planned_to_date)),
        escape(fmt.kr(f.actual_to_date)),
        escape(share),
        escape(fmt.kr(f.remaining)),
    ]


def _hours_html(case: Case, result: FollowUp) -> str:
    """Omfördelning as hours and årsarbetskrafter, and what the time is used for."""
    rows = []
    for f in result.items:
        if f.item.category is not Category.OMFORDELNING or f.item.direction is Direction.COST:
            continue
        planned, actual = f.hours_to_date
        if not sum(f.planned_hours) and not actual:
            continue
        years = len([v for v in f.actual_hours if v is not None]) or 1
        plan = f.item.realisation
        use = _USE_LABELS[plan.freed_use] if plan and plan.freed_use else "ej angivet i planen"
        rows.append(
            [
                escape(f.item.name),
                escape(fmt.hours(planned)) if actual else "–",
                escape(fmt.hours(actual)) if actual else "–",
                escape(fmt.fte(actual / years / HOURS_PER_FTE)) if actual else "–",
                escape(fmt.hours(f.remaining_hours)),
                escape(use),
            ]
        )
    if not rows:
        return ""
    return _table(
        "Frigjord tid (omfördelning): timmar och årsarbetskrafter. Frigjord tid är ingen "
        "besparing i budgeten; den används till det planen anger.",
        [
            "Nytta",
            "Planerade timmar, år med utfall",
            "Utfall",
            "Utfall per år",
            "Timmar kvar enligt plan",
            "Används till",
        ],
        rows,
        numeric=(1, 2, 3, 4),
    )


def _notes_html(result: FollowUp) -> str:
    notes = []
    for f in result.items:
        if f.spread:
            notes.append(
                f"{f.item.name}: utfallet gäller en period och är fördelat på åren i "
                "samma proportion som kalkylen; summan är utfallets."
            )
        if f.valued_from_hours:
            notes.append(
                f"{f.item.name}: utfallet är mätt i timmar och värderat med kalkylens "
                "värde per timme."
            )
        notes += [f"{f.item.name}: {e.note}" for e in f.entries if e.note]
    if not notes:
        return ""
    return "<ul class='nyttonb-notes'>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"


def indicators_html(case: Case, result: FollowUp) -> str:
    """The latest indicator value against baseline and target, or why it cannot be compared."""
    rows = []
    for f in result.items:
        plan = f.item.realisation
        if plan is None:
            continue
        unit = plan.indicator.unit
        check = f.indicator
        base = _value(plan.baseline.value, unit) if plan.baseline else "saknas"
        target = f"{_value(plan.target.value, unit)} ({_year(case, plan.target.year)})"
        if check is None:
            latest, progress = "inget utfall ännu", "–"
        else:
            entry = check.actual
            written = _value(entry.indicator or 0.0, entry.indicator_unit)
            claim = ", påstående" if entry.claim else ""
            latest = f"{written} ({case.year_label(entry.last_year)}{claim})"
            progress = (
                f"kan inte jämföras: {check.reason}"
                if not check.comparable
                else fmt.percent(check.progress or 0.0, 0)
            )
        rows.append(
            [
                escape(f.item.name),
                escape(plan.indicator.name),
                escape(base),
                escape(target),
                escape(latest),
                escape(progress),
            ]
        )
    if not rows:
        return ""
    return _table(
        "Indikatorer: senaste utfall mot nuläge och mål",
        [
            "Nytta eller kostnad",
            "Indikator",
            "Nuläge",
            "Mål",
            "Senaste utfall",
            "Andel av vägen till målet",
        ],
        rows,
    )


def years_html(case: Case, result: FollowUp) -> str:
    """Per year: planned and efterkalkyl net benefit, and accumulated."""
    rows = [
        [
            escape(y.label),
            escape(fmt.kr(y.planned)),
            escape(fmt.kr(y.actual)) if y.actual is not None else "inget utfall",
            escape(fmt.kr(y.planned_accumulated)),
            escape(fmt.kr(y.actual_accumulated)),
        ]
        for y in result.years
    ]
    return _table(
        "Nettonytta per år, nuvärde: kalkylen och efterkalkylen",
        ["År", "Planerad", "Efterkalkyl", "Ackumulerad, planerad", "Ackumulerad, efterkalkyl"],
        rows,
        numeric=(1, 2, 3, 4),
    )


def efterkalkyl_html(result: FollowUp) -> str:
    """The efterkalkyl beside the original estimate, so a nämnd sees whether the decision held."""
    pairs = [
        ("Nettonytta", result.planned_net_benefit, result.net_benefit),
        (
            "Finansiell nettonytta (det som syns i budgeten)",
            result.planned_financial_net_benefit,
            result.financial_net_benefit,
        ),
    ]
    rows = [
        [
            escape(label),
            escape(fmt.kr(before)),
            escape(fmt.kr(after)),
            escape(fmt.kr(after - before)),
        ]
        for label, before, after in pairs
    ]
    return _table(
        "Efterkalkyl bredvid kalkylen: utfall ersätter uppskattningar för de år som har utfall",
        ["", "Kalkylen (beslutsunderlaget)", "Efterkalkyl", "Skillnad"],
        rows,
        numeric=(1, 2, 3),
    )
