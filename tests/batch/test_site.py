"""The index page and atomic publishing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nyttonb.batch.site import IndexRow, index_html, publish, write_index
from nyttonb.errors import RenderError

SUMMARY = {
    "case": {"name": "Digitala <möten>", "organisation": "Övertorneå & Pajala"},
    "net_benefit": 1234567.4,
    "net_benefit_per_krona": 2.5,
    "break_even_label": "2026",
}


def rows() -> list[IndexRow]:
    ok = IndexRow.pending("digitalt-mote", "overtornea", "digitalt-mote/overtornea.html")
    bad = IndexRow.pending("nattillsyn", "gotland", "nattillsyn/gotland.html")
    return [
        ok.ok(SUMMARY, workbook="overtornea.xlsx"),
        bad.failed("CaseFileError: x.yaml:3: <script>alert(1)</script>", has_report=True),
    ]


def test_index_lists_figures_in_swedish_and_escapes_case_text() -> None:
    page = index_html(rows())
    assert '<html lang="sv">' in page
    assert "Digitala &lt;möten&gt;" in page and "<möten>" not in page
    assert "Övertorneå &amp; Pajala" in page
    assert "1\u00a0234\u00a0567\u00a0kr" in page
    assert 'data-sort="1234567.4"' in page
    assert "2026" in page
    assert '<a href="digitalt-mote/overtornea.html">Öppna rapport</a>' in page
    assert '<a href="digitalt-mote/overtornea.xlsx" download>Excel</a>' in page
    assert "misslyckades: CaseFileError: x.yaml:3: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "visar föregående rapport" in page
    assert 'id="filter"' in page and "aria-sort" in page
    assert "http" not in page


def test_failed_report_without_older_one_has_no_link() -> None:
    row = IndexRow.pending("a", "b", "a/b.html").failed("ValueError: x", has_report=False)
    page = index_html([row])
    assert 'href="a/b.html"' not in page
    assert "1 misslyckades" in page


def test_rows_survive_the_cache_round_trip() -> None:
    for row in rows():
        assert IndexRow.from_dict(row.to_dict()) == row


def site(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / f"site-{text}"
    (folder / "a").mkdir(parents=True)
    (folder / "assets").mkdir()
    write_index(folder, [IndexRow.pending("a", "b", "a/b.html").ok(SUMMARY)])
    (folder / "a" / "b.html").write_text(text)
    (folder / "assets" / "vega.js").write_text("// " + text)
    (folder / ".nyttonb-cache.json").write_text("{}")
    return folder


def test_publish_copies_the_site_without_build_files(tmp_path: Path) -> None:
    dest = tmp_path / "share" / "nytta"
    publish(site(tmp_path, "ny"), dest)
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert (dest / "index.html").is_file()
    assert not (dest / ".nyttonb-cache.json").exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["nytta"]


def test_publish_replaces_the_old_site_entirely(tmp_path: Path) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    (dest / "stale.html").write_text("old")
    publish(site(tmp_path, "ny"), dest)
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert not (dest / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_interrupted_publish_leaves_the_old_site_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "share"
    publish(site(tmp_path, "gammal"), dest)
    before = {p.relative_to(dest): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    copied: list[str] = []
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str) -> object:
        if copied:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    with pytest.raises(RenderError, match="published site is unchanged"):
        publish(site(tmp_path, "ny"), dest)
    after = {p.relative_to(dest): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    assert copied and after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_publish_through_a_symlink_swaps_the_link(tmp_path: Path) -> None:
    first = tmp_path / "v1"
    shutil.copytree(site(tmp_path, "gammal"), first)
    dest = tmp_path / "current"
    dest.symlink_to(first.name)
    publish(site(tmp_path, "ny"), dest)
    assert dest.is_symlink()
    assert (dest / "a" / "b.html").read_text() == "ny"
    assert os.readlink(dest).startswith(".current.tmp-")


def test_publish_refuses_what_is_not_a_rendered_site(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="not a rendered site"):
        publish(tmp_path, tmp_path / "dest")
