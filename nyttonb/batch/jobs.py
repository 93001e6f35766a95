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
    follow_up: bool = False
    """The follow-up report of a variant with actuals: no workbook, not in the portfolio."""

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


FOLLOW_UP = "uppfoljning"
"""The follow-up notebook (``notebooks/uppfoljning.ipynb``), rendered as
``<case>/<variant>.uppfoljning.html`` for every variant with an actuals file beside it."""


def is_follow_up_id(report_id: str) -> bool:
    """Whether a report id (``case/variant``) is a follow-up report."""
    return report_id.endswith(f".{FOLLOW_UP}")


def notebook_for(case: str, root: Path) -> Path:
    """The notebook of a case: ``notebooks/<case with - replaced by _>.ipynb``."""
    return root / "notebooks" / f"{case.replace('-', '_')}.ipynb"


def find_jobs(variants: Sequence[Path] | None, root: Path) -> list[RenderJob]:
    """The render jobs to consider: the given variant files, or every one under case_studies/."""
    from nyttonb.casefile.beside import actuals_path, case_file_of, is_actuals_file

    if variants is None:
        found = (root / "case_studies").glob("*/*.yaml")
        files = sorted(f for f in found if not is_actuals_file(f))
    else:
        given = [Path(v) if Path(v).is_absolute() else root / v for v in variants]
        files = sorted({case_file_of(f) if is_actuals_file(f) else f for f in given})
    jobs = []
    follow_up_notebook = (root / "notebooks" / f"{FOLLOW_UP}.ipynb").resolve()
    for file in files:
        if not file.is_file():
            raise RenderError(
                "fallfilen finns inte.",
                file=str(file),
                fix="Ange en variantfil, till exempel case_studies/digitalt-mote/overtornea.yaml.",
            )
        case = file.resolve().parent.name
        jobs.append(RenderJob(case, file.stem, file.resolve(), notebook_for(case, root).resolve()))
        if actuals_path(file).is_file():  # a variant with actuals gets its follow-up report
            variant = f"{file.stem}.{FOLLOW_UP}"
            jobs.append(
                RenderJob(case, variant, file.resolve(), follow_up_notebook, follow_up=True)
            )
    return sorted(jobs, key=lambda job: job.id)


def notebook_parameters(job: RenderJob, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """papermill parameters: ``case_file`` relative to the notebook's folder, then `extra`."""
    case_file = Path(os.path.relpath(job.case_file, job.notebook.parent)).as_posix()
    given = {k: v for k, v in (extra or {}).items() if v is not None}
    return {"case_file": case_file, **given}
