"""The site's one shared script: Vega, Vega-Lite and vega-embed from vl-convert, no CDN.

`vl_convert.javascript_bundle()` returns a self-contained bundle whose default snippet assigns
``vegaEmbed``, ``vega`` and ``vegaLite`` to ``window``. Building it takes a few seconds, so it is
written once to ``<site>/assets/vega.js`` and rebuilt only when vl-convert's version changes
(the first line records it).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

VEGA_BUNDLE = Path("assets") / "vega.js"


def bundle_header() -> str:
    """The first line of the bundle: what it was built from."""
    return f"/* nyttonb: vega bundle from vl-convert-python {version('vl-convert-python')} */\n"


def ensure_assets(site: Path) -> Path:
    """Write ``site/assets/vega.js`` unless an up-to-date one is there; return its path."""
    target = site / VEGA_BUNDLE
    header = bundle_header()
    if target.is_file():
        with target.open(encoding="utf-8") as handle:
            if handle.readline() == header:
                return target
    import vl_convert

    from nyttonb.atomic import write_atomically

    bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # stub: no default
    return write_atomically(target, header + bundle)
