"""Every message `nyttonb check` prints for a bad file is Swedish, names file:line and the fix.

The fixtures in tests/cases (one per failure mode) and a few built cases that reach the
pydantic error types the fixtures do not (limits, empty lists, infinite numbers, strict
types) are checked through the command line, as a user meets them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from builders import CASES
from case_data import case_data, item, row, write
from click.testing import CliRunner

from nyttonb.casefile.messages import validation_problems
from nyttonb.cli import main
from nyttonb.errors import FIX_PREFIX

GOOD = {"inera_example", "shares_rounded", "decomposed_unicode"}
ENGLISH = re.compile(
    r"\b(the|must|not|expected|missing|check|should|input|value|is|are|cannot|did you|"
    r"field|required|allowed|found|got|line|column|use|give|remove|add)\b",
    re.IGNORECASE,
)
"""Common English words of error messages; none may appear outside quoted names and keys."""

KEYS = re.compile(r"'[^']*'|`[^`]*`|\b[a-z_]+(?:\[\d+\]|\.[a-z_]+)*:|\{[^}]*\}|docs/\S+")
"""What may stay English: quoted names, commands, case-file keys (`use:`), paths to docs."""


def _built_cases(folder: Path) -> dict[str, Path]:
    """Bad cases for the pydantic error types the fixtures do not reach."""
    good_row = {"tid": row("h/år", 100, 80, 120), "timpris": row("kr/h", 300)}
    cases = {
        "size_too_large": case_data(
            benefits=[item("nojd", None, category="kvalitet", size=7, description="Nöjdare.")]
        ),
        "empty_per_year": case_data(benefits=[item("tid", "tid * timpris", good_row, per_year=[])]),
        "infinity_as_text": case_data(
            benefits=[item("tid", "tid * timpris", {**good_row, "tid": row("h/år", 1e400)})]
        ),
        "text_for_number": case_data(
            benefits=[item("tid", "tid * timpris", {**good_row, "tid": row("h/år", "0,5")})]
        ),
        "formula_ends_early": case_data(benefits=[item("tid", "tid * ", good_row)]),
        "unit_mix": case_data(benefits=[item("tid", "tid + timpris", good_row)]),
        "negative_rate": case_data(discount_rate=-0.5),
        "empty_name": case_data(name=""),
        "list_for_text": case_data(area=["Socialtjänst"]),
        "unknown_index": case_data(price_index="KPJ"),
    }
    return {name: write(folder, data, f"{name}.yaml") for name, data in cases.items()}


def _actuals(folder: Path) -> list[Path]:
    """Each bad actuals file beside its case (an actuals file is named after its case)."""
    found = []
    for fixture in sorted((CASES / "utfall").glob("*.utfall.yaml")):
        name = fixture.name.removesuffix(".utfall.yaml")
        shutil.copy(CASES / "utfall" / "plan.yaml", folder / f"{name}.yaml")
        found.append(Path(shutil.copy(fixture, folder / fixture.name)))
    return found


def _bad_files(folder: Path) -> list[Path]:
    fixtures = [p for p in sorted(CASES.glob("*.yaml")) if p.stem not in GOOD]
    return [*fixtures, *_actuals(folder), *_built_cases(folder).values()]


def _english_words(message: str) -> list[str]:
    return ENGLISH.findall(KEYS.sub(" ", message))


def test_every_bad_file_gets_swedish_messages_with_place_and_fix(tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    assert len(files) > 50
    for file in files:
        result = CliRunner().invoke(main, ["check", str(file)])
        assert result.exit_code == 2, (file.name, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), file.name
        assert "Traceback" not in result.output
        lines = result.output.strip().splitlines()
        assert lines, file.name
        for line in lines:
            assert re.match(rf"{re.escape(str(file))}:\d+: ", line), line
            assert FIX_PREFIX in line, line
            # The folder is the user's own (CI clones into /check/...): only our words count.
            words = _english_words(line.replace(str(file.parent), " "))
            assert not words, (line, words)
            what = KEYS.sub(" ", line.split(FIX_PREFIX)[0].removeprefix(str(file)))
            assert not re.search(r"\d\.\d", what), line  # Swedish decimals: 0,9 not 0.9


@pytest.mark.parametrize(
    ("kind", "ctx", "value", "phrase"),
    [
        ("greater_than_equal", {"ge": 1}, 0, "talet 0 är för litet; värdet ska vara minst 1"),
        ("less_than", {"lt": 1}, 1.5, "talet 1,5 är för stort; värdet ska vara mindre än 1"),
        ("too_short", {"min_length": 1, "actual_length": 0}, [], "har 0 rader"),
        ("finite_number", {}, float("inf"), "inget ändligt tal"),
        ("date_parsing", {}, "igår", "här ska stå ett datum"),
        ("some_future_pydantic_type", {}, "x", "går inte att läsa här"),
    ],
)
def test_pydantic_error_types_are_reworded_in_swedish(
    kind: str, ctx: dict[str, object], value: object, phrase: str
) -> None:
    error = {"type": kind, "loc": ("horizon",), "input": value, "ctx": ctx, "msg": "English"}
    (problem,) = validation_problems([error])
    assert phrase in problem.message
    assert problem.fix and not _english_words(problem.message + " " + problem.fix)
