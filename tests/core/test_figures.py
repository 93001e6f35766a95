"""One `Figures` value per report: computed once, the same dictionary everywhere."""

from __future__ import annotations

import json

from builders import ROOT, realistic_case

from nyttonb.casefile.load import load_case
from nyttonb.core.calc import calculate, scenarios
from nyttonb.core.figures import compute_figures
from nyttonb.core.uncertainty import tornado, uncertainty

OVERTORNEA = ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml"


def test_the_likely_result_is_the_likely_paired_run() -> None:
    figures = compute_figures(realistic_case())
    assert figures.result is figures.runs["likely"]
    assert set(figures.runs) == {"low", "likely", "high"}
    assert figures.result.net_benefit == calculate(realistic_case()).net_benefit


def test_to_dict_is_calc_json_and_adds_uncertainty_only_when_asked() -> None:
    case = load_case(OVERTORNEA)
    plain = compute_figures(case).to_dict()
    assert "uncertainty" not in plain
    assert plain["net_benefit"] == calculate(case).net_benefit
    runs = scenarios(case)
    assert {k: {**r.totals(), "factor_values": [], "exact": True} for k, r in runs.items()} == (
        plain["scenarios"]
    )
    assert plain["case"]["file"] == case.source_path
    full = compute_figures(case, with_uncertainty=True, draws=500, seed=3).to_dict()
    assert full["uncertainty"] == uncertainty(case, draws=500, seed=3).to_dict()
    assert {k: v for k, v in full.items() if k != "uncertainty"} == plain
    json.dumps(full, allow_nan=False)  # plain JSON, as the notebook metadata must be


def test_the_uncertainty_tornado_is_the_one_the_charts_use() -> None:
    case = realistic_case()
    figures = compute_figures(case, with_uncertainty=True, draws=200)
    assert figures.analysis is not None
    assert figures.analysis.tornado == tornado(case)
