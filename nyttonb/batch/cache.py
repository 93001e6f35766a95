"""Whether a report must be rendered again: cache keys, and the cache file that keeps them.

A job's cache key (`cache_key`) covers the notebook, the case file, its git history (the
report's section "Vad har ändrats sedan förra versionen" reads the previous version from git),
the parameters and `library_digest` (nyttonb's version, code, factor library and templates);
the keys and index rows are kept in ``<out>/.nyttonb-cache.json``, written atomically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nyttonb import __version__
from nyttonb.atomic import write_atomically
from nyttonb.batch import notebook_html
from nyttonb.batch.jobs import RenderJob

CACHE_FILE = ".nyttonb-cache.json"
CACHE_FORMAT = 2
"""2: a portfolio row's budget years say whether they are calendar years (`calendar`)."""


def _tree_digest(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def library_digest() -> str:
    """nyttonb's version, its .py files, its data (the factor library) and the templates."""
    package = Path(__file__).parents[1]
    parts = [
        __version__,
        _tree_digest(package, "*.py"),
        _tree_digest(package / "data", "*"),
        _tree_digest(notebook_html.TEMPLATES, "*"),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def cache_key(job: RenderJob, parameters: Mapping[str, Any], library: str) -> str:
    """sha256 of the notebook, the case file and its actuals file, the case file's git
    history (`nyttonb.portfolio.revisions.history_key`), the parameters and `library_digest()`."""
    from nyttonb.casefile.beside import actuals_path
    from nyttonb.portfolio.revisions import history_key

    parts = [
        f"format {CACHE_FORMAT}",
        _file_digest(job.notebook),
        _file_digest(job.case_file),
        _file_digest(actuals_path(job.case_file)),
        history_key(job.case_file),
        json.dumps(dict(parameters), sort_keys=True),
        library,
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


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
