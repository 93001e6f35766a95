"""Swedish number formatting: exact strings, with no-break spaces (U+00A0) and "−" (U+2212)."""

from __future__ import annotations

import pytest

from nyttonb.present import formatting as fmt

S = "\u00a0"  # no-break space
M = "\u2212"  # minus sign


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.number(36800), f"36{S}800"),
        (lambda: fmt.approximate(15458.633), f"15{S}459"),
        (lambda: fmt.approximate(-1234.5), f"{M}1{S}235"),
        (lambda: fmt.approximate(14.538), "14,5"),
        (lambda: fmt.approximate(-0.5), f"{M}0,5"),
        (lambda: fmt.approximate(0.001234), "0,00123"),
        (lambda: fmt.number(999.5), f"1{S}000"),
        (lambda: fmt.number(2.675, 2), "2,68"),
        (lambda: fmt.number(-1234567.891, 1), f"{M}1{S}234{S}567,9"),
        (lambda: fmt.number(-0.4), "0"),
        (lambda: fmt.number(123), "123"),
        (lambda: fmt.kr(36800), f"36{S}800{S}kr"),
        (lambda: fmt.kr(-20000), f"{M}20{S}000{S}kr"),
        (lambda: fmt.mnkr(1_500_000), f"1,5{S}mnkr"),
        (lambda: fmt.mnkr(-12_345_678, 2), f"{M}12,35{S}mnkr"),
        (lambda: fmt.money(36800), f"36{S}800{S}kr"),
        (lambda: fmt.money(999_999.49), f"999{S}999{S}kr"),
        (lambda: fmt.money(999_999.5), f"1,0{S}mnkr"),
        (lambda: fmt.money(1_480_000), f"1,5{S}mnkr"),
        (lambda: fmt.money(-250_000), f"{M}250{S}000{S}kr"),
        (lambda: fmt.percent(0.03), f"3{S}%"),
        (lambda: fmt.percent(0.035), f"3,5{S}%"),
        (lambda: fmt.percent(1 / 3), f"33,33{S}%"),
        (lambda: fmt.percent(-0.1), f"{M}10{S}%"),
        (lambda: fmt.percent(0.5, 1), f"50,0{S}%"),
        (lambda: fmt.per_krona(0.54), f"0,54{S}kr per satsad krona"),
        (lambda: fmt.per_krona(-0.2), f"{M}0,20{S}kr per satsad krona"),
        (lambda: fmt.per_krona(None), "ej definierat (inga kostnader)"),
        (lambda: fmt.hours(1234), f"1{S}234{S}h"),
        (lambda: fmt.fte(0.7), f"0,7{S}årsarbetskrafter"),
        (lambda: fmt.fte(12.04), f"12,0{S}årsarbetskrafter"),
        (lambda: fmt.year(1), "år 1"),
        (lambda: fmt.year(1, 2024), "2024"),
        (lambda: fmt.year(6, 2024), "2029"),
        (lambda: fmt.break_even(None), "ingen återbetalning inom kalkylperioden"),
        (lambda: fmt.break_even(3), "år 3"),
        (lambda: fmt.size_label(0), "0 – ingen"),
        (lambda: fmt.size_label(2), "2 – måttlig"),
        (lambda: fmt.size_label(3), "3 – stor"),
        (lambda: fmt.quantity(0.123456), "0,123"),
        (lambda: fmt.quantity(20000.0), f"20{S}000"),
        (lambda: fmt.category_label("omfördelning"), "Omfördelning"),
        (lambda: fmt.source_type_label("lokal"), "Lokal uppgift"),
        (lambda: fmt.scenario_label("low"), "Lägsta"),
        (lambda: fmt.scenario_label("high"), "Högsta"),
    ],
)
def test_exact_swedish_strings(call: object, expected: str) -> None:
    assert call() == expected  # type: ignore[operator]


def test_break_even_uses_the_cases_start_year() -> None:
    class Framed:
        start_year: int | None = 2024

    assert fmt.break_even(2, Framed()) == "2025"
    assert fmt.break_even(None, Framed()) == "ingen återbetalning inom kalkylperioden"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        fmt.kr(bad)


def test_d3_locale_is_sv_se_with_no_break_space_and_minus() -> None:
    assert fmt.D3_FORMAT_LOCALE == {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0kr"],
        "minus": "\u2212",
    }


def test_formatting_imports_neither_pandas_nor_altair() -> None:
    import subprocess
    import sys

    code = (
        "import sys, nyttonb.present.formatting, nyttonb.present.theme, nyttonb.present.tables, "
        "nyttonb.present.charts; "
        "print(sorted(m for m in ('pandas', 'altair', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
