"""The follow-up in a batch: a variant with actuals gets a follow-up report, the actuals file is
part of the cache key, and Gotland's two reports show the plan, the claims and the efterkalkyl."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import ROOT

from nyttonb.present.formatting import NBSP

GOTLAND = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"


def text(markup: str) -> str:
    """The words of some HTML, cells separated by " | ", with ordinary spaces."""
    words = re.sub(r"<[^>]+>", " | ", markup).replace(NBSP, " ")
    return re.sub(r"(\s*\|\s*)+", " | ", words)


def test_actuals_file_is_part_of_the_cache_key_and_brings_a_follow_up_job(tmp_path: Path) -> None:
    import shutil

    from nyttonb.batch.cache import cache_key
    from nyttonb.batch.jobs import find_jobs

    folder = tmp_path / "case_studies" / "digital-nattillsyn"
    folder.mkdir(parents=True)
    shutil.copy(GOTLAND, folder / "gotland.yaml")
    jobs = find_jobs(None, tmp_path)
    assert [job.variant for job in jobs] == ["gotland"]
    before = cache_key(jobs[0], {}, "lib")
    shutil.copy(GOTLAND.with_name("gotland.utfall.yaml"), folder / "gotland.utfall.yaml")
    jobs = find_jobs(None, tmp_path)
    assert [(job.variant, job.notebook.name, job.follow_up) for job in jobs] == [
        ("gotland", "digital_nattillsyn.ipynb", False),
        ("gotland.uppfoljning", "uppfoljning.ipynb", True),
    ]
    assert cache_key(jobs[0], {}, "lib") != before
    # naming the actuals file renders its case's reports
    assert find_jobs([folder / "gotland.utfall.yaml"], tmp_path) == jobs


@pytest.mark.slow
def test_gotland_reports_show_plan_claims_and_efterkalkyl(tmp_path: Path) -> None:
    from nyttonb.batch.render import render

    summary = render([GOTLAND], tmp_path, 1, root=ROOT, progress=False)
    assert summary.failed == ()
    assert sorted(summary.rendered) == [
        "digital-nattillsyn/gotland",
        "digital-nattillsyn/gotland.uppfoljning",
    ]
    folder = tmp_path / "digital-nattillsyn"
    for name in ("gotland.html", "gotland.uppfoljning.html"):
        page = text((folder / name).read_text(encoding="utf-8"))
        for phrase in (
            "Nyttorealiseringsplan",
            "Planerat och utfall",
            "Status: efter plan.",
            "Frigjord personaltid | 2018–2022 (påstående) | 26 294 357 kr | 19 000 000 kr | 72 %",
            "Nettonytta | 25 643 282 kr | 18 818 947 kr | −6 824 335 kr",
            "Planerad och faktisk ackumulerad nettonytta",
        ):
            assert phrase in page, (name, phrase)
    # the follow-up report has no workbook of its own and is not a second portfolio row
    assert (folder / "gotland.xlsx").is_file()
    assert not (folder / "gotland.uppfoljning.xlsx").exists()
    portfolio = (tmp_path / "portfolj.html").read_text(encoding="utf-8")
    assert "digital-nattillsyn/gotland.html" in portfolio
    assert "gotland.uppfoljning" not in portfolio
    index = text((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert "Nyttorealisering" in index
    assert "gotland.uppfoljning | 25 643 282 kr" in index
    assert "efter plan (72 % realiserat)" in index
