"""A case file's neighbour: its actuals file (``<variant>.utfall.yaml`` beside it). Paths only,
so that finding files never imports the actuals' schema (`nyttonb.casefile.actuals`)."""

from __future__ import annotations

from pathlib import Path

SUFFIX = ".utfall.yaml"


def actuals_path(case_file: str | Path) -> Path:
    """Where a case's actuals live: ``gotland.yaml`` → ``gotland.utfall.yaml``."""
    path = Path(case_file)
    return path.with_name(path.name.removesuffix(".yaml") + SUFFIX)


def is_actuals_file(path: str | Path) -> bool:
    return Path(path).name.endswith(SUFFIX)


def case_file_of(actuals_file: str | Path) -> Path:
    """The case an actuals file belongs to: ``gotland.utfall.yaml`` → ``gotland.yaml``."""
    path = Path(actuals_file)
    return path.with_name(path.name.removesuffix(SUFFIX) + ".yaml")
