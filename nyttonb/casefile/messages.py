"""pydantic's validation errors reworded for a case's author (`validation_problems`).

Each error becomes a `nyttonb.casefile.schema.Problem`: the key path, what is wrong in plain words
("här ska stå ett tal, men det står texten '0,5'")
and the fix, with the valid keys or choices of that
place in the case format and a "did you mean" where a name is close to one of them. The
choices are read from the `nyttonb.casefile.schema.CaseFile` models, so they follow the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from nyttonb.casefile.schema import CaseFile, Problem
from nyttonb.errors import did_you_mean, number

__all__ = ["snake_case", "validation_problems"]

_EXPECTED = {
    "string_type": "text",
    "int_type": "ett heltal",
    "int_from_float": "ett heltal",
    "int_parsing": "ett heltal",
    "float_type": "ett tal",
    "float_parsing": "ett tal",
    "bool_type": "true eller false",
    "bool_parsing": "true eller false",
    "list_type": "en lista",
    "tuple_type": "en lista",
    "dict_type": "nycklar med värden (nyckel: värde)",
    "model_type": "nycklar med värden (nyckel: värde)",
    "model_attributes_type": "nycklar med värden (nyckel: värde)",
    "date_type": "ett datum (2024-03-01)",
    "date_parsing": "ett datum (2024-03-01)",
    "date_from_datetime_inexact": "ett datum (2024-03-01)",
}
_LIMITS = {
    "greater_than_equal": ("ge", "minst", "för litet"),
    "greater_than": ("gt", "större än", "för litet"),
    "less_than_equal": ("le", "högst", "för stort"),
    "less_than": ("lt", "mindre än", "för stort"),
}
_WHAT = {
    "category": "kategori",
    "cost_type": "kostnadstyp",
    "source_type": "källtyp",
    "type": "typ av intressent",
    "kind": "typ av nod",
    "reference_analysis": "referensanalys",
    "use": "användning av frigjorda resurser",
}
_FORMAT = "(se docs/case-format.md)"


def validation_problems(
    errors: Iterable[Mapping[str, Any]], root: type[BaseModel] = CaseFile
) -> list[Problem]:
    """pydantic's errors (`ValidationError.errors()`) as Problems worded for a case's author.

    `root` is the model the file was validated against (a case file by default; an actuals
    file is another), where the valid keys and choices are looked up. Every pydantic error
    type is reworded in Swedish; none of pydantic's English reaches the user.
    """
    return [_translate(error, root) for error in errors]


def _translate(error: Mapping[str, Any], root: type[BaseModel]) -> Problem:
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind, value = error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    key = str(loc[-1]) if loc else ""
    if kind == "nyttonb":
        path = (*loc, ctx["key"]) if ctx.get("key") else loc
        return Problem(path, str(ctx["message"]), str(ctx["fix"]))
    if kind == "missing":
        return Problem(
            loc,
            f"nyckeln '{key}' saknas men krävs",
            f"Lägg till {key}: här{_choices_hint(loc, root)} {_FORMAT}.",
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1], root)
        hint = did_you_mean(key, allowed)
        return Problem(
            loc,
            f"'{key}' är ingen nyckel här" + (f"; {hint}" if hint else ""),
            f"Ta bort den eller använd en av {', '.join(allowed)}.",
        )
    if kind == "enum":
        return _bad_choice(loc, value, root)
    if kind in _EXPECTED:
        return _wrong_type(loc, _EXPECTED[kind], value)
    return _bad_value(loc, kind, value, ctx)


def _bad_value(
    loc: tuple[str | int, ...], kind: str, value: Any, ctx: Mapping[str, Any]
) -> Problem:
    if kind == "string_pattern_mismatch":
        return Problem(
            loc,
            f"'{value}' är inget giltigt namn",
            "Namn skrivs med små bokstäver a–z, siffror och _ och börjar med en bokstav "
            f"(till exempel '{snake_case(str(value))}').",
        )
    if kind == "string_too_short":
        return Problem(
            loc, "texten är tom", "Skriv texten här, eller ta bort nyckeln om den är valfri."
        )
    if kind == "too_short":
        return Problem(
            loc,
            f"har {ctx.get('actual_length', 0)} rader men behöver minst {ctx.get('min_length', 1)}",
            "Lägg till de rader som fattas.",
        )
    if kind == "too_long":
        return Problem(
            loc,
            f"har {ctx.get('actual_length')} rader, högst {ctx.get('max_length')} är tillåtna",
            "Ta bort raderna som är för många.",
        )
    if kind in _LIMITS:
        name, words, size = _LIMITS[kind]
        limit = _plain(ctx.get(name))
        return Problem(
            loc,
            f"{_describe(value)} är {size}; värdet ska vara {words} {limit}",
            f"Skriv ett värde som är {words} {limit}.",
        )
    if kind == "finite_number":
        return Problem(
            loc,
            f"{_describe(value)} är inget ändligt tal",
            "Skriv ett vanligt tal (inte .inf eller .nan).",
        )
    return Problem(
        loc,
        f"{_describe(value)} går inte att läsa här",
        f"Läs vad nyckeln tar emot {_FORMAT}.",
    )


def _wrong_type(loc: tuple[str | int, ...], expected: str, value: Any) -> Problem:
    if expected == "text" and isinstance(value, int | float | date):
        fix = 'Sätt värdet inom citattecken, till exempel "1.0".'
    elif expected == "ett heltal":
        fix = "Skriv ett heltal utan citattecken, till exempel 6."
    elif expected == "ett tal" and isinstance(value, str):
        fix = "Skriv talet utan citattecken och med decimalpunkt (0.5, inte 0,5)."
    elif expected == "true eller false":
        fix = "Skriv true eller false, utan citattecken."
    else:
        fix = f"Skriv {expected} här {_FORMAT}."
    return Problem(loc, f"här ska stå {expected}, men det står {_describe(value)}", fix)


def _bad_choice(loc: tuple[str | int, ...], value: Any, root: type[BaseModel]) -> Problem:
    choices = [str(c.value) for c in _enum_at(loc, root) or ()]
    what = _WHAT.get(str(loc[-1]), "giltigt val")
    if isinstance(value, str):
        hint = did_you_mean(value, choices)
        message = f"'{value}' är ingen {what}" + (f"; {hint}" if hint else "")
    else:
        message = f"här ska stå en {what}, men det står {_describe(value)}"
    return Problem(loc, message, f"Välj en av {', '.join(choices)}.")


def _plain(value: Any) -> str:
    return number(value) if isinstance(value, int | float) else str(value)


def _describe(value: Any) -> str:
    if value is None:
        return "ingenting (null)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"talet {number(value)}"
    if isinstance(value, str):
        return f"texten '{value[:40]}…'" if len(value) > 40 else f"texten '{value}'"
    if isinstance(value, date):
        return f"datumet {value.isoformat()}"
    if isinstance(value, list | dict):
        return "en lista" if isinstance(value, list) else "nycklar med värden"
    return "ett värde av annat slag"


def snake_case(text: str) -> str:
    """A valid name close to `text`.

    >>> snake_case("Tid per brev (min)"), snake_case("3 åtgärder")
    ('tid_per_brev_min', 'x3_atgarder')
    """
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "namn"
    return name if name[0].isalpha() else "x" + name


def _annotation_at(loc: tuple[str | int, ...], root: type[BaseModel]) -> Any:
    """The type the file format expects at a key path (None where the path leaves it)."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        origin, args = get_origin(current), get_args(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        elif origin is list and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        elif origin is tuple and isinstance(part, int) and part < len(args):
            current = args[part]
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _allowed_keys(loc: tuple[str | int, ...], root: type[BaseModel]) -> list[str]:
    model = _annotation_at(loc, root)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _enum_at(loc: tuple[str | int, ...], root: type[BaseModel]) -> type[Enum] | None:
    found = _annotation_at(loc, root)
    return found if isinstance(found, type) and issubclass(found, Enum) else None


def _choices_hint(loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    enum = _enum_at(loc, root)
    return f" (en av {', '.join(str(c.value) for c in enum)})" if enum else ""
