"""5. Värdering opens with Inera's two subsections before the result: 5.1 Val av arbetssätt counts
and names what the case values in money and what it only sizes, and 5.2 Viktiga antaganden och
underlag names the factors the report's own tornado ranks first, with Troligt and Källa."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from builders import shipped_variants, valued_counts_sentence, words
from case_data import case_data, item, row, text

from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.core.figures import compute_figures
from nyttonb.core.model import Case
from nyttonb.notebook.report import CaseReport
from nyttonb.present import formatting as fmt

VARIANTS = shipped_variants()
IDS = [f"{v.parent.name}/{v.stem}" for v in VARIANTS]


def number(n: int) -> str:
    return fmt.number(n).replace("\xa0", " ")


def load(**changes: object) -> Case:
    return load_case_text(text(case_data(**changes)), filename="fall.yaml")


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_choice_counts_and_names_what_the_case_values_and_what_it_sizes(variant: Path) -> None:
    case = load_case(variant)
    said = words(CaseReport(compute_figures(case)).valuation_choice())
    benefits = sum(1 for i in case.benefits if i.valued)
    costs = sum(1 for i in case.costs if i.valued)
    assert valued_counts_sentence(case) in said
    assert f"Nyttor som värderas i pengar ({number(benefits)})" in said
    assert f"Kostnader som värderas i pengar ({number(costs)})" in said
    sized = [i for i in case.items if not i.valued]
    sized_benefits = sum(1 for i in case.benefits if not i.valued)
    if sized_benefits:
        assert f"Nyttor som beskrivs med uppskattad storlek ({number(sized_benefits)})" in said
    if len(case.items) <= 12:
        for i in case.items:
            assert f"{i.name} ({i.category.value})" in said
    assert f"tidshorisonten {case.horizon} år" in said
    assert "nyttonb excel export" in said
    for i in sized:
        if i.category.monetary:
            assert f"”{i.name}” ({i.category.value})" in said


def test_choice_names_a_sized_item_of_a_money_category_without_inventing_a_reason() -> None:
    case = load(
        benefits=[
            item("porto", "brev * pris", {"brev": row("st/år", 100), "pris": row("kr/st", 10)}),
            item(
                "fardtjanst",
                None,
                name="Färre resor med färdtjänst",
                size=2,
                description="Färre resor.",
            ),
            item(
                "trygghet",
                None,
                name="Tryggare brukare",
                category="kvalitet",
                size=3,
                description="Trygghet.",
            ),
        ],
        costs=[item("licens", "kr", {"kr": row("kr/år", 500)}, cost_type="löpande")],
    )
    said = words(CaseReport(compute_figures(case)).valuation_choice())
    assert "Av analysens 3 nyttor värderas 1 i pengar, och av dess 1 kostnad" in said
    assert "”Färre resor med färdtjänst” (finansiell) hör till en kategori som kan" in said
    assert "Fallfilen anger inget skäl för det" in said
    assert "Kategorin kvalitet värderas inte i pengar i Ineras modell" in said
    assert "Så gjorde vi" not in said  # the case has no texts.how_we_worked


def test_a_case_that_values_everything_says_so_and_ranks_no_factor_without_spread() -> None:
    case = load(
        benefits=[
            item("porto", "brev * pris", {"brev": row("st/år", 100), "pris": row("kr/st", 10)})
        ]
    )
    report = CaseReport(compute_figures(case, with_uncertainty=True))
    assert "Alla nyttor och kostnader i analysen värderas i pengar." in words(
        report.valuation_choice()
    )
    said = words(report.assumptions())
    assert "rangordnar inga antaganden" in said
    assert "2.4 Prisnivå" in said


@pytest.mark.parametrize("variant", VARIANTS[:3], ids=IDS[:3])
def test_assumptions_name_the_tornados_first_factors_with_troligt_and_source(
    variant: Path,
) -> None:
    case = load_case(variant)
    figures = compute_figures(case, with_uncertainty=True)
    assert figures.analysis is not None
    bars = figures.analysis.full.tornado
    said = words(CaseReport(figures).assumptions())
    rows = re.findall(r"<tr><th scope='row'>(.*?)</th>", str(CaseReport(figures).assumptions()))
    assert [html.unescape(r) for r in rows] == [case.factor(b.factor).label for b in bars[:5]]
    first = case.factor(bars[0].factor)
    assert words(f"{first.label} {fmt.factor_value(first.likely, first.unit)}") in said
    assert words(first.source) in said
    assert words(f"{fmt.kr(bars[0].low_net)} och {fmt.kr(bars[0].high_net)}") in said
    assert "4.1 Identifierade nyttor" in said and "2.4 Prisnivå" in said
