"""An executed notebook as a report: reproducible notebook metadata and nbconvert's HTML.

`normalise_notebook` strips what differs between runs (timings, papermill's absolute paths,
random ids of injected cells); `prepare_for_html` turns Vega-Lite outputs into inert chart
specs drawn by the report's own script, drops widget and JavaScript outputs and removes
kernel paths from warnings; `notebook_to_html` runs nbconvert through nyttonb's template
(no code, no prompts). nbconvert is imported only when a report is converted.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyttonb import __version__
from nyttonb.batch.site import href
from nyttonb.core.figures import METADATA_KEY

if TYPE_CHECKING:
    from nyttonb.batch.jobs import RenderJob

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAME = "nyttonb"

_CHART_MIMETYPE = re.compile(r"^application/vnd\.vega(lite)?\.v\d+(\.\d+)*[.+]json$")
_WIDGET_MIMETYPES = ("application/vnd.jupyter.widget-view+json", "application/javascript")
_KERNEL_PATH = re.compile(r"[^\s\"'()]*ipykernel_\d+[/\\]")
_TIMING_KEYS = ("start_time", "end_time", "duration")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def normalise_notebook(nb: Any, report: RenderJob, root: Path) -> Any:
    """Strip what differs between runs: timings, papermill's absolute paths, random cell ids,
    and memory addresses in plain-text reprs (``<... Styler at 0x7f...>``)."""
    meta = nb.metadata.get("papermill", {})
    for key in (*_TIMING_KEYS, "output_path"):
        meta.pop(key, None)
    if "input_path" in meta:
        meta["input_path"] = relative_path(report.notebook, root)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for key in _TIMING_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = f"injected-parameters-{index}"
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain")
            if isinstance(plain, str) and " at 0x" in plain:
                output["data"]["text/plain"] = _ADDRESS.sub(">", plain)
    return nb


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to `root` in POSIX form, or only its name when it lies outside."""
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


def prepare_for_html(nb: Any, *, in_place: bool = False) -> tuple[Any, int]:
    """A copy of `nb` (or `nb` itself) ready for the template: charts as HTML, widgets and
    JavaScript dropped. Returns it and the number of charts.
    """
    import copy

    if not in_place:
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


def report_title(figures: Mapping[str, Any] | None, report: RenderJob) -> str:
    case = (figures or {}).get("case") or {}
    name, organisation = case.get("name"), case.get("organisation")
    if name and organisation:
        if str(organisation) in str(name):
            return f"Nyttoanalys: {name}"
        return f"Nyttoanalys: {name} – {organisation}"
    return f"Nyttoanalys: {report.case} – {report.variant}"


_local = threading.local()


def _report_exporter_class() -> Any:
    """nbconvert's HTMLExporter without its closing pass over the finished page.

    That pass parses the whole page with BeautifulSoup and writes it out again, to give
    ``<img>`` without ``alt`` a placeholder text and JupyterLab's cell wrappers a
    ``tabindex``. A report has neither (its template is nbconvert's classic one, its charts and
    diagrams carry their own text alternatives), and the pass costs as much as the rest of the
    conversion; it also lowercases SVG attributes such as ``viewBox``.
    """
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            # HTMLExporter.from_notebook_node up to its BeautifulSoup pass.
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            highlight = self.filters.get(
                "highlight_code",
                Highlight2HTML(pygments_lexer=lexer, parent=self),  # type: ignore[no-untyped-call]
            )
            resources = self._init_resources(resources)  # type: ignore[no-untyped-call]
            data_types = WidgetsDataTypeFilter(  # type: ignore[no-untyped-call]
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)  # type: ignore[no-untyped-call]
            self.register_filter("filter_data_type", data_types)  # type: ignore[no-untyped-call]
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def _exporter() -> Any:
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        exporter = _report_exporter_class()(
            template_name=TEMPLATE_NAME,
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=False,
            sanitize_html=False,
            # None of nbconvert's preprocessors has work in a report (no tags or patterns to
            # remove, no input shown), and after each one it validates the whole notebook.
            default_preprocessors=[],
        )
        _local.exporter = exporter
    return exporter


def notebook_to_html(
    nb: Any,
    report: RenderJob,
    figures: Mapping[str, Any] | None,
    *,
    in_place: bool = False,
    workbook: bool = False,
) -> str:
    """The report's HTML (no code, no prompts) from its executed, normalised notebook.

    With `in_place`, `nb` itself is prepared for the template (and changed): for a notebook
    that has been written already.
    """
    prepared, charts = prepare_for_html(nb, in_place=in_place)
    resources = {
        "metadata": {"name": report.variant},
        "nyttonb": {
            "version": __version__,
            "title": report_title(figures, report),
            "charts": charts,
            "vega_href": href("../assets/vega.js"),
            "index_href": href("../index.html"),
            "notebook_href": href(f"{report.variant}.ipynb"),
            "notebook_name": f"{report.variant}.ipynb",
            "workbook_href": href(f"{report.variant}.xlsx") if workbook else "",
            "workbook_name": f"{report.variant}.xlsx",
        },
    }
    body, _ = _exporter().from_notebook_node(prepared, resources=resources)
    return str(body)


def find_figures(nb: Any) -> dict[str, Any] | None:
    """The case's `Figures.to_dict()` a notebook attached to an output (`METADATA_KEY`).

    The metadata is the output's own (``display(..., metadata=...)``) or that of one of its
    mimetypes: IPython files the metadata of an object's ``_repr_html_`` under ``text/html``.
    """
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            metadata = output.get("metadata", {})
            places = [metadata, *(v for v in metadata.values() if isinstance(v, dict))]
            for place in places:
                figures = place.get(METADATA_KEY)
                if isinstance(figures, dict):
                    return dict(figures)
    return None


__all__ = [
    "METADATA_KEY",
    "TEMPLATES",
    "chart_html",
    "find_figures",
    "normalise_notebook",
    "notebook_to_html",
    "prepare_for_html",
    "relative_path",
    "report_title",
]
