"""The frame of an analysis changed for one run: another horizon, discount rate or first-year
convention than the case file's (the notebook's parameters, `nyttonb calc --horizon`, the
explorer's sliders). Checked here, so every edge rejects the same values with the same message.
"""

from __future__ import annotations

from nyttonb.core.model import Case
from nyttonb.errors import ParameterError, number

MAX_HORIZON = 100
"""Inera's templates use 6, 15 or 25 years; beyond a century a kalkyl says nothing."""


def apply_frame(
    case: Case,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
) -> Case:
    """The case with another horizon, discount rate or first-year convention, checked.

    >>> from nyttonb.core.model import Case
    >>> case = Case("n", "o", "a", "d", "A", "B", (), 6, ())
    >>> apply_frame(case, horizon=15, discount_rate=0.035).horizon
    15
    >>> apply_frame(case, horizon=0)
    Traceback (most recent call last):
    nyttonb.errors.ParameterError: parameters.horizon: tidshorisonten ska vara ett helt antal år från 1 till 100, inte 0. Gör så här: Ange ett helt antal år, t.ex. 6, 15 eller 25.
    >>> apply_frame(case, horizon=101)
    Traceback (most recent call last):
    nyttonb.errors.ParameterError: parameters.horizon: tidshorisonten ska vara ett helt antal år från 1 till 100, inte 101. Gör så här: Ange ett helt antal år, t.ex. 6, 15 eller 25.
    """  # noqa: E501
    if horizon is not None and (not is_whole_number(horizon) or not 1 <= horizon <= MAX_HORIZON):
        raise ParameterError(
            "tidshorisonten ska vara ett helt antal år från 1 till "
            f"{MAX_HORIZON}, inte {_shown(horizon)}.",
            path="parameters.horizon",
            fix="Ange ett helt antal år, t.ex. 6, 15 eller 25.",
        )
    if discount_rate is not None and (
        not is_real_number(discount_rate) or not 0 <= discount_rate < 1
    ):
        raise ParameterError(
            "diskonteringsräntan ska vara en andel från 0 upp till 1, inte "
            f"{_shown(discount_rate)}.",
            path="parameters.discount_rate",
            fix="Skriv 3 % som 0.03.",
        )
    return case.with_frame(
        horizon=horizon, discount_rate=discount_rate, discount_first_year=discount_first_year
    )


def is_whole_number(value: object) -> bool:
    """An int that is not a bool (True is an int to Python, not a horizon to a reader)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_real_number(value: object) -> bool:
    """An int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: object) -> str:
    """A rejected parameter as the user wrote it, numbers with a decimal comma."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return repr(value)
