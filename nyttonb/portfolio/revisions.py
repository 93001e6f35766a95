"""A case file as it was in a git revision (``git show REV:./file``), for `nyttonb diff --rev`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from nyttonb.errors import NyttonbError

if TYPE_CHECKING:
    from nyttonb.core.model import Case


def case_at(file: Path, revision: str) -> Case:
    """The case in `file` at git `revision`; a Swedish error (exit 2) if git cannot give it."""
    from nyttonb.casefile.load import decode, load_case_text

    git = shutil.which("git")
    if git is None:
        raise NyttonbError(
            "git finns inte på den här datorn.",
            file=str(file),
            fix="Installera git, eller jämför två filer: nyttonb diff GAMMAL NY.",
        )
    if revision.startswith("-"):
        raise NyttonbError(f"'{revision}' är ingen git-revision.", file=str(file),
                           fix="Ange en revision som HEAD~1, en tagg eller en commit.")  # fmt: skip
    folder = file.resolve().parent
    if not folder.is_dir():
        raise NyttonbError("mappen finns inte.", file=str(file), fix="Kontrollera sökvägen.")
    result = subprocess.run(  # a fixed program, no shell; the revision cannot be an option
        [git, "-C", str(folder), "show", f"{revision}:./{file.name}"],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        why = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NyttonbError(
            f"filen finns inte i git-revisionen {revision}" + (f" (git: {why[-1]})" if why else ""),
            file=str(file),
            fix="Kontrollera revisionen (git log --oneline -- FIL) och att filen ligger i ett "
            "git-förråd.",
        )
    name = f"{file}@{revision}"
    return load_case_text(decode(result.stdout, name), filename=name)


__all__ = ["case_at"]
