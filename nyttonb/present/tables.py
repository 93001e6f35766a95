"""The report's tables, as pandas Stylers: Swedish numbers, escaped text, reproducible HTML.

Why pandas' Styler and not great-tables: pandas is already a dependency (great-tables would add
one, with polars/narwhals behind it, for an offline intranet install); a Styler is shown as-is in
a notebook and in nbconvert's HTML; it escapes cell and header text (``escape="html"``); and with
a fixed ``uuid`` and ``cell_ids=False`` its HTML is the same byte for byte on every run, so
reports can be diffed. Our tables are small and need no more than classes for CSS.

Every cell is formatted here with `nyttonb.present.formatting` (the table holds strings), so a table
shows exactly what the report's text shows. The functions return Stylers and never save;
``styler.to_html()`` gives the HTML. Case text is escaped in cells, headers and captions.

CSS hooks: the table has ``class="nyttonb-table nyttonb-<purpose>"`` and ``id="T_nyttonb-..."``;
number cells carry the class ``num`` (right-aligned by the report's stylesheet); a total row's
cells carry ``total``.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from nyttonb.core.model import Case, Category, Direction, Factor, Item, Measure, Note
from nyttonb.core.results import category_shares
from nyttonb.present import formatting as fmt

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from nyttonb.core.results import Result

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_FUNCTIONS = frozenset({"min", "max"})

Row = dict[str, str]
Headed = list[tuple[str, Row]]
"""Rows with a row header (the first column, shown as ``<th>``); labels may repeat."""


def _styled(
    rows: Sequence[Row] | Headed,
    *,
    purpose: str,
    caption: str,
    numeric: Sequence[str] = (),
    columns: Sequence[str] | None = None,
    total_last: bool = False,
    nowrap: Sequence[str] = (),
) -> Styler:
    """A Styler over string cells; `rows` keyed by row label gives row headers (``<th>``)."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    headed = bool(rows) and isinstance(rows[0], tuple)
    labels = [label for label, _ in rows] if headed else []
    cells = [row for _, row in rows] if headed else list(rows)
    labels, kept = _capped(labels, cast(list[Row], cells), total_last)
    frame = pd.DataFrame(kept)  # a positional index: labels may repeat
    if columns is not None:
        frame = frame.reindex(columns=list(columns))
    frame = frame.fillna("").astype(object)
    classes = pd.DataFrame(
        [
            [
                _classes(col in numeric, total_last and i == len(frame) - 1, col in nowrap)
                for col in frame.columns
            ]
            for i in range(len(frame))
        ],
        index=frame.index,
        columns=frame.columns,
        dtype=object,
    )
    styler = (
        Styler(frame, uuid=f"nyttonb-{purpose}", cell_ids=False, caption=html.escape(caption))
        .format(escape="html")
        .format_index(lambda i: html.escape(labels[i]) if headed else str(i), axis=0)
        .format_index(escape="html", axis=1)
        .set_td_classes(classes)
        .set_table_attributes(f'class="nyttonb-table nyttonb-{purpose}"')
        .set_table_styles(_ALIGNMENT)
    )
    if not headed:
        styler = styler.hide(axis="index")
    return styler


MAX_ROWS = 200
"""Rows a report table shows; a generated case's longer tables say how many more there are."""


def _capped(labels: list[str], cells: list[Row], total_last: bool) -> tuple[list[str], list[Row]]:
    """At most `MAX_ROWS` rows (and the total row), then one row that counts the rest."""
    if len(cells) <= MAX_ROWS + 1:
        return labels, cells
    from nyttonb.present import formatting as fmt

    keep = 1 if total_last else 0
    rest = len(cells) - MAX_ROWS - keep
    more = f"… och {fmt.number(rest)} rader till (hela listan finns i den körda notebooken)"
    if labels:
        note: Row = dict.fromkeys(cells[0], "")
        kept = [*labels[:MAX_ROWS], more, *labels[len(labels) - keep :]]
    else:
        note = {**dict.fromkeys(cells[0], ""), next(iter(cells[0])): more}
        kept = labels
    return kept, [*cells[:MAX_ROWS], note, *cells[len(cells) - keep :]]


_ALIGNMENT = [
    {"selector": "th, td", "props": "text-align: left; vertical-align: top;"},
    {"selector": "td.num", "props": "text-align: right; white-space: nowrap;"},
    {"selector": "td.nowrap", "props": "white-space: nowrap;"},
]
"""Text left, numbers right, in every client: JupyterLab and nbconvert right-align every cell."""


def _classes(numeric: bool, total: bool, nowrap: bool = False) -> str:
    flags = (("num", numeric), ("total", total), ("nowrap", nowrap))
    return " ".join(c for c, on in flags if on)


def _slug(text: str) -> str:
    """An id-safe form of a key: ``"frigjord_tid"`` → ``"frigjord-tid"``."""
    ascii_text = text.lower().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def _share(value: float | None) -> str:
    return "–" if value is None else fmt.percent(value, 0)


def summary_table(case: Case, result: Result) -> Styler:
    """Inera's "Tabell: sammanfattning" (template labels), then the totals behind it."""
    h = case.horizon
    shares = category_shares(result)
    unvalued = sum(1 for i in case.benefits if not i.valued)
    rows = {
        f"Sammanlagd nettonytta efter {h} år (kr)": fmt.kr(result.net_benefit),
        f"Nettonytta per satsad krona efter {h} år": fmt.per_krona(result.net_benefit_per_krona),
        fmt.BREAK_EVEN_LABEL: fmt.break_even(result.break_even_year, case),
        "Finansiell nytta (%)": _share(shares["finansiell_benefits"]),
        "Omfördelningsnytta (%)": _share(shares["omfördelning_benefits"]),
        "Finansiell kostnad (%)": _share(shares["finansiell_costs"]),
        "Omfördelningskostnad (%)": _share(shares["omfördelning_costs"]),
        "Nyttor som inte värderats i pengar": fmt.number(unvalued),
        "Nyttor (diskonterade)": fmt.kr(result.benefits),
        "Kostnader (diskonterade)": fmt.kr(result.costs),
        "Finansiell nettonytta (det som syns i budgeten)": fmt.kr(result.financial_net_benefit),
        f"Frigjord tid (nyttor) under {h} år": fmt.hours(result.freed_hours),
        "Frigjord tid per år i genomsnitt": fmt.fte(result.freed_fte),
        f"Investerad tid (kostnader) under {h} år": fmt.hours(result.consumed_hours),
        f"Frigjord minus investerad tid under {h} år": fmt.hours(result.net_freed_hours),
        "Diskontering": result.discounting.describe(),
    }
    return _styled(
        [(label, {"Värde": value}) for label, value in rows.items()],
        purpose="summary",
        caption=(
            f"Tabell: sammanfattning (diskonterade värden, {h} år; andelarna är räknade inom "
            "nyttorna respektive inom kostnaderna)"
        ),
        numeric=["Värde"],
    )


def _value(factor: Factor, x: float) -> str:
    if math.isnan(x):
        return "–"
    return fmt.factor_value(x, factor.unit)


def _factor_row(factor: Factor, labels: Mapping[str, str]) -> Row:
    """A factor's values and source; a derived factor's formula in its factors' labels."""
    if factor.derived:
        source = f"Beräknad: {fmt.formula_in_words(factor.formula or '', labels)}"
    else:
        source = factor.source or "Ingen källa angiven"
    return {
        "Troligt": _value(factor, factor.likely),
        "Lägst": _value(factor, factor.low),
        "Högst": _value(factor, factor.high),
        "Enhet": fmt.unit_label(factor.unit),
        "Källa": source,
        "Källtyp": "Beräknad" if factor.derived else fmt.source_type_label(factor.source_type),
    }


_FACTOR_COLUMNS = ("Troligt", "Lägst", "Högst", "Enhet", "Källa", "Källtyp")


def _names(item: Item) -> set[str]:
    text = " ".join(t for t in (item.formula, item.hours) if t)
    return set(_NAME.findall(text)) - _FUNCTIONS


def shared_factors_used(case: Case, item: Item) -> tuple[Factor, ...]:
    """The case's shared factors that `item`'s formulas name (its own rows hide shared ones)."""
    own = {f.name for f in item.factors}
    used = _names(item) - own
    return tuple(f for f in case.factors if f.name in used)


def factor_table(case: Case, item: Item) -> Styler:
    """An item's factor rows and the shared factors it uses: values, unit, source, källtyp."""
    shared = shared_factors_used(case, item)
    labels = {f.name: f.label for f in (*case.factors, *item.factors)}
    rows: Headed = [(f.label, _factor_row(f, labels)) for f in item.factors]
    rows += [(f"{f.label} (gemensam)", _factor_row(f, labels)) for f in shared]
    return _styled(
        rows,
        purpose=f"factors-{_slug(item.id)}",
        caption=f"Faktorer för {item.name}",
        numeric=["Troligt", "Lägst", "Högst"],
        columns=_FACTOR_COLUMNS,
    )


def shared_factor_table(case: Case) -> Styler:
    """The shared factors, with the items that use each."""
    rows: Headed = []
    labels = {f.name: f.label for f in case.factors}
    for factor in case.factors:
        users = [item.name for item in case.items if factor in shared_factors_used(case, item)]
        rows.append(
            (factor.label, _factor_row(factor, labels) | {"Används i": "; ".join(users) or "–"})
        )
    return _styled(
        rows,
        purpose="shared-factors",
        caption="Gemensamma faktorer",
        numeric=["Troligt", "Lägst", "Högst"],
        columns=(*_FACTOR_COLUMNS, "Används i"),
    )


def _category_order(category: str) -> int:
    order = [c.value for c in Category]
    return order.index(category) if category in order else len(order)


def category_stakeholder_table(case: Case, result: Result) -> Styler:
    """Benefits and costs (discounted) by category × perspective: who bears, who receives."""
    stakeholders = [s.id for s in case.stakeholders]

    def key(pair: tuple[str, str]) -> tuple[int, int, str]:
        category, stakeholder = pair
        rank = stakeholders.index(stakeholder) if stakeholder in stakeholders else len(stakeholders)
        return _category_order(category), rank, stakeholder

    rows: list[Row] = []
    for pair in sorted(result.by_category_stakeholder, key=key):
        totals = result.by_category_stakeholder[pair]
        rows.append(
            {
                "Kategori": fmt.category_label(pair[0]),
                "Perspektiv": case.stakeholder_name(pair[1]),
                "Nyttor": fmt.kr(totals.benefits),
                "Kostnader": fmt.kr(totals.costs),
                "Nettonytta": fmt.kr(totals.net),
            }
        )
    rows.append(
        {
            "Kategori": "Totalt",
            "Perspektiv": "",
            "Nyttor": fmt.kr(result.benefits),
            "Kostnader": fmt.kr(result.costs),
            "Nettonytta": fmt.kr(result.net_benefit),
        }
    )
    return _styled(
        rows,
        purpose="category-stakeholder",
        caption="Nyttor och kostnader per kategori och perspektiv (diskonterade värden)",
        numeric=["Nyttor", "Kostnader", "Nettonytta"],
        total_last=True,
    )


def yearly_table(case: Case, result: Result) -> Styler:
    """Benefits, costs and nettonytta per year (discounted), accumulated, and freed hours."""
    rows: Headed = [
        (
            row.label,
            {
                "Nyttor": fmt.kr(row.benefits),
                "Kostnader": fmt.kr(row.costs),
                "Nettonytta": fmt.kr(row.net),
                "Ackumulerad nettonytta": fmt.kr(row.accumulated_net),
                "Frigjord tid": fmt.hours(row.freed_hours),
            },
        )
        for row in result.by_year
    ]
    total = {
        "Nyttor": fmt.kr(result.benefits),
        "Kostnader": fmt.kr(result.costs),
        "Nettonytta": fmt.kr(result.net_benefit),
        "Ackumulerad nettonytta": "",
        "Frigjord tid": fmt.hours(result.freed_hours),
    }
    rows.append(("Summa", total))
    return _styled(
        rows,
        purpose="yearly",
        caption=f"Nyttor och kostnader per år (diskonterade värden), {case.horizon} år",
        numeric=["Nyttor", "Kostnader", "Nettonytta", "Ackumulerad nettonytta", "Frigjord tid"],
        total_last=True,
    )


def _stakeholder_names(case: Case, item: Item) -> str:
    parts = [
        case.stakeholder_name(sid) + ("" if share == 1 else f" ({fmt.percent(share)})")
        for sid, share in item.stakeholders
    ]
    return ", ".join(parts)


def unvalued_items(case: Case) -> tuple[Item, ...]:
    """Benefits, then costs, that are not valued in money, largest size first."""
    items = [item for item in case.items if not item.valued]
    return tuple(sorted(items, key=lambda i: (i.direction != Direction.BENEFIT, -(i.size or 0))))


def unvalued_table(case: Case) -> Styler:
    """Items not valued in money, with Inera's size 0–3 and their description."""
    rows: Headed = [
        (
            item.name,
            {
                "Typ": "Nytta" if item.direction == Direction.BENEFIT else "Kostnad",
                "Kategori": fmt.category_label(item.category),
                "Perspektiv": _stakeholder_names(case, item),
                "Storlek": fmt.size_label(item.size),
                "Beskrivning": item.description,
            },
        )
        for item in unvalued_items(case)
    ]
    return _styled(
        rows,
        purpose="unvalued",
        caption="Nyttor och kostnader som inte värderas i pengar",
        columns=("Typ", "Kategori", "Perspektiv", "Storlek", "Beskrivning"),
    )


def version_table(case: Case) -> Styler:
    """The case's versions: number, date (ÅÅÅÅ-MM-DD) and what changed."""
    rows = [
        {
            "Version": v.version,
            "Datum": v.date.isoformat() if v.date else "–",
            "Ändring": v.note,
        }
        for v in case.versions
    ]
    return _styled(
        rows,
        purpose="versions",
        caption="Versioner",
        columns=("Version", "Datum", "Ändring"),
        nowrap=("Version", "Datum"),
    )


def scenario_table(case: Case, results_by_scenario: Mapping[str, Result]) -> Styler:
    """Inera's three paired runs side by side: Lägst, Troligt, Högst."""
    runs = {
        fmt.scenario_label(s): results_by_scenario[s]
        for s in ("low", "likely", "high")
        if s in results_by_scenario
    }
    measures: dict[str, Callable[[Result], str]] = {
        f"Nettonytta efter {case.horizon} år": lambda r: fmt.kr(r.net_benefit),
        "Nyttor": lambda r: fmt.kr(r.benefits),
        "Kostnader": lambda r: fmt.kr(r.costs),
        "Nettonytta per satsad krona": lambda r: fmt.per_krona(r.net_benefit_per_krona),
        fmt.BREAK_EVEN_LABEL: lambda r: fmt.break_even(r.break_even_year, case),
        "Finansiell nettonytta": lambda r: fmt.kr(r.financial_net_benefit),
        f"Frigjord tid under {case.horizon} år": lambda r: fmt.hours(r.freed_hours),
    }
    rows: Headed = [
        (label, {name: show(run) for name, run in runs.items()}) for label, show in measures.items()
    ]
    return _styled(
        rows,
        purpose="scenarios",
        caption=(
            "Osäkerhet för nyttor och kostnader som värderats i pengar: tre parade beräkningar, "
            "lägsta nyttor med lägsta kostnader, troliga med troliga, högsta med högsta "
            "(diskonterade värden)"
        ),
        numeric=list(runs),
    )


def notes_table(notes: Sequence[Note], caption: str = "Risker och hinder") -> Styler:
    """Risks, hinder or möjligheter: name and description. The caption also names the table."""
    rows: Headed = [(note.name, {"Beskrivning": note.description}) for note in notes]
    return _styled(
        rows, purpose=f"notes-{_slug(caption)}", caption=caption, columns=("Beskrivning",)
    )


def published_table(case: Case, result: Result | None = None) -> Styler:
    """Figures published elsewhere about the case, with what the calculation gives beside each
    figure that names a comparable measure (`compare:` in the case file)."""
    rows: Headed = [
        (
            p.label,
            {
                "Publicerat": f"{fmt.quantity(p.value)}{fmt.NBSP}{p.unit}".strip(),
                "Kalkylen ger": (
                    _same_years_text(case, result, p.compare, p.years)
                    if p.years
                    else _measure_text(case, result, p.compare)
                ),
                "Källa": p.source,
            },
        )
        for p in case.published
    ]
    return _styled(
        rows,
        purpose="published",
        caption="Publicerade uppgifter bredvid kalkylens resultat",
        numeric=["Publicerat", "Kalkylen ger"],
        columns=("Publicerat", "Kalkylen ger", "Källa"),
    )


def _same_years_text(case: Case, result: Result | None, measure: Measure | None, years: int) -> str:
    """A calculated figure summed undiscounted over the same years as the published one."""
    from nyttonb.present.comparison import period, undiscounted

    value = None if result is None or measure is None else undiscounted(result, measure, years)
    if value is None:
        return _measure_text(case, result, measure)
    when = f"{period(case, years)}, odiskonterat"
    if measure in (Measure.FREED_HOURS_PER_YEAR, Measure.FREED_HOURS_PER_DAY):
        per = "per år" if measure is Measure.FREED_HOURS_PER_YEAR else "per dygn"
        return f"{fmt.number(value, 1)}{fmt.NBSP}h {per} i snitt {period(case, years)}"
    if measure is Measure.FREED_HOURS:
        return f"{fmt.hours(value)} ({when})"
    return f"{fmt.money(value)} ({when})"


def _measure_text(case: Case, result: Result | None, measure: Measure | None) -> str:
    """A calculated figure in words a reader can set beside the published one."""
    if result is None or measure is None:
        return "–"
    value = result.measure(measure.value)
    horizon = f"under {case.horizon} år"
    match measure:
        case Measure.BREAK_EVEN_YEAR:
            year = result.break_even_year
            if year is None or case.start_year is None:
                return fmt.break_even(year, case)
            return f"år {year} ({case.start_year + year - 1})"
        case Measure.FREED_HOURS:
            return f"{fmt.hours(value or 0.0)} {horizon}"
        case Measure.FREED_HOURS_PER_YEAR:
            return f"{fmt.hours(value or 0.0)} per år i snitt"
        case Measure.FREED_HOURS_PER_DAY:
            return f"{fmt.number(value or 0.0, 1)}{fmt.NBSP}h per dygn i snitt"
        case Measure.FREED_VALUE:
            return f"{fmt.money(value or 0.0)} (diskonterat värde {horizon})"
        case _:
            return f"{fmt.money(value or 0.0)} (diskonterat värde {horizon})"


__all__ = [
    "category_stakeholder_table",
    "factor_table",
    "notes_table",
    "published_table",
    "scenario_table",
    "shared_factor_table",
    "shared_factors_used",
    "summary_table",
    "unvalued_items",
    "unvalued_table",
    "version_table",
    "yearly_table",
]
