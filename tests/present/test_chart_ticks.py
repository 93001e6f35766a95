"""Money axes: nice ticks (1, 2 or 5 × 10^k), not crowded, and 0 a tick whenever values cross it.

Checked on the chart specs the reports embed (`to_dict()`), for every money axis.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import pytest
from builders import SDK_LETTERS, payback_case, sdk_case, sdk_result, sdk_slider_grid, walk

from nyttonb.core.calc import calculate
from nyttonb.present import charts
from nyttonb.present.charts.ticks import nice_ticks


@dataclass(frozen=True)
class SwingBar:
    factor: str
    label: str
    low_net: float
    high_net: float
    swing: float


def _money_axes(spec: dict[str, Any]) -> list[tuple[list[float], list[float]]]:
    """(tick values, scale domain) of every quantitative axis with explicit ticks."""
    found = []
    for node in walk(spec):
        for channel in ("x", "y"):
            encoding = node.get("encoding", {}).get(channel, {})
            values = encoding.get("axis", {}).get("values") if encoding else None
            if values:
                found.append((values, encoding["scale"]["domain"]))
    return found


def _assert_nice(ticks: list[float], domain: list[float], data: list[float]) -> None:
    assert 3 <= len(ticks) <= 8, ticks
    steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1, ticks
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5), step
    assert domain == [ticks[0], ticks[-1]]
    assert ticks[0] <= min(data) and ticks[-1] >= max(data)
    if min(data) < 0 < max(data):
        assert 0 in ticks


def test_yearly_and_accumulated_net_axes_have_0_and_nice_ticks() -> None:
    case = payback_case(yearly=7_000)
    result = calculate(case)
    nets = [row.net for row in result.by_year]
    accumulated = [row.accumulated_net for row in result.by_year]
    assert min(accumulated) < 0 < max(accumulated)  # the case the issue is about
    for chart, data in (
        (charts.yearly_chart(case, result), nets),
        (charts.accumulated_chart(case, result), accumulated),
    ):
        axes = _money_axes(chart.to_dict())
        assert axes
        for ticks, domain in axes:
            _assert_nice(ticks, domain, data)
            assert 0 in ticks


def test_stakeholder_and_scenario_axes_have_0_and_nice_ticks() -> None:
    case = sdk_case()
    result = sdk_result(case)
    values = [t.benefits for t in result.by_stakeholder.values()]
    values += [-t.costs for t in result.by_stakeholder.values()]
    axes = _money_axes(charts.stakeholder_chart(case, result).to_dict())
    assert axes
    for ticks, domain in axes:
        _assert_nice(ticks, domain, [0.0, *values])


def test_a_tornado_far_from_0_is_not_squashed_but_one_across_0_has_0_as_a_tick() -> None:
    far = [SwingBar("a", "A", 21_000, 29_000, 8_000)]
    ((ticks, _),) = _money_axes(charts.tornado_chart(far, 25_000).to_dict())
    assert ticks[0] >= 20_000
    across = [SwingBar("a", "A", -4_000_000, 25_600_000, 29_600_000)]
    ((ticks, domain),) = _money_axes(charts.tornado_chart(across, 3_000_000).to_dict())
    _assert_nice(ticks, domain, [-4_000_000, 25_600_000])
    assert 0 in ticks


def test_slider_axis_has_nice_ticks_over_every_slider_positions_values() -> None:
    case = sdk_case()
    grid = sdk_slider_grid(case)
    data = [row[key] for row in grid for key in ("net", "accumulated_net")]
    likely = [v for row in grid if row["factor_value"] == 200.0
              for v in (row["net"], row["accumulated_net"])]  # fmt: skip
    assert max(data) > max(likely)  # other positions reach further than the likely value
    spec = charts.slider_chart(case, SDK_LETTERS, grid).to_dict()
    ((ticks, domain),) = _money_axes(spec)
    _assert_nice(ticks, domain, data)
    assert 0 in ticks
    assert spec == charts.slider_chart(case, SDK_LETTERS, grid).to_dict()  # deterministic


def test_revision_waterfall_axis_has_nice_ticks_and_0() -> None:
    from nyttonb.present.charts.revision import waterfall_chart

    steps = [("Timkostnad", 18_400_000.0), ("Ny kostnad", -2_300_000.0), ("Horisont", 13_500_000.0)]
    spec = waterfall_chart(-4_000_000, steps, 25_600_000).to_dict()
    ((ticks, domain),) = _money_axes(spec)
    _assert_nice(ticks, domain, [-4_000_000, 14_400_000, 12_100_000, 25_600_000])
    assert 0 in ticks and ticks[-1] >= 25_600_000
    assert spec == waterfall_chart(-4_000_000, steps, 25_600_000).to_dict()


@pytest.mark.parametrize(
    "values",
    [[-4e6, 25.6e6], [-123, 45_678], [-0.3, 0.2], [1e9], [-7_500_000, -1_000]],
)
def test_nice_ticks_cover_the_values_and_include_0(values: list[float]) -> None:
    ticks = nice_ticks(values)
    _assert_nice(ticks, [ticks[0], ticks[-1]], [0.0, *values])
    assert 0 in ticks
