"""The Metod section says in words what `nyttonb calc --json` states about the calculation
(issue 12): 2.4 the price level and every conversion, 2.5 the hours as totals over the horizon
and yearly averages, 2.6 the warnings, with the paired runs' stretch pointing to Monte Carlo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import ROOT, shipped_variants, words
from case_data import case_data, item, row, text

from nyttonb.casefile.load import load_case, load_case_text
from nyttonb.core.figures import compute_figures
from nyttonb.core.model import Case
from nyttonb.notebook.method_notes import items_using
from nyttonb.notebook.report import CaseReport

VARIANTS = shipped_variants()
IDS = [f"{v.parent.name}/{v.stem}" for v in VARIANTS]
OVERTORNEA = ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml"


def report_of(case: Case) -> CaseReport:
    return CaseReport(compute_figures(case))


def load(**changes: object) -> Case:
    return load_case_text(text(case_data(**changes)), filename="fall.yaml")


def salary_case(year: int) -> Case:
    """100 h a year at 368 kr/h, stated in `year`'s prices, in a case at 2021 prices."""
    return load(
        price_level_year=2021,
        factors={"timkostnad": row("kr/h", 368, 340, 400, year=year, label="Timkostnad")},
        benefits=[
            item(
                "tid",
                "timmar * timkostnad",
                {"timmar": row("h/år", 100)},
                category="omfördelning",
                name="Frigjord tid",
            )
        ],
    )


def test_price_level_names_the_year_the_index_and_each_conversion_with_its_factor() -> None:
    said = words(report_of(salary_case(2023)).price_level())
    assert "Alla belopp är uttryckta i 2021 års prisnivå" in said
    assert "Konsumentprisindex (KPI)" in said and "scb.se" in said
    # 343,19 ÷ 403,70 = 0,8501: the factor from 2023, the index values and the ratio.
    assert "Timkostnad 2023 KPI 403,70 → 343,19 × 0,8501 kontrollerat" in said
    assert "kunde inte räknas om" not in said


def test_an_amount_the_index_cannot_convert_is_named_with_the_reason_and_the_items() -> None:
    said = words(report_of(salary_case(2026)).price_level())
    assert "Inga belopp har räknats om med indexet. Ett belopp kunde inte räknas om" in said
    assert "Timkostnad: beloppet är i 2026 års priser och räknas inte om till 2021" in said
    assert "eftersom KPI saknar värde för 2026" in said
    assert (
        "2026. KPI-serien i nyttonb har årsmedel till och med 2025; inget värde för 2026 "
        "uppskattas." in said
    )
    assert "Det gäller ”Frigjord tid” (diskonterat värde 220 800 kr över 6 år)" in said
    cautions = words(report_of(salary_case(2026)).cautions())
    assert "kunde inte räknas om till 2021 års prisnivå" in cautions


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_every_shipped_variant_states_what_it_could_not_convert(variant: Path) -> None:
    """The shipped KPI has no 2026 value, and nyttonb invents none: the Feb 2026 fuel prices
    and the 2026 value of citizens' time stay at 2026 prices, with the warning kept and the
    report naming each of them and the items they feed."""
    report = report_of(load_case(variant))
    level = report.data["price_level"]
    said = words(report.price_level())
    assert level["not_indexed"], "a shipped variant no longer mixes years: update this test"
    for missing in level["not_indexed"]:
        assert f"{missing['label']}: beloppet är i {missing['from_year']} års priser" in said
        assert missing["reason"] in said
    codes = [w["code"] for w in report.data["warnings"]]
    assert codes.count("price_level_not_indexed") == len(level["not_indexed"])


def test_overtornea_hours_are_totals_over_the_horizon_with_yearly_averages() -> None:
    report = report_of(load_case(OVERTORNEA))
    said = words(report.hours())
    assert "Frigjord tid (nyttor): 2 475 h över 6 år (0,2 årsarbetskrafter per år)" in said
    assert "i genomsnitt 413 h per år" in said
    # 75 h a year is 0,04 årsarbetskrafter: said as "under 0,1", not rounded away to 0,0.
    assert "Tid som kostnaderna tar: 450 h över 6 år (under 0,1 årsarbetskrafter per år)" in said
    assert "Frigjord tid minus kostnadernas tid: 2 025 h över 6 år" in said
    assert "Frigjord tid minus kostnadernas tid 2 025 h 338 h 0,20" in said  # the table row
    summary = words(report.summary())
    assert "2 475 h över 6 år (0,2 årsarbetskrafter per år)" in summary
    assert "kostnaderna tar 450 h över 6 år" in summary


def test_decision_summary_labels_freed_hours_as_a_total_over_the_horizon() -> None:
    said = words(report_of(load_case(OVERTORNEA)).title())
    assert "Frigjord tid: 2 475 h över 6 år (0,2 årsarbetskrafter per år)." in said


def test_wide_paired_runs_are_a_caution_that_points_to_the_monte_carlo_simulation() -> None:
    said = words(report_of(load_case(OVERTORNEA)).cautions())
    # −99 184 kr to 7,7 mnkr around 735 182 kr: Högst is 10,5 times Troligt (above 5).
    assert "från −99 184 kr (Lägst) till 7,7 mnkr (Högst); Troligt ger 735 182 kr" in said
    assert "Högst är 10,5 gånger Troligt, mer än de 5 gånger som kontrollen godtar" in said
    assert "Monte Carlo-simuleringen under ”Osäkerhet för nyttor och kostnader" in said


def test_a_case_without_warnings_says_the_checks_found_nothing() -> None:
    said = words(report_of(salary_case(2021)).cautions())
    assert "ger inga förbehåll" in said


def test_a_percentage_that_looks_like_a_share_is_a_caution_with_its_label() -> None:
    case = load(
        benefits=[
            item(
                "porto",
                "andel * belopp",
                {"andel": row("%", 0.7, label="Andel digitala brev"), "belopp": row("kr/år", 1e4)},
            )
        ]
    )
    said = words(report_of(case).cautions())
    assert "Andel digitala brev: faktorn har enheten % men alla värden" in said


def test_the_cautions_name_a_kontrolltrigger_of_the_reference_analysis() -> None:
    data = json.loads(text(case_data()))
    data["reference_analysis"] = "digital-nattillsyn"
    data["benefits"] = [
        item(
            "farre_besok",
            "besok * minuter / 60 * timkostnad",
            {
                "besok": row("st/år", 1000),
                "minuter": row("min", 45, label="Minuter per besök"),
                "timkostnad": row("kr/h", 359),
            },
            category="omfördelning",
        )
    ]
    report = report_of(load_case_text(text(data), filename="fall.yaml"))
    from nyttonb.casefile.triggers import reference_warnings

    fired = reference_warnings(report.case)
    said = words(report.cautions())
    for warning in fired:
        assert f"Kontrolltrigger från referensanalysen: {warning.message}" in said


def test_items_using_a_shared_factor_follow_derived_factors() -> None:
    case = load(
        factors={
            "pris": row("kr", 12.2, year=2026),
            "per_resa": {"label": "Per resa", "unit": "kr", "formula": "pris * 2"},
        },
        benefits=[
            item("resor", "resor_per_ar * per_resa", {"resor_per_ar": row("1/år", 10)}),
            item("annat", "belopp", {"belopp": row("kr/år", 100)}),
        ],
    )
    assert [i.id for i in items_using(case, "pris")] == ["resor"]
    assert [i.id for i in items_using(case, "resor.resor_per_ar")] == ["resor"]


def test_the_case_notebooks_show_the_three_subsections_inside_metod() -> None:
    for name in ("digitalt_mote", "digital_nattillsyn", "sakr_digital_kommunikation"):
        cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text("utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        order = [
            next(i for i, s in enumerate(sources) if s.startswith(marker))
            for marker in (
                "## 2. Metod",
                "### 2.4 Prisnivå",
                "report.price_level()",
                "### 2.5 Frigjord tid och tid som kostnaderna tar",
                "report.hours()",
                "### 2.6 Förbehåll i beräkningen",
                "report.cautions()",
                "## 3. Utgångspunkter",
            )
        ]
        assert order == sorted(order), name


def test_the_uncertainty_section_names_factor_values_a_paired_run_takes_off_its_column() -> None:
    """Postage saved, letters × (before − after), is lowest with `efter` at its high value: the
    report says so under the paired runs, as `nyttonb calc` does (issue 12)."""
    from nyttonb.notebook.uncertainty_text import paired_choices_html

    postage = item(
        "porto",
        "brev * (fore - efter)",
        {
            "brev": row("st/år", 1000, 800, 1200),
            "fore": row("kr/st", 12, 11, 13),
            "efter": row("kr/st", 2, 1, 4, label="Porto efter"),
        },
        name="Lägre porto",
    )
    report = report_of(load(benefits=[postage], horizon=1))
    said = words(paired_choices_html(report.data["scenarios"]))
    assert "Lägst ger varje nytta och kostnad dess lägsta värde" in said
    assert "Lägre porto: Porto efter 4 kr/st (högsta värdet)" in said
    assert "Lägre porto: Porto efter 1 kr/st (lägsta värdet)" in said  # in the Högst run
    plain = words(paired_choices_html(report_of(salary_case(2021)).data["scenarios"]))
    assert "använder varje faktors värde i kolumnen Lägst respektive Högst" in plain


def test_the_summary_table_gives_freed_invested_and_their_difference_over_the_horizon() -> None:
    report = report_of(load_case(OVERTORNEA))
    said = words(report.headline())
    assert "Frigjord tid (nyttor) under 6 år 2 475 h" in said
    assert "Investerad tid (kostnader) under 6 år 450 h" in said
    assert "Frigjord minus investerad tid under 6 år 2 025 h" in said


def test_a_case_without_a_price_level_says_nothing_is_converted_and_which_years_it_mixes() -> None:
    case = load(
        benefits=[
            item(
                "tid",
                "timmar * timkostnad",
                {"timmar": row("h/år", 100), "timkostnad": row("kr/h", 368, year=2023)},
            )
        ]
    )
    said = words(report_of(case).price_level())
    assert said == (
        "Fallet anger ingen prisnivå, så inga belopp räknas om till en gemensam prisnivå. "
        "Beloppen är från 2023."
    )
    assert "price_level_year" not in words(report_of(case).cautions())  # said for a reader


def test_a_case_index_series_is_named_with_its_own_source() -> None:
    case = load(
        price_level_year=2021,
        price_index="PKV",
        indices={"PKV": {"source": "SKR, PKV oktober 2024", "values": {2021: 100.0, 2023: 110.0}}},
        factors={"timkostnad": row("kr/h", 368, year=2023, label="Timkostnad")},
        benefits=[item("tid", "timmar * timkostnad", {"timmar": row("h/år", 100)})],
    )
    said = words(report_of(case).price_level())
    assert "räknas om med" in said and "(PKV)" in said
    assert "Källa för indexet: SKR, PKV oktober 2024" in said
    assert "Timkostnad 2023 PKV 110,00 → 100,00 × 0,9091 fallets egen serie" in said
