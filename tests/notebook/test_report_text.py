"""Words a decision-maker reads in a report: one probability, labels not code names, readable
units, no notes to ourselves, titles without repetition, the decision summary first."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import ROOT, shipped_variants

from nyttonb.batch.notebook_html import report_title
from nyttonb.batch.site import IndexRow, index_html
from nyttonb.casefile.load import load_case
from nyttonb.notebook import uncertainty_text as ut
from nyttonb.notebook.report import CaseReport
from nyttonb.present import formatting as fmt
from nyttonb.present.charts import histogram_chart

CASES = ROOT / "case_studies"
GOTLAND = CASES / "digital-nattillsyn" / "gotland.yaml"
OVERTORNEA = CASES / "digitalt-mote" / "overtornea.yaml"


@pytest.fixture(scope="module")
def gotland() -> CaseReport:
    return CaseReport.from_case(load_case(GOTLAND))


@pytest.fixture(scope="module")
def overtornea() -> CaseReport:
    return CaseReport.from_case(load_case(OVERTORNEA))


def test_text_and_chart_give_the_same_probability(overtornea: CaseReport) -> None:
    assert overtornea.figures.analysis is not None
    view = overtornea.figures.analysis.full
    share = view.monte_carlo.prob_positive
    assert 0.99 < share < 1  # the case that read 99,77 % in the text and 100 % in the chart
    said = fmt.probability(share)
    assert said == f"över{fmt.NBSP}99{fmt.NBSP}%"
    assert said in ut.uncertainty_text(view)
    subtitle = histogram_chart(view.monte_carlo.net.tolist()).to_dict()["title"]["subtitle"]
    assert said in " ".join(subtitle)
    assert "frö" not in ut.uncertainty_text(view)


def test_calculation_shows_factor_labels_not_code_names(gotland: CaseReport) -> None:
    text = str(gotland.benefits())
    assert "Beräkning: " in text
    assert "besok_per_ar" not in text and "timkostnad_usk" not in text
    assert "Personal per besök (genomsnitt)" in text.split("Beräkning: ", 1)[1]
    assert " × " in text


def test_units_read_as_units(overtornea: CaseReport) -> None:
    assert overtornea.figures.analysis is not None
    switching = ut.switching_html(overtornea.figures.analysis.full.switching_values)
    benefits = str(overtornea.benefits())
    for text in (switching, benefits):
        assert "st/st" not in text
        assert ">andel<" not in text


def test_switching_values_name_the_net_benefit_they_bring_to_zero(overtornea: CaseReport) -> None:
    analysis = overtornea.figures.analysis
    assert analysis is not None
    full = ut.switching_html(analysis.full.switching_values)
    budget = ut.switching_html(analysis.financial.switching_values, "den finansiella nettonyttan")
    assert "Brytvärden: värdet där nettonyttan blir 0" in full
    assert "Brytvärden: värdet där den finansiella nettonyttan blir 0" in budget
    for text in (full, budget):  # no judging word for the range that was searched
        assert "rimlig" not in text and "inom det prövade intervallet" in text


def test_no_notes_to_ourselves_in_risks_and_opportunities(overtornea: CaseReport) -> None:
    assert "Tillagd i nyttonb" not in str(overtornea.risks())


@pytest.mark.parametrize("variant", shipped_variants(), ids=lambda p: p.stem)
def test_titles_do_not_repeat_the_organisation(variant: Path) -> None:
    case = load_case(variant)
    title = report_title({"case": {"name": case.name, "organisation": case.organisation}}, None)
    assert title.count(case.organisation) == 1
    if variant.stem == "storre-kommun":
        assert "glesbygd" not in case.name


def test_report_starts_with_the_decision_summary(gotland: CaseReport) -> None:
    text = str(gotland.title())
    result = gotland.result
    assert "Beslutsunderlag i korthet" in text
    assert fmt.kr(result.net_benefit) in text
    assert fmt.kr(result.financial_net_benefit) in text
    assert "Kostnaderna bärs av Region Gotland" in text


def test_index_shows_the_budget_net_benefit_beside_the_full_one(gotland: CaseReport) -> None:
    row = IndexRow.pending("digital-nattillsyn", "gotland", "x.html").ok(gotland.figures.to_dict())
    page = index_html([row])
    assert "Nettonytta i budgeten (finansiell)" in page
    full, budget = fmt.kr(gotland.result.net_benefit), fmt.kr(gotland.result.financial_net_benefit)
    assert page.index(full) < page.index(budget)
    assert budget.startswith("−")
