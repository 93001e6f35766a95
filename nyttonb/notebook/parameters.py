"""The parameters a case notebook takes, checked before any calculation.

papermill only warns about a parameter the notebook does not declare; a report computed with a
misspelt `horzon` would silently use the case's own horizon. `check_parameters` makes such a run
fail at once with a message that names the parameter and the fix.
"""

from __future__ import annotations

import os
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nyttonb.core.frame import is_real_number, is_whole_number
from nyttonb.errors import ParameterError, did_you_mean

_IPYTHON_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "open"})
_NOT_PARAMETERS = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)
"""Imports and definitions in the notebook's namespace: never papermill parameters."""


@dataclass(frozen=True, slots=True)
class Parameters:
    """What a case notebook is run with (papermill's `parameters` cell)."""

    case_file: str
    horizon: int | None = None
    discount_rate: float | None = None
    discount_first_year: bool | None = None

    def frame(self) -> dict[str, Any]:
        """The framing parameters, as keyword arguments of `nyttonb.core.frame.apply_frame`."""
        return {
            "horizon": self.horizon,
            "discount_rate": self.discount_rate,
            "discount_first_year": self.discount_first_year,
        }


_EXPECTED = {
    "case_file": (str, "en sökväg till en fallfil, t.ex. '../case_studies/x/y.yaml'"),
    "horizon": (int, "ett helt antal år, t.ex. 6, eller None för fallets eget"),
    "discount_rate": (float, "en andel, t.ex. 0.03, eller None för fallets egen"),
    "discount_first_year": (bool, "True eller False, eller None för fallets eget val"),
}
_KINDS = {str: "text", int: "ett heltal", float: "ett tal", bool: "True eller False"}


def check_parameters(namespace: Mapping[str, Any]) -> Parameters:
    """Read a notebook's parameters from its global namespace, rejecting unknown or ill-typed ones.

    >>> check_parameters({"case_file": "x.yaml", "horizon": 15}).horizon
    15
    >>> check_parameters({"case_file": "x.yaml", "horzon": 15})
    Traceback (most recent call last):
    nyttonb.errors.ParameterError: parameters: 'horzon' är ingen parameter i den här notebooken; menade du 'horizon'? Gör så här: Använd case_file, horizon, discount_rate eller discount_first_year.
    """  # noqa: E501
    for name, value in namespace.items():
        if name.startswith("_") or name in _IPYTHON_NAMES or name in _EXPECTED:
            continue
        if isinstance(value, _NOT_PARAMETERS) or getattr(value, "__module__", "") == "typing":
            continue
        hint = did_you_mean(name, _EXPECTED)
        raise ParameterError(
            f"'{name}' är ingen parameter i den här notebooken" + (f"; {hint}" if hint else "."),
            path="parameters",
            fix="Använd case_file, horizon, discount_rate eller discount_first_year.",
        )
    values = {name: namespace.get(name) for name in _EXPECTED}
    for name, (kind, expected) in _EXPECTED.items():
        value = values[name]
        if value is None and name != "case_file":
            continue
        if not _is_a(value, kind):
            raise ParameterError(
                f"{name} är {value!r}, men ska vara {_KINDS[kind]}.",
                path=f"parameters.{name}",
                fix=f"Ange {expected}.",
            )
    return Parameters(
        case_file=str(values["case_file"]),
        horizon=values["horizon"],
        discount_rate=None if values["discount_rate"] is None else float(values["discount_rate"]),
        discount_first_year=values["discount_first_year"],
    )


def resolve_case_file(case_file: str | Path, cwd: Path | None = None) -> Path:
    """The case file a notebook means, wherever the notebook is run from.

    A relative path is the notebook's own (``../case_studies/...`` from ``notebooks/``). The
    kernel runs in the notebook's folder in JupyterLab, but in the caller's folder under
    ``papermill notebooks/x.ipynb out.ipynb``, so the path is looked for in the working folder,
    in its ``notebooks/`` folder, and in the folders above it, in that order. A path that is
    found nowhere raises an error that lists where it was looked for.
    """
    path = Path(case_file).expanduser()
    if path.is_absolute() or (cwd is None and path.is_file()):
        return path
    here = Path.cwd() if cwd is None else cwd
    places = [here, here / "notebooks", *here.parents]
    candidates: list[Path] = []
    for place in places:
        candidate = Path(os.path.normpath(place / path))
        if candidate not in candidates:
            candidates.append(candidate)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates[:4])
    raise ParameterError(
        f"fallfilen {case_file} finns inte; letade i {looked}.",
        path="parameters.case_file",
        fix="Ge en sökväg relativ till notebookens mapp (notebooks/) eller en absolut sökväg.",
    )


def _is_a(value: Any, kind: type) -> bool:
    if kind is float:
        return is_real_number(value)
    if kind is int:
        return is_whole_number(value)
    return isinstance(value, kind)
