"""Valuation charts: specs checked as data via `to_dict()`, the report's set, and real exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc
from builders import (
    SDK_LETTERS,
    assert_swedish_chart,
    sdk_case,
    sdk_result,
    sdk_slider_grid,
    walk,
)

from nyttonb.core.model import Case
from nyttonb.core.results import Result
from nyttonb.errors import RenderError
from nyttonb.present import charts, theme
from nyttonb.present import formatting as fmt


def runs(case: Case) -> dict[str, Result]:
    return {
        "low": sdk_result(case, letters=150),
        "likely": sdk_result(case),
        "high": sdk_result(case, letters=250),
    }


def all_charts(case: Case) -> dict[str, Any]:
    result = sdk_result(case)
    return {
        "yearly": charts.yearly_chart(case, result),
        "accumulated": charts.accumulated_chart(case, result),
        "stakeholders": charts.stakeholder_chart(case, result),
        "scenarios": charts.scenario_chart(case, runs(case)),
        "unvalued": charts.unvalued_chart(case),
    }


# --- every chart ------------------------------------------------------------------------------


EXPECTED = {
    "yearly": ("Nyttor och kostnader per år", {"År", "Diskonterat värde (kr)"}),
    "accumulated": ("Ackumulerad nettonytta", {"År", "Ackumulerad nettonytta, diskonterad (kr)"}),
    "stakeholders": (
        "Vem bär kostnaderna och vem tillfaller nyttorna?",
        {"Kostnader ← → Nyttor, diskonterat värde (kr)"},
    ),
    "scenarios": ("Lägst, Troligt och Högst: tre parade beräkningar", {"Diskonterat värde (kr)"}),
    "unvalued": ("Nyttor och kostnader som inte värderas i pengar", {"Storlek (0–3)"}),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_chart_has_swedish_title_axis_units_locale_and_description(name: str) -> None:
    assert_swedish_chart(all_charts(sdk_case())[name].to_dict(), *EXPECTED[name])


def test_descriptions_are_the_describe_functions_sentences() -> None:
    case = sdk_case()
    result = sdk_result(case)
    specs = {k: c.to_dict() for k, c in all_charts(case).items()}
    assert specs["yearly"]["description"] == charts.describe_yearly(case, result)
    assert specs["accumulated"]["description"] == charts.describe_accumulated(case, result)
    assert specs["scenarios"]["description"] == charts.describe_scenarios(case, runs(case))
    assert specs["unvalued"]["description"] == charts.describe_unvalued(case)
    assert "överstiger de ackumulerade kostnaderna år 1" in specs["accumulated"]["description"]
    assert f"{fmt.money(result.net_benefit)}" in specs["accumulated"]["description"]


def test_description_reaches_the_compiled_vega_spec() -> None:
    """Vega's view sets the description as the chart's aria-label in the browser."""
    case = sdk_case()
    chart = charts.accumulated_chart(case, sdk_result(case))
    vega = vlc.vegalite_to_vega(chart.to_dict())
    assert vega["description"] == charts.describe_accumulated(case, sdk_result(case))


def test_specs_are_deterministic_across_calls() -> None:
    first = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in all_charts(sdk_case()).items()}
    again = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in all_charts(sdk_case()).items()}
    assert first == again


def test_category_colours_are_the_same_in_every_chart() -> None:
    scales = []
    for name in ("yearly", "stakeholders", "unvalued"):
        spec = all_charts(sdk_case())[name].to_dict()
        colours = [d["encoding"]["color"] for d in walk(spec) if "color" in d.get("encoding", {})]
        scales += [c["scale"] for c in colours if c.get("field") == "category"]
    assert len(scales) == 3
    assert all(
        s == {"domain": theme.CATEGORY_DOMAIN, "range": theme.CATEGORY_RANGE} for s in scales
    )
    assert theme.CATEGORY_COLOURS["Finansiell"] != theme.CATEGORY_COLOURS["Omfördelning"]


def test_yearly_chart_shows_costs_below_zero() -> None:
    case = sdk_case()
    records = charts.yearly_records(case, sdk_result(case))
    assert {"year": "år 1", "kind": "Kostnader", "category": "Finansiell", "value": -20000.0} in (
        records
    )
    first = [r for r in records if r["year"] == "år 1" and r["kind"] == "Nyttor"]
    assert first == [
        {"year": "år 1", "kind": "Nyttor", "category": "Omfördelning", "value": 36800.0}
    ]


def test_accumulated_chart_marks_break_even_or_says_never() -> None:
    case = sdk_case(start_year=2024)
    result = sdk_result(case)
    texts = [
        d["values"][0].get("text")
        for d in walk(charts.accumulated_chart(case, result).to_dict())
        if "values" in d and isinstance(d["values"][0], dict)  # data, not an axis's ticks
    ]
    assert "Nyttorna överstiger kostnaderna 2024" in texts
    never = charts.accumulated_chart(case, sdk_result(case, letters=0)).to_dict()
    assert never["title"]["subtitle"] == [
        "De ackumulerade nyttorna överstiger aldrig de ackumulerade kostnaderna inom 6 år."
    ]


def test_stakeholder_chart_separates_finansiell_from_omfordelning() -> None:
    case = sdk_case()
    records = charts.stakeholder_records(case, sdk_result(case))
    assert [(r["stakeholder"], r["category"], r["kind"]) for r in records] == [
        ("Exempelkommun", "Finansiell", "Kostnader"),
        ("Exempelkommun", "Omfördelning", "Nyttor"),
    ]
    spec = charts.stakeholder_chart(case, sdk_result(case)).to_dict()
    assert any(
        d.get("encoding", {}).get("yOffset", {}).get("field") == "category" for d in walk(spec)
    )


def test_scenario_chart_uses_ineras_labels() -> None:
    records = charts.scenario_records(runs(sdk_case()))
    assert [r["scenario"] for r in records[::3]] == ["Lägst", "Troligt", "Högst"]


# --- theme and export -----------------------------------------------------------------------


def test_theme_is_registered_with_altair() -> None:
    assert theme.register() == "nyttonb"
    assert "nyttonb" in alt.theme.names()
    with alt.theme.enable("nyttonb"):
        spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["locale"]["number"]["thousands"] == "\u00a0"
    assert spec["usermeta"]["embedOptions"]["formatLocale"] == fmt.D3_FORMAT_LOCALE


def test_save_charts_writes_png_and_svg(tmp_path: Path) -> None:
    case = sdk_case()
    slider = charts.slider_chart(case, SDK_LETTERS, sdk_slider_grid(case))
    chosen = {"yearly": all_charts(case)["yearly"], "slider": slider}
    pngs = charts.save_charts(chosen, tmp_path, "png")
    assert pngs == [tmp_path / "yearly.png", tmp_path / "slider.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    (svg, _) = charts.save_charts(chosen, tmp_path / "svg", "svg")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Nyttor och kostnader per år" in text
    assert f"{M}20{fmt.NBSP}000<" in text  # the cost axis in the sv-SE locale


def test_save_charts_in_two_processes_writes_the_same_files(tmp_path: Path) -> None:
    chosen = all_charts(sdk_case())
    one = charts.save_charts(chosen, tmp_path / "one", "png")
    with charts.drawing_processes(2) as pool:
        two = charts.save_charts(chosen, tmp_path / "two", "png", pool=pool)
    assert [p.name for p in two] == [p.name for p in one] == [f"{n}.png" for n in chosen]
    assert [p.read_bytes() for p in two] == [p.read_bytes() for p in one]


M = "\u2212"


@pytest.mark.parametrize("name", ["../x", "a b", ""])
def test_save_charts_refuses_names_that_are_not_file_names(name: str, tmp_path: Path) -> None:
    chart = all_charts(sdk_case())["yearly"]
    with pytest.raises(RenderError, match="kan inte bli ett filnamn"):
        charts.save_charts({name: chart}, tmp_path)


def test_report_charts_with_the_engine_include_a_slider() -> None:
    from nyttonb.core.figures import compute_figures

    found = charts.report_charts(compute_figures(sdk_case()))
    assert list(found) == [
        "yearly",
        "accumulated",
        "stakeholders",
        "scenarios",
        "unvalued",
        "slider",
    ]
    assert found["slider"].to_dict()["params"][0]["name"] == charts.SLIDER_PARAM
