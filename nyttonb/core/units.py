"""Units of factor values, and the check that a formula comes out in the unit it should.

A small unit algebra of our own rather than pint: a nyttokalkyl needs only products and
quotients of a dozen Swedish units (``kr/h``, ``h/år``, ``min/st``, ``st/natt``, ``kr/mil``),
Swedish aliases and count words (``brukare``, ``besök``, ``tillfälle`` are all ``st``),
"did you mean" errors that point at our docs, and a check that two values are of the same
kind. pint would add a heavy dependency, English unit names and its own error texts.

Seven base kinds: ``kr`` (money), ``h`` (working time, a duration), ``år`` (a calendar
period), ``km``, ``l``, ``kWh`` and ``kg``. Working time and calendar periods are different
kinds: ``kr/h × h/år`` is ``kr/år``, but ``kr/h`` is never ``kr/år``.

Grammar of a unit text: terms joined by ``*``, ``·`` or ``×`` (multiply) and ``/`` (divide),
read left to right, so ``a/b/c`` is ``a/(b·c)``; a term is a known symbol with an optional
integer exponent (``^2``, ``²``, ``³``); ``1`` and the empty text are dimensionless.

>>> parse_unit("kr/h") * parse_unit("h/år") == KR_PER_YEAR
True
>>> parse_unit("min/st").describe(), round(parse_unit("min/st").scale * 60, 9)
('h', 1.0)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from nyttonb.errors import UnitError, did_you_mean

BASES = ("kr", "h", "år", "km", "l", "kWh", "kg")
"""The base kinds, in the order `Unit.describe` writes them."""

COUNT_WORDS = (
    "st",
    "styck",
    "person",
    "personer",
    "brukare",
    "besök",
    "tillfälle",
    "tillfällen",
    "gång",
    "gånger",
    "ggr",
    "ärende",
    "ärenden",
    "möte",
    "möten",
    "resa",
    "resor",
    "meddelande",
    "meddelanden",
    "brev",
    "försändelse",
    "försändelser",
    "kamera",
    "kameror",
    "licens",
    "licenser",
    "användare",
    "medarbetare",
    "anställda",
    "kontroll",
    "kontroller",
    "invånare",
    "patient",
    "patienter",
    "tillsyn",
    "tillsyner",
)
"""Words for a number of things, all read as ``st``; a count is never negative (`is_count`)."""

_DAY = 1 / 365
_SYMBOLS: dict[str, tuple[str | None, float]] = {
    **dict.fromkeys(("kr", "kronor", "SEK"), ("kr", 1.0)),
    "tkr": ("kr", 1e3),
    **dict.fromkeys(("mnkr", "Mkr"), ("kr", 1e6)),
    **dict.fromkeys(("h", "tim", "timme", "timmar"), ("h", 1.0)),
    **dict.fromkeys(("min", "minut", "minuter"), ("h", 1 / 60)),
    **dict.fromkeys(("s", "sek", "sekunder"), ("h", 1 / 3600)),
    "år": ("år", 1.0),
    **dict.fromkeys(("mån", "månad", "månader"), ("år", 1 / 12)),
    **dict.fromkeys(("vecka", "veckor", "v"), ("år", 1 / 52)),
    **dict.fromkeys(("dag", "dagar", "dygn", "natt", "nätter"), ("år", _DAY)),
    "km": ("km", 1.0),
    "mil": ("km", 10.0),
    "m": ("km", 0.001),
    **dict.fromkeys(("l", "liter"), ("l", 1.0)),
    "kWh": ("kWh", 1.0),
    "kg": ("kg", 1.0),
    **dict.fromkeys(("t", "ton"), ("kg", 1000.0)),
    **dict.fromkeys(("%", "procent"), (None, 0.01)),
    "andel": (None, 1.0),
    **dict.fromkeys(COUNT_WORDS, (None, 1.0)),
    "1": (None, 1.0),
}
"""Every symbol and alias nyttonb knows: (base kind or None for a count, scale)."""

_FIX = (
    "Använd kr, h, min, år, mån, dag, km, mil, l, kWh, kg, %, eller st för antal "
    "(se docs/case-format.md#units)."
)
_SYNTAX_FIX = (
    "Skriv enheter som kr/h, h/år, min/st, st/år eller kr·h/år (se docs/case-format.md#units)."
)
_OPERATORS = re.compile(r"\s*([*·×/])\s*")
_TERM = re.compile(r"(?P<symbol>[^\s^²³]+)(?:\^(?P<power>-?[0-9]+)|(?P<super>[²³]))?")
_SUPERSCRIPTS = {2: "²", 3: "³"}
_MAX_POWER = 9


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit: its dimension, its scale to base units, and the text it was written as.

    `dims` holds sorted (base, exponent) pairs without zero exponents; a value in this unit is
    ``value × scale`` in base units. Two units are equal when dims and scale are; the text is
    only for showing.

    >>> parse_unit("tkr/mån").scale
    12000.0
    """

    dims: tuple[tuple[str, int], ...]
    scale: float = 1.0
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dims", tuple(sorted((b, e) for b, e in self.dims if e)))

    def __mul__(self, other: Unit) -> Unit:
        if not isinstance(other, Unit):
            return NotImplemented
        return Unit(
            _combine(self.dims, other.dims, 1),
            self.scale * other.scale,
            _join(self.text, "·", other.text),
        )

    def __truediv__(self, other: Unit) -> Unit:
        if not isinstance(other, Unit):
            return NotImplemented
        return Unit(
            _combine(self.dims, other.dims, -1),
            self.scale / other.scale,
            _join(self.text, "/", other.text),
        )

    def same_kind(self, other: Unit) -> bool:
        """Whether the two measure the same kind of thing (``min/st`` and ``h``: yes)."""
        return self.dims == other.dims

    @property
    def dimensionless(self) -> bool:
        return not self.dims

    @property
    def base(self) -> Unit:
        """The same kind in base units: scale 1, text as `describe` writes it.

        >>> parse_unit("mnkr/mån").base
        Unit(dims=(('kr', 1), ('år', -1)), scale=1.0, text='kr/år')
        """
        return Unit(self.dims, 1.0, self.describe())

    def describe(self) -> str:
        """The dimension in base symbols: ``kr/år``, ``kr·h/år``, ``1/år``, ``1``.

        >>> parse_unit("kronor * timmar / månad").describe()
        'kr·h/år'
        """
        order = {base: i for i, base in enumerate(BASES)}
        dims = sorted(self.dims, key=lambda d: order.get(d[0], len(BASES)))
        above = "·".join(_power(b, e) for b, e in dims if e > 0) or "1"
        below = "".join("/" + _power(b, -e) for b, e in dims if e < 0)
        return above + below


def _combine(
    left: tuple[tuple[str, int], ...], right: tuple[tuple[str, int], ...], sign: int
) -> tuple[tuple[str, int], ...]:
    total = dict(left)
    for base, exponent in right:
        total[base] = total.get(base, 0) + sign * exponent
    return tuple(total.items())


def _join(left: str, operator: str, right: str) -> str:
    if operator == "·" and left in ("", "1"):
        return right
    if right in ("", "1"):
        return left or "1"
    if operator == "/" and _OPERATORS.search(right):
        right = f"({right})"
    return f"{left or '1'}{operator}{right}"


def _power(base: str, exponent: int) -> str:
    return base if exponent == 1 else base + _SUPERSCRIPTS.get(exponent, f"^{exponent}")


def is_count(unit_text: str) -> bool:
    """Whether a unit counts things (``st/år``, ``besök/mån``): its first word is a count word.

    >>> is_count("st/år"), is_count("besök"), is_count("kr/h"), is_count("h/st")
    (True, True, False, False)
    """
    first = re.split(r"[\s/*·×]", unit_text.strip(), maxsplit=1)[0]
    return first.casefold() in COUNT_WORDS


def parse_unit(text: str) -> Unit:
    """The unit written as `text`, for example ``kr/h``, ``st/natt`` or ``min/besök``.

    >>> parse_unit("st/natt").scale
    365.0
    >>> parse_unit("besok")
    Traceback (most recent call last):
    ...
    nyttonb.errors.UnitError: 'besok' är ingen enhet som nyttonb känner till; menade du 'besök'? ...
    """
    return _parse_unit(text)


@functools.lru_cache(maxsize=4096)
def _parse_unit(text: str) -> Unit:
    """`parse_unit`, remembered: a generated case writes "kr/år" ten thousand times."""
    written = unicodedata.normalize("NFC", text).strip()
    if not written:
        return Unit((), 1.0, text)
    parts = _OPERATORS.split(written)
    unit = _term(parts[0], written)
    for operator, term in zip(parts[1::2], parts[2::2], strict=True):
        if not term:
            raise _malformed(written, operator)
        unit = unit / _term(term, written) if operator == "/" else unit * _term(term, written)
    return Unit(unit.dims, unit.scale, text)


def _term(term: str, written: str) -> Unit:
    if not term:
        raise UnitError(
            f"'{written}' börjar med ett räknetecken; en enhet fattas före det",
            fix=_SYNTAX_FIX + " En enhet per något skrivs 1/år.",
        )
    match = _TERM.fullmatch(term)
    if match is None:
        where = "" if term == written else f" i '{written}'"
        raise UnitError(f"'{term}'{where} är ingen enhet som nyttonb kan läsa", fix=_SYNTAX_FIX)
    symbol = match["symbol"]
    if symbol not in _SYMBOLS:
        raise _unknown(symbol)
    base, scale = _SYMBOLS[symbol]
    power = int(match["power"] or {"²": 2, "³": 3}.get(match["super"] or "", 1))
    if abs(power) > _MAX_POWER:
        raise UnitError(
            f"'{term}' i '{written}' har en exponent större än ±{_MAX_POWER}", fix=_SYNTAX_FIX
        )
    return Unit(((base, power),) if base else (), scale**power, term)


def _malformed(written: str, operator: str) -> UnitError:
    if written.endswith(operator):
        message = f"'{written}' slutar med '{operator}'; en enhet fattas efter det"
    else:
        message = f"'{written}' har två räknetecken i rad; en enhet fattas efter '{operator}'"
    return UnitError(message, fix=_SYNTAX_FIX)


def _unknown(symbol: str) -> UnitError:
    same_letters = [s for s in _SYMBOLS if s.casefold() == symbol.casefold()]
    hint = f"menade du '{same_letters[0]}'?" if same_letters else did_you_mean(symbol, _SYMBOLS)
    return UnitError(
        f"'{symbol}' är ingen enhet som nyttonb känner till" + (f"; {hint}" if hint else ""),
        fix=_FIX,
    )


DIMENSIONLESS = Unit((), 1.0, "1")
KR = Unit((("kr", 1),), 1.0, "kr")
KR_PER_YEAR = Unit((("kr", 1), ("år", -1)), 1.0, "kr/år")
HOURS = Unit((("h", 1),), 1.0, "h")
HOURS_PER_YEAR = Unit((("h", 1), ("år", -1)), 1.0, "h/år")
