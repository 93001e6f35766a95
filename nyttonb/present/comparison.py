"""A calculated figure set beside a published one over the same years and on the same footing:
undiscounted, summed over the first `years` years of the horizon (`published[].years` in a
case file). Published figures ("34 000 h since 2018, worth 19 million kronor") are sums of what
happened, not discounted values over a horizon, so the report compares them with sums.
"""

from __future__ import annotations

from nyttonb.core.model import Case, Category, Direction, Measure
from nyttonb.core.results import Result


def _weight(result: Result, index: int) -> float:
    """The discount weight of year `index` (0-based) under the result's convention."""
    d = result.discounting
    return float((1.0 + d.rate) ** -(index + (1 if d.first_year_discounted else 0)))


def undiscounted(result: Result, measure: Measure, years: int) -> float | None:
    """`measure` summed undiscounted over the first `years` years (averages for per-year and
    per-day measures); None for the break-even year, which is no sum.

    """
    rows = result.by_year[:years]
    n = len(rows) or 1
    hours = sum(row.freed_hours for row in rows)
    match measure:
        case Measure.FREED_HOURS:
            return hours
        case Measure.FREED_HOURS_PER_YEAR:
            return hours / n
        case Measure.FREED_HOURS_PER_DAY:
            return hours / n / 365
        case Measure.FREED_VALUE:
            return sum(
                item.per_year_present[t] / _weight(result, t)
                for item in result.items
                if item.category == Category.OMFORDELNING.value
                and item.direction == Direction.BENEFIT.value
                for t in range(min(years, len(item.per_year_present)))
            )
        case Measure.BENEFITS:
            return sum(row.benefits_nominal for row in rows)
        case Measure.COSTS:
            return sum(row.costs_nominal for row in rows)
        case Measure.NET_BENEFIT:
            return sum(row.benefits_nominal - row.costs_nominal for row in rows)
        case _:
            return None


def period(case: Case, years: int) -> str:
    """The years a comparison covers, as a reader sees them: "2018–2022" or "år 1–5"."""
    last = min(years, case.horizon)
    if case.start_year:
        return f"{case.start_year}–{case.start_year + last - 1}"
    return f"år 1–{last}"


__all__ = ["period", "undiscounted"]
