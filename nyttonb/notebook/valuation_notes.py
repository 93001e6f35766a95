"""The Värdering section's account of the valuation before its result: 5.1 Val av arbetssätt
(Inera's calculation model, what is valued in money and what is described with an uppskattad
storlek, by category, and what the case file says about why) and 5.2 Viktiga antaganden och
underlag (the factors the tornado ranks first, each with its Troligt value, unit and source as
the case file gives it, and where the calculation and its sources are in and beside the report).

Counts and names come from the case; the ranking is the tornado `nyttonb.core.figures` computed
once for the report (`Figures.analysis`), nothing is recalculated here. The case format has no
field for why an item is not valued in money, so no reason is written beyond Inera's rule that
kvalitet and miljö are described with a size. Text from the case file is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from nyttonb.core.model import Case, Category, Item
from nyttonb.core.results import Result
from nyttonb.core.uncertainty import TornadoBar, Uncertainty
from nyttonb.notebook.method_notes import UNCERTAINTY_SECTION
from nyttonb.present import formatting as fmt

TOP_FACTORS = 5
"""How many of the tornado's factors 5.2 names."""
MAX_NAMED = 12
"""Beyond this many items in a group, 5.1 gives counts by category instead of names."""


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n)} {one if n == 1 else many}"


# --- 5.1 Val av arbetssätt --------------------------------------------------------------------


def choice_html(case: Case, result: Result) -> str:
    """5.1: the calculation model and the case's frame, what is valued in money and what is
    described with an uppskattad storlek, and why as far as Inera's model or the case says."""
    valued = [i for i in case.items if i.valued]
    parts = [
        "<p>"
        + _escape(
            "Det som värderas i pengar räknas enligt Ineras kalkylmodell, samma beräkning som "
            "Ineras Excelmall gör: varje nytta och kostnad har faktorrader med värdena Lägst, "
            "Troligt och Högst, som tillsammans ger ett värde per år, och årsfaktorer som "
            "fördelar värdet över åren. Värdena per år diskonteras och summeras över "
            f"tidshorisonten {case.horizon} år. {result.discounting.describe()} Fallet kan "
            "föras över till Excelmallens upplägg med kommandot "
        )
        + "<code>nyttonb excel export</code>.</p>"
    ]
    if not valued:
        parts.append(
            _p(
                "Inga nyttor eller kostnader värderas i pengar i analysen, så ingen "
                "nettonytta räknas."
            )
        )
    parts.append(_p(_valued_sentence(case)))
    parts.append(f"<ul class='nyttonb-valuation-choice'>{_groups(case)}</ul>")
    parts.append(_p(_unvalued_reasons(case)))
    return "\n".join(p for p in parts if p)


def _p(text: str) -> str:
    return f"<p>{_escape(text)}</p>" if text else ""


def _valued_sentence(case: Case) -> str:
    benefits = sum(1 for i in case.benefits if i.valued)
    costs = sum(1 for i in case.costs if i.valued)
    return (
        f"Av analysens {_count(len(case.benefits), 'nytta', 'nyttor')} värderas "
        f"{fmt.number(benefits)} i pengar, och av dess "
        f"{_count(len(case.costs), 'kostnad', 'kostnader')} värderas {fmt.number(costs)} i "
        "pengar. Resten beskrivs med uppskattad storlek (0 ingen, 1 liten, 2 måttlig, 3 stor) "
        "och ingår inte i nettonyttan, men i helhetsbilden."
    )


def _groups(case: Case) -> str:
    rows = []
    for label, items in (
        ("Nyttor som värderas i pengar", [i for i in case.benefits if i.valued]),
        ("Kostnader som värderas i pengar", [i for i in case.costs if i.valued]),
        ("Nyttor som beskrivs med uppskattad storlek", [i for i in case.benefits if not i.valued]),
        ("Kostnader som beskrivs med uppskattad storlek", [i for i in case.costs if not i.valued]),
    ):
        if items:
            rows.append(
                f"<li>{_escape(f'{label} ({fmt.number(len(items))}): {_named(items)}.')}</li>"
            )
    return "".join(rows)


def _named(items: Sequence[Item]) -> str:
    """Each item with its category, or beyond `MAX_NAMED` the count per category."""
    if len(items) <= MAX_NAMED:
        return "; ".join(f"{i.name} ({i.category.value})" for i in items)
    counts = [(c, sum(1 for i in items if i.category is c)) for c in Category]
    return fmt.listed([f"{fmt.number(n)} {c.value}" for c, n in counts if n])


def _unvalued_reasons(case: Case) -> str:
    unvalued = [i for i in case.items if not i.valued]
    if not unvalued:
        return "Alla nyttor och kostnader i analysen värderas i pengar."
    sentences = []
    sized = sorted({i.category.value for i in unvalued if not i.category.monetary})
    if sized:
        word = "Kategorin" if len(sized) == 1 else "Kategorierna"
        sentences.append(
            f"{word} {fmt.listed(sized)} värderas inte i pengar i Ineras modell; nyttor och "
            "kostnader där beskrivs med uppskattad storlek."
        )
    left = [i for i in unvalued if i.category.monetary]
    if left:
        names = fmt.listed([f"”{i.name}” ({i.category.value})" for i in left])
        sentences.append(
            f"{names} hör till en kategori som kan värderas i pengar men värderas inte i pengar "
            "i den här analysen. Fallfilen anger inget skäl för det utöver beskrivningen under "
            "4.1 och 4.2."
        )
    if case.text("how_we_worked"):
        sentences.append("Hur arbetet med värderingen gick till beskrivs under 2.2 Så gjorde vi.")
    return " ".join(sentences)


# --- 5.2 Viktiga antaganden och underlag ------------------------------------------------------


def assumptions_html(case: Case, analysis: Uncertainty | None) -> str:
    """5.2: the factors the tornado ranks first, with Troligt, unit and source, then where the
    calculation and its sources are."""
    bars = analysis.full.tornado[:TOP_FACTORS] if analysis is not None else ()
    if not any(i.valued for i in case.items):
        ranked = _p("Inget värderas i pengar, så inga antaganden påverkar en nettonytta.")
    elif not bars:
        ranked = _p(
            "Ingen faktor har olika värden för Lägst och Högst som ändrar nettonyttan, så "
            "känslighetsberäkningen rangordnar inga antaganden."
        )
    else:
        ranked = _p(
            "Känslighetsberäkningen ändrar en faktor i taget från Lägst till Högst, med alla "
            "andra faktorer på Troligt, och rangordnar faktorerna efter hur mycket nettonyttan "
            f"då ändras (tornadodiagrammet under ”{UNCERTAINTY_SECTION}”). "
            f"{_first(len(bars))} i den ordningen:"
        ) + _table(case, bars)
    return ranked + _where(case)


_WORDS = ("", "", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")


def _first(n: int) -> str:
    """How many factors the table shows, in words up to ten.

    >>> _first(1), _first(5), _first(12)
    ('Den första faktorn', 'De fem första faktorerna', 'De 12 första faktorerna')
    """
    if n == 1:
        return "Den första faktorn"
    return f"De {_WORDS[n] if n < len(_WORDS) else fmt.number(n)} första faktorerna"


def _table(case: Case, bars: Sequence[TornadoBar]) -> str:
    body = "".join(_row(case, bar) for bar in bars)
    return (
        "<table class='nyttonb-table nyttonb-assumptions'><caption>Faktorer efter hur mycket "
        "nettonyttan ändras när faktorn går från Lägst till Högst</caption><thead><tr>"
        "<th scope='col'>Faktor</th><th scope='col' class='num'>Troligt</th>"
        "<th scope='col'>Enhet</th>"
        "<th scope='col' class='num'>Nettonyttan med faktorn på Lägst och på Högst</th>"
        f"<th scope='col'>Källa</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _row(case: Case, bar: TornadoBar) -> str:
    factor = case.factor(bar.factor)
    likely = fmt.factor_value(factor.likely, factor.unit)
    nets = f"{fmt.kr(bar.low_net)} och {fmt.kr(bar.high_net)}"
    return (
        f"<tr><th scope='row'>{_escape(factor.label)}</th>"
        f"<td class='num'>{_escape(likely)}</td>"
        f"<td>{_escape(fmt.unit_label(factor.unit))}</td>"
        f"<td class='num'>{_escape(nets)}</td>"
        f"<td>{_escape(factor.source or 'Fallfilen anger ingen källa.')}</td></tr>"
    )


def _where(case: Case) -> str:
    places = [
        "Faktorraderna för varje nytta och kostnad, med Lägst, Troligt, Högst, enhet, källa och "
        "källtyp: under 4.1 Identifierade nyttor och 4.2 Identifierade kostnader"
        + (
            "; de gemensamma faktorerna i tabellen Gemensamma faktorer nedan."
            if case.factors
            else "."
        ),
        "Prisnivån och varje omräkning till den: under 2.4 Prisnivå.",
        "Beräkningen i sin helhet: den körda notebooken med all kod, och kalkylen som "
        "Excel-arbetsbok i Ineras mallupplägg med formler; båda ligger bredvid rapporten och "
        "länkas längst ned i den.",
    ]
    path = case.source_path.replace("\\", "/")
    while path.startswith("../"):  # a notebook in notebooks/ names the case from there
        path = path[3:]
    if path:
        places.append(f"Alla värden och källor som de står i fallfilen: {path}.")
    items = "".join(f"<li>{_escape(p)}</li>" for p in places)
    return f"<p>Var beräkningar och källor finns:</p><ul class='nyttonb-sources'>{items}</ul>"


__all__ = ["assumptions_html", "choice_html"]
