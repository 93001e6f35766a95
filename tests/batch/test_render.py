"""Batch rendering of small real notebooks (tests/notebooks/) in a throwaway project."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from builders import NOTEBOOKS

from nyttonb.batch import notebook_html as report_html
from nyttonb.batch import render as render_module
from nyttonb.batch.cache import CACHE_FILE, cache_key, library_digest
from nyttonb.batch.jobs import find_jobs, notebook_parameters
from nyttonb.batch.render import build_report, fresh_kernel_executor, render

pytestmark = pytest.mark.slow


# case folder -> (notebook in tests/notebooks, {variant: case file in tests/notebooks/cases})
LAYOUT = {
    "chart-report": ("chart_report", {"alfa": "alfa", "bravo": "bravo"}),
    "broken": ("broken", {"charlie": "charlie", "ok": "alfa"}),
    "leak-1-define": ("leak_define", {"a": "alfa"}),
    "leak-2-check": ("leak_check", {"a": "alfa"}),
}


def make_project(root: Path) -> Path:
    for case, (notebook, variants) in LAYOUT.items():
        (root / "notebooks").mkdir(parents=True, exist_ok=True)
        target = root / "notebooks" / f"{case.replace('-', '_')}.ipynb"
        shutil.copy(NOTEBOOKS / f"{notebook}.ipynb", target)
        for variant, source in variants.items():
            (root / "case_studies" / case).mkdir(parents=True, exist_ok=True)
            target = root / "case_studies" / case / f"{variant}.yaml"
            shutil.copy(NOTEBOOKS / "cases" / f"{source}.yaml", target)
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def batch(project: Path) -> tuple[Path, render_module.BatchResult]:
    out = project / "reports"
    return out, render(None, out, 2, root=project, progress=False)


def variant(project: Path, case: str, name: str) -> Path:
    return project / "case_studies" / case / f"{name}.yaml"


Batch = tuple[Path, render_module.BatchResult]


def test_batch_renders_reports_without_code(batch: Batch) -> None:
    out, summary = batch
    assert set(summary.rendered) == {
        "broken/ok",
        "chart-report/alfa",
        "chart-report/bravo",
        "leak-1-define/a",
        "leak-2-check/a",
    }
    html = (out / "chart-report" / "alfa.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "input_area" not in html and "import altair" not in html and "In&nbsp;[" not in html
    assert '<div class="nyttonb-chart" id="chart-1"></div>' in html
    assert '<div class="nyttonb-chart" id="chart-2"></div>' in html
    assert '<script src="../assets/vega.js"></script>' in html
    for forbidden in ("require.js", "mathjax", "MathJax", "cdn.", "unpkg", "http://", "cell-id="):
        assert forbidden not in html
    assert "application/vnd.jupyter.widget" not in html
    assert "IntSlider(value=3" in html  # the widget degraded to its text
    assert (out / "assets" / "vega.js").stat().st_size > 100_000


def test_a_notebook_that_reads_no_case_file_gets_no_workbook(batch: Batch) -> None:
    out, _ = batch
    assert not list(out.glob("*/*.xlsx"))
    assert ".xlsx" not in (out / "chart-report" / "alfa.html").read_text(encoding="utf-8")
    assert ".xlsx" not in (out / "index.html").read_text(encoding="utf-8")


def test_executed_notebook_is_kept_without_timings(
    batch: Batch,
) -> None:
    out, _ = batch
    nb = nbformat.read(out / "chart-report" / "alfa.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'case_file = "../case_studies/chart-report/alfa.yaml"' in injected[0].source
    text = json.dumps(nb)
    assert "start_time" not in text and "iopub.execute_input" not in text
    assert nb.metadata.papermill.input_path == "notebooks/chart_report.ipynb"
    assert any(o.get("output_type") == "stream" for c in nb.cells for o in c.get("outputs", []))


def test_memory_addresses_are_stripped_from_plain_text_reprs(tmp_path: Path) -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from nyttonb.batch.jobs import RenderJob

    styler = "<pandas.io.formats.style.Styler at 0x7f3a2b1c9d50>"
    data = {"text/plain": styler, "text/html": "<table/>"}
    output = new_output("execute_result", data, execution_count=1)
    nb = new_notebook(cells=[new_code_cell("tabell", outputs=[output])])
    report = RenderJob("fall", "variant", tmp_path / "v.yaml", tmp_path / "fall.ipynb")
    data = report_html.normalise_notebook(nb, report, tmp_path).cells[0].outputs[0].data
    assert data["text/plain"] == "<pandas.io.formats.style.Styler>"
    assert data["text/html"] == "<table/>"


@pytest.mark.parametrize("placed_under", [None, "text/html"])
def test_summary_is_found_in_output_or_mimetype_metadata(placed_under: str | None) -> None:
    # display(obj, metadata=...) puts it on the output; an object's _repr_html_ returning
    # (html, metadata) puts it under "text/html", as nyttonb.notebook.report's headline does.
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    summary = {"net_benefit": 36800.0}
    entry = {"nyttonb_summary": summary}
    metadata = {placed_under: entry} if placed_under else entry
    output = new_output("display_data", {"text/html": "<p/>"}, metadata=metadata)
    nb = new_notebook(cells=[new_code_cell("rubrik", outputs=[output])])
    assert report_html.find_figures(nb) == summary


def test_case_text_is_escaped(batch: Batch) -> None:
    out, _ = batch
    html = (out / "chart-report" / "alfa.html").read_text(encoding="utf-8")
    assert "Digitala möten &lt;b&gt;test&lt;/b&gt;" in html
    assert "<b>test</b>" not in html
    assert "Alfa kommun &amp; co" in html


def test_broken_notebook_fails_alone_with_its_message(
    batch: Batch,
) -> None:
    out, summary = batch
    assert summary.failed == (("broken/charlie", "ValueError: Trasig: nyttan saknas"),)
    assert not (out / "broken" / "charlie.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "misslyckades: ValueError: Trasig: nyttan saknas" in index
    assert "andra raden" not in index and "Traceback" not in index
    assert "misslyckades: broken/charlie" in summary.describe()


def test_state_does_not_leak_between_reports_in_a_warm_kernel(
    project: Path, tmp_path: Path
) -> None:
    # One kernel: leak-1-define runs first, then leak-2-check asserts a fresh namespace, default
    # pandas options and altair theme, and that its warning is shown again.
    files = [variant(project, "leak-1-define", "a"), variant(project, "leak-2-check", "a")]
    summary = render(files, tmp_path, 1, root=project, progress=False)
    assert summary.failed == ()
    nb = nbformat.read(tmp_path / "leak-2-check" / "a.ipynb", as_version=4)
    streams = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream"]
    assert "rent\n" in [o.text for o in streams]
    assert any("UserWarning: en varning" in o.text for o in streams)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]


def test_report_is_byte_identical_alone_in_batch_and_with_a_fresh_kernel(
    project: Path, batch: Batch, tmp_path: Path
) -> None:
    out, _ = batch
    expected = (out / "chart-report" / "alfa.html").read_bytes()
    alone = render([variant(project, "chart-report", "alfa")], tmp_path / "alone", 1, root=project)
    assert alone.failed == ()
    assert (tmp_path / "alone" / "chart-report" / "alfa.html").read_bytes() == expected
    # after another notebook in the same warm kernel
    after = [variant(project, "broken", "ok"), variant(project, "chart-report", "alfa")]
    render(after, tmp_path / "after", 1, root=project)
    assert (tmp_path / "after" / "chart-report" / "alfa.html").read_bytes() == expected
    # papermill's own way: a fresh kernel for the report
    (report,) = find_jobs([variant(project, "chart-report", "alfa")], project)
    (tmp_path / "fresh").mkdir()
    outcome = build_report(
        report, notebook_parameters(report), tmp_path / "fresh", project, fresh_kernel_executor()
    )
    assert outcome.error is None
    assert (tmp_path / "fresh" / "chart-report" / "alfa.html").read_bytes() == expected


def test_failed_render_keeps_the_previous_report(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(project, tmp_path / "copy", ignore=shutil.ignore_patterns("reports"))
    root = tmp_path / "copy"
    file = variant(root, "broken", "ok")
    assert render([file], out, 1, root=root).failed == ()
    before = (out / "broken" / "ok.html").read_bytes()
    file.write_text(json.dumps({"name": "Nu trasig", "organisation": "X", "fail": True}))
    summary = render([file], out, 1, root=root)
    assert summary.failed == (("broken/ok", "ValueError: Nu trasig: nyttan saknas"),)
    assert (out / "broken" / "ok.html").read_bytes() == before
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "visar föregående rapport" in index
    assert not list(out.glob(".build-*"))


def test_unchanged_reports_are_skipped_and_changed_ones_rendered(
    project: Path, tmp_path: Path
) -> None:
    root = make_project(tmp_path / "proj")
    files = [variant(root, "chart-report", "alfa"), variant(root, "chart-report", "bravo")]
    out = tmp_path / "out"
    assert render(files, out, 2, root=root).rendered == ("chart-report/alfa", "chart-report/bravo")
    started = time.perf_counter()
    again = render(files, out, 2, root=root)
    assert again.skipped == ("chart-report/alfa", "chart-report/bravo") and not again.rendered
    assert time.perf_counter() - started < 2.0
    # the case file changes: only that report
    files[1].write_text(files[1].read_text().replace("2000", "2100"))
    assert render(files, out, 2, root=root).rendered == ("chart-report/bravo",)
    # the notebook changes: both; a parameter changes: both; --force: both
    notebook = root / "notebooks" / "chart_report.ipynb"
    notebook.write_text(notebook.read_text().replace("Klart", "Färdigt"))
    assert render(files, out, 2, root=root).rendered == ("chart-report/alfa", "chart-report/bravo")
    changed = render(files, out, 2, root=root, parameters={"horizon": 2})
    assert changed.rendered == ("chart-report/alfa", "chart-report/bravo")
    assert "Färdigt 2" in (out / "chart-report" / "alfa.html").read_text(encoding="utf-8")
    assert render(files, out, 2, root=root, parameters={"horizon": 2}, force=True).rendered
    cache = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    assert set(cache["reports"]) == {"chart-report/alfa", "chart-report/bravo"}


def test_cache_key_covers_every_input(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (report,) = find_jobs([variant(project, "chart-report", "alfa")], project)
    params = notebook_parameters(report)
    library = library_digest()
    key = cache_key(report, params, library)
    assert key == cache_key(report, dict(params), library)
    assert key != cache_key(report, {**params, "horizon": 3}, library)
    assert key != cache_key(report, params, library + "x")
    templates = tmp_path / "templates"
    shutil.copytree(report_html.TEMPLATES, templates)
    monkeypatch.setattr(report_html, "TEMPLATES", templates)
    assert library_digest() == library
    (templates / "nyttonb" / "static" / "nyttonb.css").write_text("body { color: red; }")
    assert library_digest() != library


def test_parameters_put_case_file_relative_to_the_notebook(project: Path) -> None:
    (report,) = find_jobs([variant(project, "chart-report", "bravo")], project)
    assert notebook_parameters(report, {"horizon": 3, "discount_rate": None}) == {
        "case_file": "../case_studies/chart-report/bravo.yaml",
        "horizon": 3,
    }


def test_missing_case_file_is_a_render_error(project: Path, tmp_path: Path) -> None:
    from nyttonb.errors import RenderError

    with pytest.raises(RenderError, match="fallfilen finns inte"):
        render([project / "case_studies" / "nope" / "x.yaml"], tmp_path, 1, root=project)
