from __future__ import annotations

import json

import numpy as np
import pytest
from builders import benefit, cost, factor, make_case, payback_case, realistic_case

from nyttonb.core.calc import evaluate
from nyttonb.core.compiled import compile_case
from nyttonb.core.model import Case, Category, CostType
from nyttonb.core.uncertainty import (
    draw_factors,
    monte_carlo,
    switching_values,
    tornado,
    uncertainty,
)


def linear_case() -> Case:
    """Net benefit over two years at 0 %: 2 × (antal × belopp − licens) + 2 × tid × timkostnad.

    Financial: 2 × (100 × 10 − 800) = 400 kr likely. By hand, one factor at a time:
    belopp 5 → −600, 20 → 2 400 (swing 3 000, switches at 8);
    licens 600 → 800, 1 200 → −400 (swing 1 200, switches at 1 000);
    antal 70 → −200, 120 → 800 (swing 1 000, switches at 80).
    """
    return make_case(
        (
            benefit(
                "porto",
                "antal * belopp",
                factor("antal", "st/år", 100, 70, 120, item="porto"),
                factor("belopp", "kr/st", 10, 5, 20, item="porto"),
                factor("timmar", "h/år", 3, 1, 9, item="porto"),
                category=Category.FINANSIELL,
                hours="timmar",
            ),
            benefit(
                "tid",
                "tid * timkostnad",
                factor("tid", "h/år", 1, 0.5, 2, item="tid"),
                factor("timkostnad", "kr/h", 400, 400, 400, item="tid"),
            ),
        ),
        (cost("licens", "licens", factor("licens", "kr/år", 800, 600, 1200, item="licens")),),
        horizon=2,
        rate=0.0,
    )


def test_financial_tornado_of_a_linear_case_is_known_by_hand() -> None:
    bars = tornado(linear_case(), financial=True)
    assert [bar.factor for bar in bars] == ["porto.belopp", "licens.licens", "porto.antal"]
    assert [(bar.low_net, bar.high_net, bar.swing) for bar in bars] == [
        pytest.approx((-600, 2400, 3000)),
        pytest.approx((800, -400, 1200)),
        pytest.approx((-200, 800, 1000)),
    ]
    assert (bars[0].low, bars[0].high, bars[0].unit) == (5, 20, "kr/st")


def test_full_tornado_also_counts_omfordelning() -> None:
    bars = tornado(linear_case())
    tid = next(bar for bar in bars if bar.factor == "tid.tid")
    assert (tid.low_net, tid.high_net) == pytest.approx((400 + 400, 400 + 1600))
    assert "tid.timkostnad" not in [bar.factor for bar in bars]  # low == high
    assert "porto.timmar" not in [bar.factor for bar in bars]  # moves hours, not money


def test_switching_values_of_a_linear_case_are_known_by_hand() -> None:
    values = switching_values(linear_case(), financial=True)
    assert [v.factor for v in values] == ["porto.belopp", "licens.licens", "porto.antal"]
    assert [v.value for v in values] == pytest.approx([8, 1000, 80])
    assert all(v.within_range for v in values)


def test_switching_value_outside_the_range_or_missing() -> None:
    values = {v.factor: v for v in switching_values(linear_case())}
    # full net = 2 × (100 × belopp − 800 + 400): zero at belopp = 4, below its low of 5
    assert values["porto.belopp"].value == pytest.approx(4)
    assert not values["porto.belopp"].within_range
    # net = 2 × (1000 − 800 + 400 × tid) > 0 for every tid ≥ 0: no switching value
    assert values["tid.tid"].value is None
    assert not values["tid.tid"].within_range


def test_switching_values_respect_top() -> None:
    assert len(switching_values(realistic_case(), top=3)) == 3


def test_switching_value_of_a_divisor_is_found() -> None:
    # net = 1000 / antal − 100: zero at antal = 10, outside the range 2–5
    case = make_case(
        (
            benefit(
                "x",
                "total / antal",
                factor("total", "kr/år", 1000, item="x"),
                factor("antal", "1", 4, 2, 5, item="x"),
            ),
        ),
        (cost("c", "p", factor("p", "kr/år", 100, item="c")),),
        horizon=1,
    )
    (value,) = switching_values(case)
    assert value.value == pytest.approx(10)
    assert not value.within_range


def single_factor_case() -> Case:
    return make_case(
        (benefit("x", "v", factor("v", "kr/år", 200, 100, 600, item="x")),), horizon=1, rate=0.0
    )


def test_monte_carlo_mean_matches_the_pert_mean() -> None:
    result = monte_carlo(single_factor_case(), draws=10_000)
    assert result.mean == pytest.approx((100 + 4 * 200 + 600) / 6, abs=4)
    assert result.net.min() >= 100 and result.net.max() <= 600
    assert result.p10 < result.p50 < result.p90
    assert result.p50 == pytest.approx(np.median(result.net))


def test_triangular_draws_have_the_triangular_mean() -> None:
    result = monte_carlo(single_factor_case(), draws=10_000, distribution="triangular")
    assert result.distribution == "triangular"
    assert result.mean == pytest.approx((100 + 200 + 600) / 3, abs=5)


def test_unknown_distribution_is_refused() -> None:
    with pytest.raises(ValueError, match="pert"):
        monte_carlo(single_factor_case(), distribution="normal")


def test_same_seed_same_draws_other_seed_other_draws() -> None:
    case = realistic_case()
    first = monte_carlo(case, draws=2_000, seed=1)
    assert np.array_equal(first.net, monte_carlo(case, draws=2_000, seed=1).net)
    assert first.to_dict() == monte_carlo(case, draws=2_000, seed=1).to_dict()
    assert not np.array_equal(first.net, monte_carlo(case, draws=2_000, seed=2).net)


def test_probabilities_count_the_draws() -> None:
    case = make_case(
        (
            benefit(
                "x",
                "v",
                factor("v", "kr/år", 1000, 0, 4000, item="x"),
                category=Category.FINANSIELL,
            ),
        ),
        (cost("c", "p", factor("p", "kr", 5000, item="c"), cost_type=CostType.ONE_OFF),),
        rate=0.0,
    )
    result = monte_carlo(case, draws=5_000, seed=3)
    # net = 6 v − 5000 > 0 exactly when break-even happens within the six years
    assert result.prob_positive == pytest.approx(np.mean(result.net > 0))
    assert result.prob_break_even == pytest.approx(np.mean(result.net >= 0))
    assert 0 < result.prob_positive < 1


def test_degenerate_factors_stay_fixed() -> None:
    result = monte_carlo(payback_case(), draws=100)
    assert np.all(result.net == result.net[0])
    assert result.prob_break_even == 1.0


def test_ten_thousand_draws_of_a_realistic_case_in_one_call() -> None:
    case = realistic_case()
    compiled = compile_case(case)
    drawn = draw_factors(compiled, 10_000, seed=5)
    assert set(drawn) == {f.key for f in case.all_factors if f.low != f.high}
    for key, values in drawn.items():
        assert case.factor(key).low <= values.min() and values.max() <= case.factor(key).high
    result = monte_carlo(compiled, draws=10_000, seed=5)
    assert result.net == pytest.approx(evaluate(compiled, drawn).net)
    assert result.net.shape == (10_000,)


def test_financial_view_counts_only_finansiell_items() -> None:
    case = linear_case()
    full, financial = monte_carlo(case, draws=1_000), monte_carlo(case, draws=1_000, financial=True)
    run = evaluate(case, draw_factors(compile_case(case), 1_000, seed=20240101))
    assert financial.net == pytest.approx(run.financial_net)
    assert full.net == pytest.approx(run.net)
    assert "tid.tid" not in [bar.factor for bar in tornado(case, financial=True)]


def test_uncertainty_bundles_both_views_as_plain_json() -> None:
    result = uncertainty(linear_case(), draws=500, seed=11)
    data = result.to_dict()
    assert list(data) == ["tornado", "monte_carlo", "switching_values", "financial"]
    assert list(data["financial"]) == ["tornado", "monte_carlo", "switching_values"]
    assert list(data["tornado"][0]) == ["factor", "label", "low_net", "high_net", "swing"]
    assert list(data["monte_carlo"]) == [
        "draws",
        "seed",
        "distribution",
        "mean",
        "p10",
        "p50",
        "p90",
        "prob_positive",
        "prob_break_even",
    ]
    assert list(data["switching_values"][0]) == [
        "factor",
        "label",
        "value",
        "within_range",
        "unit",
        "likely",
        "low",
        "high",
    ]
    assert json.loads(json.dumps(data)) == data
    assert data["financial"]["tornado"][0]["factor"] == "porto.belopp"
    assert result.monte_carlo.seed == 11 and result.monte_carlo.draws == 500
    assert data["monte_carlo"]["mean"] == monte_carlo(linear_case(), draws=500, seed=11).mean
