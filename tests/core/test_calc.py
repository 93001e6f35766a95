from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import numpy_financial as npf
import pytest
from builders import benefit, cost, factor, letters_case, make_case, payback_case, realistic_case
from hypothesis import given, settings
from hypothesis import strategies as st

from nyttonb.core.calc import (
    calculate,
    discount_factors,
    evaluate,
    factor_values,
    hourly_cost,
    present_value,
    scenarios,
)
from nyttonb.core.compiled import compile_case
from nyttonb.core.model import (
    Case,
    Category,
    CostType,
    Factor,
)
from nyttonb.errors import FormulaError, UnitError

# --- building cases by hand -------------------------------------------------------------------


# --- Inera's worked example and units -----------------------------------------------------------


def test_inera_worked_example_is_36_800_kr_a_year() -> None:
    result = calculate(letters_case(rate=0.0))
    assert result.items[0].annual_value == pytest.approx(36_800)
    assert result.benefits == pytest.approx(6 * 36_800)
    assert result.net_benefit_per_krona is None


def test_minutes_are_converted_to_hours() -> None:
    in_minutes = calculate(letters_case("min/st", 30))
    assert in_minutes.items[0].annual_value == pytest.approx(36_800)
    assert in_minutes.benefits == pytest.approx(calculate(letters_case()).benefits)
    assert in_minutes.freed_hours == pytest.approx(6 * 100)


def test_hourly_cost_from_monthly_salary() -> None:
    assert hourly_cost(35_000) == 35_000 / 142 * 1.54


def test_freed_hours_follow_the_profile_and_are_not_discounted() -> None:
    case = letters_case()
    ramped = make_case((replace(case.benefits[0], per_year=(0.5, 1.0)),), factors=case.factors)
    result = calculate(ramped)
    assert [row.freed_hours for row in result.by_year] == pytest.approx(
        [50, 100, 100, 100, 100, 100]
    )
    assert result.freed_hours == pytest.approx(550)
    assert result.items[0].hours == pytest.approx(550)


# --- discounting --------------------------------------------------------------------------------


def test_reference_sums_at_three_percent() -> None:
    assert discount_factors(6, 0.03).sum() == pytest.approx(5.5797, abs=5e-5)
    assert discount_factors(6, 0.03, first_year_discounted=True).sum() == pytest.approx(
        5.4172, abs=5e-5
    )


@pytest.mark.parametrize("rate", [0.0, 0.03, 0.035, 0.1, 0.25])
@pytest.mark.parametrize("first_year_discounted", [False, True])
def test_present_value_matches_numpy_financial_npv(
    rate: float, first_year_discounted: bool
) -> None:
    flows = np.array([[-50_000.0, 12_000, 15_000, 15_000, 15_000, 9_000], [1, 2, 3, 4, 5, 6]])
    ours = present_value(flows, rate, first_year_discounted)
    for row, value in zip(flows, np.atleast_1d(ours), strict=True):
        shifted = np.concatenate([[0.0], row]) if first_year_discounted else row
        assert value == pytest.approx(npf.npv(rate, shifted))


def test_case_present_value_follows_the_first_year_convention() -> None:
    t0 = calculate(letters_case(rate=0.03))
    t1 = calculate(letters_case(rate=0.03, first_year_discounted=True))
    assert t0.benefits == pytest.approx(36_800 * 5.579707, rel=1e-6)
    assert t1.benefits == pytest.approx(t0.benefits / 1.03)
    assert not t0.discounting.first_year_discounted and t1.discounting.first_year_discounted


@given(st.lists(st.floats(-1e7, 1e7), min_size=1, max_size=30), st.booleans())
def test_present_value_at_zero_rate_is_the_sum_of_flows(flows: list[float], first: bool) -> None:
    assert present_value(flows, 0.0, first) == pytest.approx(math.fsum(flows), abs=1e-6)


# --- break-even, profiles, splits ---------------------------------------------------------------


def test_break_even_year_when_a_one_off_cost_is_paid_back_in_year_three() -> None:
    result = calculate(payback_case(start_year=2024))
    assert result.break_even_year == 3
    assert result.break_even_label == "2026"
    assert [row.accumulated_net for row in result.by_year[:3]] == [-15_000, -5_000, 5_000]


def test_break_even_year_is_none_when_costs_never_recovered() -> None:
    result = calculate(payback_case(yearly=1_000))
    assert result.break_even_year is None
    assert result.break_even_label is None


def test_break_even_needs_benefits_to_exceed_costs_not_just_equal_them() -> None:
    # 12 500 kr a year against 25 000 kr: after year 2 they are equal, which is not "exceed".
    result = calculate(payback_case(yearly=12_500))
    assert result.by_year[1].accumulated_net == 0
    assert result.break_even_year == 3


def test_break_even_label_without_start_year() -> None:
    assert calculate(payback_case()).break_even_label == "år 3"


def test_ramp_up_and_one_off_profiles() -> None:
    case = make_case(
        (benefit("nytta", "v", factor("v", "kr/år", 1000, item="nytta"), per_year=(0.5, 1.0)),),
        (cost("start", "p", factor("p", "kr", 400, item="start"), cost_type=CostType.ONE_OFF),),
        horizon=4,
        rate=0.0,
    )
    result = calculate(case)
    assert [row.benefits_nominal for row in result.by_year] == [500, 1000, 1000, 1000]
    assert [row.costs_nominal for row in result.by_year] == [400, 0, 0, 0]
    assert result.items[1].per_year_present == (400, 0, 0, 0)


def test_split_across_stakeholders_adds_up_to_the_total() -> None:
    split = (("kommunen", 0.6), ("invanare", 0.4))
    case = make_case(
        (benefit("nytta", "v", factor("v", "kr/år", 1000, item="nytta"), stakeholders=split),),
        (cost("licens", "p", factor("p", "kr/år", 300, item="licens")),),
    )
    result = calculate(case)
    shares = result.by_stakeholder
    assert shares["kommunen"].benefits == pytest.approx(0.6 * result.benefits)
    assert shares["invanare"].benefits == pytest.approx(0.4 * result.benefits)
    assert sum(t.benefits for t in shares.values()) == pytest.approx(result.benefits)
    assert sum(t.costs for t in shares.values()) == pytest.approx(result.costs)


def test_breakdowns_sum_to_the_totals() -> None:
    case = make_case(
        (
            benefit(
                "tid",
                "v",
                factor("v", "kr/år", 1000, item="tid"),
                stakeholders=(("kommunen", 0.5), ("invanare", 0.5)),
            ),
            benefit(
                "porto", "v", factor("v", "kr/år", 200, item="porto"), category=Category.FINANSIELL
            ),
            benefit("trygghet", None, category=Category.KVALITET, size=2),
        ),
        (
            cost(
                "utbildning",
                "v",
                factor("v", "kr", 900, item="utbildning"),
                cost_type=CostType.ONE_OFF,
                category=Category.OMFORDELNING,
            ),
            cost("licens", "v", factor("v", "kr/år", 100, item="licens")),
        ),
    )
    result = calculate(case)
    assert list(result.by_category) == ["finansiell", "omfördelning"]
    for breakdown in (result.by_category, result.by_stakeholder, result.by_category_stakeholder):
        assert sum(t.benefits for t in breakdown.values()) == pytest.approx(result.benefits)
        assert sum(t.costs for t in breakdown.values()) == pytest.approx(result.costs)
    assert result.by_category["finansiell"].benefits == pytest.approx(result.financial.benefits)
    assert result.financial.costs == pytest.approx(100 * discount_factors(6, 0.03).sum())
    assert [item.id for item in result.items] == ["tid", "porto", "utbildning", "licens"]
    assert result.by_category_stakeholder[("omfördelning", "invanare")].benefits == pytest.approx(
        0.5 * result.items[0].present
    )


def test_paired_runs_are_ordered_for_a_monotone_case() -> None:
    case = make_case(
        (
            benefit(
                "tid",
                "a * b",
                factor("a", "kr/år", 100, 80, 130, item="tid"),
                factor("b", "1", 2, 1, 3, item="tid"),
            ),
        ),
        (cost("drift", "c", factor("c", "kr/år", 50, 40, 60, item="drift")),),
    )
    runs = scenarios(case)
    assert list(runs) == ["low", "likely", "high"]
    assert runs["low"].benefits < runs["likely"].benefits < runs["high"].benefits
    assert runs["low"].costs < runs["likely"].costs < runs["high"].costs
    assert runs["low"].items[0].annual_value == 80
    assert runs["high"].items[0].annual_value == 390


# --- derived factors and name resolution --------------------------------------------------------


def salary_case(override_own: bool = False) -> Case:
    shared = (
        factor("manadslon", "kr/mån", 35_000, 30_000, 40_000),
        factor("timmar_per_manad", "h/mån", 142),
        factor("timkostnad", "kr/h", formula="manadslon / timmar_per_manad * 1.54"),
    )
    own: tuple[Factor, ...] = (
        factor("timmar", "h/år", 100, item="tid"),
        factor("varde", "kr/år", item="tid", formula="timmar * timkostnad"),
    )
    if override_own:
        own += (factor("timkostnad", "kr/h", 500, item="tid"),)
    return make_case((benefit("tid", "varde", *own),), factors=shared, rate=0.0)


def test_derived_factors_are_computed_in_order() -> None:
    result = calculate(salary_case())
    assert result.items[0].annual_value == pytest.approx(100 * hourly_cost(35_000))
    assert calculate(salary_case(), "low").items[0].annual_value == pytest.approx(
        100 * hourly_cost(30_000)
    )


def test_derived_factor_values_are_shown_in_their_own_unit() -> None:
    case = salary_case()
    case = replace(case, factors=(*case.factors[:2], replace(case.factors[2], unit="kr/min")))
    values = factor_values(case, "high")
    assert values["timkostnad"] == pytest.approx(hourly_cost(40_000) / 60)
    assert values["manadslon"] == 40_000
    assert values["tid.varde"] == pytest.approx(100 * hourly_cost(40_000))


def test_an_items_own_factor_hides_a_shared_one() -> None:
    assert calculate(salary_case(override_own=True)).items[0].annual_value == pytest.approx(50_000)


def test_overriding_a_derived_factor_replaces_its_formula() -> None:
    result = calculate(salary_case(), overrides={"timkostnad": 400})
    assert result.items[0].annual_value == pytest.approx(40_000)
    assert calculate(salary_case(), overrides={"manadslon": 40_000}).items[0].annual_value == (
        pytest.approx(100 * hourly_cost(40_000))
    )


def test_a_cycle_among_derived_factors_is_named() -> None:
    case = make_case(
        (benefit("x", "a", category=Category.FINANSIELL),),
        factors=(factor("a", "kr/år", formula="b * 2"), factor("b", "kr/år", formula="a / 2")),
    )
    with pytest.raises(FormulaError, match="a → b → a") as raised:
        compile_case(case)
    assert raised.value.path == "factors.a.formula"


def test_an_unknown_name_gets_a_did_you_mean() -> None:
    case = letters_case()
    wrong = replace(case.benefits[0], formula="tid_per_brev * brev_per_ar * tim_kostnad")
    with pytest.raises(FormulaError) as raised:
        compile_case(make_case((wrong,), factors=case.factors))
    assert raised.value.message == "'tim_kostnad' är ingen faktor; menade du 'timkostnad'?"
    assert raised.value.path == "benefits[0].formula"


def test_shared_derived_factors_do_not_see_item_factors() -> None:
    case = make_case(
        (benefit("x", "v", factor("egen", "kr/år", 1, item="x")),),
        factors=(factor("v", "kr/år", formula="egen * 2"),),
    )
    with pytest.raises(FormulaError, match="'egen' är ingen faktor") as raised:
        compile_case(case)
    assert raised.value.path == "factors.v.formula"


def test_a_syntax_error_carries_the_path() -> None:
    case = make_case((), (cost("c", "pris *", factor("pris", "kr/år", 1, item="c")),))
    with pytest.raises(FormulaError) as raised:
        compile_case(case)
    assert raised.value.path == "costs[0].formula"


# --- units --------------------------------------------------------------------------------------


def test_a_money_formula_in_the_wrong_unit_is_rejected() -> None:
    case = letters_case()
    wrong = (factor("timkostnad", "kr", 368),)
    with pytest.raises(UnitError, match="inte kr/år") as raised:
        compile_case(make_case(case.benefits, factors=wrong))
    assert raised.value.path == "benefits[0].formula"
    assert "h" in raised.value.message
    assert raised.value.fix is not None and "timkostnad" in raised.value.fix


def test_only_a_one_off_cost_may_come_out_in_kr() -> None:
    one_off = cost("c", "p", factor("p", "kr", 10, item="c"), cost_type=CostType.ONE_OFF)
    recurring = cost("c", "p", factor("p", "kr", 10, item="c"))
    assert calculate(make_case((), (one_off,))).costs == 10
    with pytest.raises(UnitError) as raised:
        compile_case(make_case((), (recurring,)))
    assert raised.value.path == "costs[0].formula"


def test_hours_must_come_out_in_hours_a_year() -> None:
    case = letters_case()
    wrong = replace(case.benefits[0], hours="tid_per_brev * brev_per_ar * 2 * timkostnad")
    with pytest.raises(UnitError) as raised:
        compile_case(make_case((wrong,), factors=case.factors))
    assert raised.value.path == "benefits[0].hours"


def test_a_derived_factor_must_match_its_declared_unit() -> None:
    case = make_case(
        (benefit("x", "v * n", factor("n", "st/år", 2, item="x")),),
        factors=(factor("t", "h", 2), factor("v", "kr/st", formula="t * 3")),
    )
    with pytest.raises(UnitError) as raised:
        compile_case(case)
    assert raised.value.path == "factors.v.formula"


@pytest.mark.parametrize("where", ["shared", "item"])
def test_an_unknown_unit_carries_the_path(where: str) -> None:
    bad = factor("v", "kronor per fortnight", 1, item=None if where == "shared" else "x")
    if where == "shared":
        case = make_case((benefit("x", "v"),), factors=(bad,))
        path = "factors.v.unit"
    else:
        case = make_case((benefit("x", "v", bad),))
        path = "benefits[0].factors.v.unit"
    with pytest.raises(UnitError) as raised:
        compile_case(case)
    assert raised.value.path == path


def test_division_by_zero_in_the_low_scenario() -> None:
    case = make_case(
        (
            benefit(
                "x",
                "total / antal",
                factor("total", "kr/år", 100, item="x"),
                factor("antal", "st", 2, 0, 3, item="x"),
            ),
        ),
    )
    with pytest.raises(FormulaError, match="Lägst") as raised:
        compile_case(case)
    assert raised.value.path == "benefits[0].formula"
    assert "likely" not in raised.value.message


# --- vectorised evaluation ----------------------------------------------------------------------


def test_ten_thousand_override_sets_match_one_at_a_time() -> None:
    case = realistic_case()
    compiled = compile_case(case)
    rng = np.random.default_rng(7)
    keys = [f.key for f in case.all_factors]
    overrides = {
        key: rng.uniform(case.factor(key).low, case.factor(key).high, 10_000) for key in keys
    }
    run = evaluate(compiled, overrides)
    assert run.net.shape == (10_000,) and run.yearly_benefits.shape == (10_000, 15)
    for draw in (0, 17, 4_321, 9_999):
        one = calculate(
            case, overrides={key: float(values[draw]) for key, values in overrides.items()}
        )
        assert run.net[draw] == pytest.approx(one.net_benefit)
        assert run.financial_net[draw] == pytest.approx(one.financial_net_benefit)
        assert run.freed_hours[draw] == pytest.approx(one.freed_hours)
        assert (run.break_even[draw] or None) == one.break_even_year
        assert run.yearly_costs[draw] == pytest.approx([row.costs for row in one.by_year])


def test_evaluate_without_overrides_is_the_scenario_run() -> None:
    case = realistic_case()
    for scenario, result in scenarios(case).items():
        run = evaluate(case, scenario=scenario)
        assert run.size == 1
        assert run.net[0] == pytest.approx(result.net_benefit)
        assert run.item_present[0, : len(result.items)] == pytest.approx(
            [item.present for item in result.items]
        )


def test_an_unknown_override_gets_a_did_you_mean() -> None:
    with pytest.raises(FormulaError, match="menade du 'timkostnad'"):
        evaluate(letters_case(), {"timkostnd": [1.0, 2.0]})


def test_override_arrays_must_agree_in_length() -> None:
    with pytest.raises(ValueError, match="length"):
        evaluate(letters_case(), {"timkostnad": [1.0, 2.0], "frigjord_tid.brev_per_ar": [1.0]})


def test_net_is_benefits_minus_costs() -> None:
    run = evaluate(realistic_case(), {"timkostnad": np.linspace(0, 1000, 50)})
    assert run.net == pytest.approx(run.benefits - run.costs)
    assert run.financial_net == pytest.approx(run.financial_benefits - run.financial_costs)
    assert run.benefits == pytest.approx(run.yearly_benefits.sum(axis=1))


@settings(max_examples=50, deadline=None)
@given(
    key=st.sampled_from(["andel", "nytta_3.tillfallen", "nytta_0.min_per_tillfalle"]),
    values=st.lists(st.floats(0, 1e4), min_size=2, max_size=20),
)
def test_raising_a_benefit_factor_never_lowers_net_benefit(key: str, values: list[float]) -> None:
    ordered = np.sort(np.array(values))
    run = evaluate(realistic_case(), {key: ordered})
    assert np.all(np.diff(run.net) >= -1e-6 * np.abs(run.net[1:]).clip(1))
