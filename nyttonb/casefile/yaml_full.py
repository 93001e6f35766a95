"""A case file's YAML: ruamel's round-trip reading, plain data, and the line of a key path.

`read_yaml` turns YAML syntax errors, repeated keys, values that cannot be read and a wrong
top level into a CaseFileError with line and fix; `plain` turns the round-trip data into plain
dicts, lists and scalars (a tag is an error: a case file is data only); `line_of` finds the
line of a key path such as ``benefits[1].factors.tid``. `nyttonb.casefile.load` builds the case.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from typing import Any

from nyttonb.errors import CaseFileError, number

Path_ = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_VALUES = 1_000_000
"""More values than this (aliases of aliases: a 2 MB file holds fewer) is not a case file.
A generated case with 10 000 factors holds about 130 000."""
MAX_DEPTH = 40
MAX_DIGITS = 30
"""Digits in a whole number: more is a mistake (and Python refuses past 4 300)."""

_YAML_FIX = "Kontrollera indrag och citattecken här omkring (se docs/case-format.md)."
_FORMAT_FIX = "Utgå från exemplet i docs/case-format.md."
_TAG_FIX = (
    "Ta bort taggen (!…): en fallfil innehåller bara text, tal, true/false, datum, listor "
    "och nycklar med värden."
)
_SYNTAX = (
    ("mapping values are not allowed", "ett kolon står där inget nytt värde får börja"),
    ("could not find expected ':'", "ett kolon (:) efter nyckeln fattas"),
    ("cannot start any token", "ett tecken som inte får inleda ett värde (t.ex. @ eller `)"),
    ("end of stream", "filen tar slut mitt i ett värde (ett citattecken eller en parentes)"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför"),
    ("expected ',' or ']'", "en lista inom [ ] stängs inte"),
    ("expected ',' or '}'", "nycklarna inom { } stängs inte"),
    ("undefined alias", "ett alias (*namn) som inte finns"),
    ("block sequence entries are not allowed", "ett listelement (-) står där inget får stå"),
    ("did not find expected key", "indraget stämmer inte: en nyckel väntades här"),
    ("did not find expected '-' indicator", "indraget stämmer inte: ett listelement (-) väntades"),
)
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def too_large(size: int, filename: str, *, at_least: bool = False) -> CaseFileError:
    """The error for a file of `size` bytes (or more, `at_least`), over `MAX_BYTES`."""
    how = "mer än " if at_least else ""
    shown = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return CaseFileError(
        f"filen är {how}{shown} MB; en fallfil är högst {MAX_BYTES // 1024 // 1024} MB",
        file=filename,
        fix="Kontrollera att det är rätt fil, och flytta stora datamängder ur fallfilen.",
    )


# --- YAML --------------------------------------------------------------------------------


def read_yaml(text: str, filename: str) -> Any:
    """The YAML document in `text` as ruamel's round-trip data (which knows its lines)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if len(text) > MAX_BYTES:
        raise too_large(len(text.encode("utf-8", "replace")), filename)
    if "\x00" in text:
        raise CaseFileError(
            "filen är binär, inte text",
            file=filename,
            line=text[: text.index("\x00")].count("\n") + 1,
            fix="Spara fallfilen som YAML-text i UTF-8.",
        )
    yaml = YAML(typ="rt", pure=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = yaml.load(text)
    except DuplicateKeyError:
        raise _duplicate_key(text, filename) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = _syntax(error.problem or error.context or "")
        column = f" (kolumn {mark.column + 1})" if mark else ""
        raise CaseFileError(
            f"YAML-syntaxfel: {what}{column}",
            file=filename,
            line=mark.line + 1 if mark else None,
            fix=_YAML_FIX,
        ) from None
    except ReaderError as error:
        raise CaseFileError(
            f"filen innehåller ett tecken som YAML inte tillåter ({error.character!r})",
            file=filename,
            line=text[: error.position].count("\n") + 1,
            fix="Ta bort styrtecknet; en fallfil är vanlig text.",
        ) from None
    except (YAMLError, RecursionError) as error:
        what = "nästlad för djupt" if isinstance(error, RecursionError) else _syntax(str(error))
        raise CaseFileError(
            f"YAML-texten går inte att läsa: {what}", file=filename, fix=_YAML_FIX
        ) from None
    except (ValueError, OverflowError) as error:
        if _long_number(text):
            raise _long_number_error(text, filename) from None
        raise CaseFileError(
            f"ett värde går inte att läsa{_date_reason(error)}",
            file=filename,
            line=_bad_date_line(text),
            fix="Kontrollera datumen: skriv dem som 2024-03-01, med en dag som finns.",
        ) from None
    except (AttributeError, IndexError, KeyError, TypeError):  # ruamel stumbles (+_, !!set)
        raise _unreadable_value(text, filename) from None
    if raw is None:
        raise CaseFileError("filen är tom", file=filename, line=1, fix=_FORMAT_FIX)
    tag = getattr(getattr(raw, "tag", None), "value", None)
    if tag is not None and not _is_map(raw):  # e.g. !!python/object/apply on the whole file
        plain(raw, filename)  # raises the tag's own message, with its line
    if not _is_map(raw):
        raise CaseFileError(
            f"översta nivån är {_kind(raw)}, men ska vara nycklar med värden",
            file=filename,
            line=1,
            fix=_FORMAT_FIX,
        )
    return raw


_LONG_NUMBER = re.compile(r"(?<![\w.])[-+]?[0-9]{31,}")


def _long_number(text: str) -> re.Match[str] | None:
    return _LONG_NUMBER.search(text)


def _long_number_error(text: str, filename: str) -> CaseFileError:
    found = _long_number(text)
    assert found is not None
    digits = len(found.group().lstrip("+-"))
    return CaseFileError(
        f"ett tal har {digits} siffror; inget värde i en fallfil behöver fler än {MAX_DIGITS}",
        file=filename,
        line=text[: found.start()].count("\n") + 1,
        fix="Skriv talet som det är menat, t.ex. horizon: 10 eller likely: 1.5e6.",
    )


def _unreadable_value(text: str, filename: str) -> CaseFileError:
    """The first value that ruamel cannot read even on its own, with its line and path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    def fails(source: str) -> bool:
        try:
            YAML(typ="rt", pure=True).load(f"v: {source}")
        except Exception:
            return True
        return False

    stack: list[tuple[Any, str]] = [(YAML(typ="rt", pure=True).compose(text), "")]
    found: tuple[str, int, str] | None = None
    while stack and found is None:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend((v, _join(path, str(k.value))) for k, v in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node.value))))
        elif isinstance(node, ScalarNode):
            source = text[node.start_mark.index : node.end_mark.index].strip()
            if fails(source):
                found = (source, node.start_mark.line + 1, path)
    if found is None:
        return CaseFileError("YAML-texten går inte att läsa", file=filename, fix=_YAML_FIX)
    source, line, path = found
    if source.startswith("!"):
        return CaseFileError(
            f"YAML-taggen {source.split()[0]} är inte tillåten",
            file=filename,
            line=line,
            path=path or None,
            fix=_TAG_FIX,
        )
    return CaseFileError(
        f"värdet '{source}' går inte att läsa: det liknar ett tal men är inget tal",
        file=filename,
        line=line,
        path=path or None,
        fix="Skriv talet med bara siffror, eller sätt citattecken runt text (t.ex. '+_').",
    )


def _duplicate_key(text: str, filename: str) -> CaseFileError:
    """Both lines of the first key given twice in one mapping (found in the node tree)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    stack: list[tuple[Any, str]] = [(YAML(typ="rt", pure=True).compose(text), "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name, line = str(key.value), key.start_mark.line + 1
                if name in seen:
                    return CaseFileError(
                        f"'{name}' står två gånger, på rad {seen[name]} och rad {line}",
                        file=filename,
                        line=line,
                        path=_join(path, name),
                        fix="Behåll en av dem (YAML slår inte ihop upprepade nycklar).",
                    )
                seen[name] = line
                stack.append((value, _join(path, name)))
        elif isinstance(node, SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node.value))
    return CaseFileError("en nyckel står två gånger", file=filename, fix="Behåll en av dem.")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _bad_date_line(text: str) -> int | None:
    """The line of the first date that does not exist (2024-02-30), if that is the problem."""
    for line_number, line in enumerate(text.splitlines(), start=1):
        for found in re.findall(r"(?<![\w.-])(\d{4}-\d{1,2}-\d{1,2})(?![\w.-])", line):
            try:
                date(*map(int, found.split("-")))
            except ValueError:
                return line_number
    return None


def _is_map(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedOrderedMap

    return isinstance(value, CommentedMap) and not isinstance(value, CommentedOrderedMap)


def _kind(value: Any) -> str:
    return "en lista" if isinstance(value, list) else "ett enstaka värde"


def _syntax(problem: str) -> str:
    """ruamel's English description of a syntax error in Swedish (the known ones)."""
    for english, swedish in _SYNTAX:
        if english in problem:
            return swedish
    return "texten följer inte YAML:s regler"


def _date_reason(error: Exception) -> str:
    text = str(error)
    if "day is out of range" in text:
        return " (dagen finns inte i månaden)"
    if "month must be" in text:
        return " (månaden ska vara 1–12)"
    return ""


def plain(raw: Any, filename: str) -> Any:
    """Round-trip YAML data as plain dicts, lists and scalars; tags and other constructed
    objects are a CaseFileError (a case file is data only)."""
    from ruamel.yaml.comments import CommentedSeq, TaggedScalar

    count = 0

    def convert(value: Any, path: Path_, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_VALUES or depth > MAX_DEPTH:
            raise CaseFileError(
                f"filen har fler än {number(MAX_VALUES)} värden eller är nästlad djupare "
                f"än {MAX_DEPTH} nivåer",
                file=filename,
                line=line_of(raw, path),
                path=format_path(path) or None,
                fix="Ta bort upprepade YAML-alias (*namn); en fallfil är liten.",
            )
        tag = getattr(getattr(value, "tag", None), "value", None)
        if isinstance(value, TaggedScalar) and tag == "tag:yaml.org,2002:str":
            return str(value.value)
        if tag is None and _is_map(value):
            return {str(k): convert(v, (*path, str(k)), depth + 1) for k, v in value.items()}
        if tag is None and isinstance(value, CommentedSeq):
            return [convert(v, (*path, i), depth + 1) for i, v in enumerate(value)]
        if tag is None and isinstance(value, _SCALARS):
            return _scalar(value)
        raise CaseFileError(
            f"YAML-taggen {_tag_name(tag, value)} är inte tillåten",
            file=filename,
            line=line_of(raw, path),
            path=format_path(path) or None,
            fix=_TAG_FIX,
        )

    return convert(raw, (), 0)


_SCALARS = (str, int, float, date, type(None))


def _tag_name(tag: str | None, value: Any) -> str:
    if tag is None:
        names = {"bytes": "!!binary", "CommentedSet": "!!set", "CommentedOrderedMap": "!!omap"}
        return names.get(type(value).__name__, f"!!{type(value).__name__}")
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(value: Any) -> Any:
    """ruamel's scalar subclasses (ScalarFloat, TimeStamp, …) as the plain built-in types."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime):
        return datetime(*value.timetuple()[:6])
    return date(value.year, value.month, value.day)


# --- places ------------------------------------------------------------------------------


def parse_path(path: str) -> Path_:
    """A key path as written in messages, split into keys and indexes.

    >>> parse_path("benefits[1].factors.tid_per_brev.formula")
    ('benefits', 1, 'factors', 'tid_per_brev', 'formula')
    """
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path))


def format_path(path: Path_) -> str:
    """The inverse of `parse_path`.

    >>> format_path(("benefits", 2, "category"))
    'benefits[2].category'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else _join(text, part)[len(text) :]
    return text


def line_of(raw: Any, path: Path_) -> int:
    """The 1-based line of a key path in round-trip YAML data, or of its nearest parent."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line = raw.lc.line + 1 if hasattr(raw, "lc") and raw.lc.line is not None else 1
    node = raw
    for part in path:
        if isinstance(node, CommentedMap):
            key = next((k for k in node if str(k) == str(part)), None)
            if key is None:
                break
            line, node = node.lc.key(key)[0] + 1, node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, node = node.lc.item(part)[0] + 1, node[part]
        else:
            break
    return line


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_VALUES",
    "format_path",
    "line_of",
    "parse_path",
    "plain",
    "read_yaml",
    "too_large",
]
