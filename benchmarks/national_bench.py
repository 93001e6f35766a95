"""A national batch: render about 1 000 case variants with the index (and the portfolio page,
where the renderer makes one), and measure what a national user (SKR, Inera) would meet.

The variants are generated from the shipped ones: 290 kommuner and 21 regioner (synthetic
names, "Kommun 001" …), each given one to four of the three cases until there are
``--variants`` files; every factor with its own values (not a formula, not a share, not a
library value) is scaled by a random multiplier in 0,6–1,6, the same for its lowest, likely
and highest value, so each variant is a different, valid case. Then one `nyttonb render` run
(warm kernels, ``--jobs``) renders them all.

Printed: wall time, reports per second, peak memory of the batch process, of the largest
finished child and of the batch with its kernels together (sampled every second); each warm
kernel's resident memory sampled over the batch against the number of reports written: after
the first 10 % (warm-up), at the end, the peak, and the least-squares slope in kB per report
(flat memory: near 0); and the size of the site, its index and its portfolio page. Target on
2 cores: 1 000 reports in under 5 minutes, memory flat over the batch.

    .venv/bin/python benchmarks/national_bench.py                 # 1 000 variants
    .venv/bin/python benchmarks/national_bench.py --variants 40   # a quick look
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
KOMMUNER, REGIONER = 290, 21
UNSCALED_UNITS = {"andel", "%", "1"}


def organisations() -> Iterator[tuple[str, str]]:
    """(name, kind) for every kommun and region, synthetic names."""
    for i in range(1, KOMMUNER + 1):
        yield f"Kommun {i:03d}", "kommun"
    for i in range(1, REGIONER + 1):
        yield f"Region {i:02d}", "region"


def generate(root: Path, count: int, seed: int) -> list[Path]:
    """Write `count` variant files under ``root/case_studies`` and copy the notebooks."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    sources = sorted((REPO / "case_studies").glob("*/*.yaml"))
    sources = [s for s in sources if not s.name.endswith(".utfall.yaml")]
    templates = [(s.parent.name, yaml.load(s.read_text(encoding="utf-8"))) for s in sources]
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    rng = random.Random(seed)
    orgs = list(organisations())
    files: list[Path] = []
    i = 0
    while len(files) < count:
        name, _kind = orgs[i % len(orgs)]
        case, data = templates[rng.randrange(len(templates))]
        variant = _vary(data, name, rng)
        target = root / "case_studies" / case / f"{name.lower().replace(' ', '-')}-{i:04d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as out:
            yaml.dump(variant, out)
        files.append(target)
        i += 1
    return files


def _vary(data: Any, organisation: str, rng: random.Random) -> Any:
    copy = deepcopy(data)  # ruamel's maps copy with their comments and order
    copy["organisation"] = organisation
    for factors in _factor_maps(copy):
        for spec in factors.values():
            if not hasattr(spec, "get") or "likely" not in spec or "formula" in spec:
                continue
            if str(spec.get("unit", "")) in UNSCALED_UNITS or "library" in spec:
                continue
            scale = rng.uniform(0.6, 1.6)
            keys = [k for k in ("likely", "low", "high") if isinstance(spec.get(k), int | float)]
            # one rounding for all three keeps low ≤ likely ≤ high
            whole = all(isinstance(spec[k], int) for k in keys)
            for key in keys:
                value = spec[key] * scale
                spec[key] = round(value) if whole else round(value, 4)
    return copy


def _factor_maps(case: Any) -> Iterator[Any]:
    if case.get("factors"):
        yield case["factors"]
    for key in ("benefits", "costs"):
        for item in case.get(key) or []:
            if item.get("factors"):
                yield item["factors"]


class KernelMemory:
    """Samples, every `every` seconds, the resident memory of this process and of its child
    processes (the warm kernels), and how many reports the batch has written so far."""

    def __init__(self, out: Path, every: float = 1.0) -> None:
        self.out = out
        self.every = every
        self.samples: dict[int, list[tuple[int, int]]] = {}
        """pid → (reports written, resident bytes) for every sample."""
        self.total_peak = 0
        """The largest sum of this process's and its children's resident memory."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> KernelMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.every):
            done = sum(1 for _ in self.out.glob("*/*.html"))
            children = _children_rss(me)
            for pid, rss in children:
                self.samples.setdefault(pid, []).append((done, rss))
            own = _rss(Path("/proc/self/status").read_text())
            self.total_peak = max(self.total_peak, own + sum(rss for _, rss in children))


def slope(points: list[tuple[int, int]]) -> float:
    """The least-squares slope of resident bytes over reports written (bytes per report).

    >>> slope([(0, 100), (10, 100), (20, 100)]), slope([(0, 0), (10, 1000), (20, 2000)])
    (0.0, 100.0)
    """
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def _rss(status: str) -> int:
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _children_rss(parent: int) -> list[tuple[int, int]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip() or 0) == parent and "VmRSS" in fields:
            found.append((int(entry.name), int(fields["VmRSS"].split()[0]) * 1024))
    return found


def print_kernel_memory(samples: dict[int, list[tuple[int, int]]], rendered: int) -> None:
    """Each warm kernel's resident memory over the batch: after the first 10 % of the reports
    (the warm-up: modules, caches), at the end, the peak, and the slope over the rest (flat
    memory is a slope near 0 kB per report)."""
    warm = rendered // 10
    for pid, points in sorted(samples.items()):
        after = [p for p in points if p[0] >= warm]
        if len(after) < 3 or after[-1][0] == after[0][0]:
            print(f"kernel {pid}: {len(points)} samples, too few to tell a trend")
            continue
        first, last = after[0][1] / 2**20, after[-1][1] / 2**20
        peak = max(rss for _, rss in points) / 2**20
        per_report = slope(after) / 1024
        print(
            f"kernel {pid}: {first:.0f} MB at report {after[0][0]}, {last:.0f} MB at report "
            f"{after[-1][0]}, peak {peak:.0f} MB; slope {per_report:+.1f} kB per report "
            f"({per_report * 1000 / 1024:+.1f} MB per 1 000 reports, {len(after)} samples)"
        )


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="copy the rendered site here")
    args = parser.parse_args()
    from nyttonb.batch.render import render

    with tempfile.TemporaryDirectory(prefix="nyttonb-national-") as tmp:
        root = Path(tmp) / "project"
        started = time.perf_counter()
        files = generate(root, args.variants, args.seed)
        generated = time.perf_counter() - started
        out = Path(tmp) / "site"
        with KernelMemory(out) as memory:
            started = time.perf_counter()
            batch = render(files, out, args.jobs, root=root, progress=False)
            wall = time.perf_counter() - started
        if batch.failed:
            print(f"{len(batch.failed)} failed, first: {batch.failed[0]}")
        rendered = len(batch.rendered)
        print(f"variants generated: {len(files)} in {generated:.1f} s")
        print(f"rendered: {rendered} reports in {wall:.1f} s on {args.jobs} kernels")
        print(f"reports per second: {rendered / wall:.2f}  ({wall / max(rendered, 1):.3f} s each)")
        at_1000 = wall * 1000 / max(rendered, 1)
        print(f"at 1 000 reports: {at_1000:.0f} s (target 300 s)")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"peak memory: batch process {own:.0f} MB, largest finished child {kids:.0f} MB, "
            f"batch and kernels together {memory.total_peak / 2**20:.0f} MB (sampled)"
        )
        print_kernel_memory(memory.samples, rendered)
        index = out / "index.html"
        size = folder_size(out) / 2**20
        print(f"site: {size:.1f} MB in all, index {index.stat().st_size / 1024:.0f} kB")
        portfolio = out / "portfolj.html"
        if portfolio.exists():
            print(f"portfolio page: {portfolio.stat().st_size / 1024:.0f} kB")
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)


if __name__ == "__main__":
    main()
