"""A PDF beside each report (`nyttonb render --pdf`), printed by headless Chromium.

Why Chromium through Playwright: the report is HTML whose charts are drawn by Vega in the
browser; the same browser that the tests already use (Debian's ``/usr/bin/chromium``, driven
by Playwright, every request outside the site blocked) prints exactly what a reader sees, with
the report's own print stylesheet (A4, no navigation or slider, tables and charts kept whole),
so "Skriv ut → Spara som PDF" in a browser gives the same PDF. A separate print engine
(WeasyPrint and the like) would need every chart as a static picture and a second stylesheet,
and would run no JavaScript. Playwright is an optional extra (``pip install 'nyttonb[pdf]'``,
part of the test extra); the browser is the system's chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nyttonb.atomic import write_atomically
from nyttonb.errors import RenderError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
_DRAWN = (
    "Array.from(document.querySelectorAll('div.nyttonb-chart'))"
    ".every(d => d.querySelector('svg, canvas'))"
)


def chromium_path() -> str:
    """The system's chromium, or a Swedish error saying how to install it."""
    found = (
        os.environ.get("NYTTONB_CHROMIUM")
        or next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)
        or shutil.which("chromium")
    )
    if not found:
        raise RenderError(
            "PDF kräver webbläsaren Chromium, som inte finns på datorn.",
            fix="Installera den (Debian/Ubuntu: apt-get install chromium) eller ange sökvägen "
            "i miljövariabeln NYTTONB_CHROMIUM.",
        )
    return found


def write_pdfs(site: Path, reports: Iterable[Path]) -> list[Path]:
    """Print each report (an HTML file in `site`) to a PDF beside it; return the PDFs."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise RenderError(
            "PDF kräver Python-paketet playwright, som inte är installerat.",
            fix="Installera det med: pip install 'nyttonb[pdf]'.",
        ) from error
    executable = chromium_path()
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=_ARGS)
        try:
            for report in reports:
                written.append(_print(browser, site, report))
        finally:
            browser.close()
    return written


def _print(browser: Any, site: Path, report: Path) -> Path:
    page = browser.new_page()
    allowed = site.resolve().as_uri() + "/"

    def route(request: Any) -> None:
        if request.request.url.startswith(allowed):
            request.continue_()
        else:
            request.abort()

    page.route("**/*", route)
    try:
        page.goto(report.resolve().as_uri())
        page.wait_for_load_state("load")
        page.wait_for_function(_DRAWN, timeout=60_000)
        page.emulate_media(media="print")
        data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    except Exception as error:  # Playwright's own errors: timeouts, a page that will not load
        raise RenderError(
            f"PDF kunde inte skapas: {str(error).splitlines()[0]}", file=str(report)
        ) from error
    finally:
        page.close()
    return write_atomically(report.with_suffix(".pdf"), data)


__all__ = ["chromium_path", "write_pdfs"]
