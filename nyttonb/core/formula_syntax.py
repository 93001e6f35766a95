"""The syntax of formulas: tokens, a recursive-descent parser and the syntax tree.

Private to `nyttonb.core.formula` (which documents the grammar and re-exports the tree's node
types); kept apart so that each module stays short. No `eval`, no `ast`: every character is
read here, and anything outside the grammar is a `FormulaError` naming the text and column.

Deep left-leaning chains (``a + b + ... + z``, up to 1000 terms within the length limit) are
built and walked in loops (`spine`), so only nesting (parentheses, unary signs, calls),
bounded by `MAX_DEPTH`, costs stack.

>>> render(parse_tree("(a - (b - c)) * -(d)"))
'(a - (b - c)) * -d'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from nyttonb.errors import FormulaError, number

MAX_LENGTH = 2000
MAX_DEPTH = 50
FUNCTIONS = ("min", "max")


@dataclass(frozen=True, slots=True)
class Number:
    value: float


@dataclass(frozen=True, slots=True)
class Name:
    name: str


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Node, ...]


Node: TypeAlias = Number | Name | Negate | Binary | Call


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "name", "op", "(", ")", ",", "end"
    text: str
    column: int


_TOKEN = re.compile(
    r"(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/])|(?P<punct>[(),])"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED = re.compile(r"""'[^']*'?|"[^"]*"?""")
_SUPPORT = "Skriv räkning med faktornamn: + - * /, parenteser, tal, min(...) och max(...)."
_OPERAND_FIX = "Lägg till talet eller namnet som fattas, eller ta bort räknetecknet."


def clip(text: str, width: int = 80) -> str:
    """`text` cut to `width` characters for an error message."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _fail(text: str, column: int, offending: str, reason: str, fix: str) -> FormulaError:
    return FormulaError(f"{reason}: '{offending}' i kolumn {column} i '{clip(text)}'", fix=fix)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        match = _TOKEN.match(text, i)
        if text[i].isspace():
            i += 1
        elif match is None or text.startswith("**", i):
            raise _bad_character(text, i)
        else:
            kind = match.lastgroup or ""
            tokens.append(_Token(match[0] if kind == "punct" else kind, match[0], i + 1))
            i = match.end()
    return [*tokens, _Token("end", "", len(text) + 1)]


def _bad_character(text: str, i: int) -> FormulaError:
    char, attribute, quoted = text[i], _NAME.match(text, i + 1), _QUOTED.match(text, i)
    if char in "*^²³":
        return _fail(
            text,
            i + 1,
            text[i : i + 2] if char == "*" else char,
            "potenser är inte tillåtna; skriv a * a",
            _SUPPORT,
        )
    if quoted:
        return _fail(
            text,
            i + 1,
            quoted[0],
            "text är inte tillåten i en formel",
            "Hänvisa till faktorer med namn och skriv tal utan citattecken.",
        )
    if char == "." and attribute:
        reason = "punkt efter ett namn är inte tillåten"
        return _fail(text, i + 1, "." + attribute[0], reason, _SUPPORT)
    if char.isalnum():
        return _fail(
            text,
            i + 1,
            char,
            "namn får bara innehålla bokstäverna a–z, siffror och _",
            "Skriv namnet utan å, ä och ö, t.ex. tid_for_brev.",
        )
    return _fail(text, i + 1, char, "oväntat tecken", _SUPPORT)


class _Parser:
    """Recursive descent over the tokens; `depth` bounds the recursion."""

    def __init__(self, text: str) -> None:
        self.text, self.tokens, self.pos, self.depth = text, _tokenize(text), 0, 0

    def parse(self) -> Node:
        if self.tokens[0].kind == "end":
            raise FormulaError("formeln är tom", fix="Skriv en formel, till exempel a * b.")
        node = self.sum()
        if self.peek().kind != "end":
            raise self.unexpected(self.peek())
        return node

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        self.pos += 1
        return self.tokens[self.pos - 1]

    def fail(self, token: _Token, reason: str, fix: str = _SUPPORT) -> FormulaError:
        return _fail(self.text, token.column, token.text, reason, fix)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(
                token,
                f"formeln är nästlad djupare än {MAX_DEPTH} nivåer",
                "Dela upp den i härledda faktorer.",
            )

    def sum(self) -> Node:
        node = self.product()
        while self.peek().kind == "op" and self.peek().text in "+-":
            node = Binary(self.take().text, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            node = Binary(self.take().text, node, self.unary())
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token.kind != "op" or token.text not in "+-":
            return self.primary()
        self.take()
        self.enter(token)
        operand = self.unary()
        self.depth -= 1
        return Negate(operand) if token.text == "-" else operand

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "number" and np.isfinite(float(token.text)):
            return Number(float(token.text))
        if token.kind == "number":
            raise self.fail(token, "talet är för stort", "Skriv ett mindre tal.")
        if token.kind == "name":
            return self.name(token)
        if token.kind != "(":
            raise self.unexpected(token)
        self.enter(token)
        node = self.sum()
        self.close(token)
        return node

    def name(self, token: _Token) -> Node:
        if token.text.startswith("__"):
            raise self.fail(
                token, "namn får inte börja med '__'", "Låt faktornamnet börja med en bokstav."
            )
        if self.peek().kind == "(":
            return self.call(token)
        if token.text in FUNCTIONS:
            raise self.fail(
                token, f"{token.text} ska följas av parentes", f"Skriv {token.text}(a, b)."
            )
        return Name(token.text)

    def call(self, token: _Token) -> Call:
        if token.text not in FUNCTIONS:
            raise self.fail(
                token,
                "bara min(...) och max(...) får anropas",
                "Skriv ut räkningen med + - * /, eller använd min/max.",
            )
        opening = self.take()
        self.enter(opening)
        args = [self.sum()]
        while self.peek().kind == ",":
            self.take()
            args.append(self.sum())
        self.close(opening)
        if len(args) < 2:
            raise self.fail(
                token,
                f"{token.text}(...) behöver minst två värden",
                f"Skriv {token.text}(a, b); med ett enda värde, skriv bara värdet.",
            )
        return Call(token.text, tuple(args))

    def close(self, opening: _Token) -> None:
        token = self.take()
        if token.kind == "end":
            raise self.fail(opening, "'(' stängs aldrig", "Lägg till ')' som fattas.")
        if token.kind != ")":
            raise self.unexpected(token)
        self.depth -= 1

    def unexpected(self, token: _Token) -> FormulaError:
        """The error for `token` where it cannot stand, saying what is missing."""
        index = self.tokens.index(token)
        before, after = self.tokens[index - 1], self.tokens[min(index + 1, len(self.tokens) - 1)]
        if token.kind == "end":
            ending = "ett räknetecken" if before.kind == "op" else f"'{before.text}'"
            return self.fail(before, f"formeln slutar efter {ending}", _OPERAND_FIX)
        if token.kind == "," and before.kind == after.kind == "number":
            return self.fail(
                token,
                "decimalkomma är inte tillåtet i en formel",
                f"Skriv decimaler med punkt: {before.text}.{after.text}",
            )
        if token.kind == ",":
            return self.fail(token, "komma får bara skilja värdena i min() eller max()")
        if before.kind in ("op", "(", ",") and index > 0:
            return self.fail(token, "ett tal eller ett namn fattas före det", _OPERAND_FIX)
        if token.kind == ")":
            return self.fail(
                token, "')' har ingen '(' före sig", "Ta bort den eller sätt '(' före."
            )
        return self.fail(
            token,
            "ett räknetecken fattas före det",
            f"Sätt +, -, * eller / mellan '{before.text}' och '{token.text}'.",
        )


def parse_tree(text: str) -> Node:
    """The syntax tree of `text`, or a `FormulaError` saying what is wrong and where."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"formeln är {number(len(text))} tecken lång; högst {number(MAX_LENGTH)} är tillåtna",
            fix="Dela upp den i härledda faktorer.",
        )
    return _Parser(text).parse()


def spine(node: Binary) -> tuple[Node, list[Binary]]:
    """A left-leaning chain ``((a op b) op c) op d`` as its leftmost operand and its steps.

    Chains are walked in a loop, so 1000 terms in a row never exhaust Python's stack.
    """
    steps: list[Binary] = []
    first: Node = node
    while isinstance(first, Binary):
        steps.append(first)
        first = first.left
    return first, steps[::-1]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(node: Node) -> str:
    """The formula text of `node`, with only the parentheses it needs.

    >>> render(parse_tree("min(a, 2) / (b * c)"))
    'min(a, 2) / (b * c)'
    """
    if isinstance(node, Binary):
        first, steps = spine(node)
        text, level = render(first), _level(first)
        for step in steps:
            if _PRECEDENCE[step.op] > level:
                text = f"({text})"
            right = render(step.right)
            if _level(step.right) <= _PRECEDENCE[step.op]:
                right = f"({right})"
            text, level = f"{text} {step.op} {right}", _PRECEDENCE[step.op]
        return text
    if isinstance(node, Negate):
        operand = render(node.operand)
        return f"-({operand})" if _level(node.operand) < 3 else f"-{operand}"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(render(arg) for arg in node.args)})"
    if isinstance(node, Name):
        return node.name
    return repr(node.value).removesuffix(".0")


def _level(node: Node) -> int:
    if isinstance(node, Binary):
        return _PRECEDENCE[node.op]
    return 3 if isinstance(node, Negate) else 4


def names_in(node: Node) -> list[str]:
    """Every name in `node` in the order written, repeats included."""
    if isinstance(node, Binary):
        first, steps = spine(node)
        return names_in(first) + [n for step in steps for n in names_in(step.right)]
    if isinstance(node, Negate):
        return names_in(node.operand)
    if isinstance(node, Call):
        return [n for arg in node.args for n in names_in(arg)]
    return [node.name] if isinstance(node, Name) else []
