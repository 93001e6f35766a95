"""A case notebook in the clients an analyst uses, offline: JupyterLab in headless Chromium with
every request off the machine blocked, and plain ``jupyter nbconvert --to html``."""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
NOTEBOOK = "digitalt_mote.ipynb"


def _copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "notebooks", target / "notebooks")
    shutil.copytree(ROOT / "case_studies", target / "case_studies")
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case notebook run by papermill as a user calls it, from the repository root."""
    root = _copy_project(tmp_path_factory.mktemp("nbconvert"))
    out = root / "out.ipynb"
    subprocess.run(
        [BIN / "papermill", "--no-progress-bar", f"notebooks/{NOTEBOOK}", str(out)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_plain_nbconvert_draws_every_chart_as_a_static_picture(executed: Path) -> None:
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    pictures = [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert all("application/vnd.vegalite.v6.json" not in o.get("data", {}) for o in outputs)
    subprocess.run(
        [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)],
        check=True,
        capture_output=True,
    )
    page = executed.with_suffix(".html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in page
    assert "vega@" not in page
    drawn = re.findall(r'<img[^>]*src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(drawn) == len(pictures) >= 8
    for encoded in drawn:
        svg = base64.b64decode(encoded).decode("utf-8")
        assert svg.count("<path") + svg.count("<rect") > 5
        assert 'role="img" aria-label="' in svg


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`jupyter lab` on localhost with a token, serving a copy of the notebooks and cases."""
    root = _copy_project(tmp_path_factory.mktemp("lab"))
    home = tmp_path_factory.mktemp("lab-home")
    port, token = _free_port(), "nyttonb-test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
    }
    server = subprocess.Popen(
        [
            BIN / "jupyter",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=None",
            "--LabApp.extension_manager=readonly",
            "--allow-root",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        yield f"{base}/lab/tree/notebooks/{NOTEBOOK}?token={token}", root
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.browser
def test_jupyterlab_run_all_draws_every_chart_offline(lab: tuple[str, Path]) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    url, _root = lab
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", route)
        page.goto(url)
        page.wait_for_function(
            "window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')",
            timeout=60_000,
        )
        page.wait_for_function(
            "window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel"
            "?.connectionStatus === 'connected'",
            timeout=60_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            "document.querySelectorAll('.jp-Cell .jp-InputArea-prompt')"
            ".length > 0 && Array.from(document.querySelectorAll('.jp-CodeCell "
            ".jp-InputArea-prompt')).every(p => /\\[\\d+\\]/.test(p.textContent))",
            timeout=120_000,
        )
        # Vega draws into the output once its view has run.
        page.wait_for_timeout(1000)
        charts = page.evaluate("document.querySelectorAll('.jp-RenderedVegaCommon5').length")
        drawn = page.evaluate(
            "Array.from(document.querySelectorAll('.jp-RenderedVegaCommon5'))"
            ".filter(n => n.querySelector('svg, canvas')).length"
        )
        text = page.inner_text(".jp-Notebook")
        page.screenshot(path="/tmp/nyttonb-jupyterlab.png", full_page=True)
        browser.close()
    assert "Error loading script" not in text
    assert "Traceback" not in text
    assert drawn == charts >= 8
    assert [u for u in blocked if "127.0.0.1" not in u] == []


# --- papermill as users call it -------------------------------------------------------------

DEFAULT = "../case_studies/digitalt-mote/overtornea.yaml"


@pytest.mark.parametrize("where", [".", "notebooks", "notebooks/sub"])
def test_default_case_file_is_found_from_root_notebooks_and_below(where: str) -> None:
    from nyttonb.notebook.parameters import resolve_case_file

    found = resolve_case_file(DEFAULT, cwd=ROOT / where)
    assert found == ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml"


def test_a_case_file_not_found_says_where_it_was_looked_for(tmp_path: Path) -> None:
    from nyttonb.errors import ParameterError
    from nyttonb.notebook.parameters import resolve_case_file

    with pytest.raises(ParameterError) as caught:
        resolve_case_file("../saknas/fall.yaml", cwd=tmp_path / "notebooks")
    message = str(caught.value)
    assert message.startswith("parameters.case_file: fallfilen ../saknas/fall.yaml finns inte")
    assert str(tmp_path / "saknas" / "fall.yaml") in message
    assert "Ge en sökväg" in message
