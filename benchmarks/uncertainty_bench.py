"""Monte Carlo speed: one vectorised pass against the plain loop, measured in the same run.

For every shipped case variant, draws factor values as `nyttonb.core.uncertainty.monte_carlo` does
and evaluates them (a) with one vectorised `evaluate` call over all draws and (b) with a plain
Python loop that calls `calculate` once per draw (on a sample of the draws, scaled up). Prints
seconds for 10 000 draws each way and the ratio b/a, and checks that both give the same net
benefit for the sampled draws.

    .venv/bin/python benchmarks/uncertainty_bench.py [--draws 10000] [--sample 200]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from nyttonb.casefile.load import load_case
from nyttonb.core.calc import CompiledCase, calculate, compile_case, evaluate
from nyttonb.core.uncertainty import DEFAULT_SEED, draw_factors, monte_carlo

REPO = Path(__file__).resolve().parent.parent


def monte_carlo_seconds(compiled: CompiledCase, draws: int, repeats: int = 3) -> float:
    """The best of `repeats` runs of the Monte Carlo analysis (draws and one evaluation)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        monte_carlo(compiled, draws=draws)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()

    print(f"{'case':<48} {'factors':>7} {'vectorised':>11} {'loop':>9} {'ratio':>7}")
    for path in sorted((REPO / "case_studies").glob("*/*.yaml")):
        case = load_case(path)
        compiled = compile_case(case)
        drawn = draw_factors(compiled, args.draws, DEFAULT_SEED)
        vectorised = monte_carlo_seconds(compiled, args.draws)
        run = evaluate(compiled, drawn)

        sample = range(args.sample)
        start = time.perf_counter()
        looped = [
            calculate(compiled, overrides={k: float(v[i]) for k, v in drawn.items()}).net_benefit
            for i in sample
        ]
        loop = (time.perf_counter() - start) * args.draws / args.sample
        assert np.allclose(looped, run.net[: args.sample], rtol=1e-9), path
        name = f"{path.parent.name}/{path.stem}"
        print(
            f"{name:<48} {len(drawn):>7} {vectorised:>10.3f}s {loop:>8.1f}s "
            f"{loop / vectorised:>6.0f}x"
        )


if __name__ == "__main__":
    main()
