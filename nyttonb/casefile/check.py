"""`nyttonb check`: case files, and actuals files (``<variant>.utfall.yaml``) against the case
beside them, every problem as its own error."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nyttonb.casefile.actuals import check_actuals_file, is_actuals_file
from nyttonb.casefile.load import load_case
from nyttonb.errors import CaseErrors, NyttonbError


def check_files(paths: Iterable[str | Path]) -> list[NyttonbError]:
    """Every problem in every file, one error each (empty when all files are fine)."""
    problems: list[NyttonbError] = []
    for path in paths:
        try:
            if is_actuals_file(path):
                check_actuals_file(path)
            else:
                load_case(path)
        except CaseErrors as errors:
            problems.extend(errors.errors)
        except NyttonbError as error:
            problems.append(error)
    return problems


__all__ = ["check_files"]
