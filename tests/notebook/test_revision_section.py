"""The report section "Vad har ändrats sedan förra versionen": the previous version from git,
the waterfall whose bars add up to the difference, and no section whenever git cannot give one."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
import vl_convert as vlc
from builders import CASES, assert_swedish_chart

from nyttonb.casefile.load import load_case
from nyttonb.core.calc import calculate
from nyttonb.core.frame import apply_frame
from nyttonb.notebook.report import CaseReport
from nyttonb.notebook.revision_section import HEADING, build_section
from nyttonb.portfolio.revisions import history, history_key, previous_version
from nyttonb.present.charts.revision import LEVEL, waterfall_records
from nyttonb.present.charts.uncertainty import NET_AXIS

EXAMPLE = (CASES / "inera_example.yaml").read_text(encoding="utf-8")
V1 = '  - {version: "1.0", date: 2024-03-01, note: Första versionen.}\n'
V2 = V1 + '  - {version: "1.1", date: 2024-09-01, note: Ny timkostnad.}\n'


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
         "-c", "commit.gpgsign=false", "-C", str(folder), *args],
        check=True, capture_output=True,
    )  # fmt: skip


def second_version(text: str) -> str:
    """Version 1.1: a higher hourly cost and a longer horizon."""
    text = text.replace(V1, V2).replace("likely: 368", "likely: 400")
    return text.replace("horizon: 6", "horizon: 8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with version 1.0 committed and 1.1 in the working tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    file = tmp_path / "fall.yaml"
    file.write_text(EXAMPLE, encoding="utf-8")
    git(tmp_path, "add", "--", "fall.yaml")
    git(tmp_path, "commit", "-qm", "version 1.0")
    file.write_text(second_version(EXAMPLE), encoding="utf-8")
    return file


def test_section_waterfall_adds_up_to_the_difference_and_names_the_change(
    repository: Path,
) -> None:
    case = load_case(repository)
    section = build_section(repository, case)
    assert section is not None
    old_net = calculate(load_case(CASES / "inera_example.yaml")).net_benefit
    assert section.diff.old_net_benefit == pytest.approx(old_net)
    assert section.diff.new_net_benefit == pytest.approx(calculate(case).net_benefit)
    steps = [effect for _, effect in section.steps]
    assert len(steps) == 2  # the hourly cost, then the horizon
    assert math.fsum(steps) == pytest.approx(section.diff.difference)
    assert section.diff.difference > 0

    spec = section.chart().to_dict()
    assert_swedish_chart(spec, "Vad flyttade nettonyttan sedan förra versionen?", {NET_AXIS})
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    records = bars["data"]["values"]
    changes = [r for r in records if r["kind"] != LEVEL]
    assert math.fsum(r["to"] - r["from"] for r in changes) == pytest.approx(section.diff.difference)
    assert changes[-1]["to"] == pytest.approx(section.diff.new_net_benefit)
    assert records[0]["to"] == pytest.approx(old_net)
    assert vlc.vegalite_to_vega(spec)["description"] == section.description()
    assert bars["encoding"]["color"]["legend"]["values"] == ["Höjer nettonyttan", LEVEL]

    text = section.text_html()
    assert HEADING in text and "Förra versionen, 1.0 (2024-03-01, git-commit" in text
    assert "Denna version, 1.1" in text and "en ökning med" in text
    # the version list always changes (the Versioner table shows it): not a changed text
    assert "Versionshistorik" not in text and "Ändrade texter" not in text
    table = section.table_html()
    assert "<td>1. Faktor Genomsnittlig timkostnad" in table  # numbered as the chart's bars
    assert "<td>2. Tidshorisont: 6 år → 8 år</td>" in table
    assert "Faktor Genomsnittlig timkostnad, handläggare: troligt 368\xa0kr/h" in table
    # the factor by its label, not its code name (`nyttonb diff` keeps it for the author)
    for said in (table, section.description(), json.dumps(spec, ensure_ascii=False)):
        assert "(timkostnad)" not in said
    assert "→ 400\xa0kr/h" in table
    assert "Tidshorisont: 6 år → 8 år" in table
    assert "Vattenfallsdiagram" in section.description()


def test_a_changed_text_beside_the_version_list_is_listed(repository: Path) -> None:
    text = repository.read_text(encoding="utf-8")
    repository.write_text(
        text.replace("organisation: Exempelkommun", "organisation: Solstads kommun"),
        encoding="utf-8",
    )
    section = build_section(repository, load_case(repository))
    assert section is not None
    said = section.text_html()
    assert "Ändrade texter (påverkar inte nettonyttan): Organisation." in said


def test_committed_new_version_compares_with_the_commit_before(repository: Path) -> None:
    """Once 1.1 is committed too, HEAD has the same label: the previous version is 1.0's commit."""
    git(repository.parent, "commit", "-qam", "version 1.1")
    git(repository.parent, "mv", "fall.yaml", "omdopt.yaml")
    git(repository.parent, "commit", "-qm", "byt namn")
    moved = repository.parent / "omdopt.yaml"
    assert [path for _, _, path in history(moved)] == ["omdopt.yaml", "fall.yaml", "fall.yaml"]
    previous = previous_version(moved, load_case(moved))
    assert previous is not None and previous.label == "1.0" and previous.path == "fall.yaml"


def test_report_frames_the_previous_version_like_the_report(repository: Path) -> None:
    report = CaseReport.from_parameters({"case_file": str(repository), "horizon": 6})
    assert report.source == repository and report.frame["horizon"] == 6
    section = build_section(report.source, report.case, report.frame)
    assert section is not None
    assert section.diff.new_net_benefit == pytest.approx(report.result.net_benefit)
    assert len(section.steps) == 1  # same horizon on both sides: only the hourly cost moved
    old = apply_frame(load_case(CASES / "inera_example.yaml"), horizon=6)
    assert section.diff.old_net_benefit == pytest.approx(calculate(old).net_benefit)


def test_no_section_without_git_history(
    repository: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = load_case(repository)
    outside = tmp_path_factory.mktemp("utan-git") / "fall.yaml"
    outside.write_text(repository.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_section(outside, case) is None  # not in a repository
    assert history_key(outside) == "no history"
    untracked = repository.parent / "ny.yaml"
    untracked.write_text(repository.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_section(untracked, case) is None  # never committed
    assert build_section(None, case) is None  # not read from a file
    empty = tmp_path_factory.mktemp("tom-path")
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("git") is None
    assert build_section(repository, case) is None  # no git program


def test_no_section_when_the_previous_version_cannot_be_read(repository: Path) -> None:
    broken = repository.parent / "trasig.yaml"
    broken.write_text("name: [ej avslutad\n", encoding="utf-8")
    git(repository.parent, "add", "--", "trasig.yaml")
    git(repository.parent, "commit", "-qm", "trasig")
    broken.write_text(second_version(EXAMPLE), encoding="utf-8")
    assert build_section(broken, load_case(broken)) is None


@pytest.mark.parametrize("name", ["--output=x.yaml", "-n.yaml", "$(touch hackad).yaml"])
def test_hostile_file_names_reach_git_as_paths(repository: Path, name: str) -> None:
    folder = repository.parent
    hostile = folder / name
    hostile.write_text(EXAMPLE, encoding="utf-8")
    git(folder, "add", "--", name)
    git(folder, "commit", "-qm", "konstigt namn")
    hostile.write_text(second_version(EXAMPLE), encoding="utf-8")
    section = build_section(hostile, load_case(hostile))
    assert section is not None and section.previous.path == name
    assert not (folder / "hackad").exists() and not (folder / "x.yaml").exists()


def test_render_cache_key_changes_with_a_commit_of_the_unchanged_file(repository: Path) -> None:
    """Committing 1.1 changes the previous version (to 1.0's commit) but not the file."""
    from nyttonb.batch.cache import cache_key
    from nyttonb.batch.jobs import RenderJob

    job = RenderJob("fall", "fall", repository, repository.parent / "fall.ipynb")
    before, history_before = cache_key(job, {}, "lib"), history_key(repository)
    git(repository.parent, "commit", "-qam", "version 1.1")
    assert history_key(repository) != history_before
    assert cache_key(job, {}, "lib") != before


def test_waterfall_records_run_from_the_old_level_to_the_new() -> None:
    records = waterfall_records(100.0, [("a", 50.0), ("b", -80.0)], 70.0)
    assert [(r["from"], r["to"]) for r in records] == [(0, 100), (100, 150), (150, 70), (0, 70)]
    assert [r["bar"] for r in records][1:3] == ["1. a", "2. b"]
    long = "Faktor Möten per år med resa där sekretessbelagd information hanteras (moten_per_ar)"
    (record,) = waterfall_records(0.0, [(long, 1.0)], 1.0)[1:2]
    assert record["bar"] == "1. Faktor Möten per år med resa där…"  # whole words
    assert record["change"] == long


@pytest.mark.slow
def test_rendered_case_notebook_shows_the_section(repository: Path) -> None:
    """The shipped notebook, run by papermill on a case whose 0.9 version is committed."""
    import nbformat
    import papermill
    from builders import ROOT

    shipped = ROOT / "case_studies" / "sakr-digital-kommunikation" / "sigtuna.yaml"
    text = shipped.read_text(encoding="utf-8")
    file = repository.parent / "sigtuna.yaml"
    file.write_text(
        text.replace('version: "1.0"', 'version: "0.9"').replace(
            "discount_rate: 0.03", "discount_rate: 0.04"
        ),
        encoding="utf-8",
    )
    git(repository.parent, "add", "--", "sigtuna.yaml")
    git(repository.parent, "commit", "-qm", "version 0.9")
    file.write_text(text, encoding="utf-8")
    executed = repository.parent / "executed.ipynb"
    papermill.execute_notebook(
        ROOT / "notebooks" / "sakr_digital_kommunikation.ipynb",
        executed,
        parameters={"case_file": str(file)},
        cwd=ROOT / "notebooks",
        progress_bar=False,
        kernel_name="python3",
    )
    notebook = nbformat.read(executed, as_version=4)
    (cell,) = [c for c in notebook.cells if c.source.startswith("report.revision()")]
    shown = json.dumps(cell.outputs, ensure_ascii=False)
    assert HEADING in shown and "Förra versionen, 0.9" in shown
    assert "Diskonteringsränta: 4 % → 3 %" in shown.replace("\u00a0", " ")
    assert "Vad flyttade nettonyttan sedan förra versionen?" in shown
