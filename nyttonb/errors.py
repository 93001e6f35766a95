"""The one exception tree of nyttonb.

Every error carries where it happened (file, line, key path) and what to do about it, so that
the command line can print one line per problem and never a traceback::

    case_studies/x.yaml:14: benefits[2].category: 'omfordelning' is not a category; did you
    mean 'omfördelning'? Choose one of: finansiell, omfördelning, kvalitet, miljö.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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
            where = f"line {self.line}: "
        if self.path:
            where += f"{self.path}: "
        text = where + self.message
        if self.fix:
            # One sentence for what is wrong, one for the fix.
            text += ("" if text.endswith((".", "?", "!", ":")) else ".") + " " + self.fix
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
    "did you mean 'omfördelning'?"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class ParameterError(NyttonbError):
    """A notebook or command-line parameter that is unknown or of the wrong type."""
