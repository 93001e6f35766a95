"""Generated cases far larger than any written by hand: read quickly, reported readably."""

from __future__ import annotations

from nyttonb.casefile.load import load_case_text
from nyttonb.casefile.yaml_quick import quick_read
from nyttonb.notebook.long_lists import MAX_ITEMS
from nyttonb.notebook.report import CaseReport
from nyttonb.present.tables import MAX_ROWS, shared_factor_table

HEADER = """name: Genererat fall
organisation: Testkommun
area: Test
description: Genererat.
alternatives: {a: Som idag., b: Med förändringen.}
stakeholders:
  kommunen: {name: Testkommun, type: organisation}
horizon: 6
versions:
  - {version: "1.0", date: 2024-03-01, note: Genererad.}
"""


def generated(factors: int, items: int) -> str:
    rows = [HEADER, "factors:\n"]
    rows += [
        f"  f{i}: {{label: Faktor {i}, unit: kr/h, likely: {300 + i % 90}, low: 290, "
        f"high: 400, source: Genererad, source_type: antagande}}\n"
        for i in range(factors)
    ]
    rows.append("benefits:\n")
    rows += [
        f"  - {{id: n{i}, name: Nytta {i}, category: omfördelning, stakeholder: kommunen, "
        f"formula: h * f{i % factors}, factors: {{h: {{label: Timmar, unit: h/år, "
        f"likely: {1 + i}, low: {0.5 + i}, high: {2 + i}}}}}}}\n"
        for i in range(items)
    ]
    return "".join(rows)


def test_ten_thousand_factors_are_read_by_the_quick_reader() -> None:
    read = quick_read(generated(10_000, 1))
    assert read is not None  # not handed to the slow reader for the number of keys
    assert len(read.data["factors"]) == 10_000


def test_a_report_of_many_items_describes_the_largest_and_counts_the_rest() -> None:
    case = load_case_text(generated(MAX_ROWS + 20, MAX_ITEMS + 30), filename="stor.yaml")
    report = CaseReport.from_case(case)
    page = report.benefits().markup
    assert page.count("<article") == MAX_ITEMS
    assert "… och 30 till, med sammanlagt" in page
    assert "Nytta 129" in page and "Nytta 0<" not in page  # the largest ones are described
    table = shared_factor_table(case)
    assert len(table.data) == MAX_ROWS + 1
    assert "… och 20 rader till" in table.to_html()
