"""Actuals files: ``<variant>.utfall.yaml`` beside a case, read into
`nyttonb.core.followup.Actuals`.

The estimate is a decided document; actual values arrive later, from other people (a
controller, the staffing system, a published claim). A file of their own keeps the decided case
unchanged and its diffs clean, and lets each follow-up be reviewed on its own. It is read with
the same YAML reader as a case file, and every problem is a CaseFileError with file, line, key
path and fix (docs/case-format.md, "Actual values").
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, Strict, model_validator

from nyttonb.casefile.beside import (
    SUFFIX,
    actuals_path,
    case_file_of,
    is_actuals_file,
)
from nyttonb.casefile.plan_schema import PlanYear
from nyttonb.casefile.plans import year_problem
from nyttonb.casefile.schema_types import (
    CalendarDate,
    Closed,
    Name,
    NonNegative,
    Number,
    Problem,
    Text,
    problem,
)
from nyttonb.core.followup import Actual, Actuals
from nyttonb.core.model import Case
from nyttonb.errors import CaseFileError, UnitError, did_you_mean, os_reason


class IndicatorValue(Closed):
    value: Number
    unit: Text


class ActualEntry(Closed):
    """One measurement: for `year`, or for a period `years: [first, last]`."""

    year: PlanYear | None = None
    years: tuple[PlanYear, PlanYear] | None = None
    indicator: IndicatorValue | None = None
    hours: NonNegative | None = None
    money: Number | None = None
    date: CalendarDate
    source: Text
    claim: Annotated[bool, Strict()] = False
    note: str = ""

    @model_validator(mode="after")
    def _rules(self) -> ActualEntry:
        if (self.year is None) == (self.years is None):
            raise problem(
                "year",
                "ett utfall gäller ett år eller en period",
                "Ange year: 2021, eller years: [2018, 2022] för en summa över en period.",
            )
        if self.years is not None and self.years[0] > self.years[1]:
            raise problem(
                "years",
                f"perioden slutar ({self.years[1]}) innan den börjar ({self.years[0]})",
                "Skriv det första året först: [2018, 2022].",
            )
        if self.indicator is None and self.hours is None and self.money is None:
            raise problem(
                "indicator",
                "utfallet har inget värde",
                "Ange indicator: {value, unit}, hours: (h) och/eller money: (kr).",
            )
        return self


class ActualsFile(Closed):
    """An actuals file: measured values per item id."""

    model_config = ConfigDict(
        title="nyttonb actuals",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    case: str = ""
    items: Annotated[
        dict[Name, Annotated[list[ActualEntry], Field(min_length=1)]], Field(min_length=1)
    ]


def actuals_json_schema() -> dict[str, Any]:
    """The JSON Schema of an actuals file, for editors (``nyttonb schema --actuals``)."""
    schema = ActualsFile.model_json_schema()
    return {"$schema": schema.pop("$schema"), **schema}


def load_actuals_beside(case: Case, case_file: str | Path) -> Actuals | None:
    """The actuals beside `case_file`, checked against `case`; None if there are none."""
    path = actuals_path(case_file)
    return load_actuals(path, case) if path.is_file() else None


def load_actuals(path: str | Path, case: Case) -> Actuals:
    """Read and check an actuals file against its case; raises CaseFileError (CaseErrors)."""
    from pydantic import ValidationError

    from nyttonb.casefile.load import _errors, decode
    from nyttonb.casefile.messages import validation_problems
    from nyttonb.casefile.yaml_full import line_of, plain, read_yaml

    filename = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CaseFileError(
            f"filen går inte att läsa ({os_reason(error)})",
            file=filename,
            fix="Kontrollera sökvägen och att du har rätt att läsa filen.",
        ) from None
    raw = read_yaml(decode(data, filename), filename)

    def locate(where: tuple[str | int, ...]) -> int:
        return line_of(raw, where)

    try:
        checked = ActualsFile.model_validate(plain(raw, filename))
    except ValidationError as error:
        raise _errors(locate, filename, validation_problems(error.errors(), ActualsFile)) from None
    problems = reference_problems(checked, case)
    if problems:
        raise _errors(locate, filename, problems)
    return Actuals(tuple(_entries(checked, case)), source_path=filename)


def _entries(checked: ActualsFile, case: Case) -> list[Actual]:
    found = []
    for item_id, entries in checked.items.items():
        for entry in entries:
            first, last = entry.years or (entry.year or 0, entry.year or 0)
            found.append(
                Actual(
                    item=item_id,
                    first_year=case.year_index(first),
                    last_year=case.year_index(last),
                    date=entry.date,
                    source=entry.source,
                    indicator=entry.indicator.value if entry.indicator else None,
                    indicator_unit=entry.indicator.unit if entry.indicator else "",
                    hours=entry.hours,
                    money=entry.money,
                    claim=entry.claim,
                    note=entry.note,
                )
            )
    return found


def reference_problems(checked: ActualsFile, case: Case) -> list[Problem]:
    """Rules against the case: known items, years in the horizon, known units, values the
    item can have, and no year counted twice."""
    items = {item.id: item for item in case.items}
    found: list[Problem] = []
    for item_id, entries in checked.items.items():
        item = items.get(item_id)
        if item is None:
            hint = did_you_mean(item_id, items)
            found.append(
                Problem(
                    ("items", item_id),
                    f"'{item_id}' är ingen nytta eller kostnad i "
                    "fallet" + (f"; {hint}" if hint else ""),
                    f"Använd ett id för en nytta eller kostnad i fallet: {', '.join(items)}.",
                )
            )
            continue
        counted: dict[int, int] = {}
        for index, entry in enumerate(entries):
            where = ("items", item_id, index)
            found += _entry_problems(
                case, where, entry, valued=item.valued, planned=item.realisation is not None
            )
            if entry.hours is not None or entry.money is not None:
                first, last = entry.years or (entry.year or 0, entry.year or 0)
                for year in range(first, last + 1):
                    if year in counted:
                        found.append(
                            Problem(
                                where,
                                f"{year} har redan timmar eller pengar i utfall {counted[year]}",
                                "Ange varje års timmar och pengar en gång: ett utfall "
                                "per år, eller en period utan de enskilda åren i den.",
                            )
                        )
                        break
                    counted[year] = index
    return found


def _entry_problems(
    case: Case, where: tuple[str | int, ...], entry: ActualEntry, *, valued: bool, planned: bool
) -> list[Problem]:
    from nyttonb.core.units import parse_unit

    found = []
    key, years = ("years", entry.years) if entry.years else ("year", (entry.year or 0,))
    for year in years:
        bad = year_problem(case.start_year, case.horizon, year)
        if bad:
            found.append(Problem((*where, key), *bad))
            break
    if entry.money is not None and not valued:
        found.append(
            Problem(
                (*where, "money"),
                "den här nyttan eller kostnaden värderas inte i pengar",
                "Ta bort money: här; följ upp den med indicator: i stället.",
            )
        )
    if entry.indicator is not None:
        if not planned:
            found.append(
                Problem(
                    (*where, "indicator"),
                    "det finns ingen nyttorealiseringsplan, så ingen indikator att jämföra med",
                    "Lägg till realisation: med indicator: i fallfilen, eller ta bort "
                    "indicator: här.",
                )
            )
        try:
            parse_unit(entry.indicator.unit)
        except UnitError as error:
            found.append(Problem((*where, "indicator", "unit"), error.message, error.fix or ""))
    return found


def check_actuals_file(path: str | Path) -> None:
    """`nyttonb check` for an actuals file: its case is loaded and the file checked with it."""
    from nyttonb.casefile.load import load_case

    case_file = case_file_of(path)
    if not case_file.is_file():
        raise CaseFileError(
            f"det finns ingen fallfil {case_file.name} bredvid utfallsfilen",
            file=str(path),
            fix=f"En utfallsfil har samma namn som sitt fall: lägg den "
            f"bredvid {case_file.name}, eller byt namn till <variant>{SUFFIX}.",
        )
    load_actuals(path, load_case(case_file))


__all__ = [
    "SUFFIX",
    "ActualEntry",
    "ActualsFile",
    "actuals_json_schema",
    "actuals_path",
    "case_file_of",
    "check_actuals_file",
    "is_actuals_file",
    "load_actuals",
    "load_actuals_beside",
    "reference_problems",
]
