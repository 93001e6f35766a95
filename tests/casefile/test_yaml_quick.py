"""The quick YAML reader agrees with the full one wherever it answers, or leaves it the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from builders import ROOT, shipped_variants
from hypothesis import given, settings
from hypothesis import strategies as st

from nyttonb.casefile import yaml_quick
from nyttonb.casefile.factors import read_library
from nyttonb.casefile.indices import read_indices
from nyttonb.casefile.load import build_case, line_of, load_case, plain, read_yaml
from nyttonb.casefile.yaml_quick import quick_read, read_data
from nyttonb.errors import CaseFileError

SHIPPED = shipped_variants()
FILES = sorted((ROOT / "case_studies").glob("*/*.yaml")) + sorted(
    (ROOT / "tests").glob("**/cases/**/*.yaml")
)  # actuals files too: the two readers must agree on them


def typed(value: Any) -> Any:
    """`value` with the type of every scalar kept, so that True and 1, or 1 and 1.0, differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def full_read(text: str) -> tuple[Any, Any] | None:
    """(plain data, round-trip data) from the full reader, or None when it rejects the text."""
    try:
        raw = read_yaml(text, "fall.yaml")
        return plain(raw, "fall.yaml"), raw
    except CaseFileError:
        return None


def assert_agree(text: str) -> None:
    quick, full = quick_read(text), full_read(text)
    if quick is None:
        return  # the full reader decides
    assert full is not None, f"the quick reader accepted what the full reader rejects: {text!r}"
    data, raw = full
    assert typed(quick.data) == typed(data)
    # line_of cannot find a key that YAML reads as null (a case file has none such)
    paths = [path for path in quick.lines if "None" not in path]
    assert {p: quick.line(p) for p in paths} == {p: line_of(raw, p) for p in paths}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_readers_agree_on_every_case_file(path: Path) -> None:
    assert_agree(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_case_is_read_quickly_and_built_as_by_the_full_reader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert quick_read(text) is not None
    assert load_case(path) == build_case(read_yaml(text, str(path)), str(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 368", 368),
        ("a: -0.5", -0.5),
        ("a: 0.50", 0.5),
        ("a: true", True),
        ("a: FALSE", False),
        ("a: ~", None),
        ("a:", None),
        ("a: 2024-03-01", date(2024, 3, 1)),
        ("a: '368'", "368"),
        ('a: "true"', "true"),
        ("a: 3 veckor", "3 veckor"),
        ("a: |\n  två\n  rader\n", "två\nrader\n"),
    ],
)
def test_scalars_read_by_yaml_12_core_schema(text: str, expected: Any) -> None:
    quick = quick_read(text)
    assert quick is not None
    assert typed(quick.data["a"]) == typed(expected)
    assert_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: yes",  # a boolean in YAML 1.1, text in 1.2
        "a: 0777",  # octal in YAML 1.1
        "a: 1_000",
        "a: 1:30",  # sexagesimal in YAML 1.1
        "a: .inf",
        "a: 1e3",
        "a: 2024-02-30",  # no such day: the full reader explains
        "a: 2024-03-01 12:00",
        "a: !!str 5",  # an explicit tag
        "a: !",  # the non-specific tag
        "a: ! {b: 1}",
        "a: ! [1]",
        "a: !python/object:os.system x",
        "<<: {b: 1}",  # a merge key
        "? [a, b]\n: 1",  # a complex key
        "a: 1\na: 2",  # a repeated key: the full reader names both lines
        "%YAML 1.1\n---\na: 1",
        "a: 1\n---\nb: 2",  # two documents
        "- a",  # not a mapping
        "",
        "a: [unclosed",
        "a: &x [*x]",  # a recursive alias
        "a: b\u2028c",  # a line break in YAML 1.1 only
    ],
)
def test_quick_reader_leaves_unsure_files_to_the_full_reader(text: str) -> None:
    assert quick_read(text) is None


_WORDS = st.sampled_from(
    [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "null",
        "Null",
        "~",
        "true",
        "True",
        "TRUE",
        "false",
        "0",
        "-0",
        "+5",
        "007",
        "0x1F",
        "0o17",
        "1_000",
        "1:30",
        "1.",
        ".5",
        "-.5",
        "1e3",
        "1.5e-3",
        ".inf",
        "-.Inf",
        ".nan",
        "2024-03-01",
        "2024-3-1",
        "2024-02-30",
        "12:00",
        "v1.2",
        "1.2.3",
        "3 veckor",
        "a-b",
        "kr/h",
        "36 800",
        "0,5",
        "Övertorneå",
        "=",
        "-",
    ]
)
_TOKENS = st.one_of(
    _WORDS,
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.text("abcåäö0123456789.-+_: ", min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda t: t and not t.endswith(":") and ": " not in t and not t.startswith(("-", ":"))),
    # YAML's indicators too: such documents are often invalid, and then both readers refuse
    st.text("ab1.-:#'\"!&*[]{},|>%@`?~ ", min_size=1, max_size=8).map(str.strip).filter(bool),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=8), st.booleans())
def test_readers_agree_on_generated_documents(tokens: list[str], as_list: bool) -> None:
    if as_list:
        text = "värden:\n" + "".join(f"  - {t}\n" for t in tokens)
    else:
        text = "".join(f"nyckel{i}: {t}\n" for i, t in enumerate(tokens))
        text += "".join(f"{t}: {i}\n" for i, t in enumerate(tokens))
    assert_agree(text)


@pytest.mark.parametrize(
    ("reader", "name"), [(read_library, "factors.yaml"), (read_indices, "price_indices.yaml")]
)
def test_shipped_data_files_read_as_by_the_safe_loader(
    reader: Any, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "nyttonb" / "data" / name).read_text(encoding="utf-8")
    assert quick_read(text) is not None  # the quick reading is the one in use
    quickly = reader(text, filename=name)
    monkeypatch.setattr(yaml_quick, "quick_read", lambda _text: None)
    assert reader(text, filename=name) == quickly


def test_read_data_leaves_unsure_text_to_the_safe_loader_and_names_yaml_errors() -> None:
    assert quick_read("a: yes\nb: 0777\n") is None
    assert read_data("a: yes\nb: 0777\n") == {"a": "yes", "b": 777}
    with pytest.raises(ValueError, match="flow sequence"):
        read_data("a: [1\n")
