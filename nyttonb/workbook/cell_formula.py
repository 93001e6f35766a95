"""nyttonb formulas as spreadsheet formulas, and spreadsheet formulas back as nyttonb formulas.

Export writes a formula's syntax tree with every factor name replaced by a cell reference
(``tid * antal`` → ``=$J$12*$J$13``). Import reads a cell's formula with a tokenizer of its own
that knows only numbers, cell references (optionally on another sheet), ``+ - * /``,
parentheses and MIN/MAX; every reference must name a factor cell, and the result is checked by
nyttonb's formula parser. Anything else (other functions, ranges, names, external workbooks) is
`Unsupported`, and the caller imports the cell's value instead.

>>> from nyttonb.core.formula import parse
>>> to_excel(parse("min(a, b) / (c - 2)").root, {"a": "$J$5", "b": "$J$6", "c": "$J$7"}.get)
'MIN($J$5,$J$6)/($J$7-2)'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nyttonb.core.formula import Binary, Call, Name, Negate, Node

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def to_excel(node: Node, ref: Callable[[str], str | None]) -> str:
    """The spreadsheet formula (without "=") of a syntax tree; `ref` maps a name to a cell."""
    if isinstance(node, Binary):
        text, level = to_excel(node.left, ref), _level(node.left)
        if _PRECEDENCE[node.op] > level:
            text = f"({text})"
        right = to_excel(node.right, ref)
        if _level(node.right) <= _PRECEDENCE[node.op]:
            right = f"({right})"
        return f"{text}{node.op}{right}"
    if isinstance(node, Negate):
        operand = to_excel(node.operand, ref)
        return f"-({operand})" if _level(node.operand) < 3 else f"-{operand}"
    if isinstance(node, Call):
        return f"{node.func.upper()}({','.join(to_excel(arg, ref) for arg in node.args)})"
    if isinstance(node, Name):
        cell = ref(node.name)
        if cell is None:
            raise KeyError(node.name)
        return cell
    return _number(node.value)


def _number(value: float) -> str:
    text = repr(float(value))
    return text.removesuffix(".0") if "e" not in text else text.upper()


def _level(node: Node) -> int:
    if isinstance(node, Binary):
        return _PRECEDENCE[node.op]
    return 3 if isinstance(node, Negate) else 4


@dataclass(frozen=True, slots=True)
class CellRef:
    """A reference to one cell: sheet (None for the formula's own sheet), column and row."""

    sheet: str | None
    column: str
    row: int


class Unsupported(Exception):
    """A formula outside what import translates; the message says why, in Swedish."""


_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-zÅÄÖåäö_][\wÅÄÖåäö.]*)!)?\$?[A-Za-z]{1,3}\$?[0-9]+)"
    r"|(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?)"
    r"|(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\("
    r"|(?P<op>[-+*/])|(?P<open>\()|(?P<close>\))|(?P<sep>[,;])"
    r")"
)
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)$")


def parse_ref(text: str) -> CellRef:
    """A reference as written in a formula: ``$J$5``, ``'Värde nyttor'!J5``, ``Start!B12``.

    >>> parse_ref("'Värde nyttor'!$J$5")
    CellRef(sheet='Värde nyttor', column='J', row=5)
    """
    sheet = None
    if "!" in text:
        sheet_text, text = text.rsplit("!", 1)
        sheet = sheet_text[1:-1].replace("''", "'") if sheet_text.startswith("'") else sheet_text
    match = _CELL.match(text)
    if match is None:  # pragma: no cover - the tokenizer only passes references
        raise Unsupported(f"'{text}' är ingen cellreferens")
    return CellRef(sheet, match[1].upper(), int(match[2]))


def from_excel(formula: str, name_of: Callable[[CellRef], str]) -> str:
    """The nyttonb formula text of a spreadsheet formula (with or without "=").

    `name_of` gives the factor name a referenced cell means, or raises `Unsupported`.

    >>> from_excel("=MIN($J$5,J6)/(J7-2)", lambda ref: {5: "a", 6: "b", 7: "c"}[ref.row])
    'min(a, b) / (c - 2)'
    """
    from nyttonb.core.formula import parse, render
    from nyttonb.errors import FormulaError

    text = formula.strip().removeprefix("=")
    if "[" in text:
        raise Unsupported(
            "formeln hänvisar till en annan arbetsbok (extern länk), som aldrig följs"
        )
    parts: list[str] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None:
            raise Unsupported(
                f"'{text[position:].strip()[:20]}' i formeln kan inte läsas som en nyttonb-formel"
            )
        parts.append(_translate(match, name_of))
        position = match.end()
    try:
        return render(parse(" ".join(parts)).root)
    except FormulaError as error:
        raise Unsupported(
            f"formeln går inte att läsa som en nyttonb-formel ({error.message})"
        ) from None


def _translate(match: re.Match[str], name_of: Callable[[CellRef], str]) -> str:
    kind, token = match.lastgroup, match[match.lastgroup or 0]
    if kind == "ref":
        return name_of(parse_ref(token))
    if kind == "number":
        return repr(float(token[:-1]) / 100) if token.endswith("%") else token
    if kind == "func":
        if token.upper() not in ("MIN", "MAX"):
            raise Unsupported(
                f"funktionen {token.upper()} finns inte i nyttonbs formler "
                "(bara + - * /, parenteser, MIN och MAX)"
            )
        return token.lower() + "("
    return "," if kind == "sep" else token
