"""The shipped cases as a reader gets them: rendered by `nyttonb render`, opened offline in
headless Chromium, with every chart drawn and the slider showing the engine's numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import ARGS, CHROMIUM, ROOT, open_offline

from nyttonb.batch.render import render
from nyttonb.casefile.load import load_case
from nyttonb.core.calc import calculate
from nyttonb.core.uncertainty import tornado
from nyttonb.present import formatting as fmt

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VARIANTS = sorted((ROOT / "case_studies").glob("*/*.yaml"))
IDS = [f"{v.parent.name}/{v.stem}" for v in VARIANTS]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "reports"
    summary = render(None, out, 2, root=ROOT, progress=False)
    assert summary.failed == ()
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make browser`"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def report_path(site: Path, variant: Path) -> Path:
    return site / variant.parent.name / f"{variant.stem}.html"


def test_every_variant_has_a_report_and_its_audit_notebook(site: Path) -> None:
    for variant in VARIANTS:
        assert report_path(site, variant).exists()
        assert report_path(site, variant).with_suffix(".ipynb").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    for variant in VARIANTS:
        assert f"{variant.parent.name}/{variant.stem}.html" in index


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_report_reads_offline_with_every_chart_drawn(
    browser: Any, site: Path, variant: Path
) -> None:
    page, blocked, errors = open_offline(browser, site, report_path(site, variant))
    page.wait_for_function(
        "Array.from(document.querySelectorAll('div.nyttonb-chart'))"
        ".every(d => d.querySelector('svg, canvas'))",
        timeout=30_000,
    )
    assert page.locator("div.nyttonb-chart").count() >= 8
    text = page.inner_text("body")
    for heading in (
        "Fakta om analysen",
        "Resultatet i korthet",
        "Effektkedja",
        "Nyttor",
        "Kostnader",
        "Risker och hinder",
        "Värdering",
        "Osäkerhet",
        "Sammanfattning",
    ):
        assert heading in text
    result = calculate(load_case(variant))
    assert fmt.kr(result.net_benefit) in text
    assert "def " not in text and "import " not in text  # no code in the report
    page.close()
    assert blocked == []
    assert errors == []


def slider_caption(page: Any) -> str:
    chart = page.locator("div.nyttonb-chart", has=page.locator("input[type=range]"))
    return str(chart.locator("svg text").filter(has_text="nettonytta efter").text_content())


@pytest.mark.parametrize("variant", VARIANTS[:2], ids=IDS[:2])
def test_slider_shows_the_engines_net_benefit_at_default_and_at_high(
    browser: Any, site: Path, variant: Path
) -> None:
    case = load_case(variant)
    key = tornado(case)[0].factor
    factor = case.factor(key)
    page, blocked, errors = open_offline(browser, site, report_path(site, variant))
    page.wait_for_selector("input[type=range]", timeout=30_000)
    at_likely = calculate(case).net_benefit
    assert fmt.number(at_likely) in slider_caption(page).replace(" ", fmt.NBSP)
    page.eval_on_selector(
        "input[type=range]",
        "el => { el.value = el.max; el.dispatchEvent(new Event('input', {bubbles: true})); }",
    )
    page.wait_for_timeout(300)
    at_high = calculate(case, overrides={key: factor.high}).net_benefit
    assert fmt.number(at_high) in slider_caption(page).replace(" ", fmt.NBSP)
    page.close()
    assert blocked == [] and errors == []


# --- accessibility and narrow screens ----------------------------------------------------------

AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pages(site: Path) -> list[Path]:
    return [site / "index.html", *(report_path(site, v) for v in VARIANTS)]


def audit(page: Any) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, one line each."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": WCAG_AA}}
    )
    return [
        f"{v['id']} ({v['impact']}): {n['target']} {n['failureSummary'][:160]}"
        for v in result["violations"]
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_index_and_every_report_pass_an_axe_audit_for_wcag_21_aa(
    browser: Any, site: Path, width: int
) -> None:
    assert AXE.exists(), "axe-core is missing: run `make test` (it installs it)"
    problems = {}
    for path in pages(site):
        page, blocked, errors = open_offline(browser, site, path)
        page.set_viewport_size({"width": width, "height": 900})
        if path.name != "index.html":
            page.wait_for_function(
                "Array.from(document.querySelectorAll('div.nyttonb-chart'))"
                ".every(d => d.querySelector('svg, canvas'))",
                timeout=30_000,
            )
        page.evaluate("window.dispatchEvent(new Event('resize'))")
        found = audit(page)
        page.close()
        if found:
            problems[path.name] = found
        assert blocked == [] and errors == []
    assert problems == {}


@pytest.mark.parametrize("width", [390, 768])
def test_no_page_scrolls_sideways_on_a_phone_or_a_tablet(
    browser: Any, site: Path, width: int
) -> None:
    for path in pages(site):
        page, _, _ = open_offline(browser, site, path)
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        page.close()
        assert scroll <= width, f"{path.name} is {scroll} px wide at {width} px"


def test_slider_and_sorting_work_from_the_keyboard(browser: Any, site: Path) -> None:
    variant = VARIANTS[0]
    page, _, _ = open_offline(browser, site, report_path(site, variant))
    page.wait_for_selector("input[type=range]", timeout=30_000)
    before = slider_caption(page)
    page.focus("input[type=range]")
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    assert slider_caption(page) != before
    page.close()
    page, _, _ = open_offline(browser, site, site / "index.html")
    page.focus("#reports thead th:nth-child(4) button")
    page.keyboard.press("Enter")
    assert page.get_attribute("#reports thead th:nth-child(4)", "aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert page.get_attribute("#reports thead th:nth-child(4)", "aria-sort") == "descending"
    page.close()
