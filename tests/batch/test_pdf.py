"""`nyttonb render --pdf`: a PDF beside each report, read back with poppler's pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from builders import ROOT
from click.testing import CliRunner

from nyttonb.casefile.load import load_case
from nyttonb.cli import main
from nyttonb.core.figures import compute_figures
from nyttonb.present import formatting as fmt
from nyttonb.present.charts import FILE_NAMES, all_report_charts

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"


def pdftotext(pdf: Path, *pages: str) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is missing: run `make browser`"
    run = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, check=True)
    return " ".join(run.stdout.decode("utf-8").split())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "reports"
    result = CliRunner().invoke(
        main, ["render", str(CASE), "--out", str(out), "--no-progress", "--pdf"]
    )
    assert result.exit_code == 0, result.output
    assert "PDF skrivna bredvid rapporterna" in result.stdout
    assert (out / "digital-nattillsyn" / "gotland.pdf").stat().st_size > 10_000
    return out / "digital-nattillsyn" / "gotland.pdf"


def test_first_page_is_the_decision_summary(pdf: Path) -> None:
    figures = compute_figures(load_case(CASE), with_uncertainty=True)
    page_one = pdftotext(pdf, "-f", "1", "-l", "1").replace("\u00a0", " ")
    result = figures.result
    for text in (
        "Beslutsunderlag i korthet",
        "Budgeteffekt",
        "Vem betalar, vem får nyttan",
        "Osäkerhet",
        fmt.kr(result.net_benefit),
        fmt.kr(result.financial_net_benefit),
    ):
        assert text.replace("\u00a0", " ") in page_one


def test_every_chart_is_printed_and_nothing_screen_only(pdf: Path) -> None:
    text = pdftotext(pdf)
    charts = all_report_charts(compute_figures(load_case(CASE), with_uncertainty=True))
    titles = [
        str(chart.to_dict(validate=False)["title"]["text"])
        for name, chart in charts.items()
        if name != FILE_NAMES["slider"]
    ]
    assert len(titles) >= 8
    missing = [t for t in titles if " ".join(t.split()) not in text]
    assert missing == []
    assert "Prova själv" not in text
    assert "Alla nyttokalkyler" not in text
