"""Actuals files (<variant>.utfall.yaml): every failure mode has a tiny fixture and a message
with file, line, key path and fix; the CLI exits 2 without a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import CASES, ROOT

from nyttonb.casefile.actuals import actuals_path, case_file_of, load_actuals, load_actuals_beside
from nyttonb.casefile.check import check_files
from nyttonb.casefile.load import load_case
from nyttonb.errors import CaseFileError

FIXTURES = CASES / "utfall"
GOTLAND = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"

# fixture -> (line, key path, phrase in the message, phrase in the fix)
BAD_ACTUALS = {
    "unknown_item": (
        3,
        "items.frigjord_tid_re",
        "menade du 'frigjord_tid'?",
        "frigjord_tid, trygghet",
    ),
    "year_outside": (
        5,
        "items.frigjord_tid[1].year",
        "2031 ligger utanför tidshorisonten 2024–2029",
        "från 2024 till 2029",
    ),
    "unknown_unit": (
        5,
        "items.frigjord_tid[0].indicator.unit",
        "'ar' är ingen enhet",
        "kr, h, min",
    ),
    "no_value": (4, "items.frigjord_tid[0].indicator", "har inget värde", "hours: (h)"),
    "money_on_unvalued": (
        4,
        "items.trygghet[0].money",
        "värderas inte i pengar",
        "följ upp den med indicator",
    ),
    "counted_twice": (
        5,
        "items.frigjord_tid[1]",
        "2025 har redan timmar eller pengar",
        "ett utfall per år",
    ),
    "wrong_type": (4, "items.frigjord_tid[0].hours", "det står texten '90,5'", "decimalpunkt"),
    "missing_source": (4, "items.frigjord_tid[0].source", "'source' saknas", "Lägg till source:"),
    "unknown_key": (
        4,
        "items.frigjord_tid[0].timmar",
        "'timmar' är ingen nyckel här",
        "year, years, indicator, hours, money",
    ),
    "indicator_without_plan": (
        5,
        "items.trygghet[0].indicator",
        "ingen nyttorealiseringsplan",
        "Lägg till realisation:",
    ),
}


@pytest.mark.parametrize(("fixture", "expected"), BAD_ACTUALS.items(), ids=list(BAD_ACTUALS))
def test_bad_actuals_report_file_line_path_and_fix(
    fixture: str, expected: tuple[int, str, str, str]
) -> None:
    line, path, message, fix = expected
    file = FIXTURES / f"{fixture}.utfall.yaml"
    with pytest.raises(CaseFileError) as caught:
        load_actuals(file, load_case(FIXTURES / "plan.yaml"))
    error = caught.value
    assert (error.file, error.line, error.path) == (str(file), line, path)
    assert message in error.message
    assert error.fix is not None and fix in error.fix
    assert "Input should" not in str(error)


def test_every_actuals_fixture_is_in_the_table() -> None:
    names = {p.name.removesuffix(".utfall.yaml") for p in FIXTURES.glob("*.utfall.yaml")}
    assert names == set(BAD_ACTUALS)


def test_actuals_live_beside_their_case() -> None:
    assert actuals_path(GOTLAND) == GOTLAND.with_name("gotland.utfall.yaml")
    assert case_file_of(actuals_path(GOTLAND)) == GOTLAND


def test_gotlands_published_claims_load_as_claims() -> None:
    actuals = load_actuals_beside(load_case(GOTLAND), GOTLAND)
    assert actuals is not None
    hours = next(a for a in actuals.entries if a.hours is not None)
    assert (hours.hours, hours.money, hours.claim) == (34_000.0, 19_000_000.0, True)
    assert (hours.first_year, hours.last_year) == (1, 5)  # 2018–2022 in a horizon from 2018


def _copy(tmp_path: Path, fixture: str) -> Path:
    shutil.copy(FIXTURES / "plan.yaml", tmp_path / "x.yaml")
    shutil.copy(FIXTURES / f"{fixture}.utfall.yaml", tmp_path / "x.utfall.yaml")
    return tmp_path / "x.yaml"


@pytest.mark.parametrize("command", ["calc", "check"])
def test_cli_exits_2_on_bad_actuals_with_file_line_and_fix(tmp_path: Path, command: str) -> None:
    case = _copy(tmp_path, "year_outside")
    target = case if command == "calc" else case.with_name("x.utfall.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "nyttonb.cli", command, str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"{tmp_path / 'x.utfall.yaml'}:5: items.frigjord_tid[1].year:")
    assert "Ange ett kalenderår från 2024 till 2029" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_check_refuses_actuals_without_their_case(tmp_path: Path) -> None:
    orphan = tmp_path / "ingen.utfall.yaml"
    shutil.copy(FIXTURES / "no_value.utfall.yaml", orphan)
    (problem,) = check_files([orphan])
    assert "ingen fallfil ingen.yaml" in problem.message
    assert problem.fix is not None and "bredvid ingen.yaml" in problem.fix


def test_committed_actuals_json_schema_is_current() -> None:
    import json

    from nyttonb.casefile.actuals import actuals_json_schema

    committed = (ROOT / "docs" / "actuals.schema.json").read_text(encoding="utf-8")
    assert committed == json.dumps(actuals_json_schema(), ensure_ascii=False, indent=2) + "\n"


def test_gotlands_actuals_pass_the_json_schema_editors_use() -> None:
    import jsonschema
    from ruamel.yaml import YAML

    from nyttonb.casefile.actuals import actuals_json_schema

    data = YAML(typ="safe", pure=True).load(actuals_path(GOTLAND).read_text("utf-8"))
    data["items"]["frigjord_personaltid"][0]["date"] = (
        "2022-12-31"  # YAML dates are strings in JSON
    )
    data["items"]["frigjord_personaltid"][1]["date"] = "2022-12-31"
    data["items"]["kamera"][0]["date"] = "2023-12-31"
    jsonschema.validate(data, actuals_json_schema())
    data["items"]["kamera"][0]["timmar"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, actuals_json_schema())
