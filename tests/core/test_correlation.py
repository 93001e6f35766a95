"""Correlated factors in the Monte Carlo analysis: the stated rank correlation, the factors'
own distributions kept, and clear errors for correlations that cannot be."""

from __future__ import annotations

import numpy as np
import pytest

from nyttonb.casefile.load import load_case_text
from nyttonb.core.correlation import rank_correlate
from nyttonb.core.model import Correlation
from nyttonb.core.uncertainty import monte_carlo
from nyttonb.errors import NyttonbError

CASE = """\
name: Två nyttor
organisation: Exempelkommun
area: Test
description: Två nyttor som kan samvariera.
alternatives: {a: Som i dag., b: Förändringen.}
stakeholders: {kommunen: {name: Exempelkommun, type: organisation}}
horizon: 6
versions: [{version: "1.0", date: 2026-01-01, note: Första.}]
factors:
  a: {label: Nytta A, unit: kr/år, likely: 100000, low: 50000, high: 200000,
      source: Antagande, source_type: antagande}
  b: {label: Nytta B, unit: kr/år, likely: 100000, low: 50000, high: 200000,
      source: Antagande, source_type: antagande}
benefits:
  - {id: ab, name: Nyttor, category: finansiell, stakeholder: kommunen,
     description: Summan., formula: a + b}
costs:
  - id: kostnad
    name: Kostnad
    category: finansiell
    cost_type: engång
    stakeholder: kommunen
    description: Införande.
    formula: inforande
    factors:
      inforande: {label: Införande, unit: kr, likely: 900000, low: 800000, high: 1000000,
                  source: Antagande, source_type: antagande}
"""


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx, ry = np.argsort(np.argsort(x)), np.argsort(np.argsort(y))
    return float(np.corrcoef(rx, ry)[0, 1])


@pytest.mark.parametrize("rho", [-0.6, 0.0, 0.5, 0.9])
def test_draws_get_the_stated_rank_correlation_and_keep_their_values(rho: float) -> None:
    rng = np.random.default_rng(1)
    drawn = {"a": rng.beta(2, 5, 10_000), "b": rng.triangular(0, 1, 4, 10_000)}
    correlated = rank_correlate(drawn, [Correlation("a", "b", rho)], np.random.default_rng(2))
    assert spearman(correlated["a"], correlated["b"]) == pytest.approx(rho, abs=0.03)
    for key in drawn:
        assert np.array_equal(np.sort(correlated[key]), np.sort(drawn[key]))


def test_positively_correlated_benefits_widen_the_spread_of_net_benefit() -> None:
    independent = monte_carlo(load_case_text(CASE, filename="x.yaml"), draws=10_000)
    text = CASE + "correlations:\n  - {factors: [a, b], rho: 0.8}\n"
    correlated = monte_carlo(load_case_text(text, filename="x.yaml"), draws=10_000)
    assert correlated.p90 - correlated.p10 > 1.15 * (independent.p90 - independent.p10)
    assert correlated.mean == pytest.approx(independent.mean, rel=0.02)


def test_an_item_factor_is_named_by_item_and_name() -> None:
    text = CASE + "correlations:\n  - {factors: [a, kostnad.inforande], rho: -0.3}\n"
    case = load_case_text(text, filename="x.yaml")
    assert case.correlations == (Correlation("a", "kostnad.inforande", -0.3),)


@pytest.mark.parametrize(
    ("correlations", "line", "phrase"),
    [
        ("  - {factors: [a, c], rho: 0.5}", 29, "'c' är ingen faktor"),
        ("  - {factors: [a, a], rho: 0.5}", 29, "korrelerad med sig själv"),
        (
            "  - {factors: [a, b], rho: 0.5}\n  - {factors: [b, a], rho: 0.2}",
            30,
            "korrelerade två gånger",
        ),
        ("  - {factors: [a, b], rho: 1.5}", 29, "rho"),
    ],
)
def test_a_correlation_that_cannot_be_is_a_clear_error(
    correlations: str, line: int, phrase: str
) -> None:
    with pytest.raises(NyttonbError) as caught:
        load_case_text(CASE + "correlations:\n" + correlations + "\n", filename="x.yaml")
    assert caught.value.file == "x.yaml"
    assert caught.value.line == line
    assert phrase in str(caught.value)


def test_correlations_that_do_not_fit_together_are_rejected() -> None:
    three = CASE.replace(
        "benefits:",
        "  c: {label: Nytta C, unit: kr/år, likely: 1, low: 0, high: 2, source: Antagande,\n"
        "      source_type: antagande}\nbenefits:",
    )
    text = three + (
        "correlations:\n  - {factors: [a, b], rho: 0.9}\n  - {factors: [b, c], rho: 0.9}\n"
        "  - {factors: [a, c], rho: -0.9}\n"
    )
    with pytest.raises(NyttonbError, match="går inte ihop"):
        load_case_text(text, filename="x.yaml")
