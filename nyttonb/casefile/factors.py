"""nyttonb's factor library: Inera's standard values (kalkylfaktorer), shipped as data.

The values live in ``nyttonb/data/factors.yaml`` (name → label, unit, value, source, year,
group and an optional note). A case takes one with ``library: NAME`` in a factor row and may
override any field; `nyttonb.casefile.load` resolves the reference.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError

from nyttonb.errors import CaseFileError, NyttonbError, did_you_mean

LIBRARY_FILE = "factors.yaml"


@dataclass(frozen=True, slots=True)
class LibraryFactor:
    """One standard value: what it is, its unit and value, and where it comes from."""

    name: str
    label: str
    unit: str
    value: float
    source: str
    year: int
    group: str
    note: str = ""


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    label: Annotated[str, StringConstraints(min_length=1)]
    unit: str
    value: Annotated[float, Strict(), Field(allow_inf_nan=False)]
    source: Annotated[str, StringConstraints(min_length=1)]
    year: Annotated[int, Strict(), Field(ge=1900, le=2200)]
    group: Annotated[str, StringConstraints(min_length=1)]
    note: str = ""


def read_library(text: str, *, filename: str) -> dict[str, LibraryFactor]:
    """Parse a factor library file; a malformed entry is a NyttonbError naming it."""
    from nyttonb.casefile.yaml_quick import read_data

    try:
        data = read_data(text)
    except ValueError:
        raise NyttonbError(
            "faktorbiblioteket är inte giltig YAML",
            file=filename,
            fix="Installera om nyttonb eller rätta biblioteksfilen.",
        ) from None
    if not isinstance(data, dict):
        raise NyttonbError(
            "faktorbiblioteket är inte nycklar med namn → faktor",
            file=filename,
            fix="Installera om nyttonb eller rätta biblioteksfilen.",
        )
    factors: dict[str, LibraryFactor] = {}
    for name, entry in data.items():
        try:
            checked = _Entry.model_validate(entry)
        except ValidationError as error:
            wrong = ", ".join(".".join(map(str, e["loc"])) or "raden" for e in error.errors())
            raise NyttonbError(
                f"biblioteksfaktorn '{name}' är felaktig ({wrong})",
                file=filename,
                path=str(name),
                fix="Ge den label, unit, value, source, year och group.",
            ) from None
        factors[str(name)] = LibraryFactor(name=str(name), **checked.model_dump())
    return factors


def _library_bytes() -> bytes:
    return resources.files("nyttonb").joinpath("data", LIBRARY_FILE).read_bytes()


@functools.cache
def library() -> Mapping[str, LibraryFactor]:
    """The shipped factor library, read once, by name (read-only)."""
    text = _library_bytes().decode("utf-8")
    return MappingProxyType(read_library(text, filename=f"nyttonb/data/{LIBRARY_FILE}"))


@functools.cache
def library_version() -> str:
    """The first 12 hex digits of the library file's sha256 (a cache key for reports)."""
    return hashlib.sha256(_library_bytes()).hexdigest()[:12]


def library_by_year(
    factors: Mapping[str, LibraryFactor] | None = None,
) -> dict[int, tuple[LibraryFactor, ...]]:
    """The library's standard values grouped by the year of their prices, newest first, each
    year's values by name (a value's year is the price level it converts from).

    >>> [factor.name for factor in library_by_year()[2021]]
    ['personalomkostnadspalagg_skr_kommun', 'personalomkostnadspalagg_skr_region']
    """
    known = library() if factors is None else factors
    years: dict[int, list[LibraryFactor]] = {}
    for factor in known.values():
        years.setdefault(factor.year, []).append(factor)
    return {
        year: tuple(sorted(years[year], key=lambda f: f.name))
        for year in sorted(years, reverse=True)
    }


def lookup(name: str, factors: Mapping[str, LibraryFactor] | None = None) -> LibraryFactor:
    """The library factor called `name`, or a CaseFileError with a did-you-mean.

    >>> lookup("arbetstimmar_per_ar").value
    1700.0
    >>> lookup("arbetstimmar_per_år")
    Traceback (most recent call last):
    ...
    nyttonb.errors.CaseFileError: 'arbetstimmar_per_år' finns inte i faktorbiblioteket; menade \
du 'arbetstimmar_per_ar'? Gör så här: Kör `nyttonb factors` för att se standardvärdena.
    """
    known = library() if factors is None else factors
    if name in known:
        return known[name]
    hint = did_you_mean(name, known)
    raise CaseFileError(
        f"'{name}' finns inte i faktorbiblioteket" + (f"; {hint}" if hint else ""),
        fix="Kör `nyttonb factors` för att se standardvärdena.",
    )
