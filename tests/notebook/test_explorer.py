from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any

import pytest
from builders import example_file, shipped_variants

import nyttonb.core.calc
import nyttonb.core.compiled
from nyttonb.casefile.load import load_case
from nyttonb.core.calc import calculate, evaluate
from nyttonb.core.model import Case
from nyttonb.notebook.explorer import SHARED_TITLE, Explorer, explore
from nyttonb.present import formatting as fmt
from nyttonb.present.charts import accumulated_chart, stakeholder_chart, yearly_chart

SHIPPED = shipped_variants()


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    return example_file(tmp_path)


@pytest.fixture
def explorer(case_file: Path) -> Explorer:
    return explore(case_file)


def annuity(rate: float, years: range) -> float:
    return sum((1 + rate) ** -t for t in years)


def test_every_factor_with_a_range_gets_a_slider_shared_factors_first(
    explorer: Explorer,
) -> None:
    assert list(explorer.sliders) == [
        "timkostnad",
        "timkostnad_usk",
        "frigjord_tid_rek.tid_per_brev",
        "frigjord_tid_rek.brev_per_ar",
        "anslutning.anslutningsavgift",
        "stod.stodtimmar",
    ]  # not the derived timkostnad_snitt
    assert explorer.accordion.titles == (
        SHARED_TITLE,
        "Frigjord tid när rekommenderade brev ersätts (nytta)",
        "Anslutning till SDK (kostnad)",
        "Stöd till handläggare (kostnad)",
    )
    slider = explorer.sliders["timkostnad"]
    assert (slider.min, slider.value, slider.max, slider.step) == (340, 368, 400, 0.1)
    assert slider.description == "Genomsnittlig timkostnad, handläggare (kr/h)"
    assert explorer.readouts["timkostnad"].value == "368\xa0kr/h"
    labels = [row.children[0].value for box in explorer.accordion.children for row in box.children]
    assert "Genomsnittlig timkostnad, handläggare (kr/h)" in labels  # whole, on its own line
    assert slider.style.description_width == "0"
    assert explorer.save_button.layout.width == explorer.reset_button.layout.width == "auto"
    library = explorer.sliders["timkostnad_usk"]
    assert (library.min, library.value, library.max) == (340, 359, 359)
    assert explorer.sliders["anslutning.anslutningsavgift"].step == 100
    assert (explorer.horizon.value, explorer.horizon.min, explorer.horizon.max) == (6, 1, 25)
    rate = explorer.discount_rate
    assert (rate.value, rate.min, rate.max, rate.step) == (0.03, 0, 0.10, 0.005)
    assert explorer.rate_readout.value == "3\xa0%"
    assert explorer.discount_first_year.value is False


def test_moving_a_slider_shows_the_engines_figures_in_swedish(explorer: Explorer) -> None:
    explorer.sliders["timkostnad"].value = 380
    benefits = 0.5 * 200 * 380 * (0.5 + annuity(0.03, range(1, 6)))
    costs = 20_000 + 10 * 359 * annuity(0.03, range(6))
    assert fmt.kr(benefits - costs) == "152\xa0998\xa0kr"
    headline = explorer.headline.value
    assert "Nettonytta efter 6 år</th><td style='text-align:right'>152\xa0998\xa0kr<" in headline
    assert "3,82\xa0kr per satsad krona" in headline
    assert "−20\xa0000\xa0kr" in headline  # finansiell: only the connection fee
    assert "550\xa0h (0,1\xa0årsarbetskrafter per år)" in headline
    assert "år 1" in headline  # the year in which accumulated benefits pass the costs
    assert explorer.readouts["timkostnad"].value == "380\xa0kr/h"


def test_the_headline_is_the_engines_figure_for_any_set_of_values(
    explorer: Explorer, case_file: Path
) -> None:
    values = {"frigjord_tid_rek.brev_per_ar": 151.5, "anslutning.anslutningsavgift": 29_900.0}
    explorer.set_values(values)
    run = evaluate(load_case(case_file), values)
    assert explorer.overrides() == values
    assert f">{fmt.kr(float(run.net[0]))}<" in explorer.headline.value
    assert f">{fmt.kr(float(run.financial_net[0]))}<" in explorer.headline.value
    assert explorer.result is not None
    assert explorer.result.net_benefit == float(run.net[0])


@pytest.mark.parametrize(
    "frame",
    [{"horizon": 15}, {"discount_rate": 0.05}, {"discount_first_year": True}],
    ids=str,
)
def test_a_frame_change_recompiles_and_matches_calculate(
    explorer: Explorer, case_file: Path, frame: dict[str, Any]
) -> None:
    compiles = explorer.compile_count
    explorer.sliders["timkostnad"].value = 380
    explorer.set_values(**frame)
    expected = calculate(load_case(case_file).with_frame(**frame), overrides={"timkostnad": 380})
    assert explorer.compile_count == compiles + 1
    assert f"Nettonytta efter {expected.horizon} år" in explorer.headline.value
    assert f">{fmt.kr(expected.net_benefit)}<" in explorer.headline.value
    assert explorer.result is not None
    assert explorer.result.to_dict() == expected.to_dict()


def test_factor_moves_evaluate_the_compiled_case_without_compiling_again(
    explorer: Explorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled_cases: list[Case] = []
    real = nyttonb.core.compiled.compile_case

    def counting(case: Case) -> nyttonb.core.compiled.CompiledCase:
        compiled_cases.append(case)
        return real(case)

    monkeypatch.setattr(nyttonb.core.calc, "compile_case", counting)
    monkeypatch.setattr(nyttonb.core.compiled, "compile_case", counting)
    compiled = explorer.compiled
    for value in (350.0, 360.5, 399.9):
        explorer.sliders["timkostnad"].value = value
    explorer.sliders["stod.stodtimmar"].value = 19
    assert compiled_cases == []
    assert explorer.compiled is compiled
    assert explorer.last_compute_ms > 0
    explorer.horizon.value = 10
    assert [case.horizon for case in compiled_cases] == [10]


def test_reset_restores_every_control_and_the_figures(explorer: Explorer) -> None:
    before = explorer.headline.value
    explorer.set_values(
        {"timkostnad": 345.0, "stod.stodtimmar": 20.0},
        horizon=25,
        discount_rate=0.07,
        discount_first_year=True,
    )
    assert explorer.headline.value != before
    compiles = explorer.compile_count
    explorer.reset_button.click()
    assert explorer.factor_values() == {
        key: explorer.case.factor(key).likely for key in explorer.sliders
    }
    assert explorer.horizon.value == 6
    assert explorer.discount_rate.value == 0.03
    assert explorer.discount_first_year.value is False
    assert explorer.overrides() == {}
    assert explorer.headline.value == before
    assert explorer.compile_count == compiles + 1  # one update for all the controls


def test_the_charts_are_redrawn_for_the_current_values(explorer: Explorer, case_file: Path) -> None:
    explorer.set_values({"timkostnad": 390.0}, horizon=8)
    case = load_case(case_file).with_frame(horizon=8)
    result = calculate(case, overrides={"timkostnad": 390.0})
    charts = (yearly_chart, accumulated_chart, stakeholder_chart)
    assert [c.to_dict() for c in explorer.chart_objects] == [
        chart(case, result).to_dict() for chart in charts
    ]
    assert len(explorer.charts.outputs) == 3
    assert all(output["data"] for output in explorer.charts.outputs)
    assert explorer.last_draw_ms > 0


def test_save_writes_a_variant_that_loads_with_the_shown_result(
    explorer: Explorer, case_file: Path
) -> None:
    explorer.set_values({"timkostnad": 380.0, "frigjord_tid_rek.brev_per_ar": 240.0}, horizon=10)
    explorer.file_name.value = "hogre-timkostnad"
    explorer.note.value = "Högre timkostnad."
    explorer.save_button.click()
    written = case_file.with_name("hogre-timkostnad.yaml")
    assert explorer.message.value == (
        f"<p>Sparad som ny variant: <code>{html.escape(str(written))}</code></p>"
    )
    variant = load_case(written)
    assert explorer.result is not None
    assert calculate(variant).to_dict() == explorer.result.to_dict()
    assert f">{fmt.kr(calculate(variant).net_benefit)}<" in explorer.headline.value
    assert variant.versions[-1].note == (
        "Högre timkostnad. (Variant från utforskaren: Genomsnittlig timkostnad, handläggare 380; "
        "Brev per år 240; tidshorisont 10 år.)"
    )


def test_save_never_overwrites_an_existing_file(explorer: Explorer, case_file: Path) -> None:
    before = case_file.read_bytes()
    explorer.sliders["timkostnad"].value = 380
    explorer.file_name.value = "exempel.yaml"
    explorer.save_button.click()
    assert "skrivs aldrig över. Gör så här: Välj ett nytt filnamn." in explorer.message.value
    assert case_file.read_bytes() == before
    assert [p.name for p in case_file.parent.iterdir()] == ["exempel.yaml"]


def test_save_asks_for_a_file_name(explorer: Explorer, case_file: Path) -> None:
    explorer.save_button.click()
    assert "Skriv ett namn för den nya filen." in explorer.message.value
    assert [p.name for p in case_file.parent.iterdir()] == ["exempel.yaml"]


def test_a_case_built_in_code_has_no_file_to_make_a_variant_of(case_file: Path) -> None:
    explorer = explore(dataclasses.replace(load_case(case_file), source_path=""))
    explorer.file_name.value = "variant.yaml"
    explorer.save_button.click()
    assert "lästes inte från en fil" in explorer.message.value


def test_the_explorer_displays_as_its_widget(explorer: Explorer) -> None:
    bundle = explorer._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
        explorer.widget.model_id
    )


@pytest.mark.parametrize("scenario", ["low", "high"])
@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_all_sliders_at_one_end_give_that_column_of_factor_values(
    shipped: Path, scenario: str
) -> None:
    # Every factor at its low (high) value: the column, which Inera's paired run equals only
    # where every item rises in every factor (true of the shipped cases; nyttonb.paired).
    explorer = explore(shipped)
    explorer.set_values({key: getattr(slider, "min" if scenario == "low" else "max")
                         for key, slider in explorer.sliders.items()})  # fmt: skip
    column = {f.key: f.value(scenario) for f in explorer.case.all_factors if not f.derived}
    expected = calculate(explorer.case, overrides=column)
    assert f">{fmt.kr(expected.net_benefit)}<" in explorer.headline.value
    assert explorer.result is not None
    assert explorer.result.net_benefit == pytest.approx(expected.net_benefit, rel=1e-12)
