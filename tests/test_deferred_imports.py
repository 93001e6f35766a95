"""jsonschema's IRI grammar is built when a check needs it, and checks answer as before."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("rfc3987_syntax")

SCRIPT = textwrap.dedent(
    """
    import sys
    from nyttonb.deferred_imports import IRI_GRAMMAR_MODULE, defer_iri_grammar

    assert defer_iri_grammar()
    import altair, jsonschema, nbformat, papermill  # all of them import jsonschema
    deferred = type(sys.modules[IRI_GRAMMAR_MODULE]).__name__
    checker = jsonschema.FormatChecker()
    answers = [
        checker.conforms("https://example.org/å", "iri"),
        checker.conforms("inte en iri ::", "iri"),
        checker.conforms("a b", "iri-reference"),
    ]
    loaded = type(sys.modules[IRI_GRAMMAR_MODULE]).__name__
    print(deferred, loaded, answers)
    """
)


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_grammar_is_loaded_on_first_check_with_the_same_answers() -> None:
    plain = run(
        "import jsonschema; c = jsonschema.FormatChecker(); print([c.conforms('https://example."
        "org/å', 'iri'), c.conforms('inte en iri ::', 'iri'), c.conforms('a b', 'iri-reference')])"
    )
    assert plain == "[True, False, False]"
    assert run(SCRIPT) == f"_DeferredModule module {plain}"


def test_nothing_is_deferred_once_the_module_is_imported() -> None:
    code = (
        "import rfc3987_syntax\n"
        "from nyttonb.deferred_imports import defer_iri_grammar\n"
        "print(defer_iri_grammar())"
    )
    assert run(code) == "False"
