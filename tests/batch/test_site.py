"""The index page."""

from __future__ import annotations

from nyttonb.batch.site import IndexRow, index_html

SUMMARY = {
    "case": {"name": "Digitala <möten>", "organisation": "Övertorneå & Pajala"},
    "net_benefit": 1234567.4,
    "net_benefit_per_krona": 2.5,
    "break_even_label": "2026",
}


def rows() -> list[IndexRow]:
    ok = IndexRow.pending("digitalt-mote", "overtornea", "digitalt-mote/overtornea.html")
    bad = IndexRow.pending("nattillsyn", "gotland", "nattillsyn/gotland.html")
    return [
        ok.ok(SUMMARY, workbook="overtornea.xlsx"),
        bad.failed("CaseFileError: x.yaml:3: <script>alert(1)</script>", has_report=True),
    ]


def test_index_lists_figures_in_swedish_and_escapes_case_text() -> None:
    page = index_html(rows())
    assert '<html lang="sv">' in page
    assert "Digitala &lt;möten&gt;" in page and "<möten>" not in page
    assert "Övertorneå &amp; Pajala" in page
    assert "1\u00a0234\u00a0567\u00a0kr" in page
    assert 'data-sort="1234567.4"' in page
    assert "2026" in page
    assert '<a href="./digitalt-mote/overtornea.html">Öppna rapport</a>' in page
    assert '<a href="./digitalt-mote/overtornea.xlsx" download>Excel</a>' in page
    assert "misslyckades: CaseFileError: x.yaml:3: &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "visar föregående rapport" in page
    assert 'id="filter"' in page and "aria-sort" in page
    assert "http" not in page


def test_failed_report_without_older_one_has_no_link() -> None:
    row = IndexRow.pending("a", "b", "a/b.html").failed("ValueError: x", has_report=False)
    page = index_html([row])
    assert 'href="./a/b.html"' not in page
    assert "1 misslyckades" in page


def test_rows_survive_the_cache_round_trip() -> None:
    for row in rows():
        assert IndexRow.from_dict(row.to_dict()) == row
