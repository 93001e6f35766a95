"""Amounts on one price level: every amount of another year re-indexed to the case's
price-level year with the index the case chooses (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from case_data import case_data, item, row, text, write
from click.testing import CliRunner

from nyttonb.casefile.indices import shipped_indices
from nyttonb.casefile.load import load_case_text
from nyttonb.cli import main
from nyttonb.core.calc import calculate, compile_case
from nyttonb.core.model import Case
from nyttonb.core.price_level import price_level

KPI_2021, KPI_2022, KPI_2023, KPI_2024 = 343.19, 371.91, 403.70, 415.15


def load(data: dict[str, object]) -> Case:
    return load_case_text(text(data), filename="fall.yaml")


def salary_data(**changes: object) -> dict[str, object]:
    """100 h a year at the forum's 368 kr/h, stated as a 2023 figure, in a 2021 case."""
    data = case_data(
        price_level_year=2021,
        factors={"timkostnad": row("kr/h", 368, 340, 400, year=2023)},
        benefits=[
            item(
                "tid", "timmar * timkostnad", {"timmar": row("h/år", 100)}, category="omfördelning"
            )
        ],
        horizon=1,
    )
    data.update(changes)
    return data


def test_an_amount_of_another_year_is_converted_with_kpi() -> None:
    result = calculate(load(salary_data()))
    assert result.benefits == pytest.approx(100 * 368 * KPI_2021 / KPI_2023)


def test_calc_json_states_the_price_level_and_each_adjustment(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["calc", str(write(tmp_path, salary_data())), "--json"])
    level = json.loads(out.output)["price_level"]
    assert (level["year"], level["index"]) == (2021, "KPI")
    assert level["adjustments"] == [
        {
            "factor": "timkostnad",
            "label": "Faktor",
            "from_year": 2023,
            "to_year": 2021,
            "index": "KPI",
            "from_index_value": KPI_2023,
            "to_index_value": KPI_2021,
            "factor_ratio": pytest.approx(KPI_2021 / KPI_2023),
            "verified": True,
        }
    ]


def test_a_library_value_brings_its_year_and_an_overridden_value_does_not() -> None:
    data = case_data(
        price_level_year=2022,
        factors={
            "usk": {"library": "timkostnad_underskoterska_omsorg"},
            "egen": {"library": "timkostnad_underskoterska_omsorg", "likely": 380},
        },
        benefits=[
            item(
                "tid", "timmar * (usk + egen)", {"timmar": row("h/år", 1)}, category="omfördelning"
            )
        ],
        horizon=1,
    )
    level = price_level(load(data))
    assert [(a.factor, a.from_year, a.verified) for a in level.adjustments] == [
        ("usk", 2024, False)  # KPI 2024 is not verified against SCB: said so in the data
    ]
    assert level.undated == ("egen",)
    assert calculate(load(data)).benefits == pytest.approx(359 * KPI_2022 / KPI_2024 + 380)


def test_the_case_may_bring_its_own_index_and_a_factor_its_own() -> None:
    own = {
        "PKV": {"source": "SKR, PKV (exempel)", "values": {"2021": 100.0, "2023": 110.0}},
        "lon": {"source": "Egen löneserie", "values": {"2021": 100.0, "2023": 105.0}},
    }
    pkv = calculate(load(salary_data(price_index="PKV", indices=own)))
    assert pkv.benefits == pytest.approx(100 * 368 / 1.10)
    data = salary_data(price_index="PKV", indices=own)
    data["factors"]["timkostnad"]["index"] = "lon"  # type: ignore[index]
    assert calculate(load(data)).benefits == pytest.approx(100 * 368 / 1.05)


def test_only_amounts_in_kronor_are_converted() -> None:
    data = salary_data()
    data["benefits"][0]["factors"]["timmar"]["year"] = 2023  # type: ignore[index]
    level = price_level(load(data))
    assert [a.factor for a in level.adjustments] == ["timkostnad"]


def test_an_unknown_index_is_rejected_with_the_choices(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["check", str(write(tmp_path, salary_data(price_index="KPY")))])
    assert out.exit_code == 2
    assert "price_index: 'KPY' är inget prisindex; menade du 'KPI'?" in out.output
    assert "KPI, PKV, LPIK" in out.output


def test_a_derived_factor_has_no_year(tmp_path: Path) -> None:
    data = salary_data()
    data["factors"]["dubbel"] = {
        "label": "D",
        "unit": "kr/h",
        "formula": "2 * timkostnad",  # type: ignore[index]
        "year": 2023,
    }
    out = CliRunner().invoke(main, ["check", str(write(tmp_path, data))])
    assert out.exit_code == 2
    assert "factors.dubbel.year" in out.output


def test_check_warns_when_a_year_cannot_be_indexed(tmp_path: Path) -> None:
    data = salary_data()
    data["factors"]["timkostnad"]["year"] = 2026  # type: ignore[index]
    path = write(tmp_path, data)
    out = CliRunner().invoke(main, ["check", str(path)])
    assert out.exit_code == 0
    assert "varning: factors.timkostnad: beloppet är i 2026 års priser" in out.output
    assert "KPI saknar värde för 2026" in out.output
    warnings = json.loads(CliRunner().invoke(main, ["calc", str(path), "--json"]).output)[
        "warnings"
    ]
    assert [w["code"] for w in warnings] == ["price_level_not_indexed"]
    assert calculate(load(data)).benefits == pytest.approx(100 * 368)  # left as it is


def test_check_warns_when_years_are_given_but_no_price_level(tmp_path: Path) -> None:
    data = salary_data()
    del data["price_level_year"]
    out = CliRunner().invoke(main, ["check", str(write(tmp_path, data))])
    assert out.exit_code == 0
    assert "varning: price_level_year: fallet anger ingen prisnivå" in out.output


def test_an_index_without_values_says_so_instead_of_inventing_them() -> None:
    level = price_level(load(salary_data(price_index="PKV")))
    assert level.adjustments == ()
    assert level.not_indexed[0].reason == "PKV har inga indexvärden i nyttonb eller i fallet"


def test_the_shipped_kpi_series_is_the_documented_one_with_its_status() -> None:
    series = shipped_indices()
    kpi = series["KPI"]
    assert dict(kpi.values) == {
        2015: 313.35,
        2016: 316.43,
        2017: 322.11,
        2018: 328.40,
        2019: 334.26,
        2020: 335.92,
        2021: 343.19,
        2022: 371.91,
        2023: 403.70,
        2024: 415.15,
        2025: 417.98,
    }
    assert kpi.unverified == (2024, 2025)
    assert "scb.se" in kpi.source
    assert series["PKV"].values == () and series["LPIK"].values == ()
    assert "inga PKV-värden" in series["PKV"].note


def test_the_price_level_facts_for_the_metod_section() -> None:
    level = compile_case(load(salary_data())).price_level
    facts = level.to_dict()
    assert facts["index_label"].startswith("Konsumentprisindex (KPI)")
    assert facts["value_years"] == [2023]
    assert level.unverified_index_years == ()


def test_the_facts_name_the_unverified_index_values_a_conversion_used() -> None:
    data = salary_data(price_level_year=2024)
    facts = compile_case(load(data)).price_level.to_dict()
    assert facts["unverified_index_values"] == [{"index": "KPI", "year": 2024}]


def test_the_factor_library_is_listed_year_by_year_with_sources() -> None:
    out = CliRunner().invoke(main, ["factors"]).output
    year_2024 = out.index("2024 års värden:")
    year_2021 = out.index("2021 års värden:")
    salary = out.index("timkostnad_underskoterska_omsorg: 359 kr/h")
    assert year_2024 < salary < year_2021
    assert "SCB lönestatistik 2024" in out[salary : out.index("\n", salary)]
