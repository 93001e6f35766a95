"""Hours freed by benefits and hours consumed by costs (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from case_data import case_data, item, row, write
from click.testing import CliRunner

from nyttonb.casefile.load import load_case
from nyttonb.cli import main
from nyttonb.core.calc import calculate


def hours_case(tmp_path: Path) -> Path:
    """300 h a year freed; 120 h of training in year 1 and 20 h of förvaltning every year."""
    return write(
        tmp_path,
        case_data(
            benefits=[
                item(
                    "tid",
                    "timmar * timkostnad",
                    {"timmar": row("h/år", 300)},
                    category="omfördelning",
                    hours="timmar",
                )
            ],
            costs=[
                item(
                    "utbildning",
                    "utb_timmar * timkostnad",
                    {"utb_timmar": row("h", 120)},
                    category="omfördelning",
                    cost_type="engång",
                    hours="utb_timmar",
                ),
                item(
                    "forvaltning",
                    "forv_timmar * timkostnad",
                    {"forv_timmar": row("h/år", 20)},
                    category="omfördelning",
                    cost_type="löpande",
                    hours="forv_timmar",
                ),
            ],
            factors={"timkostnad": row("kr/h", 400)},
        ),
    )


def test_costs_hours_are_consumed_and_subtracted_from_the_freed(tmp_path: Path) -> None:
    result = calculate(load_case(hours_case(tmp_path)))
    assert result.freed_hours == pytest.approx(1800)
    assert result.consumed_hours == pytest.approx(120 + 6 * 20)
    assert result.net_freed_hours == pytest.approx(1800 - 240)
    assert result.net_freed_fte == pytest.approx(1560 / 6 / 1700)
    first, second = result.by_year[:2]
    assert (first.freed_hours, first.consumed_hours, first.net_freed_hours) == (300, 140, 160)
    assert (second.consumed_hours, second.net_freed_hours) == (20, 280)


def test_calc_json_keeps_freed_hours_and_adds_consumed_and_net(tmp_path: Path) -> None:
    import json

    out = CliRunner().invoke(main, ["calc", str(hours_case(tmp_path)), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["freed_hours"] == pytest.approx(1800)
    assert data["consumed_hours"] == pytest.approx(240)
    assert data["net_freed_hours"] == pytest.approx(1560)
    assert data["net_freed_hours_per_year"] == pytest.approx(260)
    assert data["by_year"][0]["consumed_hours"] == pytest.approx(140)
    assert data["by_year"][0]["net_freed_hours"] == pytest.approx(160)
    assert data["scenarios"]["likely"]["consumed_hours"] == pytest.approx(240)


def test_terminal_summary_labels_totals_and_yearly_averages(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["calc", str(hours_case(tmp_path))])
    lines = out.output.replace("\u00a0", " ").splitlines()
    assert any(
        line.startswith("Frigjord tid (nyttor)")
        and line.endswith("1 800 h över 6 år (0,2 årsarbetskrafter per år)")
        for line in lines
    )
    assert any(
        line.startswith("Tid som kostnaderna tar") and "240 h över 6 år" in line for line in lines
    )
    assert any(
        line.startswith("Frigjord tid netto") and "1 560 h över 6 år" in line for line in lines
    )
