"""The realisation plan (nyttorealiseringsplan) of a benefit or cost in a case file, as pydantic
models (docs/case-format.md, "Realisation plan"); `nyttonb.casefile.plans` checks it against
the case."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict

from nyttonb.casefile.schema_types import CalendarDate, Closed, Number, Text
from nyttonb.core.model import FreedUse

PlanYear = Annotated[int, Strict(), Field(ge=1, le=2200)]
"""A year in a realisation plan or an actuals file: calendar year when the case has a
start_year, else the 1-based year of the horizon."""


class Indicator(Closed):
    name: Text
    unit: Text
    method: str = ""


class Baseline(Closed):
    value: Number
    date: CalendarDate
    source: Text


class Target(Closed):
    value: Number
    year: PlanYear


class Responsible(Closed):
    realising: Text
    measuring: Text


class FreedResources(Closed):
    use: FreedUse
    description: str = ""


class PlanRisk(Closed):
    name: Text
    handling: str = ""


class Realisation(Closed):
    """A nyttorealiseringsplan for one benefit or cost (docs/case-format.md)."""

    indicator: Indicator
    baseline: Baseline | None = None
    target: Target
    responsible: Responsible
    measured_when: Text
    freed_resources: FreedResources | None = None
    preconditions: list[Text] = Field(default_factory=list)
    risks: list[PlanRisk] = Field(default_factory=list)
