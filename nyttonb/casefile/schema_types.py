"""The building blocks of nyttonb's file formats (a case file, an actuals file): closed models,
names, texts, strict numbers, dates, and `Problem`, one thing wrong with its key path and fix."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
"""Names of factors, items, stakeholders and nodes: snake_case ASCII, starting with a letter."""

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
Number = Annotated[float, Strict(), AllowInfNan(False)]
NonNegative = Annotated[float, Strict(), AllowInfNan(False), Field(ge=0)]
Year = Annotated[int, Strict(), Field(ge=1900, le=2200)]


class Problem(NamedTuple):
    """One thing wrong in a case file: where (key path), what, and the fix."""

    path: tuple[str | int, ...]
    message: str
    fix: str


def problem(key: str, message: str, fix: str) -> PydanticCustomError:
    """A validation error of our own wording, at `key` inside the object being validated."""
    return PydanticCustomError("nyttonb", "{message}", {"message": message, "fix": fix, "key": key})


def _calendar_date(value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise problem("", f"'{value}' är inget datum", "Skriv datum som 2024-03-01.") from None
    return value


CalendarDate = Annotated[date, Strict(), BeforeValidator(_calendar_date)]


class Closed(BaseModel):
    """A mapping of a file format: unknown keys are errors, values are stripped and frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
