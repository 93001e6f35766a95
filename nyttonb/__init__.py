"""nyttonb: nyttokalkyler in Inera's model, from plain-text cases to Swedish HTML reports.

    import nyttonb
    case = nyttonb.load_case("case_studies/digitalt-mote/overtornea.yaml")
    result = nyttonb.calculate(case)
    nyttonb.explore(case)          # sliders in JupyterLab

The public names are loaded on first use (PEP 562), so `import nyttonb` and `nyttonb --help`
stay fast: numpy, pydantic, pandas and altair are imported only by what needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Case": "nyttonb.model",
    "CaseFileError": "nyttonb.errors",
    "CaseReport": "nyttonb.report",
    "Category": "nyttonb.model",
    "FormulaError": "nyttonb.errors",
    "NyttonbError": "nyttonb.errors",
    "ParameterError": "nyttonb.errors",
    "RenderError": "nyttonb.errors",
    "Result": "nyttonb.results",
    "UnitError": "nyttonb.errors",
    "calculate": "nyttonb.calc",
    "compile_case": "nyttonb.calc",
    "discount_factors": "nyttonb.calc",
    "evaluate": "nyttonb.calc",
    "explore": "nyttonb.explorer",
    "hourly_cost": "nyttonb.calc",
    "load_case": "nyttonb.caseio",
    "present_value": "nyttonb.calc",
    "scenarios": "nyttonb.calc",
    "uncertainty": "nyttonb.uncertainty",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'nyttonb' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
