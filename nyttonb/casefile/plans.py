"""Rules about realisation plans across a case file: the indicator's unit is a unit, the target
year falls in the horizon (`plan_problems`); `year_problem` also checks actuals files' years."""

from __future__ import annotations

from nyttonb.casefile.plan_schema import Realisation
from nyttonb.casefile.schema import CaseFile, Problem
from nyttonb.core.units import parse_unit
from nyttonb.errors import UnitError


def plan_problems(case: CaseFile) -> list[Problem]:
    """Every benefit's and cost's realisation plan checked against the case."""
    found: list[Problem] = []
    for kind in ("benefits", "costs"):
        for index, item in enumerate(getattr(case, kind)):
            found += _plan_problems(case, (kind, index, "realisation"), item.realisation)
    return found


def _plan_problems(
    case: CaseFile, where: tuple[str | int, ...], plan: Realisation | None
) -> list[Problem]:
    """A plan's indicator unit must be a unit; its target year must fall in the horizon."""
    if plan is None:
        return []
    found = []
    try:
        parse_unit(plan.indicator.unit)
    except UnitError as error:
        found.append(Problem((*where, "indicator", "unit"), error.message, error.fix or ""))
    bad_year = year_problem(case.start_year, case.horizon, plan.target.year)
    if bad_year:
        found.append(Problem((*where, "target", "year"), *bad_year))
    return found


def year_problem(start_year: int | None, horizon: int, year: int) -> tuple[str, str] | None:
    """(message, fix) when `year` (calendar, or 1-based without a start year) is outside the
    horizon; None when it is inside."""
    first, last = (start_year, start_year + horizon - 1) if start_year else (1, horizon)
    if first <= year <= last:
        return None
    if start_year:
        return (
            f"{year} ligger utanför tidshorisonten {first}–{last}",
            f"Ange ett kalenderår från {first} till {last} (start_year {start_year}, "
            f"tidshorisont {horizon} år).",
        )
    return (
        f"år {year} ligger utanför tidshorisonten 1–{horizon}",
        f"Fallet har inget start_year, så åren räknas 1 till {horizon}; eller lägg till "
        "start_year: i fallet och skriv kalenderår.",
    )
