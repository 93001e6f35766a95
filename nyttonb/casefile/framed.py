"""A case file read as a report or `nyttonb calc` reads it: framed, with its actuals if any.

The actuals' schema (`nyttonb.casefile.actuals`, pydantic models) is imported only when there
is an actuals file: most cases have none, and `nyttonb calc` should not pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nyttonb.casefile.beside import actuals_path

if TYPE_CHECKING:
    from nyttonb.core.followup import Actuals
    from nyttonb.core.model import Case


def load_framed_with_actuals(
    file: str | Path,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
) -> tuple[Case, Actuals | None]:
    """`load_framed`, and the case's actuals (``<variant>.utfall.yaml`` beside it) if any.

    The actuals are checked against the case as its file frames it; with a shorter horizon
    given here, the follow-up leaves out entries that reach beyond it.
    """
    from nyttonb.casefile.load import load_case
    from nyttonb.core.frame import apply_frame

    case = load_case(file)
    actuals = None
    beside = actuals_path(file)
    if beside.is_file():
        from nyttonb.casefile.actuals import load_actuals

        actuals = load_actuals(beside, case)
    framed = apply_frame(
        case, horizon=horizon, discount_rate=discount_rate, discount_first_year=discount_first_year
    )
    return framed, actuals


__all__ = ["load_framed_with_actuals"]
