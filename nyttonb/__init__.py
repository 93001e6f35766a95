"""nyttonb: nyttokalkyler in Inera's model, from plain-text cases to Swedish HTML reports.

    import nyttonb
    case = nyttonb.load_case("case_studies/digitalt-mote/overtornea.yaml")
    result = nyttonb.calculate(case)
    nyttonb.explore(case)          # sliders in JupyterLab

The public names are loaded on first use (PEP 562), so `import nyttonb` and `nyttonb --help`
stay fast: numpy, pydantic, pandas and altair are imported only by what needs them. Importing
nyttonb defers jsonschema's IRI grammar (`nyttonb.deferred_imports`), which Altair, nbformat
and papermill would otherwise build at every process start (1,8 s): every process that uses
nyttonb (the CLI, a notebook kernel, the batch renderer) imports this module first.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from nyttonb.deferred_imports import defer_iri_grammar

__version__ = "0.1.0"

defer_iri_grammar()

_EXPORTS = {
    "Case": "nyttonb.core.model",
    "CaseFileError": "nyttonb.errors",
    "CaseReport": "nyttonb.notebook.report",
    "Category": "nyttonb.core.model",
    "FormulaError": "nyttonb.errors",
    "NyttonbError": "nyttonb.errors",
    "ParameterError": "nyttonb.errors",
    "RenderError": "nyttonb.errors",
    "Result": "nyttonb.core.results",
    "UnitError": "nyttonb.errors",
    "calculate": "nyttonb.core.calc",
    "compile_case": "nyttonb.core.calc",
    "discount_factors": "nyttonb.core.calc",
    "evaluate": "nyttonb.core.calc",
    "explore": "nyttonb.notebook.explorer",
    "hourly_cost": "nyttonb.core.calc",
    "load_case": "nyttonb.casefile.load",
    "present_value": "nyttonb.core.calc",
    "scenarios": "nyttonb.core.calc",
    "uncertainty": "nyttonb.core.uncertainty",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'nyttonb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
