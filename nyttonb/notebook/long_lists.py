"""Reports of generated cases stay readable: the largest items one by one, the rest summed up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nyttonb.core.model import Item

MAX_ITEMS = 100
"""Items a report describes one by one; a generated case's further items are summed up."""


def largest_first(
    items: tuple[Item, ...], by_id: Mapping[str, Any]
) -> tuple[list[Item], list[Item]]:
    """All items in case order, or, beyond `MAX_ITEMS`, the largest by present value (in case
    order) and the rest."""
    if len(items) <= MAX_ITEMS:
        return list(items), []
    size = {i.id: abs(by_id[i.id].present) if i.id in by_id else 0.0 for i in items}
    ranked = sorted(items, key=lambda i: -size[i.id])
    chosen = {i.id for i in ranked[:MAX_ITEMS]}
    return [i for i in items if i.id in chosen], [i for i in items if i.id not in chosen]


def rest_summary(rest: list[Item], by_id: Mapping[str, Any]) -> str:
    """One paragraph that counts the items not described and sums their present value."""
    from nyttonb.present import formatting as fmt

    total = sum(by_id[i.id].present for i in rest if i.id in by_id)
    return (
        f"<p class='nyttonb-more'>… och {fmt.number(len(rest))} till, med "
        f"sammanlagt {fmt.kr(total)} i diskonterat värde. Alla finns i den körda "
        "notebooken och i <code>nyttonb calc --json</code>.</p>"
    )


__all__ = ["MAX_ITEMS", "largest_first", "rest_summary"]
