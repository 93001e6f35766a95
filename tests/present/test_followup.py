"""The follow-up sections as a reader sees them: Gotland's plan, its published claims against
the plan, the efterkalkyl beside the estimate, and the chart, in Swedish."""

from __future__ import annotations

import re

import pytest
from builders import ROOT, assert_swedish_chart, sdk_case

from nyttonb.casefile.framed import load_framed_with_actuals
from nyttonb.core.figures import compute_figures
from nyttonb.core.followup import follow_up
from nyttonb.present import followup as sections
from nyttonb.present.charts.followup import follow_up_chart
from nyttonb.present.formatting import NBSP

GOTLAND = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"


def text(markup: str) -> str:
    """The words of some HTML, cells separated by " | ", with ordinary spaces."""
    words = re.sub(r"<[^>]+>", " | ", markup).replace(NBSP, " ")
    return re.sub(r"(\s*\|\s*)+", " | ", words)


@pytest.fixture(scope="module")
def gotland():  # type: ignore[no-untyped-def]
    case, actuals = load_framed_with_actuals(GOTLAND)
    return case, follow_up(case, actuals)


def test_gotland_plan_names_roles_baseline_target_and_use_of_freed_time(gotland) -> None:  # type: ignore[no-untyped-def]
    case, _ = gotland
    plan = text(sections.plan_html(case))
    assert "Frigjorda personaltimmar per natt (h/natt)" in plan
    assert "Nuläge | 0 h/natt (2017-12-31;" in plan
    assert "Mål | 45 h/natt senast 2020" in plan
    assert "Ansvar för mätning och uppföljning | Verksamhetsutvecklare inom äldreomsorgen" in plan
    assert "Frigjorda resurser används till | högre kvalitet: Tiden går till omvårdnad" in plan
    # the fuel plan has no baseline: said so, not guessed
    assert "saknas – indikatorn kan inte jämföras med utfall förrän nuläget är mätt" in plan


def test_gotland_claims_stand_against_the_plan_with_status_and_rule(gotland) -> None:  # type: ignore[no-untyped-def]
    case, result = gotland
    status = text(sections.status_html(case, result))
    assert "Status: efter plan." in status
    assert "är 72 % realiserat (i kronor)" in status
    assert "Räknat i frigjorda timmar är 46 % realiserat (34 000 h av 73 243 h)" in status
    assert "minst 90 % av det planerade" in status
    assert "inte mätningar som har kunnat prövas" in status
    items = text(sections.items_html(case, result))
    assert (
        "Frigjord personaltid | 2018–2022 (påstående) | 26 294 357 kr | 19 000 000 kr | 72 %"
        in items
    )
    assert "34 000 h | 4,0 årsarbetskrafter" in items
    assert "ingen besparing i budgeten" in items
    assert "fördelat på åren i samma proportion som kalkylen" in items
    indicators = text(sections.indicators_html(case, result))
    assert "40 h/natt (2022, påstående) | 89 %" in indicators
    assert "40 st (2023) | 80 %" in indicators


def test_efterkalkyl_stands_beside_the_estimate(gotland) -> None:  # type: ignore[no-untyped-def]
    _, result = gotland
    table = text(sections.efterkalkyl_html(result))
    assert "Nettonytta | 25 643 282 kr | 18 818 947 kr | −6 824 335 kr" in table
    # only omfördelning was measured: what the budget sees is unchanged
    assert "(det som syns i budgeten) | −4 005 159 kr | −4 005 159 kr | 0 kr" in table
    case, actuals = load_framed_with_actuals(GOTLAND)
    figures = compute_figures(case, actuals=actuals).to_dict()["follow_up"]
    assert figures["efterkalkyl"]["net_benefit"] == pytest.approx(result.net_benefit)
    assert figures["status"] == "behind"
    assert [row["year"] for row in figures["actual_by_year"]] == list(range(2018, 2024))
    assert {p["item"] for p in figures["plan"]} == {
        "lagre_branslekostnad",
        "frigjord_personaltid",
        "kamera",
    }


def test_indicator_in_another_kind_of_unit_cannot_be_compared() -> None:
    from dataclasses import replace
    from datetime import date

    from nyttonb.core.followup import Actual, Actuals
    from nyttonb.core.model import Baseline, Indicator, Realisation, Target

    plan = Realisation(
        Indicator("Frigjord tid", "h/år"),
        Target(100.0, 2),
        "Chef",
        "Controller",
        "Årligen",
        Baseline(0.0, date(2024, 1, 1), "Tidrapporter"),
    )
    case = sdk_case()
    case = replace(case, benefits=(replace(case.benefits[0], realisation=plan), case.benefits[1]))
    measured = Actual(
        "frigjord_tid_rek", 1, 1, date(2025, 1, 1), "Enkät", indicator=3.0, indicator_unit="kr"
    )
    table = text(sections.indicators_html(case, follow_up(case, Actuals((measured,)))))
    assert "kan inte jämföras: enheten kr går inte att jämföra med planens h/år" in table


def test_follow_up_chart_is_swedish_and_marks_measured_years(gotland) -> None:  # type: ignore[no-untyped-def]
    case, result = gotland
    spec = follow_up_chart(case, result).to_dict(validate=True)
    assert_swedish_chart(
        spec,
        "Planerad och faktisk ackumulerad nettonytta",
        {"År", "Ackumulerad nettonytta, diskonterad (kr)"},
    )
    measured = [r for r in spec["layer"][1]["data"]["values"] if r["measured"] == "ja"]
    assert [r["year"] for r in measured] == ["2018", "2019", "2020", "2021", "2022"]
