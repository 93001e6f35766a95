"""Evaluation in chunks gives what one evaluation gives, with memory bounded by the chunk."""

from __future__ import annotations

import numpy as np
import pytest
from builders import realistic_case

from nyttonb.core import chunked
from nyttonb.core.compiled import compile_case
from nyttonb.core.uncertainty import monte_carlo, simulate, uncertainty


def test_tornado_and_switching_values_are_the_same_in_small_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = compile_case(realistic_case())
    whole = uncertainty(compiled, draws=500, seed=7)
    monkeypatch.setattr(chunked, "CELL_BUDGET", 1)  # 64 sets a chunk
    assert chunked.chunk_rows(compiled) == 64
    pieces = uncertainty(compiled, draws=500, seed=7)
    assert pieces.full.tornado == whole.full.tornado
    assert pieces.financial.switching_values == whole.financial.switching_values
    assert pieces.full.switching_values == whole.full.switching_values


def test_draws_in_one_chunk_are_the_draws_of_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = compile_case(realistic_case())
    before = monte_carlo(compiled, draws=64, seed=3)
    monkeypatch.setattr(chunked, "CELL_BUDGET", 1)
    assert np.array_equal(monte_carlo(compiled, draws=64, seed=3).net, before.net)


def test_chunked_draws_are_reproducible_and_distributed_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = compile_case(realistic_case())
    whole = simulate(compiled, 4000, 11).net
    monkeypatch.setattr(chunked, "CELL_BUDGET", 1)
    first, again = simulate(compiled, 4000, 11).net, simulate(compiled, 4000, 11).net
    assert np.array_equal(first, again) and first.shape == (4000,)
    assert not np.array_equal(first[64:128], first[:64])  # each chunk draws anew
    spread = float(np.std(whole))
    assert abs(float(np.mean(first)) - float(np.mean(whole))) < 0.1 * spread
