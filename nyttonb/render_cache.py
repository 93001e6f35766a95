"""Which reports there are, and whether each must be rendered again.

A report is one case variant, ``case_studies/<case>/<variant>.yaml``, with its case's notebook
``notebooks/<case with - as _>.ipynb`` (`find_reports`). Its cache key (`cache_key`) covers
the notebook, the case file, the parameters and `library_digest` (nyttonb's version, code,
factor library and templates); the keys and index rows are kept in
``<out>/.nyttonb-cache.json``, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nyttonb import __version__, report_html
from nyttonb.atomic import write_atomically
from nyttonb.errors import RenderError

CACHE_FILE = ".nyttonb-cache.json"
CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Report:
    """One report to render: a case variant and the case's notebook."""

    case: str
    variant: str
    case_file: Path
    notebook: Path

    @property
    def id(self) -> str:
        return f"{self.case}/{self.variant}"

    def html(self, out: Path) -> Path:
        return out / self.case / f"{self.variant}.html"

    def executed(self, out: Path) -> Path:
        return out / self.case / f"{self.variant}.ipynb"


# Discovery -----------------------------------------------------------------------------------


def notebook_for(case: str, root: Path) -> Path:
    """The notebook of a case: ``notebooks/<case with - replaced by _>.ipynb``."""
    return root / "notebooks" / f"{case.replace('-', '_')}.ipynb"


def find_reports(variants: Sequence[Path] | None, root: Path) -> list[Report]:
    """The reports to consider: the given variant files, or every one under case_studies/."""
    if variants is None:
        found = (root / "case_studies").glob("*/*.yaml")
        files = sorted(f for f in found if not f.name.endswith(".utfall.yaml"))
    else:
        files = [Path(v) if Path(v).is_absolute() else root / v for v in variants]
    reports = []
    for file in files:
        if not file.is_file():
            raise RenderError(
                f"{file}: no such case file.",
                file=str(file),
                fix="Give a variant file such as case_studies/digitalt-mote/overtornea.yaml.",
            )
        case = file.resolve().parent.name
        reports.append(Report(case, file.stem, file.resolve(), notebook_for(case, root).resolve()))
    return sorted(reports, key=lambda r: r.id)


# Cache keys ----------------------------------------------------------------------------------


def _tree_digest(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def library_digest() -> str:
    """nyttonb's version, its .py files, its data (the factor library) and the templates."""
    package = Path(__file__).parent
    parts = [
        __version__,
        _tree_digest(package, "*.py"),
        _tree_digest(package / "data", "*"),
        _tree_digest(report_html.TEMPLATES, "*"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def cache_key(report: Report, parameters: Mapping[str, Any], library: str) -> str:
    """sha256 of the notebook, the case file, the parameters and `library_digest()`."""
    parts = [
        f"format {CACHE_FORMAT}",
        _file_digest(report.notebook),
        _file_digest(report.case_file),
        json.dumps(dict(parameters), sort_keys=True),
        library,
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def notebook_parameters(report: Report, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """papermill parameters: ``case_file`` relative to the notebook's folder, then `extra`."""
    case_file = Path(os.path.relpath(report.case_file, report.notebook.parent)).as_posix()
    given = {k: v for k, v in (extra or {}).items() if v is not None}
    return {"case_file": case_file, **given}


def load_cache(out: Path) -> dict[str, Any]:
    """The cache entries in `out` by report id; empty when missing, unreadable or older."""
    try:
        data = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    reports = data.get("reports", {})
    return reports if isinstance(reports, dict) else {}


def save_cache(out: Path, entries: Mapping[str, Any]) -> None:
    """Write the cache entries to `out` in one step."""
    text = json.dumps(
        {"format": CACHE_FORMAT, "reports": dict(sorted(entries.items()))},
        ensure_ascii=False,
        indent=1,
    )
    write_atomically(out / CACHE_FILE, text)


__all__ = [
    "CACHE_FILE",
    "Report",
    "cache_key",
    "find_reports",
    "library_digest",
    "load_cache",
    "notebook_for",
    "notebook_parameters",
    "save_cache",
]
