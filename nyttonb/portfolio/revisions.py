"""A case file as it was in a git revision: `case_at` for `nyttonb diff --rev`, and
`previous_version` (the last committed version with another version label) for the report's
section "Vad har ändrats sedan förra versionen".

git runs as a fixed program with an argument list (never a shell), with ``--`` before the path;
the case text that comes back is read as data like any case file. `previous_version` never
raises: no git, no repository, a file never committed or an old version that cannot be read
all give None (no section).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
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


HISTORY_LIMIT = 30
"""How many commits of a case file `previous_version` looks back through."""
_TIMEOUT = 20.0
_HEADER = re.compile(r"commit ([0-9a-f]{40,64}) (\S*)")


@dataclass(frozen=True, slots=True)
class PreviousVersion:
    """A committed version of a case file: the commit, its date, the file's path in the
    repository then, and the case as it was."""

    commit: str
    date: str
    path: str
    case: Case

    @property
    def label(self) -> str:
        """The version label in its own `versions:` list."""
        return self.case.versions[-1].version if self.case.versions else ""


def _git(folder: Path, *args: str) -> bytes | None:
    """git's output in `folder`, or None when git is missing, fails or hangs."""
    git = shutil.which("git")
    if git is None or not folder.is_dir():
        return None
    try:
        result = subprocess.run(  # a fixed program and an argument list: no shell
            [git, "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def history(file: Path, limit: int = HISTORY_LIMIT) -> list[tuple[str, str, str]]:
    """The commits that changed `file` (following renames), newest first: (commit, ISO date,
    the file's path from the repository root at that commit). Empty without git or history."""
    file = Path(file).resolve()
    out = _git(
        file.parent,
        "log",
        "--follow",
        f"--max-count={limit}",
        "--format=commit %H %cs",
        "--name-only",
        "-z",
        "--",
        file.name,
    )
    if not out:
        return []
    found: list[tuple[str, str, str]] = []
    commit = date = ""
    for token in out.decode("utf-8", "surrogateescape").split("\0"):
        token = token.lstrip("\n")
        header = _HEADER.fullmatch(token)
        if header:
            commit, date = header.group(1), header.group(2)
        elif token and commit:
            found.append((commit, date, token))
            commit = ""
    return found


def history_key(file: Path) -> str:
    """What `previous_version` depends on besides the file itself (its commits), for cache keys."""
    return "\n".join(" ".join(entry) for entry in history(file)) or "no history"


def _case_in(folder: Path, commit: str, path: str) -> Case | None:
    from nyttonb.casefile.load import decode, load_case_text

    data = _git(folder, "show", f"{commit}:{path}")  # commit is hex from git log: never an option
    if data is None:
        return None
    name = f"{path}@{commit[:12]}"
    try:
        return load_case_text(decode(data, name), filename=name)
    except NyttonbError:
        return None


def previous_version(file: Path, current: Case) -> PreviousVersion | None:
    """The newest committed version of `file` whose latest version label differs from
    `current`'s (the case as it is now); None if there is none, or no version history."""
    if not current.versions:
        return None
    label = current.versions[-1].version
    folder = Path(file).resolve().parent
    for commit, date, path in history(file):
        case = _case_in(folder, commit, path)
        if case is None or not case.versions:
            continue
        if case.versions[-1].version != label:
            return PreviousVersion(commit, date, path, case)
    return None


__all__ = [
    "HISTORY_LIMIT",
    "PreviousVersion",
    "case_at",
    "history",
    "history_key",
    "previous_version",
]
