"""Batch rendering: one Swedish HTML report per case variant, plus an index page.

For each variant ``case_studies/<case>/<variant>.yaml`` the case's notebook
``notebooks/<case with - as _>.ipynb`` runs through papermill with the parameter ``case_file``
set to the variant's path *relative to the notebook's folder* (the kernel's working directory),
so that nothing in a report depends on where the repository is checked out. nbconvert then
turns the executed notebook into HTML without code, through nyttonb's template. Output::

    reports/index.html                 the index (nyttonb.batch.site)
    reports/portfolj.html              the portfolio page (nyttonb.batch.site_portfolio)
    reports/assets/vega.js             Vega, Vega-Lite and vega-embed, shared by all reports
    reports/<case>/<variant>.html      the report
    reports/<case>/<variant>.ipynb     the executed notebook: the audit record
    reports/<case>/<variant>.xlsx      the case as a workbook with live formulas (nyttonb.workbook)
    reports/<case>/<variant>.uppfoljning.html   the follow-up report, for a variant with an
                                       actuals file (notebooks/uppfoljning.ipynb)
    reports/.nyttonb-cache.json        cache keys and index rows

Properties:

- **Fast**: ``jobs`` worker threads each own a warm kernel (`nyttonb.batch.kernelpool`), so a batch
  starts a kernel and imports pandas and altair once per worker, not once per report.
- **Reproducible**: timings are stripped, ids are deterministic (``chart-1``…), kernel paths
  are removed from warnings; a report is byte-identical alone or in a batch, in any order.
- **Isolated failures**: a report is written to a temporary folder and moved into place with
  `os.replace` only when it succeeded; a failure keeps the previous report and is listed.
- **Incremental**: a report is skipped when its cache key (`nyttonb.batch.jobs.cache_key`)
  is unchanged.

The parts: `nyttonb.batch.jobs` finds the render jobs, `nyttonb.batch.cache` keeps their cache
keys, `nyttonb.batch.notebook_html` turns an executed notebook into the report's HTML; this
module runs them.
"""

from __future__ import annotations

import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nyttonb.batch.cache import cache_key, library_digest, load_cache, save_cache
from nyttonb.batch.jobs import RenderJob, find_jobs, notebook_parameters
from nyttonb.batch.notebook_html import (
    find_figures,
    normalise_notebook,
    notebook_to_html,
    relative_path,
)
from nyttonb.batch.output_folder import exclusive, folder_error, prepare
from nyttonb.batch.site import IndexRow, write_index
from nyttonb.batch.site_portfolio import portfolio_entry, write_portfolio_page
from nyttonb.errors import RenderError


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a `render` did. ``failed`` holds (report id, first line of the error)."""

    rendered: tuple[str, ...]
    skipped: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    index: Path
    seconds: float

    def describe(self) -> str:
        """One Swedish line for the terminal, then one line per failure."""
        from nyttonb.present import formatting as fmt

        text = (
            f"{len(self.rendered)} renderade, {len(self.skipped)} oförändrade, "
            f"{len(self.failed)} misslyckade på {fmt.number(self.seconds, 1)} s. "
            f"Index: {self.index}"
        )
        return "\n".join([text, *(f"misslyckades: {rid}: {why}" for rid, why in self.failed)])


@dataclass(slots=True)
class _Outcome:
    report: RenderJob
    row: IndexRow
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# Errors --------------------------------------------------------------------------------------


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

Executor = Callable[[RenderJob, dict[str, Any]], Any]
"""Runs a report's notebook with parameters; returns the executed NotebookNode."""


def build_report(
    report: RenderJob,
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
                f"fallet har ingen notebook {relative_path(report.notebook, root)}.",
                fix="Lägg till notebooken eller byt namn på fallets mapp.",
            )
        import nbformat

        nb = normalise_notebook(execute(report, parameters), report, root)
        figures = find_figures(nb)
        record = nbformat.writes(nb)  # type: ignore[no-untyped-call]
        # a follow-up report offers no workbook of its own and is not in the portfolio
        workbook = None if report.follow_up else _workbook(report, parameters, root)
        portfolio = None if report.follow_up else portfolio_entry(report, figures, parameters, root)
        html = notebook_to_html(nb, report, figures, in_place=True, workbook=workbook is not None)
        _move_into_place(report, out, html, record, workbook)
    except Exception as error:  # one report fails alone; the rest go on
        reason = describe_error(error)
        return _Outcome(report, row.failed(reason, _old_row(report, out)), str(error))
    name = report.workbook(out).name if workbook is not None else ""
    return _Outcome(report, row.ok(figures, workbook=name), extra={"portfolio": portfolio})


def _workbook(report: RenderJob, parameters: Mapping[str, Any], root: Path) -> bytes | None:
    """The variant as an Excel workbook, framed as the notebook was (horizon, rate, convention);
    None when the file is no case file (a notebook may read other data)."""
    from dataclasses import replace

    from nyttonb.casefile.load import load_framed
    from nyttonb.errors import NyttonbError
    from nyttonb.workbook import workbook_bytes

    frame = {k: parameters.get(k) for k in ("horizon", "discount_rate", "discount_first_year")}
    try:
        case = load_framed(report.case_file, **frame)
    except NyttonbError:
        return None
    return workbook_bytes(replace(case, source_path=relative_path(report.case_file, root)))


def _has_workbook(entry: Mapping[str, Any], report: RenderJob, out: Path) -> bool:
    """Whether a cached report's workbook is in place (or the report offers none)."""
    offered = bool(entry.get("row", {}).get("workbook_href"))
    return not offered or report.workbook(out).is_file()


def _old_row(report: RenderJob, out: Path) -> bool:
    return report.html(out).is_file()


def _move_into_place(
    report: RenderJob, out: Path, html: str, record: str, workbook: bytes | None
) -> None:
    """Write the HTML, the executed notebook (`record`, its JSON) and the workbook beside it,
    then move them into place."""
    folder = report.html(out).parent
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out, prefix=".build-") as tmp:
        built_nb = Path(tmp) / "report.ipynb"
        built_html = Path(tmp) / "report.html"
        built_xlsx = Path(tmp) / "report.xlsx"
        built_nb.write_text(record, encoding="utf-8")
        built_html.write_text(html, encoding="utf-8")
        if workbook is not None:
            built_xlsx.write_bytes(workbook)
            os.replace(built_xlsx, report.workbook(out))
        else:
            report.workbook(out).unlink(missing_ok=True)
        os.replace(built_nb, report.executed(out))
        os.replace(built_html, report.html(out))


def fresh_kernel_executor(timeout: float | None = None) -> Executor:
    """papermill's own way: a new kernel per report (the reference the warm kernels must match)."""

    def execute(report: RenderJob, parameters: dict[str, Any]) -> Any:
        import papermill

        from nyttonb.batch.kernelpool import KERNEL_ARGUMENTS

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
) -> BatchResult:
    """Render the reports of `variants` (all under ``root/case_studies`` if None) into `out`.

    `jobs` warm kernels work in parallel. `parameters` (horizon, discount_rate,
    discount_first_year) go to every notebook. Unchanged reports are skipped unless `force`.
    `progress`: a progress bar on stderr (default: when stderr is a terminal).
    """
    started = time.perf_counter()
    root = (root or Path.cwd()).resolve()
    out = prepare(out.resolve())
    from nyttonb.batch.kernelpool import remove_stale_connection_files

    remove_stale_connection_files()
    with exclusive(out):
        rendered, skipped, failed, index = _render_locked(
            variants, out, jobs, root, parameters, force, progress, timeout
        )
    return BatchResult(
        tuple(sorted(rendered)),
        tuple(skipped),
        tuple(sorted(failed)),
        index,
        time.perf_counter() - started,
    )


def _render_locked(
    variants: Sequence[Path] | None,
    out: Path,
    jobs: int,
    root: Path,
    parameters: Mapping[str, Any] | None,
    force: bool,
    progress: bool | None,
    timeout: float | None,
) -> tuple[list[str], list[str], list[tuple[str, str]], Path]:
    """`render`'s work, while this process holds `out`."""
    reports = find_jobs(variants, root)
    library = library_digest()
    cache = load_cache(out)
    if variants is None:
        cache = {rid: entry for rid, entry in cache.items() if rid in {r.id for r in reports}}
    todo, skipped = [], []
    keys: dict[str, str] = {}
    for report in reports:
        params = notebook_parameters(report, parameters)
        keys[report.id] = cache_key(report, params, library)
        entry = cache.get(report.id, {})
        unchanged = entry.get("key") == keys[report.id]
        if (
            unchanged
            and not force
            and report.html(out).is_file()
            and _has_workbook(entry, report, out)
        ):
            skipped.append(report.id)
        else:
            todo.append((report, params))
    try:
        if todo:
            from nyttonb.batch.assets import ensure_assets

            ensure_assets(out)
        failed: list[tuple[str, str]] = []
        rendered: list[str] = []
        try:
            for outcome in _run_all(todo, out, root, jobs, progress, timeout):
                rid = outcome.report.id
                ok = outcome.error is None
                cache[rid] = {
                    "key": keys[rid] if ok else None,
                    "row": outcome.row.to_dict(),
                    "portfolio": outcome.extra.get("portfolio"),
                }
                if ok:
                    rendered.append(rid)
                else:
                    failed.append((rid, outcome.row.reason))
        finally:
            save_cache(out, cache)
        rows = [IndexRow.from_dict(entry["row"]) for _, entry in sorted(cache.items())]
        index = write_index(out, rows)
        write_portfolio_page(out, cache)
        save_cache(out, cache)  # with any portfolio row recovered from an older site
    except OSError as error:
        raise folder_error(error, out, "kan inte skriva") from None
    return rendered, skipped, failed, index


def _run_all(
    todo: Sequence[tuple[RenderJob, dict[str, Any]]],
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

    work: queue.Queue[tuple[RenderJob, dict[str, Any]] | None] = queue.Queue()
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
    _import_while_kernels_boot()
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


def _import_while_kernels_boot() -> None:
    """Import papermill and nbconvert now: the workers' kernels are starting, and a worker
    needs both only when its kernel is ready."""
    import nbconvert  # noqa: F401

    from nyttonb.batch.kernelpool import register_engine

    register_engine()


def _worker(
    work: queue.Queue[tuple[RenderJob, dict[str, Any]] | None],
    done: queue.Queue[_Outcome],
    out: Path,
    root: Path,
    timeout: float | None,
) -> None:
    from nyttonb.batch.kernelpool import WarmKernel, register_engine

    kernel = WarmKernel()
    try:
        kernel.start()  # the kernel boots while this process imports papermill
        register_engine()
        while (item := work.get()) is not None:
            report, params = item

            def execute(report: RenderJob, parameters: dict[str, Any]) -> Any:
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
    "BatchResult",
    "build_report",
    "describe_error",
    "fresh_kernel_executor",
    "render",
]
