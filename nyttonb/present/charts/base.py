"""Shared pieces of every chart: the axis title for amounts, inline data, tooltips, colours,
the finishing touches (title, subtitle, description, width, theme) and saving charts as files.

Charts are deterministic: data is inlined as records, and every parameter is named, so
``chart.to_dict()`` is the same on every run and the report's HTML can be diffed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from nyttonb.core.model import Case
from nyttonb.present import formatting as fmt
from nyttonb.present import theme

if TYPE_CHECKING:
    from concurrent.futures import Executor, ProcessPoolExecutor

    import altair as alt

    from nyttonb.core.results import Result

KR_AXIS = "Diskonterat värde (kr)"
WIDTH = 520
"""Plot width in pixels (fits a report column and a slide)."""

Record = dict[str, Any]


# --- shared pieces ---------------------------------------------------------------------------


def inline_data(records: Iterable[Record]) -> alt.Data:
    """The records as a chart's inline data.

    Made with Altair's debug mode off: in it, Altair checks every record against the Vega-Lite
    schema as the object is made, a third of the time of building a report's charts. The
    records are nyttonb's own numbers and labels, and the test suite validates every chart
    spec the builders draw.
    """
    import altair as alt
    from altair.utils.schemapi import debug_mode

    with debug_mode(False):
        return alt.Data(values=list(records))  # type: ignore[no-untyped-call]


def money_tooltip(field: str, title: str) -> alt.Tooltip:
    import altair as alt

    return alt.Tooltip(f"{field}:Q", title=f"{title} (kr)", format=",.0f")


def year_labels(case: Case, result: Result) -> list[str]:
    return [row.label for row in result.by_year] or [
        case.year_label(i) for i in range(1, case.horizon + 1)
    ]


def category_colour(present: Iterable[str]) -> alt.Color:
    """Colour by category with the full fixed scale; the legend lists those that occur."""
    import altair as alt

    occurring = set(present)
    shown = [c for c in theme.CATEGORY_DOMAIN if c in occurring]
    return alt.Color(
        "category:N",
        title="Kategori",
        scale=theme.category_scale(),
        legend=alt.Legend(values=shown),
    )


def net_point() -> alt.OverlayMarkDef:
    import altair as alt

    return alt.OverlayMarkDef(color=theme.NET_COLOUR, size=40)


def finish_chart(chart: Any, title: str, subtitle: str | list[str], description: str) -> Any:
    import altair as alt

    lines = [subtitle] if isinstance(subtitle, str) else subtitle
    chart = theme.set_properties(
        chart, title=alt.Title(title, subtitle=lines), description=description, width=WIDTH
    )
    return theme.finish(chart)


# --- saving ---


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def save_charts(
    charts: Mapping[str, Any],
    out_dir: str | Path,
    fmt: Literal["png", "svg"] = "png",
    *,
    scale: float = 2.0,
    pool: Executor | None = None,
) -> list[Path]:
    """Write each chart to ``out_dir/<name>.<fmt>`` with vl-convert (for slides); the paths.

    PNG is drawn at `scale` × the chart's size; numbers in the sv-SE locale. The specs are
    not validated against the Vega-Lite schema again (about 15 ms a chart; the test suite
    validates every chart the builders draw), as for the report and the explorer. With a
    process `pool` (`drawing_processes`) its processes share the drawing; the files are the
    same.
    """
    from nyttonb.errors import RenderError

    if fmt not in ("png", "svg"):
        raise RenderError(f"okänt diagramformat {fmt!r}", fix="Välj en av png, svg.")
    bad = [name for name in charts if not _NAME.match(name)]
    if bad:
        raise RenderError(
            f"diagramnamnet {bad[0]!r} kan inte bli ett filnamn",
            fix="Använd bara bokstäver, siffror, '-' och '_'.",
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(chart.to_dict(validate=False), fmt, scale) for chart in charts.values()]
    images = list(pool.map(draw_chart, jobs)) if pool else [draw_chart(job) for job in jobs]
    paths = [out / f"{name}.{fmt}" for name in charts]
    for path, image in zip(paths, images, strict=True):
        if isinstance(image, bytes):
            path.write_bytes(image)
        else:
            path.write_text(image, encoding="utf-8")
    return paths


def drawing_processes(count: int) -> ProcessPoolExecutor:
    """`count` new processes for `save_charts`, each starting its vl-convert at once.

    vl-convert holds Python's lock while it draws, so threads would take turns; processes
    draw side by side. Made before the charts are built, the processes start while this one
    builds them. They start by importing the caller's main module: from a script, make them
    under ``if __name__ == "__main__":`` (`nyttonb charts` does).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(count):
        pool.submit(draw_chart, (_TINY_CHART, "svg", 1.0))
    return pool


_TINY_CHART: dict[str, Any] = {"mark": "point", "data": {"values": [{"a": 1}]}}


def draw_chart(job: tuple[dict[str, Any], str, float]) -> bytes | str:
    """A Vega-Lite spec drawn by vl-convert: PNG bytes or SVG text, sv-SE numbers."""
    import vl_convert as vlc

    spec, fmt, scale = job
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(spec, scale=scale, format_locale=_locale()))
    return str(vlc.vegalite_to_svg(spec, format_locale=_locale()))


def _locale() -> dict[str, Any]:
    """The sv-SE d3 number locale (a copy)."""
    return dict(fmt.D3_FORMAT_LOCALE)
