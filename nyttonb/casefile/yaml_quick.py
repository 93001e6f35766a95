"""A case file's YAML read quickly, for the files the full reader would read the same way.

`nyttonb.casefile.load` reads a case file with ruamel's round-trip loader, which knows the line of
every key and reads YAML 1.2; it is written in Python and takes about 60 ms for a shipped
case, more than the case's whole calculation. libyaml, through PyYAML's C parser, builds the
same node tree in a few milliseconds. `quick_read` uses it and turns the nodes into plain data
itself, with the line of every key and list item, by YAML 1.2's core schema.

It answers only where it is sure to agree with the full reader, and None everywhere else:
explicit tags, merge keys, complex keys, repeated keys, directives, more than one document,
characters that YAML 1.1 reads as line breaks, and plain scalars that YAML 1.1 and 1.2 (or
ruamel) read differently (``yes``, ``0777``, ``1_000``, ``1:30``, ``.inf``, ``1e3``, times).
For None, and for any problem in the data, `nyttonb.casefile.load` reads the file again with
the full reader, so every message about a case file comes from one place. A test compares the two
readers on every shipped and test case and on generated documents. `read_data` reads the
data files nyttonb ships (factor library, price indices) the same way, so that `nyttonb calc`
never loads ruamel for them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from nyttonb.casefile.yaml_full import MAX_DEPTH, MAX_DIGITS, MAX_VALUES, Path_

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Plain scalars whose reading depends on the YAML version or the reader: YAML 1.1's booleans,
# anything number- or time-like that the two patterns above do not take, and .inf/.nan.
_UNSURE = re.compile(
    r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<"
    r"|[-+]?[0-9._:][0-9a-zA-Z_:.+-]*"
    r"|[-+]?\.[A-Za-z_]+"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt \t].*"
)
_BLOCK_HEADER = re.compile(r"[|>][1-9+-]{0,2}(?:[ \t]+#.*)?[ \t]*\r?")
_YAML_11_BREAKS = ("\x85", "\u2028", "\u2029")

_PLAIN_TAG = "tag:nyttonb:plain"
_TEXT_TAG = "tag:nyttonb:text"
_MAP_TAG = "tag:nyttonb:map"
_SEQ_TAG = "tag:nyttonb:seq"
_EXPLICIT_TAG = "tag:nyttonb:explicit"


class _Unsure(Exception):
    """The quick reader cannot be sure the full reader reads this the same way."""


@dataclass(frozen=True, slots=True)
class QuickRead:
    """Plain data (dicts, lists, str, int, float, bool, date, None) and 1-based lines."""

    data: dict[str, Any]
    lines: Mapping[Path_, int]

    def line(self, path: Path_) -> int:
        """The line of `path`, or of its nearest parent that has one (1 for the top)."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(path[:end])
            if found is not None:
                return found
        return 1


def quick_read(text: str) -> QuickRead | None:
    """`text` as plain data with lines, or None where only the full reader can tell."""
    loader_class = _loader_class()
    if loader_class is None:
        return None  # no libyaml: the full reader does all the work
    if text.lstrip().startswith("%") or any(c in text for c in _YAML_11_BREAKS):
        return None
    import yaml

    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is None or node.tag != _MAP_TAG:
        return None
    reader = _Reader(text)
    try:
        data = reader.value(node, (), 0)
    except (_Unsure, RecursionError):
        return None
    return QuickRead(data, reader.lines)


def read_data(text: str) -> Any:
    """A data file that nyttonb ships (factor library, price indices) as plain data.

    The quick reading where it is sure, else ruamel's safe loader (YAML 1.2 as well); the
    quick reading gives every mapping key as a string. A YAML error is a ValueError.
    """
    quick = quick_read(text)
    if quick is not None:
        return quick.data
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except YAMLError as error:
        raise ValueError(str(error)) from None


@functools.cache
def _loader_class() -> Any:
    """libyaml's parser and composer, with every implicit tag left to `_Reader` (or None)."""
    try:
        import yaml
        from yaml.cyaml import CParser
    except ImportError:
        return None

    class Loader(CParser):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # Neither implicit flag: the non-specific tag "!" was written; ruamel reads that
            # its own way, so the full reader decides.
            if kind is yaml.ScalarNode:
                if not any(implicit):
                    return _EXPLICIT_TAG
                return _PLAIN_TAG if implicit[0] else _TEXT_TAG
            if not implicit:
                return _EXPLICIT_TAG
            return _MAP_TAG if kind is yaml.MappingNode else _SEQ_TAG

        def descend_resolver(self, parent: Any, index: Any) -> None:
            """No path-dependent tags."""

        def ascend_resolver(self) -> None:
            """No path-dependent tags."""

    return Loader


class _Reader:
    """Nodes to plain data by YAML 1.2's core schema, noting the line of every key and item."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path_, int] = {}
        self.count = 0

    def value(self, node: Any, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            raise _Unsure  # the full reader says what is wrong with such a file
        if node.tag == _MAP_TAG:
            return self.mapping(node, path, depth)
        if node.tag == _SEQ_TAG:
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = item.start_mark.line + 1
                items.append(self.value(item, (*path, index), depth + 1))
            return items
        if node.tag == _TEXT_TAG:
            if node.style in ("|", ">"):
                self.check_block_header(node)
            return str(node.value)
        if node.tag == _PLAIN_TAG:
            return scalar(node.value)
        raise _Unsure  # an explicit tag

    def check_block_header(self, node: Any) -> None:
        """A block scalar's first line as both readers take it: ``|`` or ``>``, indicators,
        then nothing or a comment (libyaml also takes ``|#``, ruamel does not)."""
        start = node.start_mark.index
        end = self.text.find("\n", start)
        header = self.text[start : end if end >= 0 else len(self.text)]
        if not _BLOCK_HEADER.fullmatch(header):
            raise _Unsure

    def mapping(self, node: Any, path: Path_, depth: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        keys: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag not in (_PLAIN_TAG, _TEXT_TAG):
                raise _Unsure  # a list, mapping or tagged value as a key
            native = self.value(key_node, path, depth + 1)
            key = str(native)
            if key in data or native in keys:  # as Python sees them: true and 1 are one key
                raise _Unsure  # the full reader names both lines
            keys.add(native)
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            data[key] = self.value(value_node, (*path, key), depth + 1)
        return data


def scalar(text: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.2's core schema, or `_Unsure`.

    >>> [scalar(t) for t in ("368", "-0.5", "true", "~", "2024-03-01", "3 veckor")]
    [368, -0.5, True, None, datetime.date(2024, 3, 1), '3 veckor']
    """
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        if len(text) > MAX_DIGITS:
            raise _Unsure  # the full reader says where and why
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    found = _DATE.fullmatch(text)
    if found:
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:
            raise _Unsure from None
    if _UNSURE.fullmatch(text):
        raise _Unsure
    return text


__all__ = ["QuickRead", "quick_read", "read_data", "scalar"]
