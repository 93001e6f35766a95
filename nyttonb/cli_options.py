"""The command line's shared options and their checks: an option out of range is a Swedish
usage error (exit 2) that says which values are allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from nyttonb.cli_swedish import DecimalNumber, PositiveInt

MAX_DRAWS = 1_000_000
MAX_JOBS = 32

F = TypeVar("F", bound=Callable[..., Any])


def _whole(number: int) -> str:
    """A whole number with Swedish digit grouping: 1 000 000."""
    return f"{number:,}".replace(",", "\u00a0")


def check_draws(_: click.Context, __: click.Parameter, value: int) -> int:
    if not 1 <= value <= MAX_DRAWS:
        raise click.BadParameter(
            f"{_whole(value)} dragningar: välj mellan 1 och {_whole(MAX_DRAWS)}."
        )
    return value


def check_seed(_: click.Context, __: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 0 <= value < 2**63:
        raise click.BadParameter(f"{value}: fröet är ett heltal från 0 och uppåt (t.ex. 1).")
    return value


def check_jobs(context: click.Context, __: click.Parameter, value: int | None) -> int | None:
    """1–32 kernels (render) or processes (portfolio)."""
    if value is not None and not 1 <= value <= MAX_JOBS:
        what = "kärnor" if context.info_name == "render" else "processer"
        raise click.BadParameter(f"{value} {what}: välj mellan 1 och {MAX_JOBS}.")
    return value


def frame_options(function: F) -> F:
    """The frame a user may change without editing the case: horizon, rate, convention."""
    function = click.option(
        "--discount-first-year/--no-discount-first-year",
        default=None,
        help="Diskontera även år 1 (standard: nej, år 1 har t = 0).",
    )(function)
    function = click.option(
        "--discount-rate",
        type=DecimalNumber(),
        default=None,
        help="Diskonteringsränta som andel, t.ex. 0,03 för 3 %.",
    )(function)
    return click.option(
        "--horizon",
        type=PositiveInt(),
        default=None,
        help="Tidshorisont i år (Inera: 6, 15 eller 25).",
    )(function)
