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
    import altair as alt

    from nyttonb.core.results import Result

KR_AXIS = "Diskonterat värde (kr)"
WIDTH = 520
"""Plot width in pixels (fits a report column and a slide)."""

Record = dict[str, Any]


# --- shared pieces ---------------------------------------------------------------------------


def inline_data(records: Iterable[Record]) -> alt.Data:
    import altair as alt

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
) -> list[Path]:
    """Write each chart to ``out_dir/<name>.<fmt>`` with vl-convert (for slides); the paths.

    PNG is drawn at `scale` × the chart's size; numbers in the sv-SE locale.
    """
    import vl_convert as vlc

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
    locale = _locale()
    paths = []
    for name, chart in charts.items():
        spec = chart.to_dict()
        path = out / f"{name}.{fmt}"
        if fmt == "png":
            path.write_bytes(vlc.vegalite_to_png(spec, scale=scale, format_locale=locale))
        else:
            path.write_text(vlc.vegalite_to_svg(spec, format_locale=locale), encoding="utf-8")
        paths.append(path)
    return paths


def _locale() -> dict[str, Any]:
    """The sv-SE d3 number locale (a copy)."""
    return dict(fmt.D3_FORMAT_LOCALE)
