"""Swedish numbers, money, shares, hours and years: one place, used by every table, chart and text.

Conventions (Språkrådet and the sv-SE locale):

- thousands are grouped by three with a NO-BREAK SPACE (U+00A0), so "36 800" never wraps;
- the decimal separator is a comma: "1,5";
- negative numbers take the minus sign "−" (U+2212), not the hyphen;
- a unit follows its number after a no-break space: "36 800 kr", "3 %", "1 234 h";
- rounding is half away from zero on the shortest decimal form of the number (as Excel rounds,
  so figures agree with Inera's template): 2.5 → "3", 2.675 → "2,68"; a value that rounds to
  zero is shown without sign.

`money` picks the unit for prose: whole kronor below one million (exact, so a text and a table
show the same figure; we do not round to hundreds because the analyst, not the formatter,
knows how precise an estimate is), otherwise millions with one decimal ("1,5 mnkr").

`D3_FORMAT_LOCALE` is the same convention for Vega's number formatting (charts).

This module is pure: it imports nothing heavier than the standard library and `nyttonb.core.model`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Protocol

from nyttonb.core.model import SIZE_LABELS, Category, SourceType

NBSP: Final = "\u00a0"
"""No-break space: thousands separator and the space between a number and its unit."""

MINUS: Final = "\u2212"
"""The minus sign used for negative numbers."""

D3_FORMAT_LOCALE: Final[dict[str, object]] = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", f"{NBSP}kr"],
    "minus": MINUS,
}
"""The sv-SE number locale for d3-format (Vega's `formatLocale`), as `number` formats."""

NO_COSTS: Final = "ej definierat (inga kostnader)"
NO_BREAK_EVEN: Final = "aldrig"
"""Inera's template word when accumulated benefits never exceed accumulated costs."""

BREAK_EVEN_LABEL: Final = "Nyttorna överstiger kostnaderna år:"
"""Inera's template label for the break-even year (Tabell: sammanfattning)."""

CATEGORY_LABELS: Final[dict[str, str]] = {
    Category.FINANSIELL.value: "Finansiell",
    Category.OMFORDELNING.value: "Omfördelning",
    Category.KVALITET.value: "Kvalitet",
    Category.MILJO.value: "Miljö",
}
"""Category as a reader sees it, capitalised, in Inera's order."""

SOURCE_TYPE_LABELS: Final[dict[str, str]] = {
    SourceType.PUBLISHED.value: "Publicerad",
    SourceType.LOCAL.value: "Lokal uppgift",
    SourceType.STANDARD.value: "Standardvärde från Inera",
    SourceType.ASSUMPTION.value: "Antagande",
}

SCENARIO_LABELS: Final[dict[str, str]] = {
    "low": "Lägst",
    "likely": "Troligt",
    "high": "Högst",
}
"""Inera's paired runs as Inera's template labels them (never "worst" or "best case", never
"Troligast"); they are paired calculations, not scenarios."""


class HasStartYear(Protocol):
    """Anything with a `start_year` (a `Case`)."""

    @property
    def start_year(self) -> int | None: ...


def _rounded(x: float, decimals: int) -> Decimal:
    if not math.isfinite(x):
        raise ValueError(f"cannot format {x!r} as a Swedish number: it is not a finite number")
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)
    return value if value != 0 else abs(value)


def _swedish(value: Decimal, decimals: int) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return (MINUS if value < 0 else "") + text


def number(x: float, decimals: int = 0) -> str:
    """A number with Swedish separators and `decimals` decimals.

    >>> number(36800)
    '36\\xa0800'
    >>> number(-1234567.891, 2)
    '−1\\xa0234\\xa0567,89'
    >>> number(2.5), number(-0.4)
    ('3', '0')
    """
    return _swedish(_rounded(x, decimals), decimals)


def quantity(x: float, max_decimals: int = 3) -> str:
    """A number with as many decimals as it needs, up to `max_decimals` (a factor's value).

    >>> quantity(0.5), quantity(368), quantity(1.25), quantity(0.123456)
    ('0,5', '368', '1,25', '0,123')
    """
    value = _rounded(x, max_decimals).normalize()
    decimals = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
    return _swedish(value, int(decimals))


def approximate(x: float) -> str:
    """A computed value (a switching value, say) with the precision it deserves: whole from
    100 up, three significant digits below.

    >>> approximate(15458.633), approximate(35.338), approximate(0.16234), approximate(0)
    ('15\xa0459', '35,3', '0,162', '0')
    """
    if x == 0 or abs(x) >= 100:
        return quantity(x, 0)
    return quantity(x, max(0, 2 - math.floor(math.log10(abs(x)))))


def kr(x: float, decimals: int = 0) -> str:
    """Kronor, whole by default.

    >>> kr(36800)
    '36\\xa0800\\xa0kr'
    >>> kr(-1500.5)
    '−1\\xa0501\\xa0kr'
    """
    return f"{number(x, decimals)}{NBSP}kr"


def mnkr(x: float, decimals: int = 1) -> str:
    """Kronor shown in millions.

    >>> mnkr(1_480_000)
    '1,5\\xa0mnkr'
    """
    return f"{number(x / 1_000_000, decimals)}{NBSP}mnkr"


def money(x: float) -> str:
    """Kronor for prose: whole kronor below one million, else millions with one decimal.

    >>> money(36800), money(999_999.4), money(-2_345_678)
    ('36\\xa0800\\xa0kr', '999\\xa0999\\xa0kr', '−2,3\\xa0mnkr')
    """
    if abs(_rounded(x, 0)) < 1_000_000:
        return kr(x)
    return mnkr(x)


def percent(share: float, decimals: int | None = None) -> str:
    """A share (0.03) as per cent: as many decimals as needed (at most 2) unless given.

    >>> percent(0.03), percent(0.035), percent(-0.125), percent(0.4, 1)
    ('3\\xa0%', '3,5\\xa0%', '−12,5\\xa0%', '40,0\\xa0%')
    """
    value = share * 100
    text = quantity(value, 2) if decimals is None else number(value, decimals)
    return f"{text}{NBSP}%"


UNIT_LABELS: Final = {"st/st": "st", "andel": "%"}
"""Units as a reader sees them: a count per count is a count, a share is shown in per cent."""


def unit_label(unit: str) -> str:
    """A factor's unit for readers: "st/st" is "st", "andel" is "%".

    >>> unit_label("st/st"), unit_label("andel"), unit_label("kr/h")
    ('st', '%', 'kr/h')
    """
    return UNIT_LABELS.get(unit, unit)


def factor_value(x: float, unit: str) -> str:
    """A factor's value in the unit readers see: a share (unit % or andel) in per cent.

    >>> factor_value(0.5, "andel"), factor_value(0.035, "%"), factor_value(1.25, "st/st")
    ('50', '3,5', '1,25')
    """
    return quantity(x * 100 if unit in ("%", "andel") else x)


def formula_in_words(formula: str, labels: Mapping[str, str]) -> str:
    """A formula with factor names replaced by their labels and × for *.

    >>> formula_in_words("tid * (a + b) / 60", {"tid": "Tid per brev", "a": "A", "b": "B"})
    'Tid per brev × (A + B) / 60'
    """

    def label(match: re.Match[str]) -> str:
        return labels.get(match.group(0), match.group(0))

    words = re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", label, formula)
    return re.sub(r"\s*\*\s*", " × ", words)


def probability(share: float) -> str:
    """A probability as whole per cent, never rounded to a certainty it is not.

    The same figure everywhere (text, chart subtitle, terminal): 0,9977 is "över 99 %",
    not 100 % in one place and 99,77 % in another.

    >>> probability(0.9977), probability(1.0), probability(0.5049), probability(0.001)
    ('över\xa099\xa0%', '100\xa0%', '50\xa0%', 'under\xa01\xa0%')
    """
    if 0.99 < share < 1:
        return f"över{NBSP}99{NBSP}%"
    if 0 < share < 0.01:
        return f"under{NBSP}1{NBSP}%"
    return percent(share, 0)


def per_krona(ratio: float | None) -> str:
    """Net benefit per invested krona, or why it is not defined.

    >>> per_krona(0.54)
    '0,54\\xa0kr per satsad krona'
    >>> per_krona(None)
    'ej definierat (inga kostnader)'
    """
    if ratio is None:
        return NO_COSTS
    return f"{number(ratio, 2)}{NBSP}kr per satsad krona"


def hours(x: float) -> str:
    """Whole hours.

    >>> hours(1234.4)
    '1\\xa0234\\xa0h'
    """
    return f"{number(x)}{NBSP}h"


def fte(x: float) -> str:
    """Full-time equivalents (årsarbetskrafter, 1 700 h each) with one decimal.

    >>> fte(0.6824)
    '0,7\\xa0årsarbetskrafter'
    """
    return f"{number(x, 1)}{NBSP}årsarbetskrafter"


def hours_over(total: float, horizon: int) -> str:
    """Hours over the horizon, with the yearly average in årsarbetskrafter (1 700 h each), so
    that a total is never read as a yearly figure.

    >>> hours_over(2475, 6)
    '2\xa0475\xa0h över 6 år (0,2\xa0årsarbetskrafter per år)'

    Less than 0,05 årsarbetskrafter is not rounded away to 0,0:

    >>> hours_over(450, 6)
    '450\xa0h över 6 år (under 0,1\xa0årsarbetskrafter per år)'
    """
    per_year = total / horizon / 1700.0
    if 0 < abs(per_year) < 0.05:
        return f"{hours(total)} över {horizon} år (under {fte(0.1)} per år)"
    return f"{hours(total)} över {horizon} år ({fte(per_year)} per år)"


def year(index: int, start_year: int | None = None) -> str:
    """Year `index` (1-based): the calendar year, or "år 1" (as `Case.year_label`).

    >>> year(1), year(3, 2024)
    ('år 1', '2026')
    """
    return str(start_year + index - 1) if start_year else f"år {index}"


def break_even(year_index: int | None, case: HasStartYear | None = None) -> str:
    """The year accumulated benefits exceed accumulated costs, or Inera's "aldrig".

    >>> break_even(None)
    'aldrig'
    >>> break_even(2)
    'år 2'
    """
    if year_index is None:
        return NO_BREAK_EVEN
    return year(year_index, case.start_year if case is not None else None)


def listed(names: Sequence[str]) -> str:
    """Names in a Swedish sentence: "a", "a och b", "a, b och c" (no serial comma).

    >>> listed(["kvalitet"]), listed(["kvalitet", "miljö"]), listed(["a", "b", "c"])
    ('kvalitet', 'kvalitet och miljö', 'a, b och c')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def size_label(size: int | None) -> str:
    """Inera's size scale for items not valued in money.

    >>> size_label(2), size_label(None)
    ('2 – måttlig', 'ej angiven')
    """
    if size is None:
        return "ej angiven"
    return f"{size} – {SIZE_LABELS[size]}"


def category_label(category: str) -> str:
    """A category as a reader sees it: "Omfördelning".

    >>> category_label("miljö")
    'Miljö'
    """
    return CATEGORY_LABELS.get(str(category), str(category).capitalize())


def source_type_label(source_type: str) -> str:
    """How reliable a factor's source is, in words.

    >>> source_type_label("standardvärde")
    'Standardvärde från Inera'
    """
    return SOURCE_TYPE_LABELS.get(str(source_type), str(source_type))


def scenario_label(scenario: str) -> str:
    """Inera's label for a paired run.

    >>> scenario_label("likely")
    'Troligt'
    """
    return SCENARIO_LABELS.get(scenario, scenario)
