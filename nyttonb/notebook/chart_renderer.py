"""Altair's renderer ``nyttonb`` for report kernels: a chart is output as its Vega-Lite spec
under the Vega-Lite mimetype, which the batch renderer's template draws with the local Vega
bundle. A report kernel enables it at start (`nyttonb.batch.kernelpool` passes the line).
"""

from __future__ import annotations

from typing import Any


def enable() -> None:
    """In a kernel: register and enable Altair's renderer ``nyttonb`` (the spec as JSON data).

    jsonschema's IRI grammar, which Altair would build at every kernel start, is deferred by
    importing nyttonb (`nyttonb.deferred_imports`).
    """
    import altair as alt

    mimetype = f"application/vnd.vegalite.{alt.SCHEMA_VERSION.split('.')[0]}+json"

    def render(spec: dict[str, Any], **options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        bundle = {mimetype: spec, "text/plain": "<Diagram>"}
        return bundle, ({mimetype: options} if options else {})

    alt.renderers.register("nyttonb", render)
    alt.renderers.enable("nyttonb")
