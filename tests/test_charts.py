"""Charts: specs checked as data via `to_dict()`, the slider by rendering it, and real exports."""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from nyttonb import charts, theme, uncertainty_charts
from nyttonb import formatting as fmt
from nyttonb.errors import RenderError
from nyttonb.model import Case
from nyttonb.results import Result

sys.path.insert(0, str(Path(__file__).parent))
from test_tables import sdk_case, sdk_result

LETTERS = "frigjord_tid_rek.brev_per_ar"


@dataclass(frozen=True)
class Bar:
    factor: str
    label: str
    low_net: float
    high_net: float
    swing: float


def runs(case: Case) -> dict[str, Result]:
    return {
        "low": sdk_result(case, letters=150),
        "likely": sdk_result(case),
        "high": sdk_result(case, letters=250),
    }


def hand_grid(case: Case, steps: int = 11) -> pd.DataFrame:
    """What `slider_grid` gives for letters per year, from the hand-made results."""
    lattice = set(uncertainty_charts.slider_values(150, 150, 250, steps))
    rows = [
        {
            "factor_value": v,
            "on_slider": v in lattice,
            "year": y.year,
            "year_label": y.label,
            "net": y.net,
            "accumulated_net": y.accumulated_net,
        }
        for v in uncertainty_charts.slider_values(150, 200, 250, steps)
        for y in sdk_result(case, letters=v).by_year
    ]
    return pd.DataFrame(rows)


def all_charts(case: Case) -> dict[str, Any]:
    result = sdk_result(case)
    draws = np.random.default_rng(7).normal(150_000, 60_000, 2_000).tolist()
    bars = [Bar("t", "Timkostnad", 160_000, 200_000, 40_000), Bar("b", "Brev", 1e5, 2.5e5, 1.5e5)]
    return {
        "yearly": charts.yearly_chart(case, result),
        "accumulated": charts.accumulated_chart(case, result),
        "stakeholders": charts.stakeholder_chart(case, result),
        "scenarios": charts.scenario_chart(case, runs(case)),
        "unvalued": charts.unvalued_chart(case),
        "tornado": uncertainty_charts.tornado_chart(bars, result.net_benefit),
        "histogram": uncertainty_charts.histogram_chart(draws),
        "slider": uncertainty_charts.slider_chart(case, LETTERS, hand_grid(case)),
    }


def walk(spec: Any) -> list[dict[str, Any]]:
    """Every dict in a spec, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        found.append(spec)
        for value in spec.values():
            found += walk(value)
    elif isinstance(spec, list):
        for value in spec:
            found += walk(value)
    return found


def axis_titles(spec: dict[str, Any]) -> set[str]:
    return {
        enc[ch]["title"]
        for enc in (d.get("encoding", {}) for d in walk(spec))
        for ch in ("x", "y")
        if isinstance(enc.get(ch), dict) and isinstance(enc[ch].get("title"), str)
    }


# --- every chart ------------------------------------------------------------------------------


EXPECTED = {
    "yearly": ("Nyttor och kostnader per år", {"År", "Nuvärde (kr)"}),
    "accumulated": ("Ackumulerad nettonytta", {"År", "Ackumulerad nettonytta, nuvärde (kr)"}),
    "stakeholders": ("Vem betalar och vem får nyttan?", {"Kostnader ← → Nyttor, nuvärde (kr)"}),
    "scenarios": ("Lägsta, troligaste och högsta beräkning", {"Nuvärde (kr)"}),
    "unvalued": ("Nyttor och kostnader som inte värderas i pengar", {"Storlek (0–3)"}),
    "tornado": ("Vilka faktorer påverkar nettonyttan mest?", {"Nettonytta, nuvärde (kr)"}),
    "histogram": (
        "Nettonyttans spridning (Monte Carlo)",
        {"Nettonytta, nuvärde (kr)", "Antal dragningar"},
    ),
    "slider": ("Prova själv: Brev per år", {"År", "Nuvärde (kr)"}),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_chart_has_swedish_title_axis_units_locale_and_description(name: str) -> None:
    spec = all_charts(sdk_case())[name].to_dict()
    title, axes = EXPECTED[name]
    assert spec["title"]["text"] == title
    assert axes <= axis_titles(spec)
    assert spec["usermeta"]["embedOptions"]["formatLocale"] == fmt.D3_FORMAT_LOCALE
    assert spec["config"]["locale"]["number"] == fmt.D3_FORMAT_LOCALE
    assert len(spec["description"]) > 40


def test_descriptions_are_the_describe_functions_sentences() -> None:
    case = sdk_case()
    result = sdk_result(case)
    specs = {k: c.to_dict() for k, c in all_charts(case).items()}
    assert specs["yearly"]["description"] == charts.describe_yearly(case, result)
    assert specs["accumulated"]["description"] == charts.describe_accumulated(case, result)
    assert specs["scenarios"]["description"] == charts.describe_scenarios(case, runs(case))
    assert specs["unvalued"]["description"] == charts.describe_unvalued(case)
    assert "Återbetalning sker år 1" in specs["accumulated"]["description"]
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
        if "values" in d
    ]
    assert "Återbetald 2024" in texts
    never = charts.accumulated_chart(case, sdk_result(case, letters=0)).to_dict()
    assert never["title"]["subtitle"] == [
        "Kostnaderna tjänas inte in: ingen återbetalning inom kalkylperioden."
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
    assert [r["scenario"] for r in records[::3]] == ["Lägsta", "Troligaste", "Högsta"]


# --- the slider -----------------------------------------------------------------------------


def slider_spec(case: Case) -> dict[str, Any]:
    return uncertainty_charts.slider_chart(case, LETTERS, hand_grid(case)).to_dict()


def rendered_texts(spec: dict[str, Any]) -> list[str]:
    scene = vlc.vegalite_to_scenegraph(spec)
    return [d["text"] for d in walk(scene) if isinstance(d.get("text"), str)]


def test_slider_param_is_bound_to_a_range_from_low_to_high_starting_at_likely() -> None:
    spec = slider_spec(sdk_case())
    (param,) = spec["params"]
    assert param["name"] == charts.SLIDER_PARAM
    assert param["value"] == 200.0
    assert param["bind"]["input"] == "range"
    assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (150, 250, 10)
    assert param["bind"]["name"] == "Brev per år (st/år): "


@pytest.mark.parametrize("letters", [200.0, 150.0, 250.0])
def test_slider_shows_the_engines_numbers_at_default_and_ends(letters: float) -> None:
    case = sdk_case()
    spec = slider_spec(case)
    spec["params"][0]["value"] = letters
    expected = sdk_result(case, letters=letters).net_benefit
    caption = (
        f"Med brev per år {fmt.quantity(letters)}{fmt.NBSP}st/år: nettonytta efter 6 år "
        f"{fmt.kr(expected)}"
    )
    assert caption in rendered_texts(spec)


def test_slider_data_at_default_equals_the_result() -> None:
    case = sdk_case()
    result = sdk_result(case)
    values = slider_spec(case)["data"]["values"]
    at_likely = [r for r in values if r["factor_value"] == 200.0]
    assert [r["net"] for r in at_likely] == [y.net for y in result.by_year]
    assert [r["accumulated_net"] for r in at_likely] == [y.accumulated_net for y in result.by_year]
    assert {r["factor_value"] for r in values} >= {150.0, 200.0, 250.0}


def test_slider_values_include_likely_exactly() -> None:
    assert uncertainty_charts.slider_values(340, 368, 400, 21)[0] == 340
    assert 368 in uncertainty_charts.slider_values(340, 368, 400, 21)
    assert uncertainty_charts.slider_values(340, 368, 400, 21)[-1] == 400
    with pytest.raises(ValueError, match="low < high"):
        uncertainty_charts.slider_values(1, 1, 1)


def test_slider_grid_agrees_with_calculate() -> None:
    calc = pytest.importorskip("nyttonb.calc")
    case = sdk_case()
    grid = uncertainty_charts.slider_grid(case, "timkostnad", steps=21)
    for value in (340.0, 368.0, 400.0):
        result = calc.calculate(case, overrides={"timkostnad": [value]})
        rows = grid[grid["factor_value"] == value]
        assert rows["accumulated_net"].tolist() == pytest.approx(
            [y.accumulated_net for y in result.by_year], rel=1e-12
        )


# --- theme and export -----------------------------------------------------------------------


def test_theme_is_registered_with_altair() -> None:
    assert theme.register() == "nyttonb"
    assert "nyttonb" in alt.theme.names()
    with alt.theme.enable("nyttonb"):
        spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["locale"]["number"]["thousands"] == "\u00a0"
    assert spec["usermeta"]["embedOptions"]["formatLocale"] == fmt.D3_FORMAT_LOCALE


def test_save_charts_writes_png_and_svg(tmp_path: Path) -> None:
    chosen = {k: v for k, v in all_charts(sdk_case()).items() if k in ("yearly", "slider")}
    pngs = charts.save_charts(chosen, tmp_path, "png")
    assert pngs == [tmp_path / "yearly.png", tmp_path / "slider.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    (svg, _) = charts.save_charts(chosen, tmp_path / "svg", "svg")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and "Nyttor och kostnader per år" in text
    assert f"{M}20{fmt.NBSP}000<" in text  # the cost axis in the sv-SE locale


M = "\u2212"


@pytest.mark.parametrize("name", ["../x", "a b", ""])
def test_save_charts_refuses_names_that_are_not_file_names(name: str, tmp_path: Path) -> None:
    chart = all_charts(sdk_case())["yearly"]
    with pytest.raises(RenderError, match="cannot be a file name"):
        charts.save_charts({name: chart}, tmp_path)


def test_histogram_marks_percentiles_and_chance_of_positive_net() -> None:
    draws = list(range(-100, 900))  # 90 % of draws are positive
    spec = uncertainty_charts.histogram_chart(draws).to_dict()
    assert spec["title"]["subtitle"][0].startswith(
        f"Sannolikhet för positiv nettonytta: 90{fmt.NBSP}%"
    )
    texts = [
        d["values"]
        for d in walk(spec)
        if "values" in d and d["values"] and "text" in d["values"][0]
    ]
    assert [r["text"] for r in texts[0]] == ["P10", "P50", "P90"]
    assert copy.deepcopy(spec) == uncertainty_charts.histogram_chart(draws).to_dict()


def test_tornado_ranks_by_swing() -> None:
    bars = [Bar("a", "Liten", 9, 11, 2), Bar("b", "Stor", 0, 20, 20)]
    spec = uncertainty_charts.tornado_chart(bars, 10).to_dict()
    y = [d["encoding"]["y"] for d in walk(spec) if "y" in d.get("encoding", {})]
    assert y[0]["sort"] == ["Stor", "Liten"]


def test_report_charts_with_the_engine_include_a_slider() -> None:
    calc = pytest.importorskip("nyttonb.calc")
    case = sdk_case()
    found = charts.report_charts(case, calc.calculate(case), calc.scenarios(case))
    assert list(found) == [
        "yearly",
        "accumulated",
        "stakeholders",
        "scenarios",
        "unvalued",
        "slider",
    ]
    assert found["slider"].to_dict()["params"][0]["name"] == charts.SLIDER_PARAM
