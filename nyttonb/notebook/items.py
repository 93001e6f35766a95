"""4.1 and 4.2: each benefit or cost with its tags, value, formula in words and factor rows,
largest first (`nyttonb.notebook.long_lists`), as escaped HTML for `nyttonb.notebook.report`."""

from __future__ import annotations

import html

from nyttonb.core.model import Case, CostType, Item
from nyttonb.core.results import Result
from nyttonb.notebook.long_lists import largest_first, rest_summary
from nyttonb.notebook.sections import paragraphs

_COST_TYPE_LABELS = {
    CostType.ONE_OFF: "engångskostnad",
    CostType.RECURRING: "löpande kostnad",
    CostType.CONSEQUENCE: "konsekvenskostnad",
}


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def items_html(case: Case, result: Result, items: tuple[Item, ...]) -> str:
    """The items, largest first, each with tags, value, formula and factor rows; the rest of a
    long list summed up in one line."""
    from nyttonb.present import formatting as fmt
    from nyttonb.present.tables import factor_table

    by_id = {i.id: i for i in result.items}
    parts = []
    shown, rest = largest_first(items, by_id)
    for item in shown:
        who = ", ".join(
            case.stakeholder_name(s) + (f" ({fmt.percent(share)})" if share < 1 else "")
            for s, share in item.stakeholders
        )
        tags = [item.category.value, who]
        if item.cost_type:
            tags.append(_COST_TYPE_LABELS[item.cost_type])
        head = (
            f"<h3>{escape(item.name)}</h3><p class='nyttonb-tags'>"
            + " · ".join(f"<span>{escape(t)}</span>" for t in tags)
            + "</p>"
            + paragraphs(item.description)
        )
        if item.valued and item.id in by_id:
            value = by_id[item.id]
            amount = "Belopp" if item.cost_type is CostType.ONE_OFF else "Årligt värde"
            head += (
                f"<p class='nyttonb-value'>{amount} {fmt.kr(value.annual_value)}; "
                f"diskonterat värde över {case.horizon} år {fmt.kr(value.present)}.</p>"
                f"<p class='nyttonb-formula'>Beräkning: "
                f"{escape(_formula_in_words(case, item))}</p>"
            )
            head += factor_table(case, item).to_html()
        elif item.size is not None:
            head += (
                f"<p class='nyttonb-value'>Värderas inte i pengar. Uppskattad storlek: "
                f"{escape(fmt.size_label(item.size))}.</p>"
            )
        parts.append(f"<article class='nyttonb-item'>{head}</article>")
    if rest:
        parts.append(rest_summary(rest, by_id))
    return "\n".join(parts) or "<p>Inga.</p>"


def _formula_in_words(case: Case, item: Item) -> str:
    """The item's formula with its factors' labels: the item's own rows, then shared ones."""
    from nyttonb.present.formatting import formula_in_words

    labels = {f.key: f.label for f in case.factors} | {f.name: f.label for f in case.factors}
    return formula_in_words(item.formula or "", labels | {f.name: f.label for f in item.factors})
