"""`nyttonb portfolio`: rows that agree with each case's own `calc --json`, totals, selection,
ranking, the budget effect per year, the exported files and clean errors."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from builders import CASES, ROOT
from click.testing import CliRunner

from nyttonb.cli import main
from nyttonb.portfolio import load_rows, rank, select, totals
from nyttonb.portfolio.rows import default_files

SHIPPED = default_files(ROOT)
EXAMPLE = CASES / "inera_example.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def calc_json(file: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run("calc", str(file), "--json", *extra)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    code, out, err = run("portfolio", *map(str, SHIPPED), "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def with_fields(tmp_path: Path, name: str, extra: str, source: Path = EXAMPLE) -> Path:
    """A copy of a case file with extra top-level keys."""
    target = tmp_path / f"{name}.yaml"
    text = "".join(
        line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("tags:")  # the shipped variants carry tags of their own
    )  # fmt: skip
    target.write_text(text + "\n" + extra, encoding="utf-8")
    return target


def test_six_shipped_variants_with_totals_equal_to_the_sum_of_their_calc_json(
    shipped: dict[str, Any],
) -> None:
    assert len(SHIPPED) == 6
    assert sorted(row["file"] for row in shipped["rows"]) == sorted(map(str, SHIPPED))
    own = {str(file): calc_json(file) for file in SHIPPED}
    for row in shipped["rows"]:
        figures = own[row["file"]]
        for key in (
            "net_benefit",
            "financial_net_benefit",
            "freed_fte",
            "break_even_year",
            "net_benefit_per_krona",
        ):
            assert row[key] == figures[key], (row["file"], key)
        assert row["organisation"] == figures["case"]["organisation"]
        assert row["case"] == figures["case"]["name"]
    for key in ("net_benefit", "financial_net_benefit", "freed_fte"):
        expected = math.fsum(figures[key] for figures in own.values())
        assert shipped["totals"][key] == pytest.approx(expected, rel=1e-12, abs=1e-9)
    assert set(shipped["totals"]) >= {
        "net_benefit",
        "financial_net_benefit",
        "freed_fte",
        "budget_by_year",
    }


def test_row_keys_are_those_the_issue_names(shipped: dict[str, Any]) -> None:
    keys = {
        "file",
        "organisation",
        "case",
        "variant",
        "net_benefit",
        "financial_net_benefit",
        "net_benefit_per_krona",
        "break_even_year",
        "freed_fte",
        "p10",
        "p90",
        "prob_positive",
        "budget_by_year",
    }
    for row in shipped["rows"]:
        assert keys <= set(row)
        assert all({"year", "net"} <= set(year) for year in row["budget_by_year"])


def test_monte_carlo_figures_are_the_reports_own(shipped: dict[str, Any]) -> None:
    file = ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml"
    mc = calc_json(file, "--uncertainty")["uncertainty"]["monte_carlo"]
    row = next(r for r in shipped["rows"] if r["file"] == str(file))
    assert (row["p10"], row["p90"], row["prob_positive"]) == (
        mc["p10"],
        mc["p90"],
        mc["prob_positive"],
    )
    assert row["p10"] <= row["net_benefit"] <= row["p90"]


def test_budget_effect_per_year_discounts_back_to_the_financial_net_benefit(
    shipped: dict[str, Any],
) -> None:
    for row in shipped["rows"]:
        present = math.fsum(year["net_present"] for year in row["budget_by_year"])
        assert present == pytest.approx(row["financial_net_benefit"], abs=1e-6)
        for year in row["budget_by_year"]:
            assert year["net"] == pytest.approx(year["benefits"] - year["costs"])
    by_label: dict[str, float] = {}
    for row in shipped["rows"]:
        for year in row["budget_by_year"]:
            by_label[year["label"]] = by_label.get(year["label"], 0.0) + year["net"]
    total = {year["label"]: year["net"] for year in shipped["totals"]["budget_by_year"]}
    relative = {y["label"]: y["net"] for y in shipped["totals"]["budget_by_relative_year"]}
    assert list(relative) == [f"år {n}" for n in range(1, len(relative) + 1)]  # referens.yaml
    assert all(label.isdigit() for label in total)
    assert {**total, **relative} == pytest.approx(by_label)


def test_analyses_without_a_start_year_are_never_added_to_calendar_years(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from nyttonb.notebook.portfolio import PortfolioReport
    from nyttonb.portfolio.text import portfolio_text

    dated_file = ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml"
    undated_file = ROOT / "case_studies" / "digital-nattillsyn" / "referens.yaml"
    dated, undated = load_rows([dated_file, undated_file], draws=200)
    assert (dated.has_start_year, undated.has_start_year) == (True, False)
    both = totals([dated, undated])
    assert both["budget_by_year"] == totals([dated])["budget_by_year"]
    assert [(y["label"], y["net"]) for y in both["budget_by_year"]] == [
        (y.label, y.net) for y in dated.budget_by_year
    ]
    assert [(y["label"], y["net"]) for y in both["budget_by_relative_year"]] == [
        (y.label, y.net) for y in undated.budget_by_year
    ]
    assert totals([dated])["budget_by_relative_year"] == []

    out = portfolio_text([dated, undated], both, "nettonytta")
    calendar, apart = out.split("\n\nAnalyser utan startår (räknas inte in i kalenderåren")
    assert "Budgeteffekt per år för analysen med startår" in calendar
    assert "år 1" not in calendar.split("Budgeteffekt per år")[1]
    assert apart.splitlines()[1] == f"  {undated.organisation} – referens"
    assert "år 1" in apart and str(dated.budget_by_year[0].year) not in apart

    notebook = PortfolioReport([str(dated_file), str(undated_file)])
    notebook_html = notebook.budget().markup
    assert "Analyser utan startår räknas inte in i kalenderåren" in notebook_html
    assert notebook_html.count("<table>") == 2
    budget = notebook.charts()["budget"]["data"]["values"]
    assert {bar["label"] for bar in budget} == {y.label for y in dated.budget_by_year}

    code, _, err = run("portfolio", str(dated_file), str(undated_file), "--out", str(tmp_path))
    assert code == 0, err
    sheet = openpyxl.load_workbook(tmp_path / "portfolj.xlsx")["Budget per år"]
    values = [[c for c in line if c is not None] for line in sheet.iter_rows(values_only=True)]
    summa = next(line for line in values if line and line[0] == "Summa")
    assert summa[1:] == pytest.approx([y.net for y in dated.budget_by_year])
    start = next(i for i, line in enumerate(values) if line and "utan startår" in str(line[0]))
    assert values[start + 1][3:] == [y.label for y in undated.budget_by_year]
    assert values[start + 2][3:] == pytest.approx([y.net for y in undated.budget_by_year])


def test_budget_effect_is_finansiell_only_and_not_discounted(tmp_path: Path) -> None:
    # inera_example: omfördelning benefits, one finansiell one-off cost (anslutning) in year 1
    figures = calc_json(EXAMPLE)
    finansiell = [i for i in figures["items"] if i["category"] == "finansiell"]
    (row,) = load_rows([EXAMPLE])
    expected = [0.0] * figures["horizon"]
    for item in finansiell:
        sign = 1 if item["direction"] == "nytta" else -1
        for t, value in enumerate(item["per_year_present"]):
            rate = figures["discounting"]["rate"]
            shift = 1 if figures["discounting"]["first_year_discounted"] else 0
            expected[t] += sign * value * (1 + rate) ** (t + shift)
    assert [y.net for y in row.budget_by_year] == pytest.approx(expected)
    assert any(i["category"] == "omfördelning" for i in figures["items"])


def test_selection_by_tag_and_by_file_list_and_its_totals(tmp_path: Path) -> None:
    a = with_fields(tmp_path, "a", "tags: [skola, e-tjänst]\nurgency: 4\nfeasibility: 2\n")
    b = with_fields(tmp_path, "b", "tags: [skola]\n")
    c = with_fields(
        tmp_path,
        "c",
        "tags: [omsorg]\nurgency: 1\n",
        ROOT / "case_studies" / "digitalt-mote" / "overtornea.yaml",
    )
    rows = load_rows([a, b, c])
    assert [r.tags for r in rows] == [("skola", "e-tjänst"), ("skola",), ("omsorg",)]
    assert (rows[0].urgency, rows[0].feasibility, rows[1].urgency) == (4, 2, None)
    school = select(rows, tags=["skola"])
    assert [r.variant for r in school] == ["a", "b"]
    assert [r.variant for r in select(rows, files=[c, a])] == ["a", "c"]
    assert [r.variant for r in select(rows, tags=["skola"], files=[b])] == ["b"]
    chosen = totals(school)
    assert chosen["net_benefit"] == pytest.approx(rows[0].net_benefit + rows[1].net_benefit)
    assert chosen["freed_fte"] == pytest.approx(rows[0].freed_fte + rows[1].freed_fte)
    assert chosen["count"] == 2
    code, out, err = run("portfolio", str(a), str(b), str(c), "--tag", "omsorg", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [r["variant"] for r in data["rows"]] == ["c"]
    assert data["totals"]["net_benefit"] == rows[2].net_benefit


def test_rank_puts_the_best_first_and_missing_values_last(tmp_path: Path) -> None:
    rows = load_rows(SHIPPED[:4], draws=200)
    by_net = rank(rows, "net_benefit")
    assert [r.net_benefit for r in by_net] == sorted((r.net_benefit for r in rows), reverse=True)
    years = [r.break_even_year for r in rank(rows, "break_even_year")]
    known = [y for y in years if y is not None]
    assert known == sorted(known) and years[: len(known)] == known
    assert [r.urgency for r in rank(rows, "urgency")] == [None] * 4


def test_terminal_table_is_swedish() -> None:
    code, out, _ = run("portfolio", *map(str, SHIPPED), "--sort", "prob_positive")
    assert code == 0
    assert "Portfölj: 6 nyttoanalyser, sorterade efter sannolikhet för positiv nettonytta." in out
    assert "Summa finansiell nettonytta (det som syns i budgeten): " in out
    assert "Budgeteffekt per år" in out and "\u00a0kr" in out
    # freed time is a yearly average, never read as a total over the horizon
    assert "Årsarb./år" in out.splitlines()[3]
    assert "\u00a0årsarbetskrafter per år i genomsnitt över tidshorisonten – " in out


def test_out_writes_page_csv_and_xlsx(tmp_path: Path, shipped: dict[str, Any]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "portfolj"
    code, _, err = run("portfolio", *map(str, SHIPPED), "--out", str(out))
    assert code == 0, err
    assert (out / "assets" / "vega.js").is_file()
    page = (out / "portfolj.html").read_text(encoding="utf-8")
    assert page.count('class="pick"') == 6
    text = (out / "portfolj.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][:5] == ["Fil", "Organisation", "Fall", "Variant", "Nettonytta (kr)"]
    assert len(table) == 7
    assert "Frigjorda årsarbetskrafter per år (genomsnitt)" in table[0]
    assert "Frigjorda årsarbetskrafter per år (genomsnitt)" in page
    # the 1–5 scale is on the page itself: a reader has no docs/ folder
    assert "<summary>Skalan 1–5</summary>" in page and "akut: lagkrav" in page
    assert "docs/" not in page
    first = next(r for r in shipped["rows"] if r["file"] == table[1][0])
    assert float(table[1][4].replace(",", ".")) == pytest.approx(first["net_benefit"])
    book = openpyxl.load_workbook(out / "portfolj.xlsx")
    sheet = book["Portfölj"]
    assert sheet.cell(1, 5).value == "Nettonytta (kr)"
    assert sheet.cell(8, 1).value == "Summa"
    assert sheet.cell(8, 5).value == pytest.approx(shipped["totals"]["net_benefit"])
    budget = book["Budget per år"]
    assert budget.cell(1, 4).value == shipped["totals"]["budget_by_year"][0]["label"]


def test_case_text_is_escaped_on_the_page(tmp_path: Path) -> None:
    from nyttonb.portfolio.page import page_html

    hostile = with_fields(tmp_path, "x", "tags: ['</script><b>x</b>']\n")
    text = hostile.read_text(encoding="utf-8").replace(
        "organisation: ", 'organisation: "<img src=x onerror=alert(1)> & " #', 1
    )
    hostile.write_text(text, encoding="utf-8")
    rows = load_rows([hostile], draws=50)
    assert rows[0].organisation.startswith("<img")
    page = page_html(rows)
    assert "<img src=x" not in page and "</script><b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["finns-inte.yaml"], "finns-inte.yaml"),
        (
            [str(CASES / "bad_category.yaml"), str(CASES / "unknown_factor.yaml")],
            "unknown_factor.yaml",
        ),
        ([str(EXAMPLE), "--sort", "nettonytta"], "går inte att sortera efter"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "ut"
    code, _, err = run("portfolio", *args, "--out", str(out))
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_urgency_outside_the_scale_is_a_case_file_error(tmp_path: Path) -> None:
    bad = with_fields(tmp_path, "bad", "urgency: 7\n")
    code, _, err = run("check", str(bad))
    assert code == 2
    assert "urgency" in err and "5" in err


def test_many_files_are_shared_out_over_processes_with_the_same_rows_and_errors(
    tmp_path: Path,
) -> None:
    from nyttonb.errors import CaseErrors
    from nyttonb.portfolio.rows import PARALLEL_FROM

    files = []
    for index in range(PARALLEL_FROM):
        source = SHIPPED[index % len(SHIPPED)]
        files.append(tmp_path / f"{index:03d}-{source.name}")
        files[-1].write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_rows(files, draws=100, jobs=2) == load_rows(files, draws=100, jobs=1)
    bad = [*files, CASES / "bad_category.yaml", CASES / "unknown_factor.yaml"]
    with pytest.raises(CaseErrors) as raised:
        load_rows(bad, draws=100, jobs=2)
    text = str(raised.value)
    assert "bad_category.yaml:14: benefits[0].category" in text
    assert "unknown_factor.yaml" in text


def test_shipped_variants_carry_tags_for_selection() -> None:
    code, out, err = run("portfolio", "--tag", "äldreomsorg", "--json", *map(str, SHIPPED))
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert sorted(Path(r["file"]).stem for r in rows) == ["gotland", "referens"]
    assert all(r["urgency"] is None and r["feasibility"] is None for r in rows)
