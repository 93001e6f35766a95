"""Render jobs: which case variants there are, and the notebook and parameters of each.

A render job is one case variant, ``case_studies/<case>/<variant>.yaml``, with its case's
notebook ``notebooks/<case with - as _>.ipynb`` (`find_jobs`); it produces one report, the HTML
page ``<out>/<case>/<variant>.html`` beside its executed notebook.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nyttonb.errors import RenderError


@dataclass(frozen=True, slots=True)
class RenderJob:
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

    def workbook(self, out: Path) -> Path:
        """The case as an Excel workbook in Inera's layout, offered for download."""
        return out / self.case / f"{self.variant}.xlsx"


# Discovery -----------------------------------------------------------------------------------


def notebook_for(case: str, root: Path) -> Path:
    """The notebook of a case: ``notebooks/<case with - replaced by _>.ipynb``."""
    return root / "notebooks" / f"{case.replace('-', '_')}.ipynb"


def find_jobs(variants: Sequence[Path] | None, root: Path) -> list[RenderJob]:
    """The render jobs to consider: the given variant files, or every one under case_studies/."""
    if variants is None:
        files = sorted((root / "case_studies").glob("*/*.yaml"))
    else:
        files = [Path(v) if Path(v).is_absolute() else root / v for v in variants]
    jobs = []
    for file in files:
        if not file.is_file():
            raise RenderError(
                f"{file}: no such case file.",
                file=str(file),
                fix="Give a variant file such as case_studies/digitalt-mote/overtornea.yaml.",
            )
        case = file.resolve().parent.name
        jobs.append(RenderJob(case, file.stem, file.resolve(), notebook_for(case, root).resolve()))
    return sorted(jobs, key=lambda job: job.id)


def notebook_parameters(job: RenderJob, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """papermill parameters: ``case_file`` relative to the notebook's folder, then `extra`."""
    case_file = Path(os.path.relpath(job.case_file, job.notebook.parent)).as_posix()
    given = {k: v for k, v in (extra or {}).items() if v is not None}
    return {"case_file": case_file, **given}
