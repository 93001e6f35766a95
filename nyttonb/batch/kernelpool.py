"""Warm kernels for batch rendering: start a kernel once, run many notebooks in it.

Starting Python, an IPython kernel and importing pandas and altair costs seconds; a batch of
reports would pay it once per report. A `WarmKernel` pays it once per worker. Before each
notebook it puts the kernel back into the state a freshly started kernel has, so that a report
comes out the same whether it ran first, last or alone (tests check it byte for byte):

- a fresh user namespace and history, and the execution counter back at 1
  (``InteractiveShell.reset(new_session=True)``);
- the working directory, ``os.environ``, ``sys.path`` and the warning filters as at start (a
  warning shown once in one report is shown again in the next);
- pandas options, numpy print and error options, and altair's renderer, theme and data
  transformer back to their defaults.

The modules a warm kernel imports once are frozen out of the garbage collector's scans
(``gc.freeze``): ``reset`` collects garbage, and without the freeze that scan of pandas and
altair would cost more than a small report's own calculation.

What is *not* undone: modules a notebook imported stay imported (their import-time side
effects do not repeat), and state a notebook puts into a module of its own is kept. The case
notebooks are narrative plus calls into `nyttonb`, which keeps no global state.

Every kernel, warm or fresh, starts with `KERNEL_ARGUMENTS`, which enable Altair's renderer
``nyttonb``: a chart is stored in the notebook as its Vega-Lite spec under
``application/vnd.vegalite.v6+json`` rather than as HTML that loads Vega from a CDN under a
random element id. (Altair 6's own ``mimetype`` renderer uses ``application/vnd.vegalite.v6.json``,
which nbformat rejects: JSON output data must have a ``+json`` mimetype.)

Notebooks run through papermill (parameters, error cells, metadata) with the engine
``nyttonb-warm``, an `NBClientEngine` that is handed the warm kernel and one kernel client kept
open for all its notebooks, instead of starting a kernel and connecting anew for each.

What else a warm kernel saves, measured on the project's 2-core machine: the garbage
collector's scan of the preloaded modules in every reset (``gc.freeze``, 0,17 s a report), a
new client's handshake (0,2 s), and jsonschema's IRI grammar, built at every kernel start
unless deferred (`nyttonb.deferred_imports`, 1,8 s a kernel).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

from nyttonb.errors import RenderError

ENGINE_NAME = "nyttonb-warm"

_SETUP_LINE = "__import__('nyttonb.notebook.chart_renderer', fromlist=['_']).enable()"

KERNEL_ARGUMENTS: list[str] = [
    f"--IPKernelApp.exec_lines={_SETUP_LINE}",
    "--HistoryManager.hist_file=:memory:",
]
"""Arguments for every report kernel (warm or fresh): charts as Vega-Lite specs, no history file."""

PRELOAD = (
    "numpy",
    "pandas",
    "altair",
    "nyttonb",
    "nyttonb.present.formatting",
    "nyttonb.core.model",
    "nyttonb.casefile.load",
    "nyttonb.core.calc",
    "nyttonb.core.figures",
    "nyttonb.core.uncertainty",
    "nyttonb.notebook.parameters",
    "nyttonb.notebook.report",
    "nyttonb.present.tables",
    "nyttonb.present.charts",
    "nyttonb.present.theme",
)
"""Modules a warm kernel imports once (missing ones are skipped)."""

# Runs once in a new warm kernel: import the heavy modules and remember the start state. The
# state lives on the shell object, which `reset` does not touch; nothing enters the namespace.
_SNAPSHOT_CODE = """
def __nyttonb_snapshot(preload):
    import importlib, os, sys, warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in preload:
            try:
                importlib.import_module(name)
            except Exception:
                pass
    state = {
        "environ": dict(os.environ),
        "path": list(sys.path),
        "filters": list(warnings.filters),
    }
    if "numpy" in sys.modules:
        import numpy
        state["np_print"] = numpy.get_printoptions()
        state["np_err"] = numpy.geterr()
    if "pandas" in sys.modules:
        import pandas
        from pandas._config import config
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            state["pd"] = {k: pandas.get_option(k) for k in config._registered_options}
    get_ipython()._nyttonb_state = state
    # What is loaded now lives as long as the kernel: keep it out of the garbage collector's
    # scans, so the collection in every reset looks only at what a report left behind.
    import gc
    gc.collect()
    gc.freeze()
__nyttonb_snapshot(%s)
del __nyttonb_snapshot
"""

# Runs before every notebook: back to the state of a freshly started kernel.
_RESET_CODE = """
def __nyttonb_reset(cwd):
    import os, sys, warnings
    shell = get_ipython()
    state = shell._nyttonb_state
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(state["environ"])
    sys.path[:] = state["path"]
    warnings.filters[:] = state["filters"]
    warnings._filters_mutated()
    if "numpy" in sys.modules and "np_print" in state:
        import numpy
        numpy.set_printoptions(**state["np_print"])
        numpy.seterr(**state["np_err"])
    if "pandas" in sys.modules and "pd" in state:
        import pandas
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key, value in state["pd"].items():
                if pandas.get_option(key) != value:
                    pandas.set_option(key, value)
    if "altair" in sys.modules:
        import altair
        altair.renderers.enable("nyttonb")
        altair.theme.enable("default")
        altair.data_transformers.enable("default")
    shell.reset(new_session=True)
    shell.execution_count = 1
__nyttonb_reset(%s)
"""


def connection_folder() -> Path:
    """Where this user's report kernels keep their connection files (private to the user)."""
    folder = Path(tempfile.gettempdir()) / f"nyttonb-kernels-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def new_connection_file() -> str:
    """A connection file named for this process, so a later run can tell when it is stale."""
    return str(connection_folder() / f"kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}.json")


def remove_stale_connection_files() -> list[Path]:
    """Remove the connection files of renders that no longer run (killed ones leave them)."""
    removed = []
    for path in connection_folder().glob("kernel-*-*.json"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WarmKernel:
    """One kernel that runs notebook after notebook; owned by a single worker thread."""

    def __init__(self, kernel_name: str = "python3", startup_timeout: float = 60) -> None:
        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self._km: Any = None
        self._control: Any = None
        self._client: Any = None

    def start(self) -> None:
        from jupyter_client.blocking.client import BlockingKernelClient
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=self.kernel_name, connection_file=new_connection_file())
        # The kernel's own log (e.g. "running over TCP without encryption") would break the
        # progress bar; notebook output and errors come through the kernel protocol.
        run_sync(km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS), stderr=subprocess.DEVNULL)
        control = BlockingKernelClient()
        control.load_connection_info(km.get_connection_info())
        control.start_channels(hb=False)  # liveness comes from the kernel manager
        control.wait_for_ready(timeout=self.startup_timeout)
        # The client papermill runs notebooks through, kept from report to report: a new one
        # per report would wait for the kernel again (nbclient's handshake takes 0,2 s or more).
        client = km.client()
        client.start_channels(hb=False)
        run_sync(client.wait_for_ready)(timeout=self.startup_timeout)
        client.allow_stdin = False
        self._km, self._control, self._client = km, control, client
        self._run(_SNAPSHOT_CODE % json.dumps(list(PRELOAD)))

    @property
    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self._km is not None and bool(run_sync(self._km.is_alive)())

    def reset(self, cwd: Path) -> None:
        """Put the kernel in a fresh kernel's state, with `cwd` as working directory."""
        if not self.alive:
            self.shutdown()
            self.start()
        self._run(_RESET_CODE % json.dumps(str(cwd)))

    def execute(
        self,
        notebook: Path,
        parameters: dict[str, Any],
        *,
        cwd: Path,
        timeout: float | None = None,
    ) -> Any:
        """Run `notebook` with papermill in this kernel; return the executed NotebookNode.

        These are the steps of ``papermill.execute_notebook`` (load, inject the parameters,
        record the input path, clear old error markers, execute, raise for a failed cell)
        without its last one: serialising the whole notebook for an output path, which costs
        a twentieth of a report when there is none (the renderer writes the notebook itself).
        Raises papermill's `PapermillExecutionError` when a cell fails.
        """
        from papermill.engines import papermill_engines
        from papermill.execute import (
            prepare_notebook_metadata,
            raise_for_execution_errors,
            remove_error_markers,
        )
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        self.reset(cwd)
        path = str(notebook)
        nb = load_notebook_node(path)
        if parameters:
            nb = parameterize_notebook(
                nb, parameters, False, kernel_name=self.kernel_name, engine_name=ENGINE_NAME
            )
        nb = remove_error_markers(prepare_notebook_metadata(nb, path, None))
        nb = papermill_engines.execute_notebook_with_engine(
            ENGINE_NAME,
            nb,
            input_path=path,
            output_path=None,
            kernel_name=self.kernel_name,
            progress_bar=False,
            log_output=False,
            start_timeout=int(self.startup_timeout),
            stdout_file=None,
            stderr_file=None,
            execution_timeout=timeout,
            km=self._km,
            kc=self._client,
        )
        raise_for_execution_errors(nb, None)
        return nb

    def _run(self, code: str) -> None:
        errors: list[str] = []

        def collect(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

        reply = self._control.execute_interactive(
            code,
            silent=True,
            store_history=False,
            timeout=self.startup_timeout,
            output_hook=collect,
        )
        if reply["content"]["status"] != "ok" or errors:
            detail = "; ".join(errors) or reply["content"].get("evalue", "")
            raise RenderError(
                f"rapportens kärna kunde inte förberedas: {detail}",
                fix="Kontrollera att ipykernel, pandas och altair är installerade i miljön.",
            )

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        for client in (self._control, self._client):
            if client is not None:
                client.stop_channels()
        self._control = self._client = None
        if self._km is not None:
            try:
                run_sync(self._km.shutdown_kernel)(now=True)
            finally:
                self._km = None

    def __enter__(self) -> WarmKernel:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def register_engine() -> None:
    """Register the papermill engine ``nyttonb-warm`` (again is harmless)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmEngine(NBClientEngine):  # type: ignore[misc]
        """papermill's nbclient engine, run in a kernel and through a client it is given;
        it shuts down neither."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: float | None = None,
            **kwargs: Any,
        ) -> Any:
            kwargs.pop("input_path", None)
            kernel_client = kwargs.pop("kc")
            client = PapermillNotebookClient(
                nb_man,
                km=kwargs.pop("km"),
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            client.kc = kernel_client
            try:
                return client.execute()
            finally:
                client.kc = None  # the warm kernel's, kept open for its next notebook

    papermill_engines.register(ENGINE_NAME, WarmEngine)
    # papermill warns for every typed parameter line it cannot parse ("horizon: int | None");
    # the parameters still work, and nyttonb.notebook.parameters checks them in the notebook.
    logging.getLogger("papermill.translators").setLevel(logging.ERROR)
