"""Uncertainty charts: tornado and histogram specs as data, the slider by rendering it."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pytest
import vl_convert as vlc
from builders import (
    SDK_LETTERS,
    assert_swedish_chart,
    letters_case,
    sdk_case,
    sdk_result,
    sdk_slider_grid,
    walk,
)

from nyttonb.core.model import Case
from nyttonb.present import charts
from nyttonb.present import formatting as fmt
from nyttonb.present.charts import slider


@dataclass(frozen=True)
class Bar:
    factor: str
    label: str
    low_net: float
    high_net: float
    swing: float


def all_charts(case: Case) -> dict[str, Any]:
    result = sdk_result(case)
    draws = np.random.default_rng(7).normal(150_000, 60_000, 2_000).tolist()
    bars = [Bar("t", "Timkostnad", 160_000, 200_000, 40_000), Bar("b", "Brev", 1e5, 2.5e5, 1.5e5)]
    return {
        "tornado": charts.tornado_chart(bars, result.net_benefit),
        "histogram": charts.histogram_chart(draws),
        "slider": charts.slider_chart(case, SDK_LETTERS, sdk_slider_grid(case)),
    }


EXPECTED = {
    "tornado": ("Vilka faktorer påverkar nettonyttan mest?", {"Nettonytta, diskonterad (kr)"}),
    "histogram": (
        "Nettonyttans spridning (Monte Carlo)",
        {"Nettonytta, diskonterad (kr)", "Antal dragningar"},
    ),
    "slider": ("Prova själv: Brev per år", {"År", "Diskonterat värde (kr)"}),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_chart_has_swedish_title_axis_units_locale_and_description(name: str) -> None:
    assert_swedish_chart(all_charts(sdk_case())[name].to_dict(), *EXPECTED[name])


def test_specs_are_deterministic_across_calls() -> None:
    first = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in all_charts(sdk_case()).items()}
    again = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in all_charts(sdk_case()).items()}
    assert first == again


# --- tornado and histogram -------------------------------------------------------------------


def test_histogram_marks_percentiles_and_chance_of_positive_net() -> None:
    draws = list(range(-100, 900))  # 90 % of draws are positive
    spec = charts.histogram_chart(draws).to_dict()
    assert spec["title"]["subtitle"][0].startswith(
        f"Sannolikhet för positiv nettonytta: 90{fmt.NBSP}%"
    )
    texts = [
        d["values"]
        for d in walk(spec)
        if "values" in d
        and d["values"]
        and isinstance(d["values"][0], dict)
        and "text" in d["values"][0]
    ]
    assert [r["text"] for r in texts[0]] == ["P10", "P50", "P90"]
    assert copy.deepcopy(spec) == charts.histogram_chart(draws).to_dict()


def test_tornado_ranks_by_swing() -> None:
    bars = [Bar("a", "Liten", 9, 11, 2), Bar("b", "Stor", 0, 20, 20)]
    spec = charts.tornado_chart(bars, 10).to_dict()
    y = [d["encoding"]["y"] for d in walk(spec) if "y" in d.get("encoding", {})]
    assert y[0]["sort"] == ["Stor", "Liten"]


# --- the slider -----------------------------------------------------------------------------


def slider_spec(case: Case) -> dict[str, Any]:
    return charts.slider_chart(case, SDK_LETTERS, sdk_slider_grid(case)).to_dict()


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
        f"Valt värde: {fmt.quantity(letters)}{fmt.NBSP}st/år. Nettonytta efter 6 år: "
        f"{fmt.kr(expected)}"
    )
    assert caption in rendered_texts(spec)


def test_slider_keeps_one_y_axis_and_its_caption_below_the_plot() -> None:
    spec = slider_spec(sdk_case())
    scales = [
        layer["encoding"]["y"]["scale"]["domain"]
        for layer in spec["layer"]
        if "scale" in layer.get("encoding", {}).get("y", {})
    ]
    values = spec["data"]["values"]
    lowest = min(0, *(r["net"] for r in values), *(r["accumulated_net"] for r in values))
    highest = max(0, *(r["net"] for r in values), *(r["accumulated_net"] for r in values))
    assert len(scales) == 2 and scales[0] == scales[1]
    assert scales[0][0] <= lowest and scales[0][1] >= highest
    (text,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert text["encoding"]["y"]["value"] > spec["height"]
    assert text["mark"]["limit"] <= spec["width"]


@pytest.mark.parametrize(
    ("low", "likely", "high", "step"),
    [(150, 300, 500, 25), (340, 368, 400, 2), (0.2, 0.35, 0.6, 0.05), (1, 1.2, 1.5, 0.05)],
)
def test_slider_step_is_round_with_the_likely_value_on_the_grid(
    low: float, likely: float, high: float, step: float
) -> None:
    got = slider.slider_step(low, likely, high)
    assert got == pytest.approx(step)
    assert (likely - low) / got == pytest.approx(round((likely - low) / got))


def test_slider_data_at_default_equals_the_result() -> None:
    case = sdk_case()
    result = sdk_result(case)
    values = slider_spec(case)["data"]["values"]
    at_likely = [r for r in values if r["factor_value"] == 200.0]
    assert [r["net"] for r in at_likely] == [y.net for y in result.by_year]
    assert [r["accumulated_net"] for r in at_likely] == [y.accumulated_net for y in result.by_year]
    assert {r["factor_value"] for r in values} >= {150.0, 200.0, 250.0}


def test_slider_values_include_likely_exactly() -> None:
    assert charts.slider_values(340, 368, 400, 21)[0] == 340
    assert 368 in charts.slider_values(340, 368, 400, 21)
    assert charts.slider_values(340, 368, 400, 21)[-1] == 400
    with pytest.raises(ValueError, match="low < high"):
        charts.slider_values(1, 1, 1)


def test_slider_grid_agrees_with_calculate() -> None:
    calc = pytest.importorskip("nyttonb.core.calc")
    case = sdk_case()
    grid = charts.slider_grid(case, "timkostnad", steps=21)
    for value in (340.0, 368.0, 400.0):
        result = calc.calculate(case, overrides={"timkostnad": [value]})
        rows = [row["accumulated_net"] for row in grid if row["factor_value"] == value]
        assert rows == pytest.approx([y.accumulated_net for y in result.by_year], rel=1e-12)


def test_slider_chart_when_the_step_does_not_reach_the_highest_value() -> None:
    """340–402,7 with likely 368 steps by 2 up to 402: the highest value is computed off the
    slider, and the description gives the net benefit there (it used to be a KeyError)."""
    case = letters_case()
    shared = (replace(case.factors[0], high=402.7),)
    case = replace(case, factors=shared)
    grid = charts.slider_grid(case, "timkostnad")
    on_slider = [row["factor_value"] for row in grid if row["on_slider"]]
    assert max(on_slider) == 402.0
    assert 402.7 in {row["factor_value"] for row in grid if not row["on_slider"]}
    spec = charts.slider_chart(case, "timkostnad", grid).to_dict()
    assert spec["params"][0]["bind"]["max"] == 402.0
    assert "402,7" in spec["description"]


def test_histogram_bars_stand_on_zero_and_span_their_bins() -> None:
    """Upright bars: each covers its bin on x and runs from 0 to its count on y (a ranged x
    with a plain bar mark would be drawn sideways, as small squares)."""
    bars = charts.histogram_chart([1.0, 2.0, 2.5, 3.0]).to_dict()["layer"][0]
    assert bars["mark"]["type"] == "rect"
    assert bars["encoding"]["x2"] == {"field": "end"}
    assert bars["encoding"]["y"]["field"] == "count"
    assert bars["encoding"]["y2"] == {"datum": 0}
