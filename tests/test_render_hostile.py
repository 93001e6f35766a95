"""Rendering under hostile conditions: file names that look like links, two renders at once,
an output folder that cannot be written."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_render import NOTEBOOKS, make_project

from nyttonb.render import render

pytestmark = pytest.mark.slow

HOSTILE_NAMES = ("javascript:alert(8)", "etapp#2", "a b?c=1&d")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in {"href", "src"} and value]


def links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_every_link_built_from_a_file_name_is_relative_and_encoded(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    case = project / "case_studies" / "chart-report"
    for name in HOSTILE_NAMES:
        shutil.copy(NOTEBOOKS / "cases" / "alfa.yaml", case / f"{name}.yaml")
    out = project / "reports"
    variants = [case / f"{name}.yaml" for name in HOSTILE_NAMES]
    summary = render(variants, out, 1, root=project, progress=False)
    assert not summary.failed
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + len(HOSTILE_NAMES)
    checked = 0
    for page in pages:
        for link in links(page):
            parts = urlsplit(link)
            assert (parts.scheme, parts.netloc, parts.query) == ("", "", ""), (page, link)
            if link.startswith("#"):
                continue
            assert link.startswith(("./", "../")), (page, link)
            assert not parts.fragment, (page, link)
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), (page, link)
            checked += 1
    assert checked >= 2 * len(HOSTILE_NAMES) + len(HOSTILE_NAMES)  # index, footer, vega, back
