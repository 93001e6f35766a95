"""Amounts on one price level: every amount re-indexed to the case's price-level year (pure).

Inera's method states every benefit and cost at one price level for the whole horizon; an
amount from another year is converted with an index, and the original year and the index are
documented (this re-expresses an old amount; it is not inflation of future values)::

    amount(target year) = amount(source year) × I(target year) ÷ I(source year)

with annual averages. A factor's value year is its ``year`` (a library value brings its own);
only factors whose unit contains kronor are converted (``kr/h``, ``kr/mil``, ``kr``), by the
factor's own ``index`` or the case's ``price_index`` (KPI unless the case says otherwise).
`price_level` returns the facts: what was converted, by how much, with which values, and what
could not be (an index without a value for a year: nothing is invented).

>>> from nyttonb.core.model import Case, Factor, PriceIndex
>>> kpi = PriceIndex("KPI", "KPI", "SCB", ((2021, 343.19), (2023, 403.70)))
>>> f = Factor("timkostnad", "timkostnad", "Timkostnad", "kr/h", 368, 368, 368, year=2023)
>>> case = Case("n", "o", "a", "d", "A", "B", (), 6, (), price_level_year=2021, factors=(f,),
...             indices=(kpi,))
>>> round(price_level(case).adjustments[0].factor_ratio, 4)
0.8501
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nyttonb.core.model import Case, Factor
from nyttonb.core.units import parse_unit
from nyttonb.errors import UnitError


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One factor converted from the prices of `from_year` to the case's price level."""

    factor: str
    label: str
    from_year: int
    to_year: int
    index: str
    from_value: float
    """The index value of `from_year`."""
    to_value: float
    factor_ratio: float
    """What the factor's amounts are multiplied by: I(to_year) ÷ I(from_year) (to a power
    where the unit has kronor squared or per krona)."""
    unverified_years: tuple[int, ...] = ()
    """Years whose index value is not verified against the publisher's own table."""

    @property
    def verified(self) -> bool:
        return not self.unverified_years

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "from_year": self.from_year,
            "to_year": self.to_year,
            "index": self.index,
            "from_index_value": self.from_value,
            "to_index_value": self.to_value,
            "factor_ratio": self.factor_ratio,
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class NotIndexed:
    """An amount of another year that could not be converted, and why."""

    factor: str
    label: str
    from_year: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "label": self.label,
            "from_year": self.from_year,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class PriceLevel:
    """The case's price level and every conversion made to reach it: the facts for the report's
    Metod section and for `nyttonb calc --json` (``price_level``)."""

    year: int | None
    index: str
    index_label: str
    index_source: str
    adjustments: tuple[Adjustment, ...]
    not_indexed: tuple[NotIndexed, ...]
    value_years: tuple[int, ...]
    """Every year a money factor states (before conversion), sorted."""
    undated: tuple[str, ...]
    """Money factors without a year: taken to be in the case's price level already."""

    @property
    def ratios(self) -> dict[str, float]:
        return {a.factor: a.factor_ratio for a in self.adjustments}

    @property
    def unverified_index_years(self) -> tuple[tuple[str, int], ...]:
        """(index, year) pairs of unverified index values that a conversion used."""
        found: set[tuple[str, int]] = set()
        for a in self.adjustments:
            found |= {(a.index, year) for year in a.unverified_years}
        return tuple(sorted(found))

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "index": self.index,
            "index_label": self.index_label,
            "index_source": self.index_source,
            "adjustments": [a.to_dict() for a in self.adjustments],
            "not_indexed": [n.to_dict() for n in self.not_indexed],
            "value_years": list(self.value_years),
            "undated_factors": list(self.undated),
            "unverified_index_values": [
                {"index": index, "year": year} for index, year in self.unverified_index_years
            ],
        }


def money_power(unit_text: str) -> int:
    """The exponent of kronor in a unit: 1 for ``kr/h``, 0 for ``h/år``, −1 for ``st/kr``.

    >>> money_power("kr/h"), money_power("tkr/mån"), money_power("h/år"), money_power("andel")
    (1, 1, 0, 0)
    """
    try:
        dims = dict(parse_unit(unit_text).dims)
    except UnitError:
        return 0  # compile_case reports the unit; nothing to convert here
    return dims.get("kr", 0)


def price_level(case: Case) -> PriceLevel:
    """Every money factor of another year converted to the case's price level, or why not."""
    chosen = case.index_series(case.price_index)
    adjustments: list[Adjustment] = []
    not_indexed: list[NotIndexed] = []
    years: set[int] = set()
    undated: list[str] = []
    for factor in case.all_factors:
        power = 0 if factor.derived else money_power(factor.unit)
        if power == 0:
            continue
        if factor.year is None:
            undated.append(factor.key)
            continue
        years.add(factor.year)
        if case.price_level_year is None or factor.year == case.price_level_year:
            continue
        found = _convert(case, factor, case.price_level_year, power)
        if isinstance(found, Adjustment):
            adjustments.append(found)
        else:
            not_indexed.append(found)
    return PriceLevel(
        year=case.price_level_year,
        index=case.price_index,
        index_label=chosen.label if chosen else case.price_index,
        index_source=chosen.source if chosen else "",
        adjustments=tuple(adjustments),
        not_indexed=tuple(not_indexed),
        value_years=tuple(sorted(years)),
        undated=tuple(undated),
    )


def _convert(case: Case, factor: Factor, target: int, power: int) -> Adjustment | NotIndexed:
    name = factor.index or case.price_index
    series = case.index_series(name)
    if series is None or not series.values:
        return NotIndexed(
            factor.key,
            factor.label,
            factor.year,
            f"{name} har inga indexvärden i nyttonb eller i fallet",
        )
    source_year = factor.year if factor.year is not None else target
    missing = [y for y in (source_year, target) if series.value(y) is None]
    if missing:
        years = " och ".join(str(y) for y in missing)
        return NotIndexed(factor.key, factor.label, factor.year, f"{name} saknar värde för {years}")
    start, end = series.value(source_year), series.value(target)
    assert start is not None and end is not None
    return Adjustment(
        factor=factor.key,
        label=factor.label,
        from_year=source_year,
        to_year=target,
        index=name,
        from_value=start,
        to_value=end,
        factor_ratio=(end / start) ** power,
        unverified_years=tuple(y for y in (source_year, target) if y in series.unverified),
    )
