"""``portfolj.html``: the portfolio as one static page that works offline.

The table is written here, with Swedish numbers and every text from a case file HTML-escaped;
the rows' figures also go into the page as inert JSON (``<``, ``>`` and ``&`` escaped), which the
page's script (``portfolj.js`` beside this module) reads to sort the table, keep the totals of
the checked analyses and draw three Vega-Lite charts with the site's own Vega bundle
(``assets/vega.js``): net benefit against costs, angelägenhet × genomförbarhet, and the stacked
budget effect per year. No server and no network: the page works from ``file://``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from nyttonb.portfolio.rows import PortfolioRow
from nyttonb.present.links import href

PAGE = "portfolj.html"

_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("organisation", "Organisation", "text"),
    ("case", "Fall", "text"),
    ("variant", "Variant", "text"),
    ("net_benefit", "Nettonytta", "number"),
    ("financial_net_benefit", "Finansiell nettonytta", "number"),
    ("net_benefit_per_krona", "Nettonytta per satsad krona", "number"),
    ("break_even_year", "Nyttorna överstiger kostnaderna år", "number"),
    ("freed_fte", "Frigjorda årsarbetskrafter per år (genomsnitt)", "number"),
    ("p10", "P10", "number"),
    ("p90", "P90", "number"),
    ("prob_positive", "P(nettonytta > 0)", "number"),
    ("urgency", "Angelägenhet", "number"),
    ("feasibility", "Genomförbarhet", "number"),
)


def _asset(name: str) -> str:
    return files("nyttonb.portfolio").joinpath(name).read_text(encoding="utf-8")


def _cells(row: PortfolioRow) -> list[str]:
    from nyttonb.present import formatting as fmt

    def money(value: float | None) -> str:
        return fmt.kr(value) if value is not None else "–"

    per = row.net_benefit_per_krona
    name = html.escape(row.case)
    if row.href:
        name = f'<a href="{html.escape(href(row.href), quote=True)}">{name}</a>'
    return [
        html.escape(row.organisation),
        name,
        html.escape(row.variant),
        money(row.net_benefit),
        money(row.financial_net_benefit),
        fmt.number(per, 2) if per is not None else "–",
        html.escape(row.break_even_label or "aldrig"),
        fmt.number(row.freed_fte, 1),
        money(row.p10),
        money(row.p90),
        fmt.percent(row.prob_positive, 1) if row.prob_positive is not None else "–",
        str(row.urgency) if row.urgency is not None else "–",
        str(row.feasibility) if row.feasibility is not None else "–",
    ]


def _row_html(index: int, row: PortfolioRow) -> str:
    label = html.escape(f"Välj {row.organisation}, {row.case}, {row.variant}", quote=True)
    cells = "".join(f"<td>{cell}</td>" for cell in _cells(row))  # numbers aligned by the CSS
    return (
        f'<tr data-i="{index}"><td><input type="checkbox" class="pick" aria-label="{label}">'
        f"</td>{cells}</tr>"
    )


_SCALE_ROWS = (
    (
        "1",
        "kan vänta: inget behov de närmaste åren",
        "mycket svår: kräver beslut, pengar eller teknik som saknas",
    ),
    ("2", "önskvärd: behovet finns men är inte brådskande", "svår: flera förutsättningar saknas"),
    (
        "3",
        "angelägen: behovet bör mötas inom planperioden",
        "genomförbar med insats: några förutsättningar behöver ordnas",
    ),
    (
        "4",
        "mycket angelägen: behovet växer eller mål är i fara",
        "lätt: förutsättningarna finns till största delen",
    ),
    (
        "5",
        "akut: lagkrav, patientsäkerhet eller arbetsmiljö kräver åtgärd nu",
        "kan göras direkt med befintliga resurser",
    ),
)
"""The scale of the optional case fields `urgency` and `feasibility` (docs/case-format.md)."""

_SCALE = (
    '<details class="scale"><summary>Skalan 1–5</summary><div class="scroll"><table>'
    '<thead><tr><th scope="col">Värde</th><th scope="col">Angelägenhet</th>'
    '<th scope="col">Genomförbarhet</th></tr></thead><tbody>'
    + "".join(
        f'<tr><th scope="row">{value}</th><td>{urgency}</td><td>{feasibility}</td></tr>'
        for value, urgency, feasibility in _SCALE_ROWS
    )
    + "</tbody></table></div></details>\n"
)


def _data(rows: Sequence[PortfolioRow]) -> str:
    keys = [key for key, _, _ in _COLUMNS] + ["costs", "break_even_label", "freed_hours"]
    data: list[dict[str, Any]] = []
    for row in rows:
        entry = {key: getattr(row, key) for key in keys}
        entry["budget"] = [[y.year, y.label, y.net] for y in row.budget_by_year]
        entry["dated"] = row.has_start_year  # "år 1" … years are never added to calendar years
        data.append(entry)
    return _inert(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _specs() -> str:
    from nyttonb.portfolio.specs import bubble_spec, budget_spec, matrix_spec

    templates = {
        "bubble": bubble_spec([]),
        "matrix": matrix_spec([]),
        "budget": budget_spec([], [], legend=True),
    }
    return _inert(json.dumps(templates, ensure_ascii=False, separators=(",", ":")))


def _inert(text: str) -> str:
    """JSON that no text inside can end the script element it sits in."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def table_html(rows: Sequence[PortfolioRow]) -> str:
    """The portfolio table without checkboxes or sorting (for the notebook)."""
    heads = "".join(f'<th scope="col">{html.escape(name)}</th>' for _, name, _ in _COLUMNS)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="text-align:right">{cell}</td>' if kind == "number" else f"<td>{cell}</td>"
            for cell, (_, _, kind) in zip(_cells(row), _COLUMNS, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>"


def page_html(
    rows: Sequence[PortfolioRow],
    *,
    title: str = "Portfölj – nyttoanalyser",
    index_link: bool = False,
    note: str = "",
) -> str:
    """The whole page for `rows` (in the given order)."""
    from nyttonb.present.formatting import D3_FORMAT_LOCALE

    e = html.escape
    heads = "".join(
        f'<th scope="col" data-key="{key}" data-type="{kind}">'
        f'<button type="button">{e(name)}</button></th>'
        for key, name, kind in _COLUMNS
    )
    body = "\n".join(_row_html(i, row) for i, row in enumerate(rows))
    back = '<p><a href="./index.html">← Alla rapporter</a></p>\n' if index_link else ""
    locale = json.dumps(D3_FORMAT_LOCALE)
    extra = f'<p class="note">{e(note)}</p>\n' if note else ""
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{_asset('portfolj.css')}</style>\n"
        "</head>\n<body>\n"
        f"{back}<h1>{e(title)}</h1>\n"
        f'<p class="lead">{len(rows)} nyttoanalyser. Markera analyser för att se summan för '
        "ett urval; diagrammen visar urvalet (alla analyser när inget är markerat). Klicka på "
        "en kolumnrubrik för att sortera. Nettonyttor är diskonterade värden; "
        "omfördelning (frigjord tid) frigör resurser som kan användas till annat men ger inget "
        "budgetutrymme.</p>\n"
        f"{extra}"
        '<section id="totals" aria-live="polite" aria-label="Summa för urvalet">'
        "<h2>Urvalet</h2><dl>"
        '<dt>Analyser</dt><dd id="total-count"></dd>'
        '<dt>Nettonytta</dt><dd id="total-net" class="num"></dd>'
        "<dt>Finansiell nettonytta (det som syns i budgeten)</dt>"
        '<dd id="total-financial" class="num"></dd>'
        "<dt>Frigjord tid per år (genomsnitt över tidshorisonten)</dt>"
        '<dd id="total-fte" class="num"></dd>'
        "</dl></section>\n"
        '<p class="controls"><label for="filter">Filtrera</label>'
        '<input type="search" id="filter" placeholder="organisation, fall, variant …">'
        '<button type="button" id="pick-shown">Markera alla som visas</button>'
        '<button type="button" id="pick-none">Avmarkera alla</button>'
        '<span id="count" aria-live="polite"></span></p>\n'
        '<div class="scroll"><table id="portfolio">\n<thead><tr>'
        '<th scope="col"><span class="sr">Vald</span></th>'
        f"{heads}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table></div>\n"
        "<h2>Budgeteffekt per år för urvalet</h2>\n"
        '<p class="caption">Finansiella nyttor minus finansiella kostnader varje år, i kronor i '
        "kalkylens prisnivå, ej diskonterat: det som en budgetprocess frågar efter. Kalenderåren "
        "summerar analyserna med startår; analyser utan startår visas för sig under tabellen.</p>\n"
        '<div class="chart" id="chart-budget" role="img" '
        'aria-label="Staplat diagram: budgeteffekt per år och analys"></div>\n'
        '<table id="budget"><thead><tr><th scope="col">År</th>'
        '<th scope="col" class="num">Budgeteffekt</th></tr></thead><tbody></tbody></table>\n'
        '<section id="budget-undated" hidden><h3>Analyser utan startår</h3>'
        '<p class="caption">Räknas inte in i kalenderåren ovan: år 1 är analysens eget första '
        "år.</p>"
        '<table id="budget-relative"><thead><tr><th scope="col">Analys</th>'
        '<th scope="col">År</th><th scope="col" class="num">Budgeteffekt</th></tr></thead>'
        "<tbody></tbody></table></section>\n"
        "<h2>Nettonytta och kostnader</h2>\n"
        '<p class="caption">Varje cirkel är en analys: kostnader (diskonterade) mot nettonytta; '
        "storleken är frigjorda årsarbetskrafter per år (genomsnitt över tidshorisonten), färgen "
        "sannolikheten för positiv nettonytta "
        "(Monte Carlo).</p>\n"
        '<div class="chart" id="chart-bubble" role="img" '
        'aria-label="Bubbeldiagram: nettonytta mot kostnader"></div>\n'
        "<h2>Angelägenhet och genomförbarhet</h2>\n"
        '<p class="caption">Antal analyser per bedömning (skala 1–5); '
        'analyser utan bedömning visas inte. <span id="unrated"></span></p>\n'
        f"{_SCALE}"
        '<div class="chart" id="chart-matrix" role="img" '
        'aria-label="Matris: angelägenhet mot genomförbarhet"></div>\n'
        f'<script type="application/json" id="portfolio-data">{_data(rows)}</script>\n'
        f'<script type="application/json" id="portfolio-locale">{locale}</script>\n'
        f'<script type="application/json" id="portfolio-specs">{_specs()}</script>\n'
        '<script src="./assets/vega.js" id="vega-bundle" async></script>\n'
        f"<script>{_asset('portfolj.js')}</script>\n</body>\n</html>\n"
    )


def write_page(
    out: Path, rows: Sequence[PortfolioRow], *, index_link: bool = False, note: str = ""
) -> Path:
    """Write ``out/portfolj.html`` atomically (the Vega bundle must be in ``out/assets``)."""
    from nyttonb.atomic import write_atomically

    return write_atomically(out / PAGE, page_html(rows, index_link=index_link, note=note))


__all__ = ["PAGE", "page_html", "table_html", "write_page"]
