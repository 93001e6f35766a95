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


CHART_TIMEOUT = 60.0
"""Seconds a report's charts may take to be drawn before its PDF fails."""
_INSTALL = (
    "installera Chromium med make browser (Debian/Ubuntu: apt-get install chromium; se "
    "avsnittet ”PDF and print” i README.md)"
)
_OR_PATH = " eller ange sökvägen till den i miljövariabeln NYTTONB_CHROMIUM"


def _detail(error: BaseException) -> str:
    """Playwright's own (English) first line, for after the Swedish text."""
    lines = str(error).strip().splitlines()
    return f" Playwrights felmeddelande: {lines[0].strip()}" if lines else ""


def chromium_path() -> str:
    """The system's chromium, or a Swedish error saying how to install it."""
    chosen = os.environ.get("NYTTONB_CHROMIUM")
    if chosen and not (Path(chosen).is_file() and os.access(chosen, os.X_OK)):
        raise RenderError(
            f"PDF kunde inte skapas: miljövariabeln NYTTONB_CHROMIUM pekar på {chosen}, "
            "som inte finns eller inte är ett program.",
            fix=f"Rätta sökvägen eller ta bort variabeln; {_INSTALL}.",
        )
    found = (
        chosen
        or next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)
        or shutil.which("chromium")
    )
    if not found:
        raise RenderError(
            "PDF kräver webbläsaren Chromium, som inte finns på datorn.",
            fix=f"I{_INSTALL[1:]}{_OR_PATH}.",
        )
    return found


def write_pdfs(
    site: Path, reports: Iterable[Path], *, chart_timeout: float = CHART_TIMEOUT
) -> list[Path]:
    """Print each report (an HTML file in `site`) to a PDF beside it; return the PDFs.

    Every failure is a `RenderError` whose first line says in Swedish what failed and what to
    do; Playwright's own English text, if any, comes last.
    """
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
        try:
            browser = p.chromium.launch(executable_path=executable, args=_ARGS)
        except Exception as error:  # Playwright's errors: not a browser, it crashed at start
            raise RenderError(
                f"PDF kunde inte skapas: webbläsaren {executable} gick inte att starta.",
                fix=f"Kontrollera att det är Chromium; {_INSTALL}{_OR_PATH}.{_detail(error)}",
            ) from error
        try:
            for report in reports:
                written.append(_print(browser, site, report, chart_timeout))
        finally:
            browser.close()
    return written


def _print(browser: Any, site: Path, report: Path, chart_timeout: float) -> Path:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
        page.wait_for_function(_DRAWN, timeout=chart_timeout * 1000)
        page.emulate_media(media="print")
        data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    except PlaywrightTimeout as error:
        seconds = f"{chart_timeout:g}".replace(".", ",")
        raise RenderError(
            f"PDF kunde inte skapas: rapportens diagram ritades inte inom {seconds} sekunder.",
            file=str(report),
            fix="Öppna rapporten i en webbläsare och se att diagrammen syns (filen "
            "assets/vega.js ska ligga bredvid) och kör sedan nyttonb render --pdf igen."
            + _detail(error),
        ) from error
    except Exception as error:  # Playwright's other errors: a page that will not load
        raise RenderError(
            "PDF kunde inte skapas: webbläsaren kunde inte öppna eller skriva ut rapporten.",
            file=str(report),
            fix="Kör nyttonb render --pdf igen; om felet kvarstår, installera om Chromium med "
            "make browser (se avsnittet ”PDF and print” i README.md)." + _detail(error),
        ) from error
    finally:
        page.close()
    return write_atomically(report.with_suffix(".pdf"), data)


__all__ = ["chromium_path", "write_pdfs"]
