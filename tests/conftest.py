"""Fixtures shared by the tests; plain builders are in `builders.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shipped case rendered by `nyttonb render`, once per session (about 8 s)."""
    from nyttonb.batch.render import render

    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("shipped") / "reports"
    summary = render(None, out, 2, root=root, progress=False)
    assert summary.failed == ()
    return out
