"""The report sections Inera's outline expects (report-structure.md): 2.2 Så gjorde vi, 2.3
Kategorier, 3.3 Avgränsningar, 4.2.1/4.2.2, 4.3 Risker/4.4 Hinder and the qualitative
osäkerhetsbedömning (6.1–6.4), from the case file's text fields, and what they say when the
case is silent."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import sdk_case

from nyttonb.casefile.load import load_case_text
from nyttonb.core.model import UncertaintyAssessment
from nyttonb.errors import CaseFileError
from nyttonb.notebook import sections
from nyttonb.notebook.report import CaseReport

SMALL = """\
name: Testfall
organisation: Exempelkommun
area: Socialtjänst
description: Ett litet testfall.
alternatives: {a: Som idag., b: Med förändringen.}
stakeholders:
  kommunen: {name: Exempelkommun, type: organisation}
horizon: 6
versions:
  - {version: "1.0", date: 2024-03-01, note: Första versionen.}
"""

TEXTS = """\
texts:
  how_we_worked: Två workshoppar med handläggare och en genomgång av postloggen.
  delimitations: Regionens nyttor ingår inte.
uncertainty_assessment:
  effects: Effekterna bygger på en workshop; ingen mätning är gjord.
  data: Antalet brev är <b>uppskattat</b>.
  delimitations: Invånarnas tid är inte värderad.
  overall: Antalet mottagare som ansluts avgör nyttan.
"""


def test_case_file_carries_the_new_text_fields() -> None:
    case = load_case_text(SMALL + TEXTS, filename="x.yaml")
    assert case.text("how_we_worked").startswith("Två workshoppar")
    assert case.text("delimitations") == "Regionens nyttor ingår inte."
    assert case.uncertainty_assessment.overall == "Antalet mottagare som ansluts avgör nyttan."


def test_a_misspelt_text_field_is_named_with_the_fix() -> None:
    with pytest.raises(CaseFileError) as raised:
        load_case_text(SMALL + "texts:\n  how_we_workd: X\n", filename="x.yaml")
    assert raised.value.line == 12
    assert "menade du 'how_we_worked'" in raised.value.message
    assert "delimitations" in (raised.value.fix or "")
    with pytest.raises(CaseFileError, match="menade du 'overall'"):
        load_case_text(SMALL + "uncertainty_assessment:\n  overal: X\n", filename="x.yaml")


def test_assessment_shows_the_four_areas_in_order_with_escaped_text() -> None:
    case = load_case_text(SMALL + TEXTS, filename="x.yaml")
    html = sections.uncertainty_assessment(case, {})
    headings = [h for _, h in sections.ASSESSMENT_AREAS]
    assert [html.index(h) for h in headings] == sorted(html.index(h) for h in headings)
    assert "Antalet brev är &lt;b&gt;uppskattat&lt;/b&gt;." in html
    assert sections.NOT_STATED not in html


def test_silent_case_says_so_and_gives_the_facts_it_holds() -> None:
    case = sdk_case()
    report = CaseReport.from_case(case)
    html = str(report.uncertainty_assessment())
    assert html.count(sections.NOT_STATED) == 4
    assert "4 faktorrader: 3 publicerade uppgifter och 1 märkt antagande." in html
    assert "(Lägst)" in html and "(Troligt)" in html and "(Högst)" in html
    assert "1 nytta och 0 kostnader är inte värderade i pengar" in html
    assert "perspektiven Exempelkommun och Invånare och en tidshorisont på 6 år." in html
    assert "Inga övriga avgränsningar är beskrivna." in str(report.delimitations())
    worked = str(report.how_we_worked())
    assert sections.NOT_STATED in worked and "1 märkt antagande" in worked


def test_assessment_of_an_unvalued_case_says_data_does_not_apply() -> None:
    case = sdk_case()
    unvalued = replace(case, benefits=case.benefits[1:], costs=())
    html = sections.uncertainty_assessment(unvalued, {})
    assert "så området gäller inte" in html


def test_stated_texts_replace_the_not_stated_line() -> None:
    case = replace(
        sdk_case(),
        texts=(("how_we_worked", "Workshop med <i>handläggare</i>."),),
        uncertainty_assessment=UncertaintyAssessment(effects="Bygger på erfarenhet."),
    )
    worked = sections.how_we_worked(case)
    assert worked.startswith("<p>Workshop med &lt;i&gt;handläggare&lt;/i&gt;.</p>")
    assert sections.uncertainty_assessment(case, {}).count(sections.NOT_STATED) == 3


def test_costs_and_risks_follow_ineras_numbering_and_say_none_identified() -> None:
    report = CaseReport.from_case(replace(sdk_case(), hinder=()))
    costs = str(report.costs())
    assert (
        costs.index("4.2.1 Kostnader som uppstår som följd av förändringen")
        < costs.index("Inga identifierade.")
        < costs.index("4.2.2 Kostnader som krävs för att genomföra och upprätthålla")
    )
    risks = str(report.risks())
    assert "<h3>4.3 Risker</h3>" in risks and "Låg anslutning" in risks
    assert "<h3>4.4 Hinder</h3><p>Inga identifierade.</p>" in risks


def test_categories_table_has_ineras_four_categories() -> None:
    html = sections.categories()
    places = [html.index(c) for c in ("Finansiell", "Omfördelning", "Kvalitet", "Miljö")]
    assert places == sorted(places)
    assert "<th>Kategori</th><th>Nytta</th><th>Kostnad</th>" in html
