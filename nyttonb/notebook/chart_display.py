"""Charts that draw in every notebook client with no network: JupyterLab, nbconvert, viewers.

Altair 6 writes Vega-Lite v6. JupyterLab 4 renders Vega-Lite v3–v5 and Vega v5 only (its
bundled ``@jupyterlab/vega5-extension``), so Altair's default renderer falls back to HTML that
loads Vega from a CDN: on a machine without internet every chart is a red "Error loading
script". nbconvert has no Vega renderer at all, and GitHub's and VS Code's viewers show only
what is static.

`chart_bundle` gives a chart as a mimebundle of our own, drawn everywhere offline:

- ``application/vnd.vega.v5+json``: the chart compiled to Vega by vl-convert (which ships the
  Vega-Lite compiler, no network). JupyterLab draws it with its own bundled Vega, interactive
  (tooltips), and prefers it to the static picture. The sv-SE number locale travels inside the
  spec (``config.locale``) and in the embed options.
- ``image/svg+xml``: the same chart drawn by vl-convert, for nbconvert's HTML, GitHub, VS Code
  and any viewer that renders no Vega (skipped with ``static=False``: the explorer redraws on
  every slider move, and a picture costs about 0,15 s a chart).
- ``text/plain``: the chart's text alternative.

The batch renderer is not affected: its kernels enable Altair's renderer ``nyttonb``
(`nyttonb.kernelpool`), which stores the Vega-Lite spec for the site's own script, and
`uses_batch_renderer` tells the report to keep that path.
"""

from __future__ import annotations

from typing import Any

VEGA_MIMETYPE = "application/vnd.vega.v5+json"
SVG_MIMETYPE = "image/svg+xml"
BATCH_RENDERER = "nyttonb"


def uses_batch_renderer() -> bool:
    """True in a batch kernel (Altair's renderer ``nyttonb`` is active)."""
    import altair as alt

    return bool(alt.renderers.active == BATCH_RENDERER)


def chart_bundle(
    spec: dict[str, Any], *, static: bool = True
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Vega-Lite spec as (data, metadata) for IPython's display, drawn offline everywhere."""
    import vl_convert as vlc

    from nyttonb.present import theme
    from nyttonb.present.formatting import D3_FORMAT_LOCALE as locale

    vega = vlc.vegalite_to_vega(spec)
    data: dict[str, Any] = {VEGA_MIMETYPE: vega, "text/plain": _plain(spec)}
    if static:
        svg = vlc.vegalite_to_svg(spec, format_locale=dict(locale))
        data[SVG_MIMETYPE] = _accessible_svg(svg, spec)
    options = {"embed_options": theme.embed_options()}
    return data, {VEGA_MIMETYPE: options}


def _plain(spec: dict[str, Any]) -> str:
    description = spec.get("description")
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return f"Diagram: {description or text or ''}".strip()


def _accessible_svg(svg: str, spec: dict[str, Any]) -> str:
    """The picture with ``role="img"`` and its text alternative as ``aria-label``."""
    import html

    label = html.escape(str(spec.get("description") or _plain(spec)), quote=True)
    if "<svg " in svg and "aria-label" not in svg[: svg.find(">")]:
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return svg


def display_chart(chart: Any, *, static: bool = True) -> None:
    """Display an Altair chart offline (see the module docstring), without validating its spec.

    In a batch kernel the chart goes through Altair's active renderer ``nyttonb`` instead, so
    the shipped reports are unchanged.
    """
    import altair as alt
    from IPython.display import display as show

    spec = chart.to_dict(validate=False)
    if uses_batch_renderer():
        renderer = alt.renderers.get()
        rendered = renderer(spec) if renderer is not None else ({"application/json": spec}, {})
        bundle, metadata = rendered if isinstance(rendered, tuple) else (rendered, {})
    else:
        bundle, metadata = chart_bundle(spec, static=static)
    show(bundle, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]


__all__ = ["chart_bundle", "display_chart", "uses_batch_renderer"]
