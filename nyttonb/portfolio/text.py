"""The portfolio as a Swedish table for the terminal (`nyttonb portfolio`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nyttonb.portfolio.diff import CaseDiff, Change, Step
from nyttonb.portfolio.rows import PortfolioRow

_HEADERS = (
    "Organisation",
    "Variant",
    "Nettonytta",
    "Finansiell",
    "Per satsad kr",
    "Nyttor > kostn.",
    "Årsarb./år",
    "P10 – P90",
    "P(>0)",
    "Ang.",
    "Genomf.",
)
_RIGHT = {2, 3, 4, 6, 7, 8, 9, 10}


def _cells(row: PortfolioRow) -> list[str]:
    from nyttonb.present import formatting as fmt

    spread = (
        f"{fmt.mnkr(row.p10)} – {fmt.mnkr(row.p90)}"
        if row.p10 is not None and row.p90 is not None
        else "–"
    )
    return [
        _cut(row.organisation, 30),
        _cut(row.variant, 20),
        fmt.kr(row.net_benefit),
        fmt.kr(row.financial_net_benefit),
        fmt.number(row.net_benefit_per_krona, 2) if row.net_benefit_per_krona is not None else "–",
        row.break_even_label or "aldrig",
        fmt.number(row.freed_fte, 1),
        spread,
        fmt.percent(row.prob_positive) if row.prob_positive is not None else "–",
        str(row.urgency) if row.urgency is not None else "–",
        str(row.feasibility) if row.feasibility is not None else "–",
    ]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def portfolio_text(rows: Sequence[PortfolioRow], totals: Mapping[str, Any], sort_label: str) -> str:
    """The table, one line per analysis, then the totals and the budget effect per year."""
    from nyttonb.present import formatting as fmt

    table = [list(_HEADERS), *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADERS))]
    lines = [
        f"Portfölj: {fmt.number(len(rows))} nyttoanalyser, sorterade efter {sort_label}.",
        "Nettonytta och finansiell nettonytta är diskonterade värden; P10–P90 i miljoner kronor "
        "(Monte Carlo); Årsarb./år är frigjorda årsarbetskrafter per år i genomsnitt över "
        "tidshorisonten.",
        "",
    ]
    for line in table:
        lines.append(
            "  ".join(
                cell.rjust(widths[i]) if i in _RIGHT else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ).rstrip()
        )
    lines += [
        "",
        f"Summa nettonytta: {fmt.kr(totals['net_benefit'])}",
        f"Summa finansiell nettonytta (det som syns i budgeten): "
        f"{fmt.kr(totals['financial_net_benefit'])}",
        f"Frigjord tid: {fmt.fte(totals['freed_fte'])} per år i genomsnitt över "
        "tidshorisonten – frigjorda resurser som kan användas till annat, inte budgetutrymme.",
    ]
    return "\n".join(lines + _budget_lines(rows, totals))


def _budget_lines(rows: Sequence[PortfolioRow], totals: Mapping[str, Any]) -> list[str]:
    """The budget effect per calendar year of the analyses with a start year, then each
    analysis without one on its own ("år 1" …), never added to a calendar year."""
    from nyttonb.present import formatting as fmt

    lines: list[str] = []
    undated = [row for row in rows if not row.has_start_year]
    dated = len(rows) - len(undated)
    if totals["budget_by_year"]:
        whose = (
            ""
            if not undated
            else " för analysen med startår"
            if dated == 1
            else f" för de {fmt.number(dated)} analyserna med startår"
        )
        lines += [
            "",
            f"Budgeteffekt per år{whose} (finansiella nyttor minus kostnader, ej diskonterat):",
        ]
        lines += [
            f"  {year['label']:<6} {fmt.kr(year['net']):>18}" for year in totals["budget_by_year"]
        ]
    if undated:
        lines += [
            "",
            "Analyser utan startår (räknas inte in i kalenderåren; år 1 är analysens första år):",
        ]
        for row in undated:
            lines.append(f"  {row.organisation} – {row.variant}")
            lines += [f"    {y.label:<6} {fmt.kr(y.net):>18}" for y in row.budget_by_year]
    return lines


# The diff waterfall ------------------------------------------------------------------------------

_FIELD_NAMES = {
    "likely": "troligt",
    "low": "lägst",
    "high": "högst",
    "formula": "formel",
    "unit": "enhet",
    "library": "standardvärde",
    "per_year": "årsfaktorer",
    "category": "kategori",
    "stakeholders": "perspektiv",
    "size": "uppskattad storlek",
    "cost_type": "kostnadstyp",
    "hours": "timmar",
    "factors": "faktorrader",
    "direction": "nytta eller kostnad",
    "label": "benämning",
    "source": "källa",
    "source_type": "typ av källa",
    "name": "namn",
    "description": "beskrivning",
}
_FRAME_NAMES = {
    "horizon": "Tidshorisont",
    "discount_rate": "Diskonteringsränta",
    "discount_first_year": "År 1 diskonteras",
    "start_year": "Startår",
}
_CASE_TEXT_NAMES = {
    "name": "Analysens namn",
    "organisation": "Organisation",
    "area": "Verksamhetsområde",
    "description": "Beskrivning av förändringen",
    "alternative_a": "Alternativ A",
    "alternative_b": "Alternativ B",
    "stakeholders": "Perspektiv",
    "versions": "Versionshistorik",
    "price_level_year": "Prisnivå (år)",
    "geography": "Geografi",
    "valuation_status": "Värderingsstatus",
    "contact": "Kontakt",
    "risks": "Risker",
    "hinder": "Hinder",
    "opportunities": "Möjligheter",
    "effect_chain": "Effektkedja",
    "texts": "Rapporttexter",
    "published": "Publicerade siffror",
    "correlations": "Korrelationer (påverkar bara Monte Carlo)",
    "tags": "Taggar",
    "urgency": "Angelägenhet",
    "feasibility": "Genomförbarhet",
}


def _value(field: str, value: Any, unit: str) -> str:
    from nyttonb.present import formatting as fmt

    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if field == "discount_rate":
        return fmt.percent(value)
    if field == "horizon":
        return f"{value} år"
    if field in ("likely", "low", "high") and isinstance(value, int | float):
        shown = fmt.unit_label(unit)
        return f"{fmt.factor_value(value, unit)}{fmt.NBSP}{shown}" if shown else fmt.quantity(value)
    if isinstance(value, tuple):
        return "(" + "; ".join(_value(field, v, "") for v in value) + ")"
    if isinstance(value, float):
        return fmt.quantity(value)
    return str(getattr(value, "value", value))


def _item_word(direction: str, capital: bool = True) -> str:
    word = "kostnad" if direction == "kostnad" else "nytta"
    return word.capitalize() if capital else word


_WITHOUT_VALUES = {"formula", "factors", "description", "source", "stakeholders", "hours"}


def describe_change(change: Change) -> str:
    """One change in Swedish, e.g. "Faktor Timkostnad (timkostnad): troligt 380 → 400 kr/h"."""
    from nyttonb.portfolio import diff as d

    def fields(unit: str = "") -> str:
        return ", ".join(
            f"{_FIELD_NAMES.get(name, name)} ändrad"
            if name in _WITHOUT_VALUES
            else f"{_FIELD_NAMES.get(name, name)} {_value(name, old, unit)} → "
            f"{_value(name, new, unit)}"
            for name, old, new in change.fields
        )

    kind = change.kind
    if kind == d.FACTOR_CHANGED:
        return f"Faktor {change.subject}: {fields(change.unit)}"
    if kind == d.FACTOR_ADDED:
        return f"Ny faktor {change.subject}"
    if kind == d.FACTOR_REMOVED:
        return f"Borttagen faktor {change.subject}"
    if kind == d.ITEM_CHANGED:
        return f"{_item_word(change.direction)} ”{change.subject}”: {fields()}"
    if kind == d.ITEM_ADDED:
        return f"Ny {_item_word(change.direction, False)} ”{change.subject}”"
    if kind == d.ITEM_REMOVED:
        return f"Borttagen {_item_word(change.direction, False)} ”{change.subject}”"
    if kind == d.FRAME:
        ((name, old, new),) = change.fields
        return f"{_FRAME_NAMES[name]}: {_value(name, old, '')} → {_value(name, new, '')}"
    if change.fields:
        what = ", ".join(_FIELD_NAMES.get(name, name) for name, _, _ in change.fields)
        owner = (
            f"{_item_word(change.direction)} ”{change.subject}”"
            if change.direction
            else (f"Faktor {change.subject}")
        )
        return f"{owner}: {what} ändrad"
    return _CASE_TEXT_NAMES.get(change.subject, change.subject)


def step_label(step: Step) -> str:
    return " + ".join(describe_change(change) for change in step.changes)


def diff_dict(diff: CaseDiff) -> dict[str, Any]:
    """What `nyttonb diff --json` prints."""
    return {
        "old_net_benefit": diff.old_net_benefit,
        "new_net_benefit": diff.new_net_benefit,
        "steps": [
            {"change": step_label(step), "effect": step.effect,
             "kinds": [change.kind for change in step.changes]}
            for step in diff.steps
        ],
        "difference": diff.difference,
        "text_changes": [describe_change(change) for change in diff.texts],
    }  # fmt: skip


def diff_text(diff: CaseDiff, old_name: str, new_name: str) -> str:
    """The waterfall in the terminal: old net benefit, one line and bar per step, new."""
    from nyttonb.present import formatting as fmt

    lines = [f"Från {old_name} till {new_name}", ""]
    largest = max([abs(step.effect) for step in diff.steps] + [1.0])
    width = 24
    lines.append(f"{'Gammal nettonytta':<20} {fmt.kr(diff.old_net_benefit):>18}")
    for step in diff.steps:
        bar = "█" * max(1 if step.effect else 0, round(abs(step.effect) / largest * width))
        sign = "+" if step.effect >= 0 else fmt.MINUS
        amount = f"{sign}{fmt.kr(abs(step.effect))}"
        lines.append(f"  {amount:>18}  {bar:<{width}}  {step_label(step)}")
    lines.append(f"{'Ny nettonytta':<20} {fmt.kr(diff.new_net_benefit):>18}")
    sign = "+" if diff.difference >= 0 else fmt.MINUS
    lines.append(f"{'Skillnad':<20} {sign + fmt.kr(abs(diff.difference)):>18}")
    if not diff.steps:
        lines += ["", "Inga ändringar som påverkar nettonyttan."]
    if diff.texts:
        lines += ["", "Ändrade texter (påverkar inte nettonyttan):"]
        lines += [f"  – {describe_change(change)}" for change in diff.texts]
    lines += [
        "",
        "Ändringarna tillämpas en i taget i en fast ordning (faktorer, nyttor och kostnader, "
        "ram); varje stapel är nettonyttans förändring i det steget, och stegen summerar till "
        "skillnaden.",
    ]
    return "\n".join(lines)


__all__ = ["describe_change", "diff_dict", "diff_text", "portfolio_text", "step_label"]
