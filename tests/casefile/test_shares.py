"""Shares (`andel`, 0,7 = 70 %) and percentages (`%`, 70 = 70 %) read one way only (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from case_data import case_data, item, row, write
from click.testing import CliRunner

from nyttonb.cli import main


def share_case(tmp_path: Path, share: dict[str, object]) -> Path:
    return write(
        tmp_path,
        case_data(
            benefits=[
                item(
                    "porto",
                    "andel_digitalt * brev * porto",
                    {
                        "andel_digitalt": share,
                        "brev": row("st/år", 1000),
                        "porto": row("kr/st", 10),
                    },
                )
            ]
        ),
    )


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (row("andel", 70), "andelen 70 ligger utanför 0–1"),
        (row("andel", 0.7, 0.5, 1.5), "andelen 1,5 ligger utanför 0–1"),
        (row("andel", 0.7, -0.1, 0.9), "andelen −0,1 ligger utanför 0–1"),
        ({"library": "sjuklon_andel", "likely": 80}, "andelen 80 ligger utanför 0–1"),
    ],
)
def test_a_share_outside_0_to_1_is_rejected_with_the_fix(
    tmp_path: Path, share: dict[str, object], shown: str
) -> None:
    out = CliRunner().invoke(main, ["check", str(share_case(tmp_path, share))])
    assert out.exit_code == 2
    assert "benefits[0].factors.andel_digitalt" in out.output
    assert shown in out.output
    assert "70 % är 0.7" in out.output


def test_a_share_may_exceed_1_when_the_factor_says_so(tmp_path: Path) -> None:
    share = row("andel", 1.2, 1.0, 1.5, may_exceed_one=True)
    out = CliRunner().invoke(main, ["check", str(share_case(tmp_path, share))])
    assert out.exit_code == 0, out.output


def test_a_negative_share_is_rejected_even_when_it_may_exceed_1(tmp_path: Path) -> None:
    share = row("andel", 0.5, -0.5, 1.5, may_exceed_one=True)
    out = CliRunner().invoke(main, ["check", str(share_case(tmp_path, share))])
    assert out.exit_code == 2
    assert "andelen −0,5 ligger utanför 0–1" in out.output


@pytest.mark.parametrize(
    ("values", "warned"), [((0.7, 0.5, 0.9), True), ((70, 50, 90), False), ((0, 0, 0), False)]
)
def test_a_percent_factor_with_all_values_within_1_gets_a_warning(
    tmp_path: Path, values: tuple[float, float, float], warned: bool
) -> None:
    share = row("%", *values)
    out = CliRunner().invoke(main, ["check", str(share_case(tmp_path, share))])
    assert out.exit_code == 0, out.output
    text = out.output.replace("\u00a0", " ")
    expected = (
        "varning: benefits[0].factors.andel_digitalt: faktorn har enheten % men alla "
        "värden ligger mellan −1 och 1: 0,7 betyder 0,7 %, inte 70 %."
    )
    assert (expected in text) is warned
