"""The public API is small and explicit, and `import nyttonb` stays light."""

from __future__ import annotations

import subprocess
import sys

import nyttonb


def test_exported_members_are_sorted_and_all_resolve() -> None:
    assert nyttonb.__all__ == sorted(nyttonb.__all__)
    for name in nyttonb.__all__:
        assert getattr(nyttonb, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        nyttonb.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_nyttonb_and_its_cli_loads_no_heavy_library() -> None:
    heavy = {"pandas", "altair", "numpy", "papermill", "nbconvert", "pydantic", "ipywidgets"}
    code = f"import sys, nyttonb, nyttonb.cli; print(sorted({heavy!r} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
