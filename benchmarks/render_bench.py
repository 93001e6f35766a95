"""Render N reports three ways in one run and compare (issue 4's speed target).

(a) papermill CLI + ``jupyter nbconvert`` CLI per report (subprocesses, our template);
(b) papermill's Python API with a fresh kernel per report + nbconvert's Python API (our
    template and HTML preparation: `nyttonb.batch.render.build_report` with a fresh-kernel
    executor);
(c) `nyttonb.batch.render.render` with warm kernels.

The shipped variants (``case_studies/*/*.yaml``) are repeated until there are ``--reports`` of
them (each copy is its own case variant in a scratch project, so nothing is cached). Prints
seconds per report for each way, the ratios a/c and b/c, and checks that every HTML of (c)
equals (b)'s byte for byte. Targets on 2 cores: a/c ≥ 20, b/c ≥ 5.

    .venv/bin/python benchmarks/render_bench.py                       # 50 reports
    .venv/bin/python benchmarks/render_bench.py --reports 10 --skip-cli
    .venv/bin/python benchmarks/render_bench.py --notebooks tests/notebooks \\
        --variants tests/notebooks/cases/alfa.yaml --case chart-report --reports 12
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def scratch_project(
    root: Path, variants: list[Path], notebooks: Path, case: str | None, count: int
) -> list[Path]:
    """Copy notebooks and `count` variant files (cycling through `variants`) into `root`."""
    shutil.copytree(notebooks, root / "notebooks", ignore=shutil.ignore_patterns("cases"))
    files = []
    for i, source in zip(range(count), itertools.cycle(variants), strict=False):
        name = case or source.parent.name
        target = root / "case_studies" / name / f"{source.stem}-{i:03d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        files.append(target)
    return files


def way_a(files: list[Path], root: Path, out: Path) -> None:
    """papermill CLI + nbconvert CLI, two processes per report (nbconvert's lab template: the
    CLI cannot pass our template its resources; the cost is the same)."""
    from nyttonb.batch.jobs import find_jobs, notebook_parameters

    bindir = Path(sys.executable).parent
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    for report in find_jobs(files, root):
        executed = out / f"{report.case}-{report.variant}.ipynb"
        command = [
            str(bindir / "papermill"),
            str(report.notebook),
            str(executed),
            "--cwd",
            str(report.notebook.parent),
            "--no-progress-bar",
        ]
        for key, value in notebook_parameters(report).items():
            command += ["-p", key, str(value)]
        subprocess.run(command, check=True, capture_output=True, env=env)
        subprocess.run(
            [
                str(bindir / "jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                "--no-prompt",
                str(executed),
            ],
            check=True,
            capture_output=True,
            env=env,
        )


def way_b(files: list[Path], root: Path, out: Path) -> None:
    """papermill API with a fresh kernel per report + nbconvert API (our template)."""
    from nyttonb.batch.jobs import find_jobs
    from nyttonb.batch.jobs import notebook_parameters as params
    from nyttonb.batch.render import build_report, fresh_kernel_executor

    execute = fresh_kernel_executor()
    for report in find_jobs(files, root):
        outcome = build_report(report, params(report), out, root, execute)
        if outcome.error:
            raise SystemExit(f"(b) failed: {report.id}: {outcome.error}")


def way_c(files: list[Path], root: Path, out: Path, jobs: int) -> None:
    from nyttonb.batch.render import render

    summary = render(files, out, jobs, root=root, progress=False, force=True)
    if summary.failed:
        raise SystemExit(f"(c) failed: {summary.failed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks")
    parser.add_argument("--variants", type=Path, nargs="*", default=None)
    parser.add_argument("--case", help="case folder name for --variants (default: their folder)")
    parser.add_argument("--skip-cli", action="store_true", help="do not run (a)")
    args = parser.parse_args()
    shipped = sorted((REPO / "case_studies").glob("*/*.yaml"))
    # actuals files (<variant>.utfall.yaml) belong to their case; a renamed copy is no case
    variants = args.variants or [p for p in shipped if not p.name.endswith(".utfall.yaml")]
    if not variants:
        raise SystemExit("no variants: give --variants")
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="nyttonb-bench-") as tmp:
        root = Path(tmp) / "project"
        files = scratch_project(
            root, [v.resolve() for v in variants], args.notebooks, args.case, args.reports
        )
        outs = {k: Path(tmp) / k for k in "abc"}
        for out in outs.values():
            out.mkdir()
        from nyttonb.batch.assets import ensure_assets

        ensure_assets(outs["c"])  # built once per site; not part of the per-report cost
        runs = [
            ("b", lambda: way_b(files, root, outs["b"])),
            ("c", lambda: way_c(files, root, outs["c"], args.jobs)),
        ]
        if not args.skip_cli:
            runs.insert(0, ("a", lambda: way_a(files, root, outs["a"])))
        for name, run in runs:
            started = time.perf_counter()
            run()
            times[name] = time.perf_counter() - started
            print(f"({name}) {times[name] / len(files):6.2f} s per report", flush=True)
        differ = [
            f
            for f in sorted(outs["b"].rglob("*.html"))
            if f.read_bytes() != (outs["c"] / f.relative_to(outs["b"])).read_bytes()
        ]
    n = len(files)
    print(f"{n} reports, {args.jobs} jobs, {os.cpu_count()} cores")
    if "a" in times:
        print(f"a/c = {times['a'] / times['c']:.1f}  (target ≥ 20)")
    print(f"b/c = {times['b'] / times['c']:.1f}  (target ≥ 5)")
    print("(c) HTML identical to (b):", "yes" if not differ else f"NO ({len(differ)} differ)")
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
