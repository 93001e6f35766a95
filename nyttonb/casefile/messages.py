"""pydantic's validation errors reworded for a case's author (`validation_problems`).

Each error becomes a `nyttonb.casefile.schema.Problem`: the key path, what is wrong in plain words
("expected a number, got the text '0,5'") and the fix, with the valid keys or choices of that
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
from nyttonb.errors import did_you_mean

__all__ = ["snake_case", "validation_problems"]

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "date_type": "a date (2024-03-01)",
    "date_parsing": "a date (2024-03-01)",
    "date_from_datetime_inexact": "a date (2024-03-01)",
}
_LIMITS = {
    "greater_than_equal": ("ge", "at least", "small"),
    "greater_than": ("gt", "above", "small"),
    "less_than_equal": ("le", "at most", "large"),
    "less_than": ("lt", "below", "large"),
}
_WHAT = {
    "category": "category",
    "cost_type": "cost type",
    "source_type": "source type",
    "type": "stakeholder type",
    "kind": "node kind",
    "use": "use of freed resources",
}


def validation_problems(
    errors: Iterable[Mapping[str, Any]], root: type[BaseModel] = CaseFile
) -> list[Problem]:
    """pydantic's errors (`ValidationError.errors()`) as Problems worded for a case's author.

    `root` is the model the file was validated against (a case file by default; an actuals
    file is another), where the valid keys and choices are looked up.
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
            f"the required key '{key}' is missing",
            f"Add {key}: here{_choices_hint(loc, root)} (see docs/case-format.md).",
        )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1], root)
        hint = did_you_mean(key, allowed)
        return Problem(
            loc,
            f"'{key}' is not a key here" + (f"; {hint}" if hint else ""),
            f"Remove it or use one of: {', '.join(allowed)}.",
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
            f"'{value}' is not a valid name",
            "Names are snake_case ASCII: lowercase letters, digits and _, starting "
            f"with a letter (for example '{snake_case(str(value))}').",
        )
    if kind == "string_too_short":
        return Problem(loc, "is empty", "Write the text here, or remove the key if optional.")
    if kind == "too_short":
        return Problem(
            loc,
            f"has {ctx.get('actual_length', 0)} entries, needs at least {ctx.get('min_length', 1)}",
            "Add the missing entries.",
        )
    if kind == "too_long":
        return Problem(
            loc,
            f"has {ctx.get('actual_length')} entries, at most {ctx.get('max_length')} are allowed",
            "Remove the extra entries.",
        )
    if kind in _LIMITS:
        name, words, size = _LIMITS[kind]
        return Problem(
            loc,
            f"{_describe(value)} is too {size}; it must be {words} {ctx.get(name)}",
            f"Use a value {words} {ctx.get(name)}.",
        )
    if kind == "finite_number":
        return Problem(
            loc,
            f"{_describe(value)} is not a finite number",
            "Write an ordinary number (not .inf or .nan).",
        )
    return Problem(
        loc,
        f"{_describe(value)} is not a value nyttonb can read here",
        "See docs/case-format.md for what this key takes.",
    )


def _wrong_type(loc: tuple[str | int, ...], expected: str, value: Any) -> Problem:
    if expected == "text" and isinstance(value, int | float | date):
        fix = 'Put the value in quotes, for example "1.0".'
    elif expected == "a whole number":
        fix = "Write a whole number without quotes, for example 6."
    elif expected == "a number" and isinstance(value, str):
        fix = "Write the number without quotes and with a decimal point (0.5, not 0,5)."
    elif expected == "true or false":
        fix = "Write true or false, without quotes."
    else:
        fix = f"Write {expected} here (see docs/case-format.md)."
    return Problem(loc, f"expected {expected}, got {_describe(value)}", fix)


def _bad_choice(loc: tuple[str | int, ...], value: Any, root: type[BaseModel]) -> Problem:
    choices = [str(c.value) for c in _enum_at(loc, root) or ()]
    what = _WHAT.get(str(loc[-1]), "valid choice")
    if isinstance(value, str):
        hint = did_you_mean(value, choices)
        message = f"'{value}' is not a {what}" + (f"; {hint}" if hint else "")
    else:
        message = f"expected a {what}, got {_describe(value)}"
    return Problem(loc, message, f"Choose one of: {', '.join(choices)}.")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}…'" if len(value) > 40 else f"the text '{value}'"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return "a value of another kind"


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
    return f" (one of: {', '.join(str(c.value) for c in enum)})" if enum else ""
