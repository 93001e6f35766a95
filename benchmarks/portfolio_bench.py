"""Portfolio speed: `nyttonb portfolio` over many case files against a loop of `nyttonb calc`.

Builds `--files` variant files (default 1 000: copies of the six shipped variants, each with
its own organisation name and its likely factor values scaled by a few per cent, the way a
national set of analyses differs) in a temporary folder, then times, in the same run:

(a) one ``nyttonb portfolio FILES… --json`` process: every file read, calculated and run
    through a 10 000-draw Monte Carlo analysis;
(b) the plain alternative: one ``nyttonb calc FILE --json`` process per file (which gives no
    Monte Carlo figures at all), on a sample of `--loop` files scaled up to all of them.

Prints both times and the ratio b/a, and checks that (a)'s rows carry the same net benefit as
(b)'s output for the sampled files.

    .venv/bin/python benchmarks/portfolio_bench.py [--files 1000] [--loop 40]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NYTTONB = [sys.executable, "-m", "nyttonb.cli"]
_LIKELY = re.compile(r"^(\s+likely: )(\d+(?:\.\d+)?)\s*$", re.MULTILINE)


def variant_text(source: str, index: int) -> str:
    """`source` with another organisation and likely values scaled by 0,95–1,05 (within each
    factor's range only when the range allows; a scaled value outside it is left as it was)."""
    scale = 0.95 + (index * 37 % 11) / 100

    def scaled(match: re.Match[str]) -> str:
        return f"{match.group(1)}{float(match.group(2)) * scale:.6g}"

    text = re.sub(r"^organisation: .*$", f"organisation: Kommun {index:04d}", source,
                  count=1, flags=re.MULTILINE)  # fmt: skip
    return _LIKELY.sub(scaled, text)


def build(folder: Path, count: int) -> list[Path]:
    """`count` case files that all load (a scaled value outside its range is not scaled)."""
    from nyttonb.casefile.load import load_case_text
    from nyttonb.errors import NyttonbError

    sources = sorted((REPO / "case_studies").glob("*/*.yaml"))
    sources = [s for s in sources if not s.name.endswith(".utfall.yaml")]  # actuals: no case
    files = []
    for index in range(count):
        source = sources[index % len(sources)]
        text = variant_text(source.read_text(encoding="utf-8"), index)
        try:
            load_case_text(text, filename="check.yaml")
        except NyttonbError:
            text = source.read_text(encoding="utf-8").replace(
                "organisation: ", f"organisation: Kommun {index:04d} – ", 1
            )
        target = folder / f"{source.stem}-{index:04d}.yaml"
        target.write_text(text, encoding="utf-8")
        files.append(target)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--loop", type=int, default=40, help="files timed in the loop (b)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp), args.files)
        start = time.perf_counter()
        done = subprocess.run(
            [*NYTTONB, "portfolio", *map(str, files), "--json"],
            capture_output=True, check=True, text=True,
        )  # fmt: skip
        portfolio = time.perf_counter() - start
        rows = {row["file"]: row for row in json.loads(done.stdout)["rows"]}
        sample = files[:: max(1, len(files) // args.loop)][: args.loop]
        start = time.perf_counter()
        for file in sample:
            out = subprocess.run(
                [*NYTTONB, "calc", str(file), "--json"], capture_output=True, check=True, text=True
            )
            figures = json.loads(out.stdout)
            assert figures["net_benefit"] == rows[str(file)]["net_benefit"], file
        loop = (time.perf_counter() - start) / len(sample) * len(files)
    print(f"{len(files)} case files")
    print(f"(a) nyttonb portfolio --json, one process (with Monte Carlo): {portfolio:8.1f} s")
    print(f"(b) nyttonb calc --json, one process per file (sample of {len(sample)}, scaled): "
          f"{loop:8.1f} s")  # fmt: skip
    print(f"ratio b/a: {loop / portfolio:.1f}")


if __name__ == "__main__":
    main()
