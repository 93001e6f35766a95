"""Rendering under hostile conditions: file names that look like links, two renders at once,
an output folder that cannot be written."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from batch.test_render import make_project
from builders import NOTEBOOKS
from click.testing import CliRunner

from nyttonb import atomic
from nyttonb.batch.kernelpool import connection_folder
from nyttonb.batch.render import render
from nyttonb.cli import main

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
    assert {p.stem for p in out.glob("chart-report/*.html")} == set(HOSTILE_NAMES)
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


# Two renders on one output folder --------------------------------------------------------------


def _cli(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "nyttonb.cli", "render", *args, "--no-progress", "--jobs", "1"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_renders_at_once_keep_every_report_on_the_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    first = _cli(project, "case_studies/chart-report/alfa.yaml", "--out", "reports")
    second = _cli(project, "case_studies/chart-report/bravo.yaml", "--out", "reports")
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert any("Väntar: en annan rendering" in err for _, err in outputs), outputs
    out = project / "reports"
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.html"))
    assert on_disk == ["chart-report/alfa.html", "chart-report/bravo.html"]
    index = links(out / "index.html")
    reports = sorted(h for h in index if h.startswith("./chart-report/") and h.endswith(".html"))
    assert [f"./{page}" for page in on_disk] == reports
    assert not list(out.glob(".build-*"))


def test_killed_render_leaves_no_kernel_connection_file_for_long(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    process = _cli(project, "case_studies/chart-report/alfa.yaml", "--out", "reports")
    mine = f"kernel-{process.pid}-*.json"
    for _ in range(600):
        if list(connection_folder().glob(mine)) or process.poll() is not None:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert list(connection_folder().glob(mine)), "the render started no kernel"
    render([], project / "reports", 1, root=project, progress=False)
    assert not list(connection_folder().glob(mine))


# An output folder that cannot be written ------------------------------------------------------


def test_out_that_is_a_file_is_exit_2_with_the_path(tmp_path: Path) -> None:
    target = tmp_path / "rapporter"
    target.write_text("inte en mapp")
    result = CliRunner().invoke(main, ["render", "--out", str(target), "--no-progress"])
    assert result.exit_code == 2
    assert f"{target} är en fil" in result.output and "Traceback" not in result.output
    assert target.read_text() == "inte en mapp"


def test_disk_full_when_writing_the_index_is_exit_2_and_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    out = project / "reports"
    variant = project / "case_studies" / "chart-report" / "alfa.yaml"
    render([variant], out, 1, root=project, progress=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = atomic.write_atomically

    def full(path: Path, data: bytes | str) -> Path:
        if path.name == "index.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path) + ".tmp")
        return real(path, data)

    monkeypatch.setattr(atomic, "write_atomically", full)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["render", str(variant), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2, result.output
    assert os.strerror(errno.ENOSPC) in result.output and str(out) in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "rapporter"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = CliRunner().invoke(main, ["render", "--out", str(out), "--no-progress"])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2 and "Traceback" not in result.output
