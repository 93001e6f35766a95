"""Rendered reports and the index in headless Chromium, offline: nothing outside the site loads."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from builders import NOTEBOOKS, open_offline

from nyttonb.batch.render import render

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    (root / "notebooks").mkdir()
    (root / "case_studies" / "chart-report").mkdir(parents=True)
    shutil.copy(NOTEBOOKS / "chart_report.ipynb", root / "notebooks")
    for name in ("alfa", "bravo"):
        shutil.copy(NOTEBOOKS / "cases" / f"{name}.yaml", root / "case_studies" / "chart-report")
    summary = render(None, root / "reports", 2, root=root, progress=False)
    assert summary.failed == ()
    return root / "reports"


@pytest.mark.parametrize("variant", ["alfa", "bravo"])
def test_report_draws_every_chart_offline(browser: Any, site: Path, variant: str) -> None:
    page, blocked, errors = open_offline(browser, site, site / "chart-report" / f"{variant}.html")
    charts = page.locator("div.nyttonb-chart")
    assert charts.count() == 2
    page.wait_for_function(
        "Array.from(document.querySelectorAll('div.nyttonb-chart'))"
        ".every(d => d.querySelector('svg, canvas'))",
        timeout=15_000,
    )
    assert page.evaluate("document.documentElement.lang") == "sv"
    page.screenshot(path=f"/tmp/nyttonb-report-{variant}.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator("nav.nyttonb-nav").is_hidden()
    page.close()
    assert blocked == []
    assert errors == []


def test_index_sorts_and_filters_offline(browser: Any, site: Path) -> None:
    page, blocked, errors = open_offline(browser, site, site / "index.html")
    rows = page.locator("#reports tbody tr")
    assert rows.count() == 2
    names = page.locator("#reports tbody tr td:nth-child(3)")
    net_benefit = page.locator("#reports thead th:nth-child(4) button")
    net_benefit.click()
    assert page.get_attribute("#reports thead th:nth-child(4)", "aria-sort") == "ascending"
    ascending = names.all_inner_texts()
    net_benefit.click()
    assert names.all_inner_texts() == list(reversed(ascending))
    page.fill("#filter", "bravo")
    assert page.locator("#reports tbody tr:not([hidden])").count() == 1
    assert "1 av 2" in page.inner_text("#count")
    page.screenshot(path="/tmp/nyttonb-index.png", full_page=True)
    page.get_by_role("link", name="Öppna rapport").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(".html")
    page.close()
    assert blocked == []
    assert errors == []
