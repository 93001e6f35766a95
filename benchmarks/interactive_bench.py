"""Interactive steps against their targets and against the plain alternative, in one run.

Each step runs in a fresh Python process (as a user meets it), ``--repeat`` times; printed are
the median and the best, the target, and the same figure for the plain alternative measured
in the same run:

- ``nyttonb calc CASE`` (target 0,2 s) and ``nyttonb --help``, against a process that only
  imports nyttonb (``python -c "import nyttonb"``, the floor of any command);
- ``nyttonb charts CASE`` as PNG (the default) and SVG (target 2 s), against the least any
  Altair chart export pays: a process that imports Altair and vl-convert and converts one
  one-point chart (after importing nyttonb, which spares it jsonschema's IRI grammar);
- ``nyttonb.explore(CASE)`` first draw, after the process has imported nyttonb (target 1 s):
  the widget built with its headline and its three charts' outputs (Vega, compiled by
  vl-convert, as JupyterLab receives them; no browser), against the third-party start-up it
  cannot avoid (import ipywidgets and Altair, vl-convert's first conversion);
- a slider move (target 0,1 s): ``--moves`` moves between a factor's lowest and highest value,
  each a recomputation, the headline and three charts, median and 95th percentile, against the
  plain way to redraw the same three charts (Altair's validating ``to_dict`` and vl-convert).

    .venv/bin/python benchmarks/interactive_bench.py
    .venv/bin/python benchmarks/interactive_bench.py --repeat 3 --case case_studies/x/y.yaml
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_CASE = REPO / "case_studies" / "sakr-digital-kommunikation" / "sigtuna.yaml"

TINY_CHART = (
    "import nyttonb, altair as alt, vl_convert as vlc; "
    "spec = alt.Chart(alt.Data(values=[{'a': 1}])).mark_point().encode(x='a:Q').to_dict(); "
    "vlc.vegalite_to_svg(spec)"
)

EXPLORE = """
import json, sys, time
import nyttonb
started = time.perf_counter()
explorer = nyttonb.explore(sys.argv[1])
bundle = explorer._repr_mimebundle_()
first = time.perf_counter() - started
assert len(explorer.charts.outputs) == 3 and bundle
slider = max(explorer.sliders.values(), key=lambda s: s.max - s.min)
moves, plain = [], []
for i in range(int(sys.argv[2])):
    started = time.perf_counter()
    slider.value = slider.min if i % 2 == 0 else slider.max
    moves.append(time.perf_counter() - started)
from nyttonb.present.charts import accumulated_chart, stakeholder_chart, yearly_chart
import vl_convert as vlc
case, result = explorer.compiled.case, explorer.result
for _ in range(max(3, int(sys.argv[2]) // 4)):
    started = time.perf_counter()
    for build in (yearly_chart, accumulated_chart, stakeholder_chart):
        vlc.vegalite_to_vega(build(case, result).to_dict())
    plain.append(time.perf_counter() - started)
print(json.dumps({"first": first, "moves": moves, "plain": plain,
                  "draw_ms": explorer.last_draw_ms, "compute_ms": explorer.last_compute_ms}))
"""

FLOOR = """
import time
import nyttonb
started = time.perf_counter()
import ipywidgets, altair, vl_convert as vlc
vlc.vegalite_to_vega({"mark": "point", "data": {"values": [{"a": 1}]},
                      "encoding": {"x": {"field": "a", "type": "quantitative"}}})
print(time.perf_counter() - started)
"""


def run_seconds(command: list[str], repeat: int) -> list[float]:
    """Wall seconds of `command`, `repeat` times (each must succeed)."""
    times = []
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=REPO)
        times.append(time.perf_counter() - started)
    return times


def printed(code: str, *args: str, repeat: int) -> list[str]:
    """What a fresh ``python -c code args`` prints, `repeat` times."""
    return [
        subprocess.run(
            [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
        ).stdout.strip()
        for _ in range(repeat)
    ]


def line(
    what: str, times: list[float], target: float | None, plain: list[float], name: str
) -> None:
    median, best = statistics.median(times), min(times)
    plain_median = statistics.median(plain)
    verdict = ""
    if target is not None:
        verdict = f"  target {target:g} s: {'met' if median < target else 'NOT met'}"
    print(
        f"{what:<28} median {median:6.3f} s  best {best:6.3f} s{verdict}\n"
        f"{'':<28} {name}: median {plain_median:6.3f} s  (ratio {median / plain_median:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", type=Path, default=DEFAULT_CASE)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    case = str(args.case.resolve())
    nyttonb = str(BIN / "nyttonb")
    python = sys.executable
    print(f"case {Path(case).relative_to(REPO)}, {os.cpu_count()} cores, repeat {args.repeat}")

    floor = run_seconds([python, "-c", "import nyttonb"], args.repeat)
    line("nyttonb calc", run_seconds([nyttonb, "calc", case], args.repeat), 0.2, floor,
         "python -c 'import nyttonb'")  # fmt: skip
    line("nyttonb calc --json", run_seconds([nyttonb, "calc", case, "--json"], args.repeat),
         0.2, floor, "python -c 'import nyttonb'")  # fmt: skip
    line("nyttonb --help", run_seconds([nyttonb, "--help"], args.repeat), None, floor,
         "python -c 'import nyttonb'")  # fmt: skip

    tiny = run_seconds([python, "-c", TINY_CHART], args.repeat)
    with tempfile.TemporaryDirectory(prefix="nyttonb-charts-") as out:
        for fmt in ("png", "svg"):
            command = [nyttonb, "charts", case, "--format", fmt, "--out", out]
            line(f"nyttonb charts --format {fmt}", run_seconds(command, args.repeat), 2.0, tiny,
                 "Altair + vl-convert, 1 tiny chart")  # fmt: skip
        count = len(list(Path(out).glob("*.svg")))
    print(f"{'':<28} ({count} charts per run)")

    runs = [
        json.loads(text) for text in printed(EXPLORE, case, str(args.moves), repeat=args.repeat)
    ]
    floor_first = [float(text) for text in printed(FLOOR, repeat=args.repeat)]
    line("explore() first draw", [r["first"] for r in runs], 1.0, floor_first,
         "import ipywidgets + Altair, vl-convert's first conversion")  # fmt: skip
    moves = sorted(m for r in runs for m in r["moves"][1:])  # the first move warms the caches
    plain = [p for r in runs for p in r["plain"]]
    line("slider move (median)", moves, 0.1, plain, "the same 3 charts the plain Altair way")
    p95 = moves[int(0.95 * (len(moves) - 1))]
    print(f"{'':<28} 95th percentile {p95:.3f} s, max {moves[-1]:.3f} s over {len(moves)} moves")
    print(f"{'':<28} of a move in the last run: compute {runs[-1]['compute_ms']:.2f} ms, "
          f"charts {runs[-1]['draw_ms']:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
