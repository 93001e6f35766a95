"""Altair's renderer ``nyttonb`` for report kernels: a chart is output as its Vega-Lite spec
under the Vega-Lite mimetype, which the batch renderer's template draws with the local Vega
bundle. A report kernel enables it at start (`nyttonb.batch.kernelpool` passes the line).
"""

from __future__ import annotations

from typing import Any


def enable() -> None:
    """In a kernel: register and enable Altair's renderer ``nyttonb`` (the spec as JSON data).

    First, jsonschema's IRI grammar is deferred (`nyttonb.deferred_imports`): Altair imports
    jsonschema, and the kernel would otherwise build that grammar at every start.
    """
    from nyttonb.deferred_imports import defer_iri_grammar

    defer_iri_grammar()
    import altair as alt

    mimetype = f"application/vnd.vegalite.{alt.SCHEMA_VERSION.split('.')[0]}+json"

    def render(spec: dict[str, Any], **options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        bundle = {mimetype: spec, "text/plain": "<Diagram>"}
        return bundle, ({mimetype: options} if options else {})

    alt.renderers.register("nyttonb", render)
    alt.renderers.enable("nyttonb")
