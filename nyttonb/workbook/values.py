"""The two value sheets, Värde nyttor and Värde kostnader: shared factors and one block per item.

A block holds the item's name, perspective(s) with shares, category, factor rows (Troligt,
Lägst, Högst in the factor's own unit, and the same in base units as formulas), the annual
value as a formula over the base-unit cells in all three value columns, the yearly Årsfaktor
row, the value per year for each run, and the discounted value. Rows and columns are in
`nyttonb.workbook.layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import nyttonb.workbook.layout as L
from nyttonb.core.formula import parse
from nyttonb.core.model import Case, Category, Direction, Factor, Item, SourceType
from nyttonb.workbook.cell_formula import to_excel
from nyttonb.workbook.sheets import Writer, absolute, column
from nyttonb.workbook.text_sheets import stakeholder_range


@dataclass(slots=True)
class Block:
    """Where an item's block landed: what the Resultat sheet refers to."""

    item: Item
    sheet: str
    present_row: int
    category_cell: str
    name_row: int
    stakeholders: list[tuple[str, str]] = field(default_factory=list)
    """(perspective name cell, share cell) per stakeholder, as absolute references."""


@dataclass(slots=True)
class Scope:
    """Factor name → row of its base-unit cells, and the sheet the rows are on."""

    rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    factors: dict[str, Factor] = field(default_factory=dict)
    shared: Scope | None = None
    """The scope a shared derived factor's formula is read in (None: this one)."""

    def ref(
        self, here: str, scenario: str, chosen: Mapping[str, str] | None = None
    ) -> Callable[[str], str | None]:
        """Cell references for `scenario`; `chosen` (factor key → "low", "likely" or "high")
        takes other columns for some factors, and then derived factors are written out, so
        that their inputs take the chosen columns too (Inera's paired runs as nyttonb finds
        them: each item at its lowest or highest value, `nyttonb.core.paired`)."""

        def cell(name: str) -> str | None:
            if name not in self.rows:
                return None
            factor = self.factors.get(name)
            if chosen and factor is not None and factor.formula is not None:
                outer = self.shared if factor.key == factor.name and self.shared else self
                return (
                    f"({to_excel(parse(factor.formula).root, outer.ref(here, scenario, chosen))})"
                )
            column = (chosen or {}).get(factor.key, scenario) if factor else scenario
            sheet, row = self.rows[name]
            return absolute(L.BASE[column], row, None if sheet == here else sheet)

        return cell


def write_value_sheets(workbook: Any, case: Case) -> list[Block]:
    """Fill Värde nyttor (with the shared factors) and Värde kostnader; return the blocks."""
    from nyttonb.core.compiled import compile_case
    from nyttonb.core.paired import paired_values

    compiled = compile_case(case)
    scales = compiled.scales
    chosen: dict[tuple[str, str], dict[str, str]] = {}
    for scenario in ("low", "high"):
        for choice in paired_values(compiled, scenario).choices:
            chosen.setdefault((scenario, choice.item), {})[choice.factor] = choice.position
    blocks: list[Block] = []
    shared = Scope()
    for sheet_name, items in ((L.BENEFITS, case.benefits), (L.COSTS, case.costs)):
        out = Writer(workbook[sheet_name])
        _top(out, case, sheet_name)
        row = 5
        if sheet_name == L.BENEFITS:
            out.title(f"A{row}", L.SHARED_HEADER)
            out.header(row + 1, L.FACTOR_HEADERS)
            row += 2
            for factor in case.factors:
                shared.rows[factor.name] = (sheet_name, row)
                shared.factors[factor.name] = factor
                row += 1
            for factor in case.factors:
                _factor_row(out, factor, shared.rows[factor.name][1], shared, sheet_name, scales)
            row += 1
        for place, item in enumerate(items, start=1):
            if item.valued or item.hours is not None:
                block, row = _block(out, case, item, row, shared, sheet_name, scales, chosen)
                out.put(f"{L.ORDER}{block.name_row}", place)
                blocks.append(block)
                row += 1
        out.widths(
            {
                "A": 34,
                "B": 16,
                "C": 14,
                "D": 14,
                "E": 10,
                "F": 50,
                "G": 14,
                "H": 22,
                "I": 12,
                "J": 14,
                "K": 14,
                "L": 14,
            }
        )
        out.sheet.freeze_panes = "B4"
    return blocks


def _top(out: Writer, case: Case, sheet_name: str) -> None:
    out.title("A1", f"{sheet_name} – {case.name}")
    out.put(f"A{L.YEAR_ROW}", "År", bold=True)
    out.put(f"A{L.WEIGHT_ROW}", "Diskonteringsfaktor", bold=True)
    for t in range(1, case.horizon + 1):
        col = column(L.FIRST_YEAR_COLUMN + t - 1)
        out.put(
            f"{col}{L.YEAR_ROW}",
            f"={L.RESULT}!{absolute(L.YEARS['label'], 4 + t)}",
            bold=True,
            grey=True,
        )
        out.put(
            f"{col}{L.WEIGHT_ROW}",
            f"={L.RESULT}!{absolute(L.YEARS['weight'], 4 + t)}",
            fmt=L.WEIGHT,
            grey=True,
        )


def _factor_row(
    out: Writer, factor: Factor, row: int, scope: Scope, here: str, scales: Mapping[str, float]
) -> None:
    """One factor row; Omräkning is the unit's scale times the price-level conversion."""
    scale = scales[factor.key]
    if factor.year is not None:
        out.put(f"{L.PRICE_YEAR}{row}", factor.year)
    if factor.index is not None:
        out.put(f"{L.PRICE_INDEX}{row}", factor.index)
    out.put(f"{L.LABEL}{row}", factor.label, wrap=True)
    out.put(f"{L.UNIT}{row}", factor.unit)
    out.put(f"{L.SOURCE}{row}", factor.source, wrap=True)
    out.put(f"{L.SOURCE_TYPE}{row}", factor.source_type.value)
    out.choices(f"{L.SOURCE_TYPE}{row}", ",".join(kind.value for kind in SourceType))
    out.put(f"{L.NAME}{row}", factor.name)
    out.put(f"{L.SCALE}{row}", scale, fmt=L.NUMBER, grey=True)
    for scenario in L.SCENARIOS:
        own, base = L.OWN[scenario], L.BASE[scenario]
        if factor.formula is None:
            out.put(f"{own}{row}", factor.value(scenario), fmt=L.NUMBER)
            out.put(f"{base}{row}", f"={own}{row}*{L.SCALE}{row}", fmt=L.NUMBER, grey=True)
        else:
            text = to_excel(parse(factor.formula).root, scope.ref(here, scenario))
            out.put(f"{base}{row}", f"={text}", fmt=L.NUMBER, grey=True)
            out.put(f"{own}{row}", f"={base}{row}/{L.SCALE}{row}", fmt=L.NUMBER, grey=True)


def _block(
    out: Writer,
    case: Case,
    item: Item,
    row: int,
    shared: Scope,
    here: str,
    scales: Mapping[str, float],
    chosen: Mapping[tuple[str, str], Mapping[str, str]],
) -> tuple[Block, int]:
    """Write one item's block from `row`; return it and the first row after it."""
    scope = Scope(dict(shared.rows), dict(shared.factors), shared)
    out.put(f"A{row}", L.BLOCK_NAME, bold=True)
    out.put(f"B{row}", item.name, bold=True)
    out.put(f"{L.NAME}{row}", item.id)
    row += 1
    names = {s.id: s.name for s in case.stakeholders}
    block = Block(item, here, 0, "", row - 1)
    for stakeholder, share in item.stakeholders:
        out.put(f"A{row}", L.BLOCK_STAKEHOLDER)
        out.put(f"B{row}", names.get(stakeholder, stakeholder))
        out.choices(f"B{row}", stakeholder_range(case))
        out.put(f"C{row}", share, fmt=L.SHARE)
        out.put(f"{L.NAME}{row}", stakeholder)
        block.stakeholders.append((absolute("B", row, here), absolute("C", row, here)))
        row += 1
    out.put(f"A{row}", L.BLOCK_CATEGORY)
    out.put(f"B{row}", L.CATEGORY_LABELS[item.category])
    out.choices(f"B{row}", ",".join(L.CATEGORY_LABELS[c] for c in Category if c.monetary))
    block.category_cell = absolute("B", row, here)
    row += 1
    if item.cost_type is not None:
        out.put(f"A{row}", L.BLOCK_COST_TYPE)
        out.put(f"B{row}", L.COST_TYPE_LABELS[item.cost_type])
        out.choices(f"B{row}", ",".join(L.COST_TYPE_LABELS.values()))
        row += 1
    if item.size is not None:
        out.put(f"A{row}", L.BLOCK_SIZE)
        out.put(f"B{row}", L.SIZE_LABELS[item.size])
        row += 1
    out.put(f"A{row}", L.BLOCK_DESCRIPTION)
    out.put(f"B{row}", item.description, wrap=True)
    row += 1
    out.header(row, L.FACTOR_HEADERS)
    row += 1
    for factor in item.factors:
        scope.rows[factor.name] = (here, row + item.factors.index(factor))
        scope.factors[factor.name] = factor
    for factor in item.factors:
        _factor_row(out, factor, scope.rows[factor.name][1], scope, here, scales)
    row += len(item.factors)
    annual_row = row
    runs = {s: chosen.get((s, item.id), {}) for s in ("low", "high")}
    row = _formula_row(out, L.ANNUAL, item.formula, row, scope, here, _money_unit(item), runs)
    hours_row = row if item.hours is not None else None
    if item.hours is not None:
        row = _formula_row(
            out, L.HOURS, item.hours, row, scope, here, _money_unit(item).replace("kr", "h"), runs
        )
    return _yearly(out, case, item, block, row, annual_row, hours_row)


def _money_unit(item: Item) -> str:
    one_off = (
        item.direction is Direction.COST
        and item.cost_type is not None
        and item.cost_type.value == "engång"
    )
    return "kr" if one_off else "kr/år"


def _formula_row(
    out: Writer,
    label: str,
    formula: str | None,
    row: int,
    scope: Scope,
    here: str,
    unit: str,
    runs: Mapping[str, Mapping[str, str]],
) -> int:
    out.put(f"A{row}", label, bold=True)
    out.put(f"{L.UNIT}{row}", unit)
    if formula is not None:
        tree = parse(formula).root
        out.put(f"{L.SOURCE}{row}", f"Formel: {formula}", wrap=True)
        for scenario in L.SCENARIOS:
            text = to_excel(tree, scope.ref(here, scenario, runs.get(scenario)))
            out.put(
                f"{L.OWN[scenario]}{row}",
                f"={text}",
                fmt=L.KR if label == L.ANNUAL else L.HOURS_FORMAT,
                bold=True,
                grey=True,
            )
    return row + 1


def _yearly(
    out: Writer,
    case: Case,
    item: Item,
    block: Block,
    row: int,
    annual_row: int,
    hours_row: int | None,
) -> tuple[Block, int]:
    first, last = column(L.FIRST_YEAR_COLUMN), column(L.FIRST_YEAR_COLUMN + case.horizon - 1)
    profile_row = row
    out.put(f"A{row}", L.PROFILE, bold=True)
    for t, value in enumerate(item.profile(case.horizon)):
        out.put(f"{column(L.FIRST_YEAR_COLUMN + t)}{row}", value, fmt=L.NUMBER)
    row += 1
    sources = [(L.YEARLY[s], annual_row, L.OWN[s], L.KR) for s in L.SCENARIOS]
    if hours_row is not None:
        sources.append((L.YEARLY_HOURS, hours_row, L.LIKELY, L.HOURS_FORMAT))
    for label, source_row, source_col, fmt in sources:
        out.put(f"A{row}", label)
        for t in range(case.horizon):
            col = column(L.FIRST_YEAR_COLUMN + t)
            out.put(
                f"{col}{row}",
                f"=${source_col}${source_row}*{col}${profile_row}",
                fmt=fmt,
                grey=True,
            )
        row += 1
    out.put(f"A{row}", L.PRESENT, bold=True)
    weights = (
        f"SUMPRODUCT(${first}${profile_row}:${last}${profile_row},"
        f"${first}${L.WEIGHT_ROW}:${last}${L.WEIGHT_ROW})"
    )
    for scenario in L.SCENARIOS:
        col = L.OWN[scenario]
        out.put(f"{col}{row}", f"={col}{annual_row}*{weights}", fmt=L.KR, bold=True, grey=True)
    block.present_row = row
    return block, row + 1
