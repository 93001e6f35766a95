"""The report site: the index page (publishing it to a share is `nyttonb.batch.publish`).

The index (``index.html``) lists one row per report: organisation, case, variant, net benefit,
net benefit per krona, break-even year, realisation status (the ``follow_up`` of ``calc --json``:
ingen plan, plan utan utfall, enligt plan or efter plan, with the share realised), status and
a link. It sorts (click a column header) and
filters (the text box) with a small inline script: no server, works from ``file://``. Every
text that comes from a case file is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from nyttonb.present.links import href

INDEX = "index.html"


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One report on the index. Money in kronor; ``status`` is "ok" or "failed"."""

    case: str
    variant: str
    href: str
    organisation: str = ""
    name: str = ""
    net_benefit: float | None = None
    financial_net_benefit: float | None = None
    net_benefit_per_krona: float | None = None
    break_even: str | None = None
    realisation: str = ""
    """The realisation status (``follow_up.status_label`` of ``calc --json``), with the share."""
    status: str = "pending"
    reason: str = ""
    has_report: bool = False
    workbook_href: str = ""

    @classmethod
    def pending(cls, case: str, variant: str, href: str) -> IndexRow:
        return cls(case, variant, href)

    def ok(self, figures: Mapping[str, Any] | None, *, workbook: str = "") -> IndexRow:
        """This row with the figures of a report that rendered (``nyttonb calc --json``) and
        the file name of its workbook (beside the report), if there is one."""
        from nyttonb.present.formatting import NO_BREAK_EVEN

        s = figures or {}
        case = s.get("case") or {}
        never = NO_BREAK_EVEN if "break_even_label" in s else None
        return replace(
            self,
            organisation=str(case.get("organisation", "")),
            name=str(case.get("name", "")),
            net_benefit=_number(s.get("net_benefit")),
            financial_net_benefit=_number(s.get("financial_net_benefit")),
            net_benefit_per_krona=_number(s.get("net_benefit_per_krona")),
            break_even=s.get("break_even_label") or never,
            realisation=_realisation(s.get("follow_up")),
            status="ok",
            reason="",
            has_report=True,
            workbook_href=f"{self.case}/{workbook}" if workbook else "",
        )

    def failed(self, reason: str, has_report: bool) -> IndexRow:
        """This row for a report that failed; `has_report` if an older report is still there."""
        return replace(self, status="failed", reason=reason, has_report=has_report)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndexRow:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _cell(text: str, sort: str | float | None = None, cls: str = "") -> str:
    key = "" if sort is None else f' data-sort="{html.escape(str(sort), quote=True)}"'
    klass = f' class="{cls}"' if cls else ""
    return f"<td{klass}{key}>{text}</td>"


def _realisation(follow_up: Any) -> str:
    """ "efter plan (72 % realiserat)", "plan utan utfall", "ingen plan"; "" for no figures."""
    from nyttonb.present import formatting as fmt

    if not isinstance(follow_up, Mapping):
        return ""
    label = str(follow_up.get("status_label", ""))
    share = _number(follow_up.get("realised_share"))
    return f"{label} ({fmt.percent(share, 0)} realiserat)" if share is not None else label


def _row_html(row: IndexRow) -> str:
    from nyttonb.present import formatting as fmt

    e = html.escape
    link = f'<a href="{e(href(row.href), quote=True)}">Öppna rapport</a>' if row.has_report else "–"
    if row.has_report and row.workbook_href:
        link += f' · <a href="{e(href(row.workbook_href), quote=True)}" download>Excel</a>'
    if row.status == "ok":
        status = '<span class="ok">ok</span>'
    else:
        older = " (visar föregående rapport)" if row.has_report else ""
        status = f'<span class="failed">misslyckades: {e(row.reason)}</span>{e(older)}'
    net = row.net_benefit
    budget = row.financial_net_benefit
    per = row.net_benefit_per_krona
    title = _without_organisation(row.name or row.case, row.organisation)
    cells = [
        _cell(e(row.organisation)),
        _cell(e(title), title),
        _cell(e(row.variant)),
        _cell(e(fmt.kr(net)) if net is not None else "–", net if net is not None else "", "num"),
        _cell(
            e(fmt.kr(budget)) if budget is not None else "–",
            "" if budget is None else budget,
            "num",
        ),
        _cell(e(fmt.kr(per, 2)) if per is not None else "–", "" if per is None else per, "num"),
        _cell(e(row.break_even or "–"), row.break_even or ""),
        _cell(e(row.realisation or "–"), row.realisation),
        _cell(status, row.status),
        _cell(link),
    ]
    return f'<tr class="{e(row.status)}">' + "".join(cells) + "</tr>"


def _without_organisation(name: str, organisation: str) -> str:
    """The case's name without a trailing " – organisation" (the row's first column says it).

    >>> _without_organisation("Digital nattillsyn – Region Gotland", "Region Gotland")
    'Digital nattillsyn'
    """
    suffix = f" – {organisation}"
    return name[: -len(suffix)] if organisation and name.endswith(suffix) else name


_HEADERS = (
    ("Organisation", "text"),
    ("Fall", "text"),
    ("Variant", "text"),
    ("Nettonytta", "number"),
    ("Nettonytta i budgeten (finansiell)", "number"),
    ("Nettonytta per satsad krona", "number"),
    ("Nyttorna överstiger kostnaderna år", "text"),
    ("Nyttorealisering", "text"),
    ("Status", "text"),
    ("Rapport", "text"),
)

_SCRIPT = """
(function () {
  var table = document.getElementById("reports");
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var count = document.getElementById("count");
  function value(row, i, type) {
    var cell = row.cells[i];
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (type === "number") { return raw === "" ? -Infinity : parseFloat(raw); }
    return raw.toLocaleLowerCase("sv");
  }
  function show() {
    var q = filter.value.trim().toLocaleLowerCase("sv");
    var shown = 0;
    for (var r = 0; r < body.rows.length; r++) {
      var hit = body.rows[r].textContent.toLocaleLowerCase("sv").indexOf(q) !== -1;
      body.rows[r].hidden = !hit;
      shown += hit ? 1 : 0;
    }
    count.textContent = shown + " av " + body.rows.length + " rapporter";
  }
  var heads = table.tHead.rows[0].cells;
  for (var h = 0; h < heads.length; h++) {
    heads[h].querySelector("button").addEventListener("click", (function (i) {
      return function () {
        var type = heads[i].getAttribute("data-type");
        var asc = heads[i].getAttribute("aria-sort") !== "ascending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a, i, type), y = value(b, i, type);
          var c = type === "number" ? x - y : x.localeCompare(y, "sv");
          return asc ? c : -c;
        });
        for (var k = 0; k < heads.length; k++) { heads[k].removeAttribute("aria-sort"); }
        heads[i].setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.forEach(function (row) { body.appendChild(row); });
      };
    })(h));
  }
  filter.addEventListener("input", show);
  show();
})();
"""

_STYLE = """
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: #1f2328; margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0.25rem; }
p.lead { color: #57606a; margin-top: 0; }
label { font-weight: 600; margin-right: 0.5rem; }
input[type=search] { font: inherit; padding: 0.3rem 0.5rem; width: 20rem; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: 0.95rem;
  font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #d0d7de;
  vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
div.scroll { overflow-x: auto; }
@media (max-width: 40rem) { body { padding: 0.75rem; } input[type=search] { width: 100%; }
  span#count { display: block; margin: 0.25rem 0 0; } }
thead th { border-bottom: 2px solid #1f2328; }
th button { font: inherit; font-weight: 650; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; text-align: left; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
span.failed { color: #a40e26; }
tr.failed td { background: #fff5f5; }
span.ok { color: #1a7f37; }
#count { color: #57606a; margin-left: 1rem; }
@media print { input, label, #count { display: none; } a { color: inherit; } }
"""


def index_html(rows: Sequence[IndexRow], title: str = "Nyttoanalyser") -> str:
    """The index page for `rows` (sorted by case and variant)."""
    e = html.escape
    heads = "".join(
        f'<th scope="col" data-type="{kind}"><button type="button">{e(name)}</button></th>'
        for name, kind in _HEADERS
    )
    ordered = sorted(rows, key=lambda r: (r.case, r.variant))
    body = "\n".join(_row_html(row) for row in ordered)
    failed = sum(row.status != "ok" for row in rows)
    note = f" {failed} misslyckades." if failed else ""
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{e(title)}</h1>\n"
        f'<p class="lead">{len(rows)} rapporter.{e(note)} Klicka på en kolumnrubrik för att '
        "sortera.</p>\n"
        '<p class="portfolio"><a href="./portfolj.html">Portfölj: jämför och prioritera '
        "analyserna, budgeteffekt per år</a></p>\n"
        '<p><label for="filter">Filtrera</label><input type="search" id="filter" '
        'placeholder="organisation, fall, variant …"><span id="count"></span></p>\n'
        "<p>Nettonytta räknar med alla nyttor som är värderade i pengar, även frigjord tid. "
        "Nettonytta i budgeten räknar bara med finansiella nyttor och kostnader: det som syns "
        "i budgeten.</p>\n"
        '<div class="scroll" role="region" aria-label="Rapporter" tabindex="0">\n'
        f'<table id="reports">\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{body}\n</tbody>\n'
        f"</table>\n</div>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def write_index(site: Path, rows: Sequence[IndexRow]) -> Path:
    """Write ``site/index.html`` atomically; return its path."""
    from nyttonb.atomic import write_atomically

    return write_atomically(site / INDEX, index_html(rows))


__all__ = ["IndexRow", "href", "index_html", "write_index"]
