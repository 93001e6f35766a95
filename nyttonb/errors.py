"""The one exception tree of nyttonb.

Every error carries where it happened (file, line, key path) and what to do about it, so that
the command line can print one line per problem and never a traceback::

    case_studies/x.yaml:14: benefits[2].category: 'omfordelning' är ingen kategori; menade du
    'omfördelning'? Gör så här: Välj en av finansiell, omfördelning, kvalitet, miljö.

The texts a user reads are Swedish (with Swedish number formatting); the fix always begins
"Gör så här: ".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

FIX_PREFIX = "Gör så här: "
"""How the fix of every message begins, so a reader finds it at a glance."""


class NyttonbError(Exception):
    """Root of every error nyttonb raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.path = path
        self.fix = fix

    def located(
        self, *, file: str | None = None, line: int | None = None, path: str | None = None
    ) -> NyttonbError:
        """Fill in the place where it is not known yet (the innermost place wins)."""
        self.file = self.file or file
        self.line = self.line or line
        self.path = self.path or path
        return self

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"rad {self.line}: "
        if self.path:
            where += f"{self.path}: "
        text = where + self.message
        if self.fix:
            # One sentence for what is wrong, one for the fix, in the house form "Gör så här: ...".
            text += ("" if text.endswith((".", "?", "!", ":")) else ".") + " " + FIX_PREFIX
            text += self.fix.removeprefix(FIX_PREFIX)
        return text


class CaseFileError(NyttonbError):
    """A case file that cannot be read or does not follow the case format."""


class CaseErrors(CaseFileError):
    """Several problems found in one case file, each reported on its own."""

    def __init__(self, errors: list[CaseFileError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class FormulaError(NyttonbError):
    """A formula that cannot be parsed or evaluated (unknown name, cycle, division by zero)."""


class UnitError(NyttonbError):
    """A unit we do not know, or a formula whose units do not come out right."""


class RenderError(NyttonbError):
    """A report that could not be rendered or published."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint, or an empty string when nothing is close.

    >>> did_you_mean("omfordelning", ["finansiell", "omfördelning"])
    "menade du 'omfördelning'?"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"menade du '{close[0]}'?" if close else ""


class ParameterError(NyttonbError):
    """A notebook or command-line parameter that is unknown or of the wrong type."""


def number(value: float) -> str:
    """A number as a Swedish reader writes it: decimal comma, spaces between thousands.

    For messages from layers that may not import `nyttonb.present.formatting` (the core).

    >>> number(0.9), number(-200), number(12500.0), number(2e28)
    ('0,9', '−200', '12\\xa0500', '2e+28')
    """
    if abs(value) < 1e15 and value == int(value):
        text = f"{int(value):,}".replace(",", "\u00a0")
    else:
        text = f"{value:.6g}".replace(".", ",")
    return "−" + text[1:] if text.startswith("-") else text


def os_reason(error: OSError) -> str:
    """Why the operating system refused a file, in Swedish (its own text is English).

    >>> os_reason(FileNotFoundError(2, "No such file or directory"))
    'filen finns inte'
    """
    import errno

    reasons = {
        errno.ENOENT: "filen finns inte",
        errno.EACCES: "behörighet saknas",
        errno.EPERM: "behörighet saknas",
        errno.EISDIR: "det är en mapp, inte en fil",
        errno.ENOTDIR: "en del av sökvägen är ingen mapp",
        errno.ENOSPC: "disken är full",
        errno.EROFS: "filsystemet är skrivskyddat",
        errno.ENAMETOOLONG: "namnet är för långt",
        errno.EEXIST: "filen finns redan",
    }
    return reasons.get(error.errno or 0, f"systemfel {error.errno}")
