from __future__ import annotations

import contextlib
import copy
import pickle
import re
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nyttonb.core.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    Call,
    Name,
    Negate,
    Node,
    Number,
    parse,
    render,
)
from nyttonb.core.units import HOURS_PER_YEAR, KR_PER_YEAR, parse_unit
from nyttonb.errors import FormulaError, UnitError, number

ENV = {"a": 12.0, "b": 3.0, "c": 2.0, "d": 5.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5 * 200 * 368", 36800.0),
        ("a - b - c", 7.0),
        ("a / b / c", 2.0),
        ("a - (b - c)", 11.0),
        ("a / (b / c)", 8.0),
        ("a + b * c", 18.0),
        ("(a + b) * c", 30.0),
        ("-a * b", -36.0),
        ("-(a - b) * c", -18.0),
        ("a * -b", -36.0),
        ("- -a", 12.0),
        ("+a - +b", 9.0),
        ("a - -b", 15.0),
        ("min(a, b)", 3.0),
        ("max(a, b, d)", 12.0),
        ("min(max(a, d), max(b, c)) * 2", 6.0),
        ("max(min(a, 4), c, b / 2)", 4.0),
        ("min(a,b)+max(c,d)", 8.0),
        (".5 * a", 6.0),
        ("1e3 * b", 3000.0),
        ("1.5E-1 * 20", 3.0),
        ("2. * a", 24.0),
        ("  a\n*\tb  ", 36.0),
        ("_x1 + a", 13.0),
    ],
)
def test_evaluate_follows_arithmetic_precedence(text: str, expected: float) -> None:
    env = {**ENV, "_x1": 1.0}
    assert parse(text).evaluate(env) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a - b - c", Binary("-", Binary("-", Name("a"), Name("b")), Name("c"))),
        ("a / b / c", Binary("/", Binary("/", Name("a"), Name("b")), Name("c"))),
        ("-a * b", Binary("*", Negate(Name("a")), Name("b"))),
        ("a + b * 2", Binary("+", Name("a"), Binary("*", Name("b"), Number(2.0)))),
        ("min(a, max(b, 1))", Call("min", (Name("a"), Call("max", (Name("b"), Number(1.0)))))),
        ("+(a)", Name("a")),
    ],
)
def test_parse_builds_the_expected_tree(text: str, tree: Node) -> None:
    assert parse(text).root == tree


def test_names_are_distinct_in_order_of_first_use() -> None:
    formula = parse("tid * antal + min(tid, gräns_x) / antal * timkostnad".replace("ä", "a"))
    assert formula.names == ("tid", "antal", "grans_x", "timkostnad")
    assert parse("1 + 2").names == ()


def test_evaluate_with_no_names_returns_a_plain_number() -> None:
    assert parse("0.5 * 200 * 368").evaluate({}) == 36800.0


def test_vectorised_evaluation_equals_elementwise_python() -> None:
    rng = np.random.default_rng(7)
    env = {name: rng.uniform(0.5, 20.0, 10_000) for name in "abcd"}
    text = "min(a, b) * (c - d / a) + max(b, 3) / -c - a * b * c * d"
    result = parse(text).evaluate(env)
    assert isinstance(result, np.ndarray)
    assert result.shape == (10_000,)
    expected = [
        min(a, b) * (c - d / a) + max(b, 3) / -c - a * b * c * d
        for a, b, c, d in zip(env["a"], env["b"], env["c"], env["d"], strict=True)
    ]
    np.testing.assert_allclose(result, expected, rtol=1e-12)


def test_arrays_broadcast_against_floats() -> None:
    result = parse("a * k").evaluate({"a": np.array([1.0, 2.0, 3.0]), "k": 2.0})
    np.testing.assert_array_equal(result, [2.0, 4.0, 6.0])


def test_a_chain_as_long_as_the_length_limit_allows_is_evaluated() -> None:
    text = " + ".join(["a"] * 500)
    formula = parse(text)
    assert formula.evaluate({"a": 1.0}) == 500.0
    assert formula.unit({"a": KR_PER_YEAR}) == KR_PER_YEAR
    assert render(formula.root) == text


def test_unknown_name_suggests_a_close_one() -> None:
    with pytest.raises(FormulaError) as raised:
        parse("timkostnad * antal").evaluate({"timkostnad": 1.0, "antal_brev": 2.0})
    assert "okänt namn 'antal'" in raised.value.message
    assert raised.value.fix is not None
    assert "menade du 'antal_brev'?" in raised.value.fix.lower()


def test_division_by_zero_names_the_divisor() -> None:
    with pytest.raises(FormulaError) as raised:
        parse("a / antal_brukare").evaluate({"a": 1.0, "antal_brukare": 0.0})
    assert raised.value.message == ("division med noll: 'antal_brukare' är 0 i 'a / antal_brukare'")
    assert raised.value.fix == (
        "Ge den ett annat värde än 0 i alla utfall (Lägst, Troligt och Högst)."
    )


def test_division_by_zero_in_any_array_element_names_the_subexpression() -> None:
    env = {"a": np.ones(4), "b": np.array([3.0, 2.0, 1.0, 2.0]), "c": np.full(4, 2.0)}
    with pytest.raises(FormulaError, match=r"'b - c' är 0 i 'a \* 2 / \(b - c\)'"):
        parse("a * 2 / (b - c)").evaluate(env)


@pytest.mark.parametrize(
    ("text", "phrase", "offending", "column"),
    [
        ("os.system", "punkt efter ett namn är inte tillåten", ".system", 3),
        ("a.b * 2", "punkt efter ett namn är inte tillåten", ".b", 2),
        ("__import__('os')", "text är inte tillåten i en formel", "'os'", 12),
        ('a * "2"', "text är inte tillåten i en formel", '"2"', 5),
        ("open(a)", "bara min(...) och max(...) får anropas", "open", 1),
        ("a * exp(b)", "bara min(...) och max(...) får anropas", "exp", 5),
        ("a ** 2", "potenser är inte tillåtna; skriv a * a", "**", 3),
        ("a ^ 2", "potenser är inte tillåtna; skriv a * a", "^", 3),
        ("a²", "potenser är inte tillåtna; skriv a * a", "²", 2),
        ("0,5 * a", "decimalkomma", ",", 2),
        ("a, b", "komma får bara skilja", ",", 2),
        ("__class__", "får inte börja med '__'", "__class__", 1),
        ("a * __b", "får inte börja med '__'", "__b", 5),
        ("a[0]", "oväntat tecken", "[", 2),
        ("{a}", "oväntat tecken", "{", 1),
        ("a; b", "oväntat tecken", ";", 2),
        ("a = 1", "oväntat tecken", "=", 3),
        ("a @ b", "oväntat tecken", "@", 3),
        ("lambda: 0", "oväntat tecken", ":", 7),
        ("a if b else c", "ett räknetecken fattas", "if", 3),
        ("tid_för", "bara innehålla bokstäverna a–z", "ö", 6),
        ("(a + b", "stängs aldrig", "(", 1),
        ("min(a, b", "stängs aldrig", "(", 4),
        ("a + b)", "har ingen '(' före sig", ")", 6),
        ("a +", "slutar efter ett räknetecken", "+", 3),
        ("a * (b -", "slutar efter ett räknetecken", "-", 8),
        ("a * / b", "ett tal eller ett namn fattas", "/", 5),
        ("()", "ett tal eller ett namn fattas", ")", 2),
        ("a b", "ett räknetecken fattas", "b", 3),
        ("2a", "ett räknetecken fattas", "a", 2),
        ("min(a)", "minst två värden", "min", 1),
        ("max * 2", "ska följas av parentes", "max", 1),
        ("1e400", "för stort", "1e400", 1),
    ],
)
def test_rejected_formulas_name_the_text_and_column(
    text: str, phrase: str, offending: str, column: int
) -> None:
    with pytest.raises(FormulaError) as raised:
        parse(text)
    error = raised.value
    assert phrase.lower() in error.message.lower()
    assert f"'{offending}' i kolumn {column} i '{text}'" in error.message
    assert error.fix


def test_decimal_comma_hint_shows_the_number_with_a_point() -> None:
    with pytest.raises(FormulaError) as raised:
        parse("0,5 * timkostnad")
    assert raised.value.fix == "Skriv decimaler med punkt: 0.5"


def test_a_comma_inside_min_separates_values() -> None:
    assert parse("min(0,5)").evaluate({}) == 0.0


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_formula_is_rejected(text: str) -> None:
    with pytest.raises(FormulaError, match="formeln är tom"):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1),
        "-" * (MAX_DEPTH + 1) + "a",
        "min(" * (MAX_DEPTH + 1) + "a" + ", 1)" * (MAX_DEPTH + 1),
        "(" * 1500,
    ],
)
def test_deep_nesting_is_rejected(text: str) -> None:
    with pytest.raises(FormulaError, match=f"nästlad djupare än {MAX_DEPTH} nivåer"):
        parse(text)


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(text).evaluate({"a": 2.0}) == 2.0


def test_a_formula_longer_than_the_limit_is_rejected() -> None:
    with pytest.raises(FormulaError, match=f"högst {number(MAX_LENGTH)} är tillåtna"):
        parse("a" * (MAX_LENGTH + 1))


def test_the_unit_of_a_typical_item_is_money_per_year() -> None:
    units = {
        "tid_per_brev": parse_unit("min/st"),
        "brev_per_ar": parse_unit("st/år"),
        "timkostnad": parse_unit("kr/h"),
    }
    unit = parse("tid_per_brev * brev_per_ar * timkostnad").unit(units)
    assert unit == KR_PER_YEAR
    assert (unit.scale, unit.text) == (1.0, "kr/år")


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("a", "kr/år"),
        ("a + c * b", "kr/år"),
        ("min(a, c * b) - 2 * a", "kr/år"),
        ("a / b", "h/år"),
        ("a / c", "kr/h"),
        ("1 / b", "h/kr"),
        ("b * b", "kr²/h²"),
        ("b / b", "1"),
        ("2 * -a", "kr/år"),
        ("h * 3", "h/år"),
    ],
)
def test_unit_follows_the_arithmetic(text: str, described: str) -> None:
    units = {"a": KR_PER_YEAR, "b": parse_unit("kr/h"), "c": HOURS_PER_YEAR, "h": HOURS_PER_YEAR}
    assert parse(text).unit(units).describe() == described


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a + c", "det går inte att addera kr/år och h/år i 'a + c'"),
        ("a - b", "det går inte att subtrahera kr/år och kr/h i 'a - b'"),
        ("a + 1", "det går inte att addera kr/år och 1 i 'a + 1'"),
        ("min(a, c)", "det går inte att ta min av kr/år och h/år i 'min(a, c)'"),
        ("2 * max(a, a, b)", "det går inte att ta max av kr/år och kr/h i '2 * max(a, a, b)'"),
    ],
)
def test_adding_different_kinds_is_a_unit_error(text: str, message: str) -> None:
    units = {"a": KR_PER_YEAR, "b": parse_unit("kr/h"), "c": HOURS_PER_YEAR}
    with pytest.raises(UnitError) as raised:
        parse(text).unit(units)
    assert raised.value.message == message
    assert raised.value.fix is not None
    assert "samma slag" in raised.value.fix


def test_unit_of_an_unknown_name_is_a_formula_error() -> None:
    with pytest.raises(FormulaError, match="okänt namn 'tidd'"):
        parse("tidd * 2").unit({"tid": HOURS_PER_YEAR})


def test_formulas_compare_by_text_and_survive_copy_and_pickle() -> None:
    formula = parse("a * min(b, 2)")
    assert formula == parse("a * min(b, 2)")
    assert formula != parse("a * min(b, 3)")
    for clone in (copy.deepcopy(formula), pickle.loads(pickle.dumps(formula))):
        assert clone == formula
        assert clone.evaluate({"a": 2.0, "b": 5.0}) == 4.0
    assert "a * min(b, 2)" in repr(formula)


def test_the_parser_never_uses_eval() -> None:
    import inspect

    import nyttonb.core.formula
    import nyttonb.core.formula_syntax

    for module in (nyttonb.core.formula, nyttonb.core.formula_syntax):
        source = inspect.getsource(module)
        assert not re.search(r"(?<![.\w])(eval|exec|compile|literal_eval|__import__)\(", source)


@given(st.text(max_size=300))
def test_arbitrary_text_parses_or_raises_a_formula_error(text: str) -> None:
    with contextlib.suppress(FormulaError):
        parse(text)


_FORMULA_LIKE = st.text(alphabet="ab1.,()+-*/ _minax^e'", max_size=200)


@given(_FORMULA_LIKE)
def test_formula_like_text_parses_and_evaluates_or_raises_a_formula_error(text: str) -> None:
    try:
        formula = parse(text)
        formula.evaluate(dict.fromkeys(formula.names, 2.0))
    except FormulaError:
        pass


# A reference over plain floats, and trees as nested tuples rendered with full parentheses.
Tree = tuple[object, ...] | str | float

_NAMES = ("a", "b", "c", "x_1")
_LEAVES = st.sampled_from(_NAMES) | st.floats(0.001, 1000.0)


def _branches(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return (
        st.tuples(st.sampled_from("+-*/"), children, children)
        | st.tuples(st.just("neg"), children)
        | st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=2, max_size=3))
    )


_TREES = st.recursive(_LEAVES, _branches, max_leaves=12)


def _text(tree: Tree) -> str:
    if isinstance(tree, str):
        return tree
    if isinstance(tree, float):
        return repr(tree)
    if tree[0] == "neg":
        return f"-({_text(tree[1])})"  # type: ignore[arg-type]
    if tree[0] in ("min", "max"):
        return f"{tree[0]}({', '.join(_text(arg) for arg in tree[1])})"  # type: ignore[attr-defined]
    return f"({_text(tree[1])}) {tree[0]} ({_text(tree[2])})"  # type: ignore[arg-type]


def _reference(tree: Tree, env: Mapping[str, float]) -> float:
    if isinstance(tree, str):
        return env[tree]
    if isinstance(tree, float):
        return tree
    if tree[0] == "neg":
        return -_reference(tree[1], env)  # type: ignore[arg-type]
    if tree[0] in ("min", "max"):
        values = [_reference(arg, env) for arg in tree[1]]  # type: ignore[attr-defined]
        return min(values) if tree[0] == "min" else max(values)
    left, right = _reference(tree[1], env), _reference(tree[2], env)  # type: ignore[arg-type]
    if tree[0] == "/":
        return left / right
    return {"+": left + right, "-": left - right, "*": left * right}[str(tree[0])]


_ENVS = st.fixed_dictionaries({name: st.floats(0.001, 1000.0) for name in _NAMES})


@given(_TREES, _ENVS)
def test_evaluate_equals_a_reference_evaluator(tree: Tree, env: dict[str, float]) -> None:
    formula = parse(_text(tree))
    try:
        expected = _reference(tree, env)
    except ZeroDivisionError:
        with pytest.raises(FormulaError, match="division med noll"):
            formula.evaluate(env)
        return
    assert formula.evaluate(env) == expected  # same operations in the same order: exact


@given(_TREES)
def test_render_reads_back_as_the_same_tree(tree: Tree) -> None:
    root = parse(_text(tree)).root
    assert parse(render(root)).root == root
