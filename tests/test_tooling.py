"""The house rules hold: ruff's curated rules everywhere, mypy strict on the library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    completed = run(sys.executable, "-m", "ruff", "check", ".")
    assert completed.returncode == 0, completed.stdout


def test_mypy_strict_finds_nothing_in_the_library() -> None:
    completed = run(sys.executable, "-m", "mypy", "nyttonb")
    assert completed.returncode == 0, completed.stdout


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    completed = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert completed.returncode == 0, completed.stdout
