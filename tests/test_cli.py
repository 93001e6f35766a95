"""The `nyttonb` command as a user runs it: exit codes, Swedish text, JSON, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy_financial as npf
import pytest
from click.testing import CliRunner

from nyttonb.cli import main

CASES = Path(__file__).parent / "cases"
EXAMPLE = CASES / "inera_example.yaml"
NBSP = "\u00a0"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_accepts_a_valid_case() -> None:
    code, out, _ = run("check", str(EXAMPLE))
    assert code == 0
    assert out.strip() == f"ok: {EXAMPLE}"


def test_check_reports_each_bad_file_with_place_and_exit_code_2() -> None:
    bad = [CASES / "bad_category.yaml", CASES / "unknown_factor.yaml"]
    code, _, err = run("check", *map(str, bad))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"{bad[0]}:")
    assert "menade du 'omfördelning'?" in lines[0]
    assert any(line.startswith(f"{bad[1]}:") and "är ingen faktor" in line for line in lines)


def test_calc_json_reproduces_ineras_worked_example() -> None:
    code, out, _ = run("calc", str(EXAMPLE), "--json")
    assert code == 0
    data = json.loads(out)
    yearly = [row["benefits"] for row in data["by_year"]]
    assert yearly[0] == pytest.approx(36_800)  # 0,5 h × 200 × 368 kr/h, year 1 undiscounted
    assert data["benefits"] == pytest.approx(npf.npv(0.03, [36_800] * 6))
    assert data["costs"] == pytest.approx(20_000)
    assert data["net_benefit"] == pytest.approx(data["benefits"] - data["costs"])
    assert data["net_benefit_per_krona"] == pytest.approx(data["net_benefit"] / 20_000)
    assert data["break_even_year"] == 1
    assert data["financial_net_benefit"] == pytest.approx(-20_000)
    assert data["freed_hours"] == pytest.approx(600)
    assert data["discounting"] == {
        "rate": 0.03,
        "convention": "first_year_t0",
        "first_year_discounted": False,
        "description": data["discounting"]["description"],
    }
    assert set(data["scenarios"]) == {"low", "likely", "high"}
    assert data["scenarios"]["low"]["net_benefit"] < data["net_benefit"]
    assert data["scenarios"]["high"]["net_benefit"] > data["net_benefit"]
    assert data["by_category"]["omfördelning"]["benefits"] == pytest.approx(data["benefits"])
    assert data["by_stakeholder"]["kommunen"]["costs"] == pytest.approx(20_000)


def test_calc_prints_a_swedish_summary() -> None:
    code, out, _ = run("calc", str(EXAMPLE))
    assert code == 0
    assert "nuvärde" not in out.lower()
    assert f"205{NBSP}333{NBSP}kr" in out
    assert f"3{NBSP}%" in out
    assert "Lägst " in out and "Troligt " in out and "Högst " in out
    assert "Nyttorna överstiger kostnaderna år:" in out


def test_calc_frame_options_change_the_horizon_and_convention() -> None:
    _, out, _ = run("calc", str(EXAMPLE), "--json", "--horizon", "15", "--discount-first-year")
    data = json.loads(out)
    assert len(data["by_year"]) == 15
    assert data["discounting"]["first_year_discounted"] is True
    assert data["by_year"][0]["benefits"] == pytest.approx(36_800 / 1.03)


def test_calc_uncertainty_json_has_the_documented_shape() -> None:
    code, out, _ = run("calc", str(EXAMPLE), "--json", "--uncertainty", "--draws", "2000")
    assert code == 0
    data = json.loads(out)["uncertainty"]
    assert {"tornado", "monte_carlo", "switching_values", "financial"} <= set(data)
    assert data["monte_carlo"]["draws"] == 2000
    assert {"factor", "low_net", "high_net", "swing"} <= set(data["tornado"][0])
    assert {"factor", "value", "within_range"} <= set(data["switching_values"][0])


@pytest.mark.parametrize("horizon", ["0", "101"])
def test_a_bad_frame_option_is_a_clean_error_naming_both_bounds(horizon: str) -> None:
    code, _, err = run("calc", str(EXAMPLE), "--horizon", horizon)
    assert code == 2
    if horizon == "0":  # refused by the option itself, in Swedish
        assert "'--horizon': 0 är för litet; skriv ett heltal som är minst 1." in err
    else:
        assert f"från 1 till 100, inte {horizon}." in err
    assert "at least 1 year" not in err


@pytest.mark.parametrize("fixture", sorted(p.name for p in CASES.glob("*.yaml")))
def test_no_case_file_ever_gives_a_traceback(fixture: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "nyttonb.cli", "calc", str(CASES / fixture)],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in completed.stderr
    if fixture in {"inera_example.yaml", "shares_rounded.yaml", "decomposed_unicode.yaml"}:
        assert completed.returncode == 0
    else:
        assert completed.returncode == 2
        assert completed.stderr.startswith(str(CASES / fixture))


def test_a_missing_file_is_a_clean_error() -> None:
    code, _, err = run("calc", "no/such/case.yaml")
    assert code == 2
    assert "no/such/case.yaml" in err


def test_charts_exports_png_files_for_slides(tmp_path: Path) -> None:
    code, out, _ = run("charts", str(EXAMPLE), "--format", "png", "--out", str(tmp_path))
    assert code == 0
    written = [Path(line) for line in out.split()]
    assert written and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in written)


def test_factors_lists_the_library() -> None:
    code, out, _ = run("factors")
    assert code == 0
    assert "timkostnad_underskoterska_omsorg: 359 kr/h" in out


def test_calc_json_never_prints_nan_or_infinity() -> None:
    for fixture in ("overflow_product.yaml", "overflow_per_year.yaml", "absurd_amount.yaml"):
        code, out, err = run("calc", str(CASES / fixture), "--json")
        assert code == 2 and out == "", err
    code, out, _ = run("calc", str(EXAMPLE), "--json", "--uncertainty", "--draws", "200")
    assert code == 0
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in calc --json"))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["calc", str(EXAMPLE), "--uncertainty", "--draws", "0"],
            "välj mellan 1 och 1\u00a0000\u00a0000",
        ),
        (
            ["calc", str(EXAMPLE), "--uncertainty", "--draws", "10000000"],
            "10\u00a0000\u00a0000 dragningar",
        ),
        (["calc", str(EXAMPLE), "--uncertainty", "--seed", "-1"], "fröet är ett heltal från 0"),
        (["render", "--jobs", "0"], "välj mellan 1 och 32"),
        (["render", "--jobs", "-3"], "-3 kärnor"),
    ],
)
def test_out_of_range_options_are_refused_in_swedish(args: list[str], said: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert said in err and "Traceback" not in err


def test_help_states_the_bounds() -> None:
    _, calc_help, _ = run("calc", "--help")
    _, render_help, _ = run("render", "--help")
    assert "1–1 000 000" in calc_help and "≥ 0" in calc_help
    assert "1–32" in render_help


def test_calc_summary_states_the_price_level_and_that_check_has_warnings() -> None:
    """Övertorneå at 2022 prices: three amounts converted with KPI, the February 2026 fuel price
    not (KPI has no 2026 value); the paired runs stretch too far, so two warnings."""
    root = Path(__file__).resolve().parent.parent
    variant = root / "case_studies" / "digitalt-mote" / "overtornea.yaml"
    out = CliRunner().invoke(main, ["calc", str(variant)])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[2] == "Prisnivå 2022 (KPI): 3 belopp omräknade, 1 kunde inte räknas om."
    assert lines[-1] == "2 varningar om beräkningen: kör nyttonb check på fallfilen för detaljer."
