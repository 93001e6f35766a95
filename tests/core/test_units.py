from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nyttonb.core.units import (
    BASES,
    COUNT_WORDS,
    DIMENSIONLESS,
    HOURS,
    HOURS_PER_YEAR,
    KR,
    KR_PER_YEAR,
    Unit,
    is_count,
    parse_unit,
)
from nyttonb.errors import UnitError

YEAR = (("år", 1),)
PER_YEAR = (("år", -1),)


@pytest.mark.parametrize(
    ("text", "dims", "scale"),
    [
        ("kr", (("kr", 1),), 1.0),
        ("kronor", (("kr", 1),), 1.0),
        ("SEK", (("kr", 1),), 1.0),
        ("tkr", (("kr", 1),), 1e3),
        ("mnkr", (("kr", 1),), 1e6),
        ("Mkr", (("kr", 1),), 1e6),
        ("h", (("h", 1),), 1.0),
        ("timmar", (("h", 1),), 1.0),
        ("min", (("h", 1),), 1 / 60),
        ("minuter", (("h", 1),), 1 / 60),
        ("s", (("h", 1),), 1 / 3600),
        ("sek", (("h", 1),), 1 / 3600),
        ("år", YEAR, 1.0),
        ("mån", YEAR, 1 / 12),
        ("månader", YEAR, 1 / 12),
        ("vecka", YEAR, 1 / 52),
        ("v", YEAR, 1 / 52),
        ("dag", YEAR, 1 / 365),
        ("dygn", YEAR, 1 / 365),
        ("natt", YEAR, 1 / 365),
        ("nätter", YEAR, 1 / 365),
        ("km", (("km", 1),), 1.0),
        ("mil", (("km", 1),), 10.0),
        ("m", (("km", 1),), 0.001),
        ("liter", (("l", 1),), 1.0),
        ("kWh", (("kWh", 1),), 1.0),
        ("kg", (("kg", 1),), 1.0),
        ("ton", (("kg", 1),), 1000.0),
        ("t", (("kg", 1),), 1000.0),
        ("%", (), 0.01),
        ("procent", (), 0.01),
        ("andel", (), 1.0),
        ("st", (), 1.0),
        ("brukare", (), 1.0),
        ("besök", (), 1.0),
        ("tillfällen", (), 1.0),
        ("ggr", (), 1.0),
        ("", (), 1.0),
        ("1", (), 1.0),
    ],
)
def test_parse_unit_knows_symbols_aliases_and_scales(
    text: str, dims: tuple[tuple[str, int], ...], scale: float
) -> None:
    unit = parse_unit(text)
    assert unit.dims == dims
    assert unit.scale == pytest.approx(scale)
    assert unit.text == text


@pytest.mark.parametrize(
    ("text", "described", "scale"),
    [
        ("kr/h", "kr/h", 1.0),
        ("h/år", "h/år", 1.0),
        ("st/natt", "1/år", 365.0),
        ("kr/mån", "kr/år", 12.0),
        ("min/st", "h", 1 / 60),
        ("min / besök", "h", 1 / 60),
        ("kr/mil", "kr/km", 0.1),
        ("kr * h / år", "kr·h/år", 1.0),
        ("kr·h/år", "kr·h/år", 1.0),
        ("kr×h/år", "kr·h/år", 1.0),
        ("kr/h/år", "kr/h/år", 1.0),
        ("km^2", "km²", 1.0),
        ("m²", "km²", 1e-6),
        ("m³/år", "km³/år", 1e-9),
        ("h^-1", "1/h", 1.0),
        ("kWh/kg", "kWh/kg", 1.0),
        ("tkr/år", "kr/år", 1000.0),
        ("%/år", "1/år", 0.01),
        ("1/år", "1/år", 1.0),
    ],
)
def test_compound_units_describe_their_dimension_and_scale(
    text: str, described: str, scale: float
) -> None:
    unit = parse_unit(text)
    assert unit.describe() == described
    assert unit.scale == pytest.approx(scale)


def test_working_time_times_yearly_hours_is_money_per_year() -> None:
    product = parse_unit("kr/h") * parse_unit("h/år")
    assert product == KR_PER_YEAR
    assert product.same_kind(KR_PER_YEAR)
    assert product.describe() == "kr/år"


def test_money_per_hour_is_never_money_per_year() -> None:
    assert not parse_unit("kr/h").same_kind(KR_PER_YEAR)
    assert not parse_unit("h").same_kind(parse_unit("år"))


def test_minutes_convert_to_hours_and_nights_to_years() -> None:
    assert parse_unit("min").same_kind(HOURS)
    assert parse_unit("min").scale * 60 == pytest.approx(1.0)
    assert parse_unit("natt").same_kind(parse_unit("år"))
    assert parse_unit("natt").scale * 365 == pytest.approx(1.0)
    # a typical item: minutes per visit × visits per year × kr per hour
    item = parse_unit("min/besök") * parse_unit("besök/år") * parse_unit("kr/h")
    assert item.same_kind(KR_PER_YEAR)
    assert 30 * 200 * 368 * item.scale == pytest.approx(0.5 * 200 * 368)


def test_percent_is_a_dimensionless_share() -> None:
    assert parse_unit("%").dimensionless
    assert 40 * parse_unit("%").scale == pytest.approx(0.4)


def test_a_division_chain_divides_by_every_later_term() -> None:
    assert parse_unit("kr/h/år") == parse_unit("kr") / (parse_unit("h") * parse_unit("år"))


def test_unit_arithmetic_combines_scales_and_drops_cancelled_dimensions() -> None:
    quotient = parse_unit("min/st") / parse_unit("h")
    assert quotient.dimensionless
    assert quotient.dims == ()
    assert quotient.scale == pytest.approx(1 / 60)
    assert (KR / KR).describe() == "1"
    assert DIMENSIONLESS.describe() == "1"


def test_constants_are_what_their_names_say() -> None:
    assert parse_unit("kr") == KR
    assert parse_unit("kr/år") == KR_PER_YEAR
    assert parse_unit("h") == HOURS
    assert parse_unit("h/år") == HOURS_PER_YEAR
    assert parse_unit("1") == DIMENSIONLESS


def test_base_keeps_the_kind_with_scale_one() -> None:
    base = parse_unit("tkr/mån").base
    assert (base.dims, base.scale, base.text) == ((("kr", 1), ("år", -1)), 1.0, "kr/år")


def test_unit_normalises_dims_and_compares_without_text() -> None:
    unit = Unit((("år", -1), ("h", 0), ("kr", 1)), 1.0, "pengar per år")
    assert unit.dims == (("kr", 1), ("år", -1))
    assert unit == KR_PER_YEAR
    assert hash(unit) == hash(KR_PER_YEAR)


def test_decomposed_swedish_letters_are_read_like_composed_ones() -> None:
    assert parse_unit("a\u030ar") == parse_unit("år")


@pytest.mark.parametrize(
    ("text", "unknown", "suggestion"),
    [
        ("besok", "besok", "besök"),
        ("kr/timme_", "timme_", "timme"),
        ("kwh", "kwh", "kWh"),
        ("KR/år", "KR", "kr"),
        ("st/manad", "manad", "månad"),
        ("brukar", "brukar", "brukare"),
    ],
)
def test_unknown_unit_suggests_the_closest_known_one(
    text: str, unknown: str, suggestion: str
) -> None:
    with pytest.raises(UnitError) as raised:
        parse_unit(text)
    error = raised.value
    assert error.message == (
        f"'{unknown}' är ingen enhet som nyttonb känner till; menade du '{suggestion}'?"
    )
    assert error.fix is not None
    assert "docs/case-format.md#units" in error.fix
    assert "st för antal" in error.fix


def test_unknown_unit_without_a_close_match_gives_no_suggestion() -> None:
    with pytest.raises(
        UnitError, match=r"^'xyzzy' är ingen enhet som nyttonb känner till\. Gör så här: Använd kr"
    ):
        parse_unit("xyzzy")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("kr//h", "två räknetecken i rad"),
        ("kr/", "slutar med '/'"),
        ("kr *", "slutar med '*'"),
        ("/h", "börjar med ett räknetecken"),
        ("kr^", "är ingen enhet som nyttonb kan läsa"),
        ("kr^x", "är ingen enhet som nyttonb kan läsa"),
        ("kr per år", "är ingen enhet som nyttonb kan läsa"),
        ("min^-500", "exponent"),
    ],
)
def test_malformed_units_raise_a_clear_unit_error(text: str, phrase: str) -> None:
    with pytest.raises(UnitError, match=phrase) as raised:
        parse_unit(text)
    assert raised.value.fix


_SYMBOLS = st.sampled_from(
    [
        "kr",
        "tkr",
        "h",
        "min",
        "år",
        "mån",
        "natt",
        "km",
        "mil",
        "l",
        "kWh",
        "kg",
        "t",
        "st",
        "%",
        "brukare",
    ]
)


@given(st.lists(st.tuples(st.sampled_from(["*", "/", "·"]), _SYMBOLS), max_size=5), _SYMBOLS)
def test_describe_reads_back_as_the_same_kind(rest: list[tuple[str, str]], first: str) -> None:
    unit = parse_unit(first + "".join(op + symbol for op, symbol in rest))
    described = parse_unit(unit.describe())
    assert described.same_kind(unit)
    assert described.scale == 1.0
    assert all(base in BASES for base, _ in unit.dims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("st", True),
        ("St/år", True),
        ("besök / mån", True),
        ("tillsyner/natt", True),
        ("kameror", True),
        ("andel", False),
        ("%", False),
        ("kr/st", False),
        ("", False),
    ],
)
def test_is_count_reads_the_first_word_of_a_unit(text: str, expected: bool) -> None:
    assert is_count(text) is expected


def test_every_count_word_is_a_unit_of_one_piece() -> None:
    assert all(parse_unit(word) == DIMENSIONLESS for word in COUNT_WORDS)
