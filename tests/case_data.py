"""Small cases as plain data for the method tests (paired runs, price levels, hours, shares).

A case is a plain dict, turned into case-file text (JSON is YAML) and read by the real loader,
so every test goes through the same path as `nyttonb calc`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

BASE: dict[str, Any] = {
    "name": "Testfall",
    "organisation": "Exempelkommun",
    "area": "Socialtjänst",
    "description": "Ett fall byggt för testerna.",
    "alternatives": {"a": "Som i dag.", "b": "Förändringen."},
    "stakeholders": {"kommunen": {"name": "Exempelkommun", "type": "organisation"}},
    "horizon": 6,
    "discount_rate": 0.0,
    "versions": [{"version": "1.0", "note": "Första versionen."}],
}


def case_data(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return data


def item(
    id: str, formula: str | None, factors: dict[str, Any] | None = None, **more: Any
) -> dict[str, Any]:
    """A valued item (finansiell by default) of the stakeholder kommunen."""
    found: dict[str, Any] = {
        "id": id,
        "name": id.replace("_", " ").capitalize(),
        "category": "finansiell",
        "stakeholder": "kommunen",
    }
    if formula is not None:
        found["formula"] = formula
    if factors:
        found["factors"] = factors
    found.update(more)
    return found


def row(
    unit: str, likely: float, low: float | None = None, high: float | None = None, **more: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {"label": "Faktor", "unit": unit, "likely": likely}
    if low is not None:
        found["low"] = low
    if high is not None:
        found["high"] = high
    found.update(more)
    return found


def text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def write(tmp_path: Path, data: dict[str, Any], name: str = "fall.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text(data), encoding="utf-8")
    return path
