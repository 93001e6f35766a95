"""Price index series shipped as data (``nyttonb/data/price_indices.yaml``), with sources and
which values are verified.

SCB's KPI (annual averages, 1980 = 100) is shipped with the status of each year; SKR's PKV and
LPIK are listed without values, because none could be found and verified: a case gives its own
series under ``indices`` (see docs/case-format.md#price-level). `nyttonb.casefile.load`
attaches the series a case can use to its `nyttonb.core.model.Case`;
`nyttonb.core.price_level` does the arithmetic.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, ValidationError

from nyttonb.core.model import Case, PriceIndex
from nyttonb.errors import NyttonbError, did_you_mean

if TYPE_CHECKING:
    from nyttonb.casefile.schema import OwnIndex, Problem

INDEX_FILE = "price_indices.yaml"
DEFAULT_INDEX = "KPI"


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[float, Strict(), Field(gt=0, allow_inf_nan=False)]
    status: Literal["verified", "unverified"]
    note: str = ""


class _Series(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    label: Annotated[str, StringConstraints(min_length=1)]
    source: Annotated[str, StringConstraints(min_length=1)]
    note: str = ""
    values: dict[Annotated[int, Field(ge=1900, le=2200)], _Value]


def read_indices(text: str, *, filename: str) -> dict[str, PriceIndex]:
    """Parse an index file; a malformed series is a NyttonbError naming it."""
    from nyttonb.casefile.yaml_quick import read_data

    fix = "Installera om nyttonb eller rätta indexfilen."
    try:
        data = read_data(text)
    except ValueError:
        raise NyttonbError("indexfilen är inte giltig YAML", file=filename, fix=fix) from None
    if not isinstance(data, dict):
        raise NyttonbError(
            "indexfilen är inte nycklar med namn → indexserie", file=filename, fix=fix
        )
    found: dict[str, PriceIndex] = {}
    for name, entry in data.items():
        try:
            series = _Series.model_validate(entry)
        except ValidationError as error:
            wrong = ", ".join(".".join(map(str, e["loc"])) or "raden" for e in error.errors())
            raise NyttonbError(
                f"indexserien '{name}' är felaktig ({wrong})",
                file=filename,
                path=str(name),
                fix=fix,
            ) from None
        years = sorted(series.values)
        found[str(name)] = PriceIndex(
            name=str(name),
            label=series.label,
            source=series.source,
            values=tuple((year, series.values[year].value) for year in years),
            unverified=tuple(y for y in years if series.values[y].status == "unverified"),
            note=series.note,
        )
    return found


@functools.cache
def shipped_indices() -> Mapping[str, PriceIndex]:
    """The index series nyttonb ships, read once, by name (read-only)."""
    data = resources.files("nyttonb").joinpath("data", INDEX_FILE).read_bytes()
    text = data.decode("utf-8")
    return MappingProxyType(read_indices(text, filename=f"nyttonb/data/{INDEX_FILE}"))


def case_indices(own: Mapping[str, OwnIndex]) -> tuple[PriceIndex, ...]:
    """The shipped index series, with a case's own series added or put in their place."""
    found = dict(shipped_indices())
    for name, series in own.items():
        years = sorted(series.values)
        shipped = found.get(name)
        found[name] = PriceIndex(
            name=name,
            label=series.label or (shipped.label if shipped else name),
            source=series.source,
            values=tuple((year, series.values[year]) for year in years),
            note=series.note,
        )
    return tuple(found.values())


def index_problems(case: Case) -> list[Problem]:
    """An index, named by the case (``price_index``) or a factor (``index``), that no series has."""
    from nyttonb.casefile.schema import Problem

    known = [series.name for series in case.indices]
    fix = (
        "Använd en av " + ", ".join(known) + ", eller ange en egen serie under indices: "
        "(se docs/case-format.md#price-level)."
    )
    found = []
    if case.price_index not in known:
        found.append(Problem(("price_index",), _unknown(case.price_index, known), fix))
    paths: dict[str, tuple[str | int, ...]] = {f.key: ("factors", f.name) for f in case.factors}
    for kind, items in (("benefits", case.benefits), ("costs", case.costs)):
        for i, item in enumerate(items):
            paths.update({f.key: (kind, i, "factors", f.name) for f in item.factors})
    for factor in case.all_factors:
        if factor.index is not None and factor.index not in known:
            found.append(Problem((*paths[factor.key], "index"), _unknown(factor.index, known), fix))
    return found


def _unknown(name: str, known: list[str]) -> str:
    hint = did_you_mean(name, known)
    return f"'{name}' är inget prisindex" + (f"; {hint}" if hint else "")
