"""Large generated cases: time and peak memory of check, calc --uncertainty and render.

Nobody writes a case with 10 000 factors or items by hand, but an imported workbook or a
generated portfolio can. This script writes such cases (every value derived from the index, so
runs are comparable) and measures each command in its own process: wall time and peak resident
memory (the child's ``ru_maxrss``), and for render the size of the report page.

    .venv/bin/python benchmarks/load_bench.py [--factors 10000] [--items 10000] [--render]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NYTTONB = [sys.executable, "-m", "nyttonb.cli"]

HEADER = """name: Genererat fall
organisation: Benchmarkkommun
area: Test
description: Ett genererat fall för att mäta stora indata.
alternatives: {a: Som idag., b: Med förändringen.}
stakeholders:
  kommunen: {name: Benchmarkkommun, type: organisation}
horizon: 10
versions:
  - {version: "1.0", date: 2024-03-01, note: Genererad.}
"""


def many_factors(count: int) -> str:
    """`count` shared factors, summed by one benefit (in groups, to keep formulas short)."""
    rows = [HEADER, "factors:\n"]
    for i in range(count):
        likely = 10 + i % 90
        rows.append(
            f"  f{i}: {{label: Faktor {i}, unit: kr/år, likely: {likely}, low: {likely - 5}, "
            f"high: {likely + 5}, source: Genererad, source_type: antagande}}\n"
        )
    rows.append("benefits:\n")
    group = 100
    for g in range(0, count, group):
        names = " + ".join(f"f{i}" for i in range(g, min(count, g + group)))
        rows.append(
            f"  - {{id: nytta_{g}, name: Nytta {g}, category: finansiell, "
            f"stakeholder: kommunen, formula: {names}}}\n"
        )
    rows.append(_cost())
    return "".join(rows)


def many_items(count: int) -> str:
    """`count` benefits, each with a factor of its own and one shared hourly cost."""
    rows = [
        HEADER,
        "factors:\n  timkostnad: {label: Timkostnad, unit: kr/h, likely: 368, low: 340, "
        "high: 400}\nbenefits:\n",
    ]
    for i in range(count):
        hours = 1 + i % 7
        rows.append(
            f"  - {{id: n{i}, name: Nytta {i}, category: omfördelning, stakeholder: kommunen, "
            f"formula: h * timkostnad, factors: {{h: {{label: Timmar, unit: h/år, "
            f"likely: {hours}, low: {hours * 0.8:g}, high: {hours * 1.2:g}}}}}}}\n"
        )
    rows.append(_cost())
    return "".join(rows)


def _cost() -> str:
    return (
        "costs:\n  - {id: drift, name: Drift, category: finansiell, cost_type: löpande, "
        "stakeholder: kommunen, formula: avgift, factors: {avgift: {label: Avgift, unit: kr/år, "
        "likely: 100000, low: 80000, high: 150000}}}\n"
    )


def measure(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Seconds, peak resident MB and exit code of one command in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        print(errors.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--render", action="store_true", help="also render the items case")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nyttonb-load-"))
    try:
        folder = work / "case_studies" / "digitalt-mote"
        folder.mkdir(parents=True)
        factors, items = folder / "faktorer.yaml", folder / "poster.yaml"
        factors.write_text(many_factors(options.factors), encoding="utf-8")
        items.write_text(many_items(options.items), encoding="utf-8")
        cases = {f"{options.factors} faktorer": factors, f"{options.items} poster": items}
        os.symlink(REPO / "notebooks", work / "notebooks")
        print(f"{'fall':<16} {'kommando':<24} {'sekunder':>9} {'topp MB':>9}  kod")
        for name, file in cases.items():
            size = file.stat().st_size / 1024 / 1024
            for label, command in (
                ("check", ["check", str(file)]),
                ("calc", ["calc", str(file), "--json"]),
                ("calc --uncertainty", ["calc", str(file), "--uncertainty", "--json"]),
            ):
                seconds, peak, code = measure([*NYTTONB, *command], work)
                print(f"{name:<16} {label:<24} {seconds:9.2f} {peak:9.0f}  {code}  ({size:.1f} MB)")
        if options.render:
            args = [*NYTTONB, "render", str(items), "--out", "reports", "--jobs", "1"]
            seconds, peak, code = measure([*args, "--no-progress"], work)
            page = work / "reports" / "digitalt-mote" / "poster.html"
            html = page.stat().st_size / 1024 / 1024 if page.exists() else float("nan")
            print(
                f"{'poster':<16} {'render':<24} {seconds:9.2f} {peak:9.0f}  {code}  "
                f"(rapport {html:.1f} MB; kärnans minne räknas inte)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
