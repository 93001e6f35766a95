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


# Failures: a Swedish first line that says what failed and what to do ----------------------------


def test_a_browser_path_that_does_not_exist_is_a_swedish_error_with_the_fix(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "finns-inte" / "chromium"
    result = CliRunner().invoke(
        main,
        ["render", str(CASE), "--out", str(tmp_path / "out"), "--no-progress", "--pdf"],
        env={"NYTTONB_CHROMIUM": str(missing)},
    )
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        f"PDF kunde inte skapas: miljövariabeln NYTTONB_CHROMIUM pekar på {missing}, som inte finns"
    )
    assert "Gör så här: Rätta sökvägen" in first and "make browser" in first
    assert "Traceback" not in result.output and "Playwright" not in result.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_a_program_that_is_no_browser_fails_in_swedish_with_playwrights_text_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nyttonb.batch.pdf import write_pdfs
    from nyttonb.errors import RenderError

    program = tmp_path / "inte-chromium"
    program.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    program.chmod(0o755)
    report = tmp_path / "r.html"
    report.write_text("<!DOCTYPE html><title>r</title><p>Hej</p>", encoding="utf-8")
    monkeypatch.setenv("NYTTONB_CHROMIUM", str(program))
    with pytest.raises(RenderError) as raised:
        write_pdfs(tmp_path, [report])
    text = str(raised.value)
    assert text.startswith(f"PDF kunde inte skapas: webbläsaren {program} gick inte att starta.")
    assert text.index("make browser") < text.index("Playwrights felmeddelande: BrowserType")
    assert not report.with_suffix(".pdf").exists()


def test_charts_that_are_never_drawn_fail_in_swedish_naming_the_report(tmp_path: Path) -> None:
    from nyttonb.batch.pdf import write_pdfs
    from nyttonb.errors import RenderError

    report = tmp_path / "r.html"
    report.write_text(
        '<!DOCTYPE html><title>r</title><div class="nyttonb-chart"></div>', encoding="utf-8"
    )
    with pytest.raises(RenderError) as raised:
        write_pdfs(tmp_path, [report], chart_timeout=0.5)
    text = str(raised.value)
    assert text.startswith(
        f"{report}: PDF kunde inte skapas: rapportens diagram ritades inte inom 0,5 sekunder."
    )
    assert text.endswith(
        "Playwrights felmeddelande: Page.wait_for_function: Timeout 500ms exceeded."
    )
    assert not report.with_suffix(".pdf").exists()
