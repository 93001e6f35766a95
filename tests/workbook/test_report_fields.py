"""The report's own text, the osäkerhetsbedömning, the reference analysis and the years a
published figure covers survive a workbook export and import (issue 12's case-file fields)."""

from __future__ import annotations

from pathlib import Path

from nyttonb.casefile.load import load_case
from nyttonb.workbook import export_workbook, import_workbook

GOTLAND = Path(__file__).resolve().parents[2] / "case_studies/digital-nattillsyn/gotland.yaml"


def test_issue_12_fields_survive_export_and_import(tmp_path: Path) -> None:
    case = load_case(GOTLAND)
    back = import_workbook(export_workbook(case, tmp_path / "gotland.xlsx")).case
    assert back.reference_analysis is case.reference_analysis is not None
    assert back.uncertainty_assessment == case.uncertainty_assessment
    assert back.uncertainty_assessment.overall  # not vacuous
    assert dict(back.texts) == dict(case.texts)
    assert "how_we_worked" in dict(back.texts)
    assert [p.years for p in back.published] == [p.years for p in case.published]
    assert 5 in [p.years for p in back.published]
