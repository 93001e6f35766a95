"""The case loader never fails with a traceback: any text gives a Case or a NyttonbError."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from builders import CASES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from nyttonb.casefile.load import load_case_text
from nyttonb.casefile.schema import CaseFile, Cost, FactorRow
from nyttonb.core.model import Case
from nyttonb.errors import NyttonbError

EXAMPLE = (CASES / "inera_example.yaml").read_text(encoding="utf-8")
KEYS = sorted({*CaseFile.model_fields, *Cost.model_fields, *FactorRow.model_fields, "a", "b"})
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(min_value=date(1, 1, 1)),
    st.sampled_from(["omfördelning", "kr/h", "st/år", "1"]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


def _dump(data: Any) -> str:
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, out)
    return out.getvalue()


def _loads_or_fails_cleanly(text: str) -> None:
    try:
        result = load_case_text(text, filename="fuzz.yaml")
    except NyttonbError as error:
        assert error.file == "fuzz.yaml" or error.file is None
        assert str(error)
    else:
        assert isinstance(result, Case)


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    _loads_or_fails_cleanly(text)


@FUZZ
@given(documents)
def test_arbitrary_yaml_documents(document: Any) -> None:
    _loads_or_fails_cleanly(_dump(document))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    data = YAML(typ="safe", pure=True).load(EXAMPLE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(documents)
    return _dump(data)


@FUZZ
@given(mutated_examples())
def test_mutated_valid_case(text: str) -> None:
    _loads_or_fails_cleanly(text)


def test_the_unmutated_example_loads() -> None:
    assert isinstance(load_case_text(_dump(YAML(typ="safe").load(EXAMPLE)), filename="x"), Case)
