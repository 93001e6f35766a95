"""The Resultat sheet: Tabell: sammanfattning, the headline figures (with workbook-level defined
names), the paired runs, hours and årsarbetare, kategori × perspektiv, the valued items per
perspective, and the yearly table with discounting and the break-even year. Every figure is a
formula over the value sheets, so a changed factor changes them all.
"""

from __future__ import annotations

from typing import Any

import nyttonb.workbook.layout as L
from nyttonb.core.model import Case, Category, Direction
from nyttonb.workbook.sheets import Writer, absolute, column, quote
from nyttonb.workbook.values import Block

_RUNS = ("low", "likely", "high")
_RUN_COLUMNS = {"low": "B", "likely": "C", "high": "D"}


def write_result_sheet(workbook: Any, case: Case, blocks: list[Block]) -> None:
    out = Writer(workbook[L.RESULT])
    n = case.horizon
    out.title("A1", f"Resultat – {case.name}")
    out.put("A2", _convention(case), wrap=False)
    _years(out, case)
    items_first, items_last = _items_table(out, case, blocks)
    _figures(out, n, items_first, items_last)
    _summary(out, case, items_first, items_last)
    _uncertainty(out, n)
    _hours(out, n)
    _categories(out, case, items_first, items_last)
    _not_valued(out, case, items_last + 3)
    _names(workbook)
    out.widths(
        {
            "A": 52,
            "B": 18,
            "C": 18,
            "D": 18,
            "E": 18,
            "F": 18,
            "G": 16,
            "H": 16,
            "I": 20,
            "K": 6,
            "L": 10,
            "M": 12,
            "N": 16,
            "O": 16,
            "P": 16,
            "Q": 18,
            "R": 16,
            "S": 16,
            "T": 14,
            "U": 14,
        }
    )


def _convention(case: Case) -> str:
    first = (
        "även år 1 diskonteras, år t med 1/(1 + r)^t"
        if case.discount_first_year
        else "år 1 diskonteras inte (t = 0), år t med 1/(1 + r)^(t − 1)"
    )
    return (
        f"Diskonteringsränta enligt Start (cell B{L.START_ROWS['discount_rate']}); {first}. "
        "Belopp i kronor i dagens priser."
    )


def _last_year_row(n: int) -> int:
    return L.YEARS_HEADER_ROW + n


def _col(key: str, n: int) -> str:
    """The range of one column of the yearly table: ``$N$5:$N$10``."""
    c = L.YEARS.get(key, key)
    return f"${c}${L.YEARS_HEADER_ROW + 1}:${c}${_last_year_row(n)}"


def _years(out: Writer, case: Case) -> None:
    n, top = case.horizon, L.YEARS_HEADER_ROW
    start = f"{L.START}!{absolute('B', L.START_ROWS['start_year'])}"
    first = f"{L.START}!{absolute('B', L.START_ROWS['discount_first_year'])}"
    out.title(f"K{top - 1}", "Nyttor och kostnader per år")
    out.header(top, [L.YEAR_HEADERS[key] for key in L.YEARS], first=11)
    helper_labels = {"likely": "troligt", "low": "lägst", "high": "högst"}
    for run, cols in L.HELPERS.items():
        names = ("Nyttor", "Kostnader", "Ack. nyttor", "Ack. kostnader", "Brytår")
        for col, name in zip(cols, names, strict=True):
            out.put(f"{col}{top}", f"{name}, {helper_labels[run]}", bold=True, grey=True)
    for t in range(1, n + 1):
        r = top + t
        y = L.YEARS
        put = out.put
        put(f"{y['year']}{r}", t)
        put(
            f"{y['label']}{r}",
            f'=IF({start}>1,TEXT({start}+{y["year"]}{r}-1,"0"),"år "&{y["year"]}{r})',
        )
        put(
            f"{y['weight']}{r}",
            f'=1/(1+Diskonteringsränta)^({y["year"]}{r}-1+IF({first}="{L.YES}",1,0))',
            fmt=L.WEIGHT,
        )
        year_col = column(L.FIRST_YEAR_COLUMN + t - 1)
        put(
            f"{y['benefits_nominal']}{r}",
            _sumif(L.BENEFITS, L.YEARLY["likely"], year_col),
            fmt=L.KR,
        )
        put(f"{y['costs_nominal']}{r}", _sumif(L.COSTS, L.YEARLY["likely"], year_col), fmt=L.KR)
        put(f"{y['benefits']}{r}", f"={y['benefits_nominal']}{r}*{y['weight']}{r}", fmt=L.KR)
        put(f"{y['costs']}{r}", f"={y['costs_nominal']}{r}*{y['weight']}{r}", fmt=L.KR)
        put(f"{y['net']}{r}", f"={y['benefits']}{r}-{y['costs']}{r}", fmt=L.KR)
        previous = f"{y['accumulated_net']}{r - 1}+" if t > 1 else ""
        put(f"{y['accumulated_net']}{r}", f"={previous}{y['net']}{r}", fmt=L.KR)
        put(
            f"{y['freed_hours']}{r}",
            _sumif(L.BENEFITS, L.YEARLY_HOURS, year_col),
            fmt=L.HOURS_FORMAT,
        )
        put(
            f"{y['invested_hours']}{r}",
            _sumif(L.COSTS, L.YEARLY_HOURS, year_col),
            fmt=L.HOURS_FORMAT,
        )
        for run, (pb, pc, ab, ac, hit) in L.HELPERS.items():
            if run == "likely":
                put(f"{pb}{r}", f"={y['benefits']}{r}", fmt=L.KR)
                put(f"{pc}{r}", f"={y['costs']}{r}", fmt=L.KR)
            else:
                put(
                    f"{pb}{r}",
                    f"{_sumif(L.BENEFITS, L.YEARLY[run], year_col)}*{y['weight']}{r}",
                    fmt=L.KR,
                )
                put(
                    f"{pc}{r}",
                    f"{_sumif(L.COSTS, L.YEARLY[run], year_col)}*{y['weight']}{r}",
                    fmt=L.KR,
                )
            for acc, flow in ((ab, pb), (ac, pc)):
                put(f"{acc}{r}", f"={acc}{r - 1}+{flow}{r}" if t > 1 else f"={flow}{r}", fmt=L.KR)
            put(
                f"{hit}{r}",
                f"=IF(AND({ab}{r}-{ac}{r}>=-1E-9*MAX(ABS({ab}{r}),ABS({ac}{r})),"
                f'OR({ab}{r}>0,{ac}{r}>0)),{y["year"]}{r},"")',
            )
    total = _last_year_row(n) + 1
    out.put(f"{L.YEARS['label']}{total}", "Summa", bold=True)
    for key in (
        "benefits",
        "costs",
        "net",
        "benefits_nominal",
        "costs_nominal",
        "freed_hours",
        "invested_hours",
    ):
        fmt = L.HOURS_FORMAT if "hours" in key else L.KR
        out.put(f"{L.YEARS[key]}{total}", f"=SUM({_col(key, n)})", fmt=fmt, bold=True)


def _sumif(sheet: str, label: str, year_col: str) -> str:
    return f'=SUMIF({quote(sheet)}!$A:$A,"{label}",{quote(sheet)}!{year_col}:{year_col})'


def _break_even(run: str, n: int) -> str:
    hits = _col(L.HELPERS[run][4], n)
    return f'=IF(COUNT({hits})=0,"{L.NEVER}",MIN({hits}))'


def _figures(out: Writer, n: int, first: int, last: int) -> None:
    r = L.FIGURES_ROW
    out.title(f"A{r - 1}", "Nyckeltal")
    present, direction, category = (
        f"$F${first}:$F${last}",
        f"$B${first}:$B${last}",
        f"$C${first}:$C${last}",
    )

    def financial(word: str) -> str:
        return f'=SUMIFS({present},{direction},"{word}",{category},"Finansiell")'

    rows = [
        ("Nyttor (diskonterat)", f"=SUM({_col('benefits', n)})", L.KR),
        ("Kostnader (diskonterat)", f"=SUM({_col('costs', n)})", L.KR),
        ("Nettonytta", f"=B{r}-B{r + 1}", L.KR),
        ("Finansiella nyttor (diskonterat)", financial("Nytta"), L.KR),
        ("Finansiella kostnader (diskonterat)", financial("Kostnad"), L.KR),
        ("Finansiell nettonytta", f"=B{r + 3}-B{r + 4}", L.KR),
        ("Brytår (år i kalkylperioden)", _break_even("likely", n), L.YEAR),
    ]
    for offset, (label, formula, fmt) in enumerate(rows):
        out.put(f"A{r + offset}", label)
        out.put(f"B{r + offset}", formula, fmt=fmt, bold=True)


def _summary(out: Writer, case: Case, first: int, last: int) -> None:
    r, f, n = L.SUMMARY_ROW, L.FIGURES_ROW, case.horizon
    out.title(f"A{r - 1}", "Tabell: sammanfattning")
    benefits, costs = f"B{f}", f"B{f + 1}"
    labels = _col("label", n)

    def share(direction: str, category: str, total: str) -> str:
        return (
            f'=IF({total}=0,"",SUMIFS($F${first}:$F${last},$B${first}:$B${last},'
            f'"{direction}",$C${first}:$C${last},"{category}")/{total})'
        )

    rows = [
        (f"Sammanlagd nettonytta efter {n} år (kr)", f"=B{f + 2}", L.KR),
        (
            f"Nettonytta per satsad krona efter {n} år (kr)",
            f'=IF({costs}=0,"",B{f + 2}/{costs})',
            L.RATIO,
        ),
        (
            "Nyttorna överstiger kostnaderna år:",
            f'=IF(ISNUMBER(B{f + 6}),INDEX({labels},B{f + 6}),"{L.NEVER}")',
            "@",
        ),
        ("Finansiell nytta (%)", share("Nytta", "Finansiell", benefits), L.PERCENT),
        ("Omfördelningsnytta (%)", share("Nytta", "Omfördelning", benefits), L.PERCENT),
        ("Finansiell kostnad (%)", share("Kostnad", "Finansiell", costs), L.PERCENT),
        ("Omfördelningskostnad (%)", share("Kostnad", "Omfördelning", costs), L.PERCENT),
        (
            "Nyttor som inte värderats i pengar",
            f"=COUNTA({quote(L.NOT_VALUED)}!$A${L.NOT_VALUED_HEADER_ROW + 1}:$A$1000)",
            L.COUNT,
        ),
    ]
    for offset, (label, formula, fmt) in enumerate(rows):
        out.put(f"A{r + offset}", label)
        out.put(f"B{r + offset}", formula, fmt=fmt, bold=True)


def _uncertainty(out: Writer, n: int) -> None:
    r = L.UNCERTAINTY_ROW
    out.title(f"A{r}", "Osäkerhet för nyttor och kostnader som värderats i pengar")
    out.header(r + 1, ["Körning", "Lägst", "Troligt", "Högst"])
    labels = _col("label", n)
    for run, col in _RUN_COLUMNS.items():
        benefits, costs, hit = L.HELPERS[run][0], L.HELPERS[run][1], L.HELPERS[run][4]
        cells = [
            f"=SUM({_col(benefits, n)})",
            f"=SUM({_col(costs, n)})",
            f"={col}{r + 2}-{col}{r + 3}",
            f'=IF({col}{r + 3}=0,"",{col}{r + 4}/{col}{r + 3})',
            f'=IF(ISNUMBER({col}{r + 7}),INDEX({labels},{col}{r + 7}),"{L.NEVER}")',
            f'=IF(COUNT({_col(hit, n)})=0,"{L.NEVER}",MIN({_col(hit, n)}))',
        ]
        fmts = [L.KR, L.KR, L.KR, L.RATIO, "@", L.YEAR]
        for offset, (formula, fmt) in enumerate(zip(cells, fmts, strict=True)):
            out.put(f"{col}{r + 2 + offset}", formula, fmt=fmt)
    for offset, label in enumerate(
        [
            "Nyttor (diskonterat)",
            "Kostnader (diskonterat)",
            "Nettonytta",
            "Nettonytta per satsad krona",
            "Nyttorna överstiger kostnaderna år:",
            "Brytår (år i kalkylperioden)",
        ]
    ):
        out.put(f"A{r + 2 + offset}", label)


def _hours(out: Writer, n: int) -> None:
    r = L.HOURS_ROW
    out.title(f"A{r}", "Omfördelning i timmar och årsarbetare")
    rows = [
        (
            "Frigjord tid under kalkylperioden (h)",
            f"=SUM({_col('freed_hours', n)})",
            L.HOURS_FORMAT,
        ),
        ("Frigjord tid per år (h)", f"=B{r + 1}/{n}", L.HOURS_FORMAT),
        ("Frigjorda årsarbetare (1 700 h/år)", f"=B{r + 2}/{L.HOURS_PER_FTE}", L.FTE),
        (
            "Satsad tid under kalkylperioden (h)",
            f"=SUM({_col('invested_hours', n)})",
            L.HOURS_FORMAT,
        ),
        (
            "Satsade årsarbetare (1 700 h/år)",
            f"=B{r + 4}/{n}/{L.HOURS_PER_FTE}",
            L.FTE,
        ),
    ]
    for offset, (label, formula, fmt) in enumerate(rows):
        out.put(f"A{r + 1 + offset}", label)
        out.put(f"B{r + 1 + offset}", formula, fmt=fmt, bold=True)


_PAIRS = (
    ("Nytta", Category.FINANSIELL),
    ("Nytta", Category.OMFORDELNING),
    ("Kostnad", Category.FINANSIELL),
    ("Kostnad", Category.OMFORDELNING),
)


def _categories(out: Writer, case: Case, first: int, last: int) -> None:
    r = L.CATEGORY_ROW
    out.title(f"A{r}", "Kategori och perspektiv (diskonterat)")
    out.header(
        r + 1,
        [
            "Perspektiv",
            "Finansiell nytta",
            "Omfördelningsnytta",
            "Finansiell kostnad",
            "Omfördelningskostnad",
            "Nettonytta",
        ],
    )
    present = f"$F${first}:$F${last}"
    for offset, stakeholder in enumerate(case.stakeholders):
        row = r + 2 + offset
        out.put(f"A{row}", stakeholder.name)
        for index, (direction, category) in enumerate(_PAIRS):
            out.put(
                f"{column(2 + index)}{row}",
                f'=SUMIFS({present},$B${first}:$B${last},"{direction}",'
                f'$C${first}:$C${last},"{L.CATEGORY_LABELS[category]}",'
                f"$D${first}:$D${last},$A{row})",
                fmt=L.KR,
            )
        out.put(f"F{row}", f"=B{row}+C{row}-D{row}-E{row}", fmt=L.KR, bold=True)


def _items_table(out: Writer, case: Case, blocks: list[Block]) -> tuple[int, int]:
    """Valued items per perspective and share; what the SUMIFS above add up."""
    top = L.CATEGORY_ROW + 2 + len(case.stakeholders) + 2
    out.title(f"A{top}", "Värderade nyttor och kostnader per perspektiv (diskonterat)")
    out.header(
        top + 1,
        [
            "Namn",
            "Nytta eller kostnad",
            "Kategori",
            "Perspektiv",
            "Andel",
            "Troligt",
            "Lägst",
            "Högst",
            "Id",
        ],
    )
    row = top + 2
    for block in blocks:
        direction = "Nytta" if block.item.direction is Direction.BENEFIT else "Kostnad"
        for name_cell, share_cell in block.stakeholders:
            out.put(f"A{row}", block.item.name)
            out.put(f"B{row}", direction)
            out.put(f"C{row}", f"={block.category_cell}")
            out.put(f"D{row}", f"={name_cell}")
            out.put(f"E{row}", f"={share_cell}", fmt=L.SHARE)
            for col, own in (("F", L.LIKELY), ("G", L.LOW), ("H", L.HIGH)):
                present = absolute(own, block.present_row, block.sheet)
                out.put(f"{col}{row}", f"={present}*E{row}", fmt=L.KR)
            out.put(f"I{row}", block.item.id)
            row += 1
    first, last = top + 2, max(row - 1, top + 2)
    return first, last


def _not_valued(out: Writer, case: Case, top: int) -> None:
    """The items valued only by size, as formulas over Ej värderade (Inera: their sizes)."""
    out.title(f"A{top}", "Nyttor och kostnader som inte värderats i pengar")
    out.header(
        top + 1, ["Namn", "Nytta eller kostnad", "Kategori", "Perspektiv", "Uppskattad storlek"]
    )
    row = top + 2
    for kind, items in (("benefits", case.benefits), ("costs", case.costs)):
        first = L.NOT_VALUED_FIRST[kind]
        listed = [i for i in items if not i.valued and i.hours is None]
        for index, _ in enumerate(listed):
            source = L.NOT_VALUED_HEADER_ROW + 1 + index
            out.put(f"B{row}", "Nytta" if kind == "benefits" else "Kostnad")
            for col, offset in (("A", 0), ("C", 2), ("D", 1), ("E", 3)):
                cell = absolute(column(first + offset), source, L.NOT_VALUED)
                out.put(f"{col}{row}", f"={cell}")
            row += 1


def _names(workbook: Any) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    f, s = L.FIGURES_ROW, L.SUMMARY_ROW
    cells = {
        "Nyttor": f"B{f}",
        "Kostnader": f"B{f + 1}",
        "Nettonytta": f"B{f + 2}",
        "Finansiell_nettonytta": f"B{f + 5}",
        "Brytår": f"B{f + 6}",
        "Nettonytta_per_satsad_krona": f"B{s + 1}",
    }
    for name in L.NAMES:
        col, row = cells[name][0], int(cells[name][1:])
        workbook.defined_names[name] = DefinedName(
            name, attr_text=f"{L.RESULT}!{absolute(col, row)}"
        )
    rate = absolute("B", L.START_ROWS["discount_rate"])
    workbook.defined_names["Diskonteringsränta"] = DefinedName(
        "Diskonteringsränta", attr_text=f"{L.START}!{rate}"
    )
