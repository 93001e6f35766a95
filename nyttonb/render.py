"""Batch rendering: one Swedish HTML report per case variant, plus an index page.

For each variant ``case_studies/<case>/<variant>.yaml`` the case's notebook
``notebooks/<case with - as _>.ipynb`` runs through papermill with the parameter ``case_file``
set to the variant's path *relative to the notebook's folder* (the kernel's working directory),
so that nothing in a report depends on where the repository is checked out. nbconvert then
turns the executed notebook into HTML without code, through nyttonb's template. Output::

    reports/index.html                 the index (nyttonb.site)
    reports/assets/vega.js             Vega, Vega-Lite and vega-embed, shared by all reports
    reports/<case>/<variant>.html      the report
    reports/<case>/<variant>.ipynb     the executed notebook: the audit record
    reports/.nyttonb-cache.json        cache keys and index rows

Properties:

- **Fast**: ``jobs`` worker threads each own a warm kernel (`nyttonb.kernelpool`), so a batch
  starts a kernel and imports pandas and altair once per worker, not once per report.
- **Reproducible**: timings are stripped, ids are deterministic (``chart-1``…), kernel paths
  are removed from warnings; a report is byte-identical alone or in a batch, in any order.
- **Isolated failures**: a report is written to a temporary folder and moved into place with
  `os.replace` only when it succeeded; a failure keeps the previous report and is listed.
- **Incremental**: a report is skipped when its cache key (see `cache_key`) is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nyttonb import __version__
from nyttonb.errors import RenderError
from nyttonb.site import IndexRow, write_index

CACHE_FILE = ".nyttonb-cache.json"
CACHE_FORMAT = 1
TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAME = "nyttonb"
SUMMARY_METADATA_KEY = "nyttonb_summary"
"""Output metadata key with the case's figures (`nyttonb.report.SUMMARY_METADATA_KEY`)."""

_CHART_MIMETYPE = re.compile(r"^application/vnd\.vega(lite)?\.v\d+(\.\d+)*[.+]json$")
_WIDGET_MIMETYPES = ("application/vnd.jupyter.widget-view+json", "application/javascript")
_KERNEL_PATH = re.compile(r"[^\s\"'()]*ipykernel_\d+[/\\]")
_TIMING_KEYS = ("start_time", "end_time", "duration")


@dataclass(frozen=True, slots=True)
class Report:
    """One report to render: a case variant and the case's notebook."""

    case: str
    variant: str
    case_file: Path
    notebook: Path

    @property
    def id(self) -> str:
        return f"{self.case}/{self.variant}"

    def html(self, out: Path) -> Path:
        return out / self.case / f"{self.variant}.html"

    def executed(self, out: Path) -> Path:
        return out / self.case / f"{self.variant}.ipynb"


@dataclass(frozen=True, slots=True)
class RenderSummary:
    """What a `render` did. ``failed`` holds (report id, first line of the error)."""

    rendered: tuple[str, ...]
    skipped: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    index: Path
    seconds: float

    def describe(self) -> str:
        """One Swedish line for the terminal, then one line per failure."""
        text = (
            f"{len(self.rendered)} renderade, {len(self.skipped)} oförändrade, "
            f"{len(self.failed)} misslyckade på {self.seconds:.1f} s. Index: {self.index}"
        )
        return "\n".join([text, *(f"misslyckades: {rid}: {why}" for rid, why in self.failed)])


@dataclass(slots=True)
class _Outcome:
    report: Report
    row: IndexRow
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# Discovery -----------------------------------------------------------------------------------


def notebook_for(case: str, root: Path) -> Path:
    """The notebook of a case: ``notebooks/<case with - replaced by _>.ipynb``."""
    return root / "notebooks" / f"{case.replace('-', '_')}.ipynb"


def find_reports(variants: Sequence[Path] | None, root: Path) -> list[Report]:
    """The reports to consider: the given variant files, or every one under case_studies/."""
    if variants is None:
        files = sorted((root / "case_studies").glob("*/*.yaml"))
    else:
        files = [Path(v) if Path(v).is_absolute() else root / v for v in variants]
    reports = []
    for file in files:
        if not file.is_file():
            raise RenderError(
                f"{file}: no such case file.",
                file=str(file),
                fix="Give a variant file such as case_studies/digitalt-mote/overtornea.yaml.",
            )
        case = file.resolve().parent.name
        reports.append(Report(case, file.stem, file.resolve(), notebook_for(case, root).resolve()))
    return sorted(reports, key=lambda r: r.id)


# Cache keys ----------------------------------------------------------------------------------


def _tree_digest(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def library_digest() -> str:
    """nyttonb's version, its .py files, its data (the factor library) and the templates."""
    package = Path(__file__).parent
    parts = [
        __version__,
        _tree_digest(package, "*.py"),
        _tree_digest(package / "data", "*"),
        _tree_digest(TEMPLATES, "*"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def cache_key(report: Report, parameters: Mapping[str, Any], library: str) -> str:
    """sha256 of the notebook, the case file, the parameters and `library_digest()`."""
    parts = [
        f"format {CACHE_FORMAT}",
        _file_digest(report.notebook),
        _file_digest(report.case_file),
        json.dumps(dict(parameters), sort_keys=True),
        library,
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def notebook_parameters(report: Report, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """papermill parameters: ``case_file`` relative to the notebook's folder, then `extra`."""
    case_file = Path(os.path.relpath(report.case_file, report.notebook.parent)).as_posix()
    given = {k: v for k, v in (extra or {}).items() if v is not None}
    return {"case_file": case_file, **given}


def _load_cache(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    reports = data.get("reports", {})
    return reports if isinstance(reports, dict) else {}


def _save_cache(out: Path, entries: Mapping[str, Any]) -> None:
    text = json.dumps(
        {"format": CACHE_FORMAT, "reports": dict(sorted(entries.items()))},
        ensure_ascii=False,
        indent=1,
    )
    _write_atomic(out / CACHE_FILE, text.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Executed notebook -> reproducible notebook and HTML ------------------------------------------


def normalise_notebook(nb: Any, report: Report, root: Path) -> Any:
    """Strip what differs between runs: timings, papermill's absolute paths, random cell ids."""
    meta = nb.metadata.get("papermill", {})
    for key in (*_TIMING_KEYS, "output_path"):
        meta.pop(key, None)
    if "input_path" in meta:
        meta["input_path"] = _relative(report.notebook, root)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for key in _TIMING_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = f"injected-parameters-{index}"
    return nb


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def chart_html(number: int, spec: Mapping[str, Any], options: Mapping[str, Any]) -> str:
    """A chart as a div and its spec as inert JSON, drawn later by the report's script.

    ``<``, ``>`` and ``&`` are escaped in the JSON so that no text in a spec can end the script.

    >>> chart_html(1, {"title": "</script>"}, {})
    '<div class="nyttonb-chart" id="chart-1"></div><script type="application/json" \
class="nyttonb-chart-spec" data-chart="chart-1" data-options="{}">\
{"title": "\\\\u003c/script\\\\u003e"}</script>'
    """
    import html

    text = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    opts = html.escape(json.dumps(dict(options), sort_keys=True), quote=True)
    return (
        f'<div class="nyttonb-chart" id="chart-{number}"></div>'
        f'<script type="application/json" class="nyttonb-chart-spec" data-chart="chart-{number}"'
        f' data-options="{opts}">{text}</script>'
    )


def prepare_for_html(nb: Any) -> tuple[Any, int]:
    """A copy of `nb` ready for the template: charts as HTML, widgets and JS dropped.

    Returns the copy and the number of charts.
    """
    import copy

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    charts = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = _KERNEL_PATH.sub("", output["text"])
            if output.get("output_type") == "error":
                output["traceback"] = [_KERNEL_PATH.sub("", t) for t in output["traceback"]]
            data = output.get("data")
            if not data:
                continue
            for mimetype in _WIDGET_MIMETYPES:
                data.pop(mimetype, None)
            for mimetype in [m for m in data if _CHART_MIMETYPE.match(m)]:
                charts += 1
                options = output.get("metadata", {}).get(mimetype, {}).get("embed_options", {})
                data["text/html"] = chart_html(charts, data.pop(mimetype), options)
                data.pop("text/plain", None)
    return nb, charts


def report_title(summary: Mapping[str, Any] | None, report: Report) -> str:
    case = (summary or {}).get("case") or {}
    if case.get("name") and case.get("organisation"):
        return f"Nyttokalkyl: {case['name']} – {case['organisation']}"
    return f"Nyttokalkyl: {report.case} – {report.variant}"


_local = threading.local()


def _exporter() -> Any:
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter

        exporter = HTMLExporter(  # type: ignore[no-untyped-call]
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=False,
            sanitize_html=False,
        )
        _local.exporter = exporter
    return exporter


def notebook_to_html(nb: Any, report: Report, summary: Mapping[str, Any] | None) -> str:
    """The report's HTML (no code, no prompts) from its executed, normalised notebook."""
    prepared, charts = prepare_for_html(nb)
    resources = {
        "metadata": {"name": report.variant},
        "nyttonb": {
            "version": __version__,
            "title": report_title(summary, report),
            "charts": charts,
            "vega_href": "../assets/vega.js",
            "index_href": "../index.html",
            "notebook_href": f"{report.variant}.ipynb",
        },
    }
    body, _ = _exporter().from_notebook_node(prepared, resources=resources)
    return str(body)


def find_summary(nb: Any) -> dict[str, Any] | None:
    """The case figures a notebook attached to an output (``nyttonb_summary`` metadata)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            summary = output.get("metadata", {}).get(SUMMARY_METADATA_KEY)
            if isinstance(summary, dict):
                return dict(summary)
    return None


def first_line(text: str) -> str:
    """The first non-empty line of an error message.

    >>> first_line("\\nValueError: nyttan saknas\\nmer")
    'ValueError: nyttan saknas'
    """
    return next((line.strip() for line in text.splitlines() if line.strip()), "okänt fel")


def describe_error(error: BaseException) -> str:
    """The notebook's own error message (first line), not a traceback."""
    ename, evalue = getattr(error, "ename", None), getattr(error, "evalue", None)
    if ename is not None:
        return first_line(f"{ename}: {evalue}")
    return first_line(str(error) or type(error).__name__)


# Rendering -----------------------------------------------------------------------------------

Executor = Callable[[Report, dict[str, Any]], Any]
"""Runs a report's notebook with parameters; returns the executed NotebookNode."""


def build_report(
    report: Report,
    parameters: dict[str, Any],
    out: Path,
    root: Path,
    execute: Executor,
) -> _Outcome:
    """Execute, convert and move one report into place; a failure leaves the old one."""
    row = IndexRow.pending(report.case, report.variant, f"{report.case}/{report.variant}.html")
    try:
        if not report.notebook.is_file():
            raise RenderError(
                f"the case has no notebook {_relative(report.notebook, root)}.",
                fix="Add the notebook or rename the case folder.",
            )
        nb = normalise_notebook(execute(report, parameters), report, root)
        summary = find_summary(nb) or _library_summary(report, parameters)
        html = notebook_to_html(nb, report, summary)
        _move_into_place(report, out, html, nb)
    except Exception as error:  # one report fails alone; the rest go on
        reason = describe_error(error)
        return _Outcome(report, row.failed(reason, _old_row(report, out)), str(error))
    return _Outcome(report, row.ok(summary))


def _old_row(report: Report, out: Path) -> bool:
    return report.html(out).is_file()


def _library_summary(report: Report, parameters: Mapping[str, Any]) -> dict[str, Any] | None:
    """The figures from the library, for a notebook that attached none."""
    try:
        from nyttonb.summary import calc_report

        frame = {k: v for k, v in parameters.items() if k != "case_file"}
        return calc_report(report.case_file, **frame)
    except Exception:
        return None


def _move_into_place(report: Report, out: Path, html: str, nb: Any) -> None:
    import nbformat

    folder = report.html(out).parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".build-") as tmp:
        built_nb = Path(tmp) / "report.ipynb"
        built_html = Path(tmp) / "report.html"
        built_nb.write_text(nbformat.writes(nb), encoding="utf-8")  # type: ignore[no-untyped-call]
        built_html.write_text(html, encoding="utf-8")
        os.replace(built_nb, report.executed(out))
        os.replace(built_html, report.html(out))


def fresh_kernel_executor(timeout: float | None = None) -> Executor:
    """papermill's own way: a new kernel per report (the reference the warm kernels must match)."""

    def execute(report: Report, parameters: dict[str, Any]) -> Any:
        import papermill

        from nyttonb.kernelpool import KERNEL_ARGUMENTS

        return papermill.execute_notebook(
            str(report.notebook),
            None,
            parameters=parameters,
            progress_bar=False,
            cwd=str(report.notebook.parent),
            execution_timeout=timeout,
            extra_arguments=list(KERNEL_ARGUMENTS),
        )

    return execute


def render(
    variants: Sequence[Path] | None,
    out: Path,
    jobs: int = 2,
    *,
    root: Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    force: bool = False,
    progress: bool | None = None,
    timeout: float | None = 600,
) -> RenderSummary:
    """Render the reports of `variants` (all under ``root/case_studies`` if None) into `out`.

    `jobs` warm kernels work in parallel. `parameters` (horizon, discount_rate,
    discount_first_year) go to every notebook. Unchanged reports are skipped unless `force`.
    `progress`: a progress bar on stderr (default: when stderr is a terminal).
    """
    started = time.perf_counter()
    root = (root or Path.cwd()).resolve()
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".build-*"):  # left by an interrupted run
        shutil.rmtree(stale, ignore_errors=True)
    reports = find_reports(variants, root)
    library = library_digest()
    cache = _load_cache(out)
    if variants is None:
        cache = {rid: entry for rid, entry in cache.items() if rid in {r.id for r in reports}}
    todo, skipped = [], []
    keys: dict[str, str] = {}
    for report in reports:
        params = notebook_parameters(report, parameters)
        keys[report.id] = cache_key(report, params, library)
        entry = cache.get(report.id, {})
        unchanged = entry.get("key") == keys[report.id]
        if unchanged and not force and report.html(out).is_file():
            skipped.append(report.id)
        else:
            todo.append((report, params))
    if todo:
        from nyttonb.assets import ensure_assets

        ensure_assets(out)
    failed: list[tuple[str, str]] = []
    rendered: list[str] = []
    try:
        for outcome in _run_all(todo, out, root, jobs, progress, timeout):
            rid = outcome.report.id
            ok = outcome.error is None
            cache[rid] = {"key": keys[rid] if ok else None, "row": outcome.row.to_dict()}
            if ok:
                rendered.append(rid)
            else:
                failed.append((rid, outcome.row.reason))
    finally:
        _save_cache(out, cache)
    rows = [IndexRow.from_dict(entry["row"]) for _, entry in sorted(cache.items())]
    index = write_index(out, rows)
    return RenderSummary(
        tuple(sorted(rendered)),
        tuple(skipped),
        tuple(sorted(failed)),
        index,
        time.perf_counter() - started,
    )


def render_reports(
    variants: Sequence[Path] | None,
    *,
    out: Path,
    jobs: int | None = None,
    force: bool = False,
    progress: bool | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> RenderSummary:
    """`render` as the CLI calls it (``nyttonb render``): jobs default to 2, root is the cwd."""
    return render(variants, out, jobs or 2, parameters=parameters, force=force, progress=progress)


def _run_all(
    todo: Sequence[tuple[Report, dict[str, Any]]],
    out: Path,
    root: Path,
    jobs: int,
    progress: bool | None,
    timeout: float | None,
) -> Iterable[_Outcome]:
    """Run `todo` on min(jobs, len(todo)) workers, each with one warm kernel; yield outcomes."""
    if not todo:
        return
    from tqdm import tqdm

    work: queue.Queue[tuple[Report, dict[str, Any]] | None] = queue.Queue()
    done: queue.Queue[_Outcome] = queue.Queue()
    workers = max(1, min(jobs, len(todo)))
    for item in todo:
        work.put(item)
    for _ in range(workers):
        work.put(None)
    threads = [
        threading.Thread(target=_worker, args=(work, done, out, root, timeout), daemon=True)
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    show = sys.stderr.isatty() if progress is None else progress
    failures = 0
    with tqdm(total=len(todo), unit="rapport", desc="Renderar", disable=not show) as bar:
        for _ in todo:
            outcome = done.get()
            failures += outcome.error is not None
            bar.set_postfix_str(f"misslyckade {failures}", refresh=False)
            bar.update()
            yield outcome
    for thread in threads:
        thread.join()


def _worker(
    work: queue.Queue[tuple[Report, dict[str, Any]] | None],
    done: queue.Queue[_Outcome],
    out: Path,
    root: Path,
    timeout: float | None,
) -> None:
    from nyttonb.kernelpool import WarmKernel, register_engine

    register_engine()
    kernel = WarmKernel()
    try:
        while (item := work.get()) is not None:
            report, params = item

            def execute(report: Report, parameters: dict[str, Any]) -> Any:
                from papermill.exceptions import PapermillExecutionError

                try:
                    return kernel.execute(
                        report.notebook, parameters, cwd=report.notebook.parent, timeout=timeout
                    )
                except PapermillExecutionError:
                    raise  # the notebook raised; the kernel is fine
                except BaseException:
                    kernel.shutdown()  # timeout, dead or stuck kernel: the next report starts anew
                    raise

            done.put(build_report(report, params, out, root, execute))
    finally:
        kernel.shutdown()
        _close_thread_loop()


def _close_thread_loop() -> None:
    """Close the asyncio loop jupyter_client used in this worker thread."""
    import asyncio
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return
    loop.close()
    asyncio.set_event_loop(None)


__all__ = [
    "RenderSummary",
    "Report",
    "build_report",
    "cache_key",
    "find_reports",
    "fresh_kernel_executor",
    "library_digest",
    "notebook_to_html",
    "render",
    "render_reports",
]
