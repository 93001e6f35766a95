"""Formulas: arithmetic over factor names, read by a small parser of our own (never `eval`).

Grammar (whitespace is ignored between tokens)::

    formula  := sum
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | primary
    primary  := number | name | "(" sum ")" | ("min" | "max") "(" sum ("," sum)+ ")"
    number   := 123 | 0.5 | .5 | 1e3          (a decimal point, never a comma)
    name     := [A-Za-z_][A-Za-z0-9_]*        (not starting with "__")

Operators are left-associative (``a - b - c`` is ``(a - b) - c``) and unary minus binds
tighter than ``*``. Everything else (attribute access, text in quotes, calls other than min
and max, powers, brackets, assignments) is a `FormulaError` naming the text and its column.
A formula longer than 2000 characters or nested deeper than 50 levels is refused.

Values are computed in **base units**: the caller converts each factor's value with its
unit's scale (`nyttonb.core.units.Unit.scale`) before `Formula.evaluate`, so 30 ``min/st`` arrives
as 0.5 h/st and users never divide by 60 themselves. `Formula.unit` gives the dimension of
the result, so the caller can check that a money item comes out in kr/år.

>>> parse("0.5 * 200 * 368").evaluate({})
36800.0
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from nyttonb.core.formula_syntax import (
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    Call,
    Name,
    Negate,
    Node,
    Number,
    clip,
    names_in,
    parse_tree,
    render,
    spine,
)
from nyttonb.core.units import DIMENSIONLESS, Unit
from nyttonb.errors import FormulaError, UnitError, did_you_mean

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Binary",
    "Call",
    "Env",
    "Formula",
    "Name",
    "Negate",
    "Node",
    "Number",
    "Value",
    "parse",
    "render",
]

Value: TypeAlias = "npt.NDArray[np.float64] | float"
Env: TypeAlias = Mapping[str, Value]
_Compiled: TypeAlias = Callable[[Env], Any]


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}
_REDUCERS = {"min": np.minimum, "max": np.maximum}


def _compile(node: Node, text: str) -> _Compiled:
    """Nested closures doing `node`'s arithmetic, so evaluation does no tree dispatch.

    Measured: a product of 10 names over 10 000-element arrays evaluates in about 0.07 ms,
    against 0.04 ms for the same multiplications written out in numpy: well under 1 ms.
    """
    if isinstance(node, Number):
        value = node.value
        return lambda env: value
    if isinstance(node, Name):
        return operator.itemgetter(node.name)
    if isinstance(node, Negate):
        inner = _compile(node.operand, text)
        return lambda env: -inner(env)
    if isinstance(node, Call):
        reducer = _REDUCERS[node.func]
        args = tuple(_compile(arg, text) for arg in node.args)
        return lambda env: functools.reduce(reducer, [arg(env) for arg in args])
    return _compile_chain(node, text)


def _compile_chain(node: Binary, text: str) -> _Compiled:
    first, steps = spine(node)
    start = _compile(first, text)
    ops = tuple(
        (
            _divide(render(step.right), text) if step.op == "/" else _OPERATORS[step.op],
            _compile(step.right, text),
        )
        for step in steps
    )
    if len(ops) == 1:
        ((apply, right),) = ops
        return lambda env: apply(start(env), right(env))

    def run(env: Env) -> Any:
        value = start(env)
        for apply, right in ops:
            value = apply(value, right(env))
        return value

    return run


def _divide(divisor: str, text: str) -> Callable[[Any, Any], Any]:
    def divide(dividend: Any, value: Any) -> Any:
        if np.any(value == 0):
            raise FormulaError(
                f"division med noll: '{clip(divisor, 60)}' är 0 i '{clip(text)}'",
                fix="Ge den ett annat värde än 0 i alla utfall (Lägst, Troligt och Högst).",
            )
        return dividend / value

    return divide


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: its text, its syntax tree and the names it uses, in order of first use.

    Two formulas are equal when their texts are. Build one with `parse`.
    """

    text: str
    root: Node = field(repr=False, compare=False)
    names: tuple[str, ...] = field(init=False)
    _run: _Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(dict.fromkeys(names_in(self.root))))
        object.__setattr__(self, "_run", _compile(self.root, self.text))

    def __reduce__(self) -> tuple[Callable[[str], Formula], tuple[str]]:
        return parse, (self.text,)

    def evaluate(self, env: Env) -> npt.NDArray[np.float64] | float:
        """The formula's value, elementwise over numpy arrays (values in base units).

        >>> import numpy as np
        >>> parse("min(a, b) / 2").evaluate({"a": np.array([4.0, 9.0]), "b": 6.0})
        array([2., 3.])
        """
        self._check_names(env)
        result: npt.NDArray[np.float64] | float = self._run(env)
        return result

    def unit(self, units: Mapping[str, Unit]) -> Unit:
        """The unit of the result, in base units, given each name's unit.

        >>> from nyttonb.core.units import parse_unit
        >>> parse("t * n * k").unit({"t": parse_unit("min/st"), "n": parse_unit("st/år"),
        ...                          "k": parse_unit("kr/h")}).text
        'kr/år'
        """
        self._check_names(units)
        return _unit_of(self.root, units, self.text).base

    def _check_names(self, known: Mapping[str, object]) -> None:
        for name in self.names:
            if name not in known:
                hint = did_you_mean(name, known)
                raise FormulaError(
                    f"okänt namn '{name}' i '{clip(self.text)}'",
                    fix=(hint.capitalize() + " " if hint else "")
                    + "Lägg till den som faktor eller rätta stavningen.",
                )


def parse(text: str) -> Formula:
    """Parse `text` into a `Formula`, or raise `FormulaError` saying what is wrong and where.

    >>> parse("tid * antal + 2 * tid").names
    ('tid', 'antal')
    >>> parse("os.system('x')")
    Traceback (most recent call last):
    ...
    nyttonb.errors.FormulaError: punkt efter ett namn är inte tillåten: '.system' i kolumn 3 i ...
    """
    return Formula(text, parse_tree(text))


_VERBS = {"+": "addera", "-": "subtrahera", "min": "ta min av", "max": "ta max av"}


def _unit_of(node: Node, units: Mapping[str, Unit], text: str) -> Unit:
    if isinstance(node, Number):
        return DIMENSIONLESS
    if isinstance(node, Name):
        return units[node.name].base
    if isinstance(node, Negate):
        return _unit_of(node.operand, units, text)
    if isinstance(node, Call):
        found = [_unit_of(arg, units, text) for arg in node.args]
        _same_kind(node.func, list(zip(node.args, found, strict=True)), text)
        return found[0]
    first, steps = spine(node)
    unit = _unit_of(first, units, text)
    for step in steps:
        right = _unit_of(step.right, units, text)
        if step.op in "+-":
            _same_kind(step.op, [(step.left, unit), (step.right, right)], text)
        else:
            unit = unit * right if step.op == "*" else unit / right
    return unit


def _same_kind(op: str, operands: Sequence[tuple[Node, Unit]], text: str) -> None:
    (first_node, first), *rest = operands
    for node, unit in rest:
        if not unit.same_kind(first):
            left, right = clip(render(first_node), 60), clip(render(node), 60)
            raise UnitError(
                f"det går inte att {_VERBS[op]} {first.describe()} och {unit.describe()} i "
                f"'{clip(text)}'",
                fix=f"'{left}' är {first.describe()} men '{right}' är {unit.describe()}; värden "
                f"som förenas med {op} ska vara av samma slag. Kontrollera faktorernas enheter.",
            )
