"""The Metod section's account of the calculation itself: 2.4 Prisnivå (the price level, every
conversion to it and what could not be converted), 2.5 Frigjord tid och tid som kostnaderna tar
(freed, consumed and the difference, as totals over the horizon and yearly averages) and 2.6
Förbehåll i beräkningen (the method's warnings: paired runs that stretch too far, amounts not
converted, a percentage that looks like a share, and the reference analysis's kontrolltriggers).

Every figure comes from the plain data `nyttonb calc --json` prints (`Figures.to_dict()`), so
the report says what the CLI says; the case is read only for labels, which items use a factor
and the index series' own facts. Text from the case file is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from nyttonb.core.model import Case, Item
from nyttonb.present import formatting as fmt

UNCERTAINTY_SECTION = "Osäkerhet för nyttor och kostnader som värderats i pengar"
"""The heading (in 5. Värdering) of the paired runs, tornado and Monte Carlo simulation."""


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _p(text: str, css: str = "") -> str:
    cls = f" class='{css}'" if css else ""
    return f"<p{cls}>{_escape(text)}</p>"


def _label(case: Case, key: str) -> str:
    try:
        return case.factor(key).label
    except KeyError:
        return key


# --- 2.4 Prisnivå ----------------------------------------------------------------------------


def price_level_html(data: Mapping[str, Any], case: Case) -> str:
    """2.4 Prisnivå: the year, the index and its source, every conversion (from which year, by
    what factor), every amount that could not be converted and why, and what is assumed."""
    level = data.get("price_level")
    if not level or level["year"] is None:
        years = level["value_years"] if level else []
        text = "Fallet anger ingen prisnivå, så inga belopp räknas om till en gemensam prisnivå."
        if years:
            text += f" Beloppen är från {fmt.listed([str(y) for y in years])}."
        return _p(text)
    year, index = level["year"], level["index"]
    parts = [
        _p(
            f"Alla belopp är uttryckta i {year} års prisnivå för hela tidshorisonten; ingen "
            "inflation och ingen allmän löneökning läggs på framtida år. Belopp från andra år "
            f"räknas om med {_index_name(level)}: belopp i {year} års priser = "
            f"belopp × {index}({year}) ÷ {index}(beloppets år), med årsmedel. Det uttrycker ett "
            "belopp från ett annat år i samma prisnivå; det är inte en uppräkning av framtida "
            "värden."
        ),
    ]
    if level["index_source"]:
        parts.append(_p(f"Källa för indexet: {level['index_source']}", "nyttonb-facts-note"))
    parts.append(_adjustments(level, case))
    parts.append(_unverified(level))
    parts.append(_not_indexed(data, case))
    parts.append(_undated(level, case))
    return "\n".join(p for p in parts if p)


def _index_name(level: Mapping[str, Any]) -> str:
    label, name = level["index_label"], level["index"]
    return label if f"({name})" in label or label == name else f"{label} ({name})"


def _adjustments(level: Mapping[str, Any], case: Case) -> str:
    rows = level["adjustments"]
    if not rows and level["not_indexed"]:
        return _p("Inga belopp har räknats om med indexet.")
    if not rows:
        return _p(
            f"Inga belopp behövde räknas om: alla har {level['year']} års priser eller inget år."
        )
    body = "".join(
        "<tr>"
        f"<th scope='row'>{_escape(a['label'])}</th>"
        f"<td class='num'>{a['from_year']}</td>"
        f"<td class='num'>{_escape(a['index'])}{fmt.NBSP}"
        f"{_escape(fmt.number(a['from_index_value'], 2))} → "
        f"{_escape(fmt.number(a['to_index_value'], 2))}</td>"
        f"<td class='num'>×{fmt.NBSP}{_escape(fmt.number(a['factor_ratio'], 4))}</td>"
        f"<td>{_status(a, case)}</td>"
        "</tr>"
        for a in rows
    )
    return (
        "<table class='nyttonb-table nyttonb-price-level'><caption>Belopp som räknats om till "
        f"{level['year']} års prisnivå</caption><thead><tr><th scope='col'>Faktor</th>"
        "<th scope='col' class='num'>Beloppets år</th><th scope='col' class='num'>Indexvärden</th>"
        "<th scope='col' class='num'>Omräkningsfaktor</th><th scope='col'>Status</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _status(adjustment: Mapping[str, Any], case: Case) -> str:
    """Whether nyttonb checked the index values against the publisher's own table; a case's
    own series is the case's word (with its source), which nyttonb cannot check."""
    from nyttonb.casefile.indices import shipped_indices

    name = adjustment["index"]
    shipped, used = shipped_indices().get(name), case.index_series(name)
    if used is not None and (shipped is None or used.values != shipped.values):
        return "fallets egen serie"
    return "kontrollerat" if adjustment["verified"] else "inte kontrollerat mot utgivaren"


def _unverified(level: Mapping[str, Any]) -> str:
    found = level.get("unverified_index_values") or []
    if not found:
        return ""
    named = fmt.listed([f"{u['index']} för {u['year']}" for u in found])
    return _p(
        f"Indexvärdet {named} är inte kontrollerat mot utgivarens egen tabell; det kommer från "
        "andra källor som återger tabellen. Omräkningarna med det är därför markerade som inte "
        "kontrollerade."
    )


def items_using(case: Case, factor_key: str) -> tuple[Item, ...]:
    """The items whose value uses the factor: its own item, or for a shared factor every item
    whose formula, hours or own derived rows name it (directly or through a shared derived
    factor)."""
    if "." in factor_key:
        item_id = factor_key.split(".", 1)[0]
        return tuple(i for i in case.items if i.id == item_id)
    names = {factor_key}
    changed = True
    while changed:  # shared derived factors that use the factor, and those that use them
        changed = False
        for f in case.factors:
            if f.formula and f.name not in names and _names(f.formula) & names:
                names.add(f.name)
                changed = True
    found = []
    for item in case.items:
        texts = [item.formula or "", item.hours or "", *(f.formula or "" for f in item.factors)]
        if any(_names(t) & names for t in texts):
            found.append(item)
    return tuple(found)


def _names(formula: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula))


def _not_indexed(data: Mapping[str, Any], case: Case) -> str:
    level = data["price_level"]
    missing = level["not_indexed"]
    if not missing:
        return ""
    present = {i["id"]: i["present"] for i in data.get("items", [])}
    series = case.index_series(level["index"])
    last = max((y for y, _ in series.values), default=None) if series else None
    rows = []
    for m in missing:
        users = items_using(case, m["factor"])
        used = "; ".join(
            f"”{u.name}” (diskonterat värde {fmt.money(present[u.id])} över {case.horizon} år)"
            if u.id in present
            else f"”{u.name}”"
            for u in users
        )
        text = (
            f"{m['label']}: beloppet är i {m['from_year']} års priser och räknas inte om till "
            f"{level['year']} års prisnivå, eftersom {m['reason']}."
        )
        if last is not None and m["from_year"] is not None and m["from_year"] > last:
            text += (
                f" {level['index']}-serien i nyttonb har årsmedel till och med {last}; inget "
                f"värde för {m['from_year']} uppskattas."
            )
        text += (
            f" Beloppet ingår därför med sitt värde från {m['from_year']}, och kalkylen blandar "
            "prisnivåer för den faktorn."
        )
        if used:
            text += f" Det gäller {used}."
        rows.append(f"<li>{_escape(text)}</li>")
    return (
        f"<p>{_escape(_count(len(missing), 'belopp', 'belopp'))} kunde inte räknas om:</p>"
        f"<ul class='nyttonb-not-indexed'>{''.join(rows)}</ul>"
    )


def _count(n: int, one: str, many: str) -> str:
    """A count that may open a sentence: "Ett belopp", "3 belopp" (never a lone digit "1")."""
    return f"Ett {one}" if n == 1 else f"{fmt.number(n)} {many}"


def _undated(level: Mapping[str, Any], case: Case) -> str:
    keys = level.get("undated_factors") or []
    if not keys:
        return ""
    labels = [_label(case, k) for k in keys]
    return _p(
        f"Belopp utan angivet år antas redan vara i {level['year']} års prisnivå och räknas inte "
        f"om: {fmt.listed(labels)}.",
        "nyttonb-facts-note",
    )


# --- 2.5 Frigjord tid och tid som kostnaderna tar ---------------------------------------------


def hours_html(data: Mapping[str, Any]) -> str:
    """Freed hours, the hours the costs take and the difference: each a total over the horizon
    with its yearly average in hours and in årsarbetskrafter (1 700 h a year)."""
    horizon = data["horizon"]
    rows = [
        ("Frigjord tid (nyttor)", data["freed_hours"]),
        ("Tid som kostnaderna tar", data["consumed_hours"]),
        ("Frigjord tid minus kostnadernas tid", data["net_freed_hours"]),
    ]
    if not any(value for _, value in rows):
        return _p("Inga nyttor eller kostnader anger personaltid (hours:) i fallet.")
    sentences = [
        f"{label}: {fmt.hours_over(total, horizon)}, i genomsnitt {fmt.hours(total / horizon)} "
        "per år."
        for label, total in rows
    ]
    body = "".join(
        f"<tr><th scope='row'>{_escape(label)}</th><td class='num'>{_escape(fmt.hours(total))}</td>"
        f"<td class='num'>{_escape(fmt.hours(total / horizon))}</td>"
        f"<td class='num'>{_escape(fmt.number(total / horizon / 1700.0, 2))}</td></tr>"
        for label, total in rows
    )
    table = (
        "<table class='nyttonb-table nyttonb-hours'><caption>Personaltid: summa över "
        f"{horizon} år och genomsnitt per år (en årsarbetskraft är 1 700 h per år)</caption>"
        "<thead><tr><th scope='col'>Tid</th>"
        f"<th scope='col' class='num'>Summa över {horizon} år</th>"
        "<th scope='col' class='num'>Per år i genomsnitt</th>"
        "<th scope='col' class='num'>Årsarbetskrafter per år</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )
    note = (
        "Timmarna summeras över tidshorisonten utan diskontering. Frigjord tid frigör resurser "
        "som kan användas till annat, men blir inte pengar i budgeten om inte en verklig kostnad "
        "eller intäkt ändras (då är nyttan finansiell, annars en omfördelningsnytta). Tiden som "
        "kostnaderna tar (utbildning, förvaltning, tillsyn och liknande) tas på samma sätt från "
        "annan användning."
    )
    return "".join(_p(s) for s in sentences) + table + _p(note, "nyttonb-facts-note")


# --- 2.6 Förbehåll i beräkningen --------------------------------------------------------------


def cautions_html(data: Mapping[str, Any], case: Case, checks: Iterable[str] = ()) -> str:
    """The method's warnings about the calculation, in words for a reader, and the reference
    analysis's kontrolltriggers (`checks`, already as text)."""
    lines = [_caution(w, case) for w in data.get("warnings", [])]
    lines += [f"Kontrolltrigger från referensanalysen: {c}" for c in checks]
    lines = [line for line in lines if line]
    if not lines:
        return _p(
            "Kontrollerna av beräkningen (prisnivå, andelar och procent, de parade beräkningarnas "
            "spännvidd och referensanalysens kontrolltriggers) ger inga förbehåll."
        )
    items = "".join(f"<li>{_escape(line)}</li>" for line in lines)
    return f"<ul class='nyttonb-cautions'>{items}</ul>"


def _caution(warning: Mapping[str, Any], case: Case) -> str:
    code, figures = warning["code"], warning.get("figures", {})
    if code == "paired_runs_wide":
        return _wide_runs(figures)
    if code == "price_level_not_indexed":
        return (
            f"{_label(case, figures.get('factor', ''))}: beloppet är i {figures.get('from_year')} "
            f"års priser och kunde inte räknas om till {figures.get('to_year')} års prisnivå, så "
            "kalkylen blandar prisnivåer (se 2.4 Prisnivå)."
        )
    if code == "percent_as_fraction":
        label = _label(case, figures.get("factor", ""))
        return f"{label}: {warning['message']} {warning.get('fix', '')}".strip()
    text = str(warning.get("message", ""))
    return text[:1].upper() + text[1:]


def _wide_runs(figures: Mapping[str, Any]) -> str:
    low, likely, high = figures["low_net"], figures["likely_net"], figures["high_net"]
    times = ""
    if likely > 0:
        times = (
            f". Högst är {fmt.number(high / likely, 1)} gånger Troligt, mer än de "
            f"{fmt.number(figures.get('threshold', 5), 0)} gånger som kontrollen godtar"
        )
    return (
        f"De parade beräkningarna ger en nettonytta från {fmt.money(low)} (Lägst) till "
        f"{fmt.money(high)} (Högst); Troligt ger {fmt.money(likely)}{times}. När alla "
        "nyttor och kostnader samtidigt tar sina lägsta eller högsta värden säger Lägst och "
        "Högst lite om vilka utfall som är troliga. Monte Carlo-simuleringen under "
        f"”{UNCERTAINTY_SECTION}” i avsnitt 5 visar hur sannolika utfallen är; pröva också om "
        "de lägsta och högsta värdena är för vida."
    )


__all__ = ["cautions_html", "hours_html", "items_using", "price_level_html"]
