"""Tables: Swedish strings, escaped case text, byte-reproducible HTML (of `conftest.sdk_case`)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import ROOT, sdk_case, sdk_result

from nyttonb.core.model import (
    Case,
    Note,
    SourceType,
    Stakeholder,
    StakeholderType,
    Version,
)
from nyttonb.core.results import category_shares
from nyttonb.present import formatting as fmt
from nyttonb.present import tables

NBSP = "\u00a0"
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def html_of(styler: object) -> str:
    return styler.to_html()  # type: ignore[attr-defined, no-any-return]


# --- summary ----------------------------------------------------------------------------------


def test_summary_table_shows_swedish_headline_figures() -> None:
    case = sdk_case()
    result = sdk_result(case)
    html = html_of(tables.summary_table(case, result))
    net = round(result.net_benefit)
    assert f"{net // 1000}{NBSP}{net % 1000:03d}{NBSP}kr" in html
    assert f"20{NBSP}000{NBSP}kr" in html  # kostnader
    assert "Sammanlagd nettonytta efter 6 år (kr)" in html
    assert "Finansiell nettonytta (det som syns i budgeten)" in html
    assert f"−20{NBSP}000{NBSP}kr" in html  # what the budget sees
    assert f"600{NBSP}h" in html
    assert f"0,1{NBSP}årsarbetskrafter" in html
    assert "år 1" in html  # break-even: year 1 already (36 800 > 20 000)
    assert f"Diskonteringsränta 3{NBSP}% per år" in html
    assert "<caption>Tabell: sammanfattning" in html


def test_summary_says_when_costs_are_never_recovered() -> None:
    case = sdk_case()
    result = replace(sdk_result(case), break_even_year=None, break_even_label=None)
    html = html_of(tables.summary_table(case, result))
    assert ">Nyttorna överstiger kostnaderna år:</th>" in html
    assert ">aldrig</td>" in html


def test_summary_table_has_ineras_rows_with_shares_and_invested_hours() -> None:
    case = sdk_case()
    result = sdk_result(case)
    # a cost that takes 40 h of staff time
    html = html_of(tables.summary_table(case, replace(result, consumed_hours=40.0)))
    labels = [
        "Sammanlagd nettonytta efter 6 år (kr)",
        "Nettonytta per satsad krona efter 6 år",
        "Nyttorna överstiger kostnaderna år:",
        "Finansiell nytta (%)",
        "Omfördelningsnytta (%)",
        "Finansiell kostnad (%)",
        "Omfördelningskostnad (%)",
        "Nyttor som inte värderats i pengar",
    ]
    places = [html.index(f">{label}</th>") for label in labels]
    assert places == sorted(places)  # Inera's order
    cells = [f">{v}</td>" for v in (f"0{NBSP}%", f"100{NBSP}%", f"100{NBSP}%", f"0{NBSP}%", "1")]
    row = html[places[3] :]
    assert all(cell in row for cell in cells)
    assert f">40{NBSP}h</td>" in html  # invested hours of the costs
    assert "Investerad tid (kostnader) under 6 år" in html


def test_category_shares_are_within_benefits_and_within_costs() -> None:
    result = sdk_result()
    assert category_shares(result) == {
        "finansiell_benefits": 0.0,
        "finansiell_costs": 1.0,
        "omfördelning_benefits": 1.0,
        "omfördelning_costs": 0.0,
    }
    nothing = replace(result, benefits=0.0, costs=0.0, by_category={})
    assert set(category_shares(nothing).values()) == {None}


def test_summary_with_start_year_shows_calendar_year() -> None:
    case = sdk_case(start_year=2024)
    result = sdk_result(case)
    assert '<td class="data row2 col0 num" >2024</td>' in html_of(
        tables.summary_table(case, result)
    )


# --- the other tables -------------------------------------------------------------------------


def test_yearly_table_shows_36_800_kr_in_year_1_and_a_total_row() -> None:
    case = sdk_case()
    html = html_of(tables.yearly_table(case, sdk_result(case)))
    assert f">36{NBSP}800{NBSP}kr</td>" in html
    assert f">16{NBSP}800{NBSP}kr</td>" in html  # net year 1, also accumulated
    assert ">Summa</th>" in html
    assert 'class="data row6 col0 num total"' in html


def test_factor_table_lists_own_and_shared_factors_with_source_type() -> None:
    case = sdk_case()
    html = html_of(tables.factor_table(case, case.benefits[0]))
    for text in (
        "Tid per brev",
        "0,5",
        "0,4",
        "0,6",
        "h/st",
        "Publicerad",
        "Genomsnittlig timkostnad, handläggare (gemensam)",
        ">368<",
        "kr/h",
    ):
        assert text in html
    assert 'id="T_nyttonb-factors-frigjord-tid-rek"' in html
    fee = html_of(tables.factor_table(case, case.costs[0]))
    assert f">20{NBSP}000<" in fee and "Antagande" in fee and "(gemensam)" not in fee


@pytest.mark.parametrize(
    ("source_type", "shown"),
    [
        (SourceType.PUBLISHED, "Publicerad"),
        (SourceType.LOCAL, "Lokal uppgift"),
        (SourceType.STANDARD, "Standardvärde från Inera"),
        (SourceType.ASSUMPTION, "Antagande"),
    ],
)
def test_shared_factor_table_names_source_type_and_users(
    source_type: SourceType, shown: str
) -> None:
    case = sdk_case()
    case = replace(case, factors=(replace(case.factors[0], source_type=source_type),))
    html = html_of(tables.shared_factor_table(case))
    assert shown in html
    assert "Frigjord tid när rekommenderade brev ersätts" in html  # Används i


def test_category_stakeholder_table_uses_display_names() -> None:
    case = sdk_case()
    html = html_of(tables.category_stakeholder_table(case, sdk_result(case)))
    assert ">Finansiell</td>" in html and ">Omfördelning</td>" in html
    assert ">Exempelkommun</td>" in html and "kommunen<" not in html
    assert ">Totalt</td>" in html


def test_unvalued_table_shows_size_label() -> None:
    html = html_of(tables.unvalued_table(sdk_case()))
    assert ">Tryggare invånare</th>" in html
    assert ">2 – måttlig</td>" in html and ">Kvalitet</td>" in html and ">Invånare</td>" in html
    assert "Anslutning" not in html  # valued in money


def test_version_table_shows_iso_date() -> None:
    html = html_of(tables.version_table(sdk_case()))
    assert ">2024-03-01</td>" in html and ">Första versionen.</td>" in html


def test_scenario_table_uses_ineras_labels_in_order() -> None:
    case = sdk_case()
    runs = {
        "high": sdk_result(case, letters=250),
        "low": sdk_result(case, letters=150),
        "likely": sdk_result(case),
    }
    html = html_of(tables.scenario_table(case, runs))
    assert html.index(">Lägst</th>") < html.index(">Troligt</th>") < html.index(">Högst</th>")
    lowered = html.lower()
    assert "troligast" not in lowered and "scenari" not in lowered.replace("nyttonb-scenarios", "")
    assert "worst" not in lowered and "best" not in lowered and "sämsta" not in lowered


def test_notes_table_lists_risks() -> None:
    case = sdk_case()
    html = html_of(tables.notes_table(case.risks, "Risker"))
    assert ">Låg anslutning</th>" in html and 'id="T_nyttonb-notes-risker"' in html


def test_empty_notes_table_renders() -> None:
    assert "<caption>Möjligheter</caption>" in html_of(tables.notes_table((), "Möjligheter"))


# --- safety and reproducibility -----------------------------------------------------------------


def _hostile_case() -> Case:
    case = sdk_case()
    letters = replace(
        case.benefits[0],
        name=SCRIPT,
        factors=tuple(replace(x, label=SCRIPT, source=SCRIPT) for x in case.benefits[0].factors),
    )
    safety = replace(case.benefits[1], name=SCRIPT, description=SCRIPT)
    return replace(
        case,
        benefits=(letters, safety),
        stakeholders=(
            Stakeholder("kommunen", SCRIPT, StakeholderType.ORGANISATION),
            *case.stakeholders[1:],
        ),
        versions=(Version(SCRIPT, None, SCRIPT),),
        risks=(Note(SCRIPT, SCRIPT),),
    )


def _all_tables(case: Case) -> list[str]:
    result = sdk_result(case)
    return [
        html_of(t)
        for t in (
            tables.summary_table(case, result),
            tables.factor_table(case, case.benefits[0]),
            tables.shared_factor_table(case),
            tables.category_stakeholder_table(case, result),
            tables.yearly_table(case, result),
            tables.unvalued_table(case),
            tables.version_table(case),
            tables.scenario_table(case, {"likely": result}),
            tables.notes_table(case.risks, SCRIPT),
        )
    ]


def test_case_text_is_escaped_everywhere() -> None:
    hostile = _all_tables(_hostile_case())
    for html in hostile:
        assert "<script" not in html
    escaped = [html for html in hostile if ESCAPED in html]
    # every table that shows case text: factor (caption, label, source), shared (user),
    # category × stakeholder, unvalued, versions, notes (caption and cells)
    assert len(escaped) == 6


def test_html_is_byte_reproducible_and_without_inline_colours() -> None:
    first, second = _all_tables(sdk_case()), _all_tables(sdk_case())
    assert first == second
    ids = [html.split('id="', 1)[1].split('"', 1)[0] for html in first]
    assert len(set(ids)) == len(ids)
    for html in first:
        assert "color" not in html and "style=" not in html
        assert 'class="nyttonb-table nyttonb-' in html


def test_published_table_shows_value_with_unit_and_source() -> None:
    from nyttonb.core.model import PublishedFigure

    case = sdk_case(published=(PublishedFigure("Frigjorda timmar", 34000, "h", "VilMer"),))
    html = html_of(tables.published_table(case))
    assert f">34{NBSP}000{NBSP}h</td>" in html and ">VilMer</td>" in html


def test_published_figures_stand_beside_what_the_calculation_gives() -> None:
    from nyttonb.casefile.load import load_case
    from nyttonb.core.calc import calculate

    root = ROOT / "case_studies"
    gotland = load_case(root / "digital-nattillsyn" / "gotland.yaml")
    result = calculate(gotland)
    table = tables.published_table(gotland, result).data.set_index("Publicerat")
    five = result.by_year[:5]  # the published figures cover 2018–2022 (years: 5)
    freed = sum(row.freed_hours for row in five)
    assert table.loc[f"40{NBSP}h/natt", "Kalkylen ger"] == (
        f"{fmt.number(freed / 5 / 365, 1)}{NBSP}h per dygn i snitt 2018–2022"
    )
    assert table.loc[f"34{NBSP}000{NBSP}h", "Kalkylen ger"] == (
        f"{fmt.hours(freed)} (2018–2022, odiskonterat)"
    )
    assert table.loc[f"5,6{NBSP}t", "Kalkylen ger"] == "–"  # nothing comparable is calculated
    overtornea = load_case(root / "digitalt-mote" / "overtornea.yaml")
    shown = tables.published_table(overtornea, calculate(overtornea)).data
    assert shown.loc[0, "Kalkylen ger"] == "år 1 (2023)"


def test_a_long_table_shows_the_first_rows_and_counts_the_rest() -> None:
    from nyttonb.present.tables import MAX_ROWS, _styled

    rows = [{"Faktor": f"f{i}", "Värde": str(i)} for i in range(MAX_ROWS + 50)]
    rows.append({"Faktor": "Summa", "Värde": "x"})
    frame = _styled(rows, purpose="t", caption="T", total_last=True).data
    assert len(frame) == MAX_ROWS + 2
    assert frame.iloc[MAX_ROWS]["Faktor"].startswith("… och 50 rader till")
    assert frame.iloc[-1]["Faktor"] == "Summa"
    short = _styled(rows[:10], purpose="t", caption="T").data
    assert len(short) == 10
