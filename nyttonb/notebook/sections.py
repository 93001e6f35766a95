"""The report sections of Inera's outline that rest on the case file's own text: 2.2 Så gjorde
vi, 2.3 Kategorier, 3.2 Ramar för analysen, 3.3 Eventuella övriga avgränsningar and 6
Osäkerhetsbedömning (6.1–6.4), as escaped HTML for `nyttonb.report.CaseReport`.

A section whose text the case does not state still says something true: the facts the case
file holds (how many factor rows are local data, standard values or assumptions; the paired
runs' results; what is left unvalued) and, in plain words, that the analysis does not describe
the rest. Nothing here is invented.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from nyttonb.core.model import Case, Category, Direction, SourceType
from nyttonb.present import formatting as fmt

if TYPE_CHECKING:
    from nyttonb.core.results import Result

NOT_STATED = "Analysen beskriver inte detta."
"""What a section says when the case file has no text for it."""

ASSESSMENT_AREAS = (
    ("effects", "6.1 Effekter och samband"),
    ("data", "6.2 Data och antaganden"),
    ("delimitations", "6.3 Avgränsningar"),
    ("overall", "6.4 Samlad bedömning av osäkerheten"),
)


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Plain text (from a case file) as escaped HTML paragraphs and bullet lists.

    >>> paragraphs("Första <b>stycket</b>.\\n\\n- ett\\n- två")
    '<p>Första &lt;b&gt;stycket&lt;/b&gt;.</p>\\n<ul><li>ett</li><li>två</li></ul>'
    """
    blocks = []
    for block in (b.strip() for b in text.strip().split("\n\n")):
        if not block:
            continue
        lines = [line.strip() for line in block.splitlines()]
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{_escape(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{_escape(' '.join(lines))}</p>")
    return "\n".join(blocks)


def _stated(text: str) -> str:
    return paragraphs(text) if text.strip() else f"<p class='nyttonb-not-stated'>{NOT_STATED}</p>"


def _facts(sentences: Iterable[str]) -> str:
    return "".join(f"<p class='nyttonb-facts-note'>{_escape(s)}</p>" for s in sentences if s)


_SOURCE_WORDS = {
    SourceType.LOCAL: ("lokal uppgift", "lokala uppgifter"),
    SourceType.STANDARD: (
        "standardvärde (Ineras kalkylfaktorer)",
        "standardvärden (Ineras kalkylfaktorer)",
    ),
    SourceType.PUBLISHED: ("publicerad uppgift", "publicerade uppgifter"),
    SourceType.ASSUMPTION: ("märkt antagande", "märkta antaganden"),
}


def source_mix(case: Case) -> str:
    """The case's factor rows by kind of source, as one Swedish sentence ("" if none)."""
    rows = [f for f in case.all_factors if not f.derived]
    if not rows:
        return ""
    counts = Counter(f.source_type for f in rows)
    parts = [
        f"{counts[kind]} {_SOURCE_WORDS[kind][counts[kind] != 1]}"
        for kind in (
            SourceType.LOCAL,
            SourceType.STANDARD,
            SourceType.PUBLISHED,
            SourceType.ASSUMPTION,
        )
        if counts[kind]
    ]
    total = _count(len(rows), "faktorrad", "faktorrader")
    return f"Värderingen bygger på {total}: {fmt.listed(parts)}."


def how_we_worked(case: Case) -> str:
    """2.2 Så gjorde vi: the case's own account, then what the case file itself shows."""
    valued = sum(1 for item in case.items if item.valued)
    unvalued = len(case.items) - valued
    facts = [
        f"Av analysens {len(case.items)} nyttor och kostnader är {valued} värderade i pengar "
        f"och {unvalued} beskrivna med en uppskattad storlek (0–3).",
        source_mix(case),
        "Osäkerheten i värderingen är belyst med Ineras tre parade beräkningar (Lägst, Troligt, "
        "Högst), en faktor i taget, en Monte Carlo-simulering och brytvärden; den kvalitativa "
        "osäkerhetsbedömningen står i avsnitt 6.",
        "Beräkningar, antaganden, källor och detaljerade värden finns i fallfilen och i den "
        "körda notebooken som hör till rapporten.",
    ]
    text = case.text("how_we_worked")
    return _stated(text) + _facts(facts)


def categories() -> str:
    """2.3 Kategorier för nyttor och kostnader: Inera's table of the four categories."""
    rows = (
        (
            Category.FINANSIELL,
            "Minskade kostnader eller ökade intäkter",
            "Ökade kostnader eller minskade intäkter",
            "kan värderas i pengar",
        ),
        (
            Category.OMFORDELNING,
            "Befintliga resurser frigörs och kan användas till annat",
            "Befintliga resurser tas från annan användning",
            "kan värderas i pengar",
        ),
        (
            Category.KVALITET,
            "Högre kvalitet för dem nyttan tillfaller",
            "Lägre kvalitet",
            "beskrivs med en uppskattad storlek",
        ),
        (
            Category.MILJO,
            "Lägre miljöpåverkan",
            "Högre miljöpåverkan",
            "beskrivs med en uppskattad storlek",
        ),
    )
    body = "".join(
        f"<tr><th scope='row'>{_escape(fmt.category_label(c))}</th><td>{_escape(b)}</td>"
        f"<td>{_escape(k)}</td><td>{_escape(v)}</td></tr>"
        for c, b, k, v in rows
    )
    return (
        "<table class='nyttonb-table nyttonb-categories'><caption>Kategorier för nyttor och "
        "kostnader</caption><thead><tr><th>Kategori</th><th>Nytta</th><th>Kostnad</th>"
        f"<th>Värdering</th></tr></thead><tbody>{body}</tbody></table>"
    )


def delimitations(case: Case) -> str:
    """3.3 Eventuella övriga avgränsningar: the case's text, or that none are described."""
    text = case.text("delimitations")
    if text.strip():
        return paragraphs(text)
    return "<p class='nyttonb-not-stated'>Inga övriga avgränsningar är beskrivna.</p>"


def _paired_runs_sentence(case: Case, runs: Mapping[str, Result]) -> str:
    if not all(k in runs for k in ("low", "likely", "high")):
        return ""
    net = {k: fmt.money(runs[k].net_benefit) for k in ("low", "likely", "high")}
    return (
        f"Med Ineras tre parade beräkningar blir den sammanlagda nettonyttan efter "
        f"{case.horizon} år {net['low']} (Lägst), {net['likely']} (Troligt) och "
        f"{net['high']} (Högst)."
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _delimitation_facts(case: Case) -> list[str]:
    names = [s.name for s in case.stakeholders]
    unvalued = [i for i in case.items if not i.valued]
    benefits = sum(1 for i in unvalued if i.direction == Direction.BENEFIT)
    where = f" Geografisk räckvidd: {case.geography}." if case.geography else ""
    facts = [
        f"Analysen har {'perspektivet' if len(names) == 1 else 'perspektiven'} {fmt.listed(names)} "
        f"och en tidshorisont på {case.horizon} år.{where}",
    ]
    if unvalued:
        facts.append(
            f"{_count(benefits, 'nytta', 'nyttor')} och "
            f"{_count(len(unvalued) - benefits, 'kostnad', 'kostnader')} är inte värderade i "
            "pengar; de ligger utanför nettonyttan men ingår i helhetsbilden."
        )
    return facts


def uncertainty_assessment(case: Case, runs: Mapping[str, Result]) -> str:
    """6. Osäkerhetsbedömning in Inera's four areas; facts from the case where it is silent."""
    assessment = case.uncertainty_assessment
    any_valued = any(item.valued for item in case.items)
    facts: dict[str, list[str]] = {
        "effects": [],
        "data": (
            [source_mix(case), _paired_runs_sentence(case, runs)]
            if any_valued
            else ["Inga nyttor eller kostnader är värderade i pengar, så området gäller inte."]
        ),
        "delimitations": _delimitation_facts(case),
        "overall": [],
    }
    parts = []
    for key, heading in ASSESSMENT_AREAS:
        text = getattr(assessment, key)
        parts.append(f"<h3>{_escape(heading)}</h3>{_stated(text)}{_facts(facts[key])}")
    return "\n".join(parts)


__all__ = [
    "ASSESSMENT_AREAS",
    "NOT_STATED",
    "categories",
    "delimitations",
    "how_we_worked",
    "paragraphs",
    "source_mix",
    "uncertainty_assessment",
]
