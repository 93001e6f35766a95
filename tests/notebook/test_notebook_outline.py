"""The shipped notebooks are what tools/make_notebooks.py writes: two branches that each add a
cell to the shared outline merge cleanly as text but can leave two cells with one id (nbformat
then renames one and every render warns). Regenerating and comparing catches that."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from builders import ROOT


def test_notebooks_equal_the_generated_outline(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_notebooks", ROOT / "tools" / "make_notebooks.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    tool.main(tmp_path)
    written = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert len(written) >= 4
    stale = [
        n for n in written if (tmp_path / n).read_bytes() != (ROOT / "notebooks" / n).read_bytes()
    ]
    assert not stale, f"run `python tools/make_notebooks.py` and commit: {stale}"
