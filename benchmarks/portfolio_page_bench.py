"""The portfolio page at national scale: ``portfolj.html`` with 1 000 rows in headless Chromium.

Generates `--rows` case variants with `portfolio_bench.build` (the shipped variants, each with
its own organisation and scaled likely values), makes their portfolio rows
(`nyttonb.portfolio.load_rows`, with Monte Carlo) and writes ``portfolj.html`` with the site's
Vega bundle, as `nyttonb portfolio --out` does. Then, in Debian's Chromium through Playwright
with every request outside the page's folder blocked, measures with ``performance.now()`` in
the page:

- load: from navigation start until the page's script has filled the table and the totals
  (its ``portfolj-klar`` mark) and until the three charts are drawn (``portfolj-diagram``);
- sort: a click on the Nettonytta heading until the rows are reordered and laid out;
- selection: a click on one checkbox until the charts are drawn again for the new set (the
  page waits 60 ms for more clicks before drawing), and until the totals and the budget table
  are updated and laid out; "Markera alla som visas" (every row) the same way.

The plain alternative, in the same run: the same page with `--small` rows (default 10).
Printed: the median of `--repeat` runs of each, for both pages, and the ratio large/small.

    .venv/bin/python benchmarks/portfolio_page_bench.py               # 1 000 rows
    .venv/bin/python benchmarks/portfolio_page_bench.py --rows 100    # a quick look
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]

from builders import ARGS, CHROMIUM, open_offline  # noqa: E402
from portfolio_bench import build  # noqa: E402

# One measurement in the page: click `selector`, force layout, return the milliseconds it took.
_TIMED = """(selector) => {
  const el = document.querySelector(selector);
  const t0 = performance.now();
  el.click();
  void document.body.offsetHeight;  // layout
  return performance.now() - t0;
}"""
# Click `selector`, and resolve when the page marks its charts drawn again (the 60 ms wait
# before drawing included): the milliseconds from the click.
_TIMED_CHARTS = """(selector) => new Promise((resolve) => {
  const t0 = performance.now();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'portfolj-diagram' && entry.startTime > t0) {
        observer.disconnect();
        resolve(entry.startTime - t0);
      }
    }
  });
  observer.observe({ entryTypes: ['mark'] });
  document.querySelector(selector).click();
})"""
_MARK = "(name) => performance.getEntriesByName(name)[0].startTime"
_HAS_MARK = "(name) => performance.getEntriesByName(name).length > 0"


def build_page(folder: Path, count: int, bundle: Path | None) -> tuple[Path, float]:
    """``folder/portfolj.html`` for `count` generated variants; the seconds the rows took."""
    from nyttonb.batch.assets import VEGA_BUNDLE, ensure_assets
    from nyttonb.portfolio import load_rows
    from nyttonb.portfolio.page import write_page

    (folder / "fall").mkdir(parents=True)
    files = build(folder / "fall", count)
    start = time.perf_counter()
    rows = load_rows(files, jobs=max(1, min(2, os.cpu_count() or 1)))
    seconds = time.perf_counter() - start
    site = folder / "site"
    if bundle is not None:
        (site / VEGA_BUNDLE).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle, site / VEGA_BUNDLE)
    else:
        ensure_assets(site)
    return write_page(site, rows), seconds


def measure(browser: Any, page_path: Path, repeat: int) -> dict[str, float]:
    """Median milliseconds of load, charts, sort, one checkbox and "mark all", in the page."""
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        page, blocked, errors = open_offline(browser, page_path.parent, page_path)
        page.wait_for_function(_HAS_MARK, arg="portfolj-diagram")
        sort = "th[data-key=net_benefit] button"
        results = {
            "laddad (tabell och summor)": page.evaluate(_MARK, "portfolj-klar"),
            "laddad med diagram": page.evaluate(_MARK, "portfolj-diagram"),
            "sortera (Nettonytta)": page.evaluate(_TIMED, sort),
            "sortera igen (omvänt)": page.evaluate(_TIMED, sort),
            "markera en analys, diagrammen ritade": page.evaluate(
                _TIMED_CHARTS, "#portfolio tbody tr:nth-child(1) input.pick"
            ),
            "markera en analys (summor)": page.evaluate(
                _TIMED, "#portfolio tbody tr:nth-child(2) input.pick"
            ),
            "markera alla som visas (summor)": page.evaluate(_TIMED, "#pick-shown"),
        }
        assert not blocked, f"the page asked the network for {blocked[:3]}"
        assert not errors, f"errors in the page: {errors[:3]}"
        page.close()
        for name, value in results.items():
            runs.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10, help="rows of the plain alternative")
    parser.add_argument("--repeat", type=int, default=5, help="page loads per measurement")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        large, large_rows = build_page(Path(tmp) / "stor", args.rows, None)
        bundle = large.parent / "assets" / "vega.js"
        small, _ = build_page(Path(tmp) / "liten", args.small, bundle)
        size = large.stat().st_size
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                measure(browser, small, 1)  # warm up Chromium's caches once
                big = measure(browser, large, args.repeat)
                plain = measure(browser, small, args.repeat)
            finally:
                browser.close()
    print(
        f"portfolj.html: {args.rows} rader ({size / 1e6:.1f} MB), rader beräknade på "
        f"{large_rows:.1f} s; jämfört med {args.small} rader; median av {args.repeat}"
    )
    width = max(len(name) for name in big)
    print(f"{'':<{width}}  {args.rows:>9} rader  {args.small:>7} rader  kvot")
    for name, value in big.items():
        ratio = value / plain[name] if plain[name] > 0 else float("nan")
        print(f"{name:<{width}}  {value:>9.1f} ms  {plain[name]:>7.1f} ms  {ratio:5.1f}")


if __name__ == "__main__":
    main()
