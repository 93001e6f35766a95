"""Bounds checked before any YAML parser sees a case file, so hostile input fails fast.

A YAML parser's time and memory grow with what it is given: a stream that never ends
(``/dev/zero``) is read until memory runs out, and nested collections (``[[[[…]]]]``, a few
hundred deep, repeated) take the pure-Python parser minutes. So `read_bounded` reads at most
`MAX_BYTES` + 1 bytes whatever the file claims to be, and `check_nesting` counts nesting with
a cheap scan of the text (flow brackets, indentation, ``- `` on one line) and refuses more than
`MAX_DEPTH` levels. Both are far beyond any real case file.
"""

from __future__ import annotations

import re
from pathlib import Path

from nyttonb.casefile.yaml_full import MAX_BYTES, MAX_DEPTH, too_large
from nyttonb.errors import CaseFileError

_BRACKETS = re.compile(r"[\[\]{}\n]")
_LEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")


def read_bounded(path: Path, filename: str) -> bytes:
    """The bytes of `path`, at most `MAX_BYTES`; a larger (or endless) file is a CaseFileError."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_large(len(data), filename, at_least=True)
    return data


def check_nesting(text: str, filename: str) -> None:
    """A CaseFileError (with the line) if `text` nests deeper than `MAX_DEPTH` levels.

    Brackets inside quoted text count too: a case file has no reason for 40 in a row.

    >>> check_nesting("a: [[1, 2], {b: [3]}]", "x.yaml")
    >>> check_nesting("a: " + "[" * 50 + "]" * 50, "x.yaml")
    Traceback (most recent call last):
    ...
    nyttonb.errors.CaseFileError: x.yaml:1: YAML-texten är nästlad djupare än 40 nivåer...
    """
    depth, line = 0, 1
    for found in _BRACKETS.finditer(text):
        char = found.group()
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(filename, line)
        else:
            depth = max(0, depth - 1)
    indents: list[int] = []
    for number, row in enumerate(text.splitlines(), start=1):
        stripped = row.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        lead = _LEAD.match(row)
        width = lead.end() if lead else 0
        while indents and indents[-1] >= width:
            indents.pop()
        indents.append(width)
        dashes = row[:width].count("-")
        if len(indents) + dashes > MAX_DEPTH:
            raise _too_deep(filename, number)


def _too_deep(filename: str, line: int) -> CaseFileError:
    return CaseFileError(
        f"YAML-texten är nästlad djupare än {MAX_DEPTH} nivåer",
        file=filename,
        line=line,
        fix="En fallfil har bara några nivåer (en lista av nyttor och kostnader, var och en "
        "med sina faktorer); kontrollera parenteserna och indraget här.",
    )


__all__ = ["check_nesting", "read_bounded"]
