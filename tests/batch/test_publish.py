"""Publishing: a whole site or none, and never anything that is not a nyttonb site."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from nyttonb.batch import publish as publishing
from nyttonb.batch.publish import MARKER, publish, repair
from nyttonb.batch.site import IndexRow, write_index
from nyttonb.cli import main
from nyttonb.errors import RenderError

SUMMARY = {"case": {"name": "Digitala möten"}, "net_benefit": 1.0}


def site(tmp_path: Path, text: str, files: int = 1) -> Path:
    folder = tmp_path / f"site-{text}"
    (folder / "a").mkdir(parents=True)
    (folder / "assets").mkdir()
    write_index(folder, [IndexRow.pending("a", "b", "a/b.html").ok(SUMMARY)])
    (folder / "a" / "b.html").write_text(text)
    for n in range(1, files):
        (folder / "a" / f"extra-{n}.html").write_text(text * 2000)
    (folder / "assets" / "vega.js").write_text("// " + text)
    (folder / ".nyttonb-cache.json").write_text("{}")
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_publish_copies_the_site_without_build_files(tmp_path: Path) -> None:
    dest = tmp_path / "share" / "nytta"
    publish(site(tmp_path, "ny"), dest)
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert (dest / "index.html").is_file()
    assert (dest / MARKER).is_file()
    assert not (dest / ".nyttonb-cache.json").exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["nytta"]


def test_publish_replaces_the_old_site_entirely(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    (dest / "stale.html").write_text("old")
    publish(site(tmp_path, "ny"), dest)
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert not (dest / "stale.html").exists()
    assert hidden(tmp_path) == []


def test_interrupted_copy_leaves_the_old_site_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    before = contents(dest)
    copied: list[str] = []
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str) -> object:
        if copied:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(RenderError, match="webbplatsen är oförändrad"):
        publish(site(tmp_path, "ny"), dest)
    assert copied and contents(dest) == before
    assert hidden(tmp_path) == []


def test_publish_through_a_symlink_swaps_the_link(tmp_path: Path) -> None:
    first = tmp_path / "v1"
    publish(site(tmp_path, "gammal"), first)
    dest = tmp_path / "current"
    dest.symlink_to(first.name)
    publish(site(tmp_path, "ny"), dest)
    assert dest.is_symlink()
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert os.readlink(dest).startswith(".current.site-")
    publish(site(tmp_path, "nyare"), dest)
    assert (dest / "a" / "b.html").read_text() == "nyare"
    assert hidden(tmp_path) == [".current.site-" + os.readlink(dest).split(".site-")[1]]
    assert (first / "a" / "b.html").read_text() == "gammal"  # not ours to delete


def test_publish_refuses_what_is_not_a_rendered_site(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="ingen renderad webbplats"):
        publish(tmp_path, tmp_path / "dest")


# Refusals: nothing that publish did not write is ever deleted --------------------------------


def test_publish_refuses_a_folder_with_other_files_and_names_them(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    dest.mkdir()
    (dest / "budget.xlsx").write_text("viktigt")
    (dest / "protokoll").mkdir()
    with pytest.raises(RenderError) as caught:
        publish(site(tmp_path, "ny"), dest)
    message = str(caught.value)
    assert "budget.xlsx" in message and "protokoll" in message and "--replace" in message
    assert (dest / "budget.xlsx").read_text() == "viktigt"
    assert hidden(tmp_path) == []


def test_replace_allows_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    dest.mkdir()
    (dest / "gammalt.html").write_text("x")
    publish(site(tmp_path, "ny"), dest, replace=True)
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert not (dest / "gammalt.html").exists()


def test_publish_into_an_empty_folder(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    dest.mkdir()
    publish(site(tmp_path, "ny"), dest)
    assert (dest / "a" / "b.html").read_text() == "ny"


def test_publish_never_replaces_a_project_even_with_replace(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    (project / ".git").mkdir(parents=True)
    (project / "case_studies").mkdir()
    for replace in (False, True):
        with pytest.raises(RenderError, match="projekt"):
            publish(site(tmp_path, f"ny{replace}"), project, replace=replace)
    assert (project / ".git").is_dir() and (project / "case_studies").is_dir()


def test_publish_never_replaces_the_folder_holding_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "projekt"
    (project / "notebooks").mkdir(parents=True)
    reports = site(project, "ny")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["publish", str(reports), ".", "--replace"])
    assert result.exit_code == 2, result.output
    assert "innehåller webbplatsen" in result.output
    assert (project / "notebooks").is_dir() and (reports / "index.html").is_file()


def test_publish_never_replaces_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "arbete" / "här"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    with pytest.raises(RenderError, match="den mapp du står i"):
        publish(site(tmp_path, "ny"), tmp_path / "arbete", replace=True)
    assert here.is_dir()


def test_publish_never_replaces_a_file(tmp_path: Path) -> None:
    dest = tmp_path / "nytta"
    dest.write_text("en fil")
    result = CliRunner().invoke(main, ["publish", str(site(tmp_path, "ny")), str(dest)])
    assert result.exit_code == 2
    assert "är en fil" in result.output and "Traceback" not in result.output
    assert dest.read_text() == "en fil"
    assert hidden(tmp_path) == []


def test_unwritable_destination_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    before = contents(dest)

    def refused(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(publishing.tempfile, "mkdtemp", refused)
    result = CliRunner().invoke(main, ["publish", str(site(tmp_path, "ny")), str(dest)])
    assert result.exit_code == 2
    assert "Permission denied" in result.output and str(tmp_path) in result.output
    assert "Traceback" not in result.output
    assert contents(dest) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_destination_gives_exit_2(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    share.chmod(0o555)
    try:
        result = CliRunner().invoke(main, ["publish", str(site(tmp_path, "ny")), str(share / "x")])
    finally:
        share.chmod(0o755)
    assert result.exit_code == 2 and "Traceback" not in result.output


# Interrupted publishes: repaired and cleaned by the next one ----------------------------------


def test_next_publish_cleans_what_a_killed_one_left(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    for kind in ("tmp", "new", "old"):
        leftover = tmp_path / f".share.{kind}-abc"
        shutil.copytree(dest, leftover)
    publish(site(tmp_path, "ny"), dest)
    assert hidden(tmp_path) == []
    assert (dest / "a" / "b.html").read_text() == "ny"


@pytest.mark.parametrize("left", ["new", "old"])
def test_repair_puts_back_a_site_missing_between_two_renames(tmp_path: Path, left: str) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, left), dest)
    dest.rename(tmp_path / f".share.{left}-abc")
    (tmp_path / ".share.tmp-def").mkdir()  # a half copy is never put back
    result = CliRunner().invoke(main, ["publish", "--repair", str(dest)])
    assert result.exit_code == 0
    assert "återställd" in result.output
    assert (dest / "a" / "b.html").read_text() == left
    assert hidden(tmp_path) == []


def test_next_publish_repairs_first_and_says_so(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    dest.rename(tmp_path / ".share.old-abc")
    result = CliRunner().invoke(main, ["publish", str(site(tmp_path, "ny")), str(dest)])
    assert result.exit_code == 0 and "återställd" in result.output
    assert (dest / "a" / "b.html").read_text() == "ny"


_PUBLISH_FOREVER = """
import sys
from pathlib import Path
from nyttonb.batch import publish as p
if sys.argv[4] == "two-renames":
    p.exchange_paths = None
sites, dest = [Path(sys.argv[1]), Path(sys.argv[2])], Path(sys.argv[3])
n = 0
while True:
    p.publish(sites[n % 2], dest)
    n += 1
"""


@pytest.mark.parametrize("swap", ["exchange", "two-renames"])
def test_kill_9_at_random_moments_never_loses_the_site(tmp_path: Path, swap: str) -> None:
    if swap == "exchange" and publishing.exchange_paths is None:
        pytest.skip("no renameat2 here")
    one, two = site(tmp_path, "ett", files=40), site(tmp_path, "två", files=40)
    dest = tmp_path / "share" / "nytta"
    publish(one, dest)
    expected = [contents(dest)]
    publish(two, dest)
    expected.append(contents(dest))
    rng = random.Random(13)
    missing = 0
    for _ in range(12):
        process = subprocess.Popen(
            [sys.executable, "-c", _PUBLISH_FOREVER, str(one), str(two), str(dest), swap]
        )
        time.sleep(0.4 + rng.random() * 0.4)
        process.send_signal(signal.SIGKILL)
        process.wait()
        if swap == "exchange" or dest.exists():
            assert contents(dest) in expected
        else:
            missing += 1
            assert "återställd" in repair(dest)
            assert contents(dest) in expected
    publish(one, dest)
    assert contents(dest) == expected[0]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["nytta"]
