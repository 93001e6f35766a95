"""What changed between two versions of a case, and how each change moved the net benefit.

`diff_cases` lists the changes (factors, items, frame, texts) and walks from the old case to
the new one applying the changes that can move the net benefit **one at a time, in a fixed
order**: new shared factors; changed shared factors; per changed item its changed factor rows,
then the rest of the item; new items; removed items; removed shared factors; the frame
(horizon, discount rate, first-year convention, start year). Each step's effect is the net
benefit after it minus the net benefit before it, so the steps add up to the difference
between the new and the old net benefit (the last state *is* the new case). Another order
gives other step sizes (interactions between changes land on the later one); this one is fixed
so that the same two versions always give the same waterfall.

A change that cannot be calculated alone (say, a formula that uses a factor row added in the
same edit) is merged with the next one into one step. Text changes (names, descriptions,
sources, notes) do not move the net benefit and are listed apart.

Pure data: imports the core and the standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from nyttonb.core.model import Case, Direction, Factor, Item
from nyttonb.errors import NyttonbError

FACTOR_ADDED = "factor_added"
FACTOR_CHANGED = "factor_changed"
FACTOR_REMOVED = "factor_removed"
ITEM_ADDED = "item_added"
ITEM_CHANGED = "item_changed"
ITEM_REMOVED = "item_removed"
FRAME = "frame"
TEXT = "text"

_FACTOR_VALUES = ("likely", "low", "high", "formula", "unit", "library")
_FACTOR_TEXTS = ("label", "source", "source_type")
_ITEM_VALUES = ("formula", "per_year", "category", "stakeholders", "size", "cost_type", "hours")
_ITEM_TEXTS = ("name", "description")
_FRAME = ("horizon", "discount_rate", "discount_first_year", "start_year")
_CASE_TEXTS = (
    "name", "organisation", "area", "description", "alternative_a", "alternative_b",
    "stakeholders", "versions", "price_level_year", "geography", "valuation_status", "contact",
    "risks", "hinder", "opportunities", "effect_chain", "texts", "published", "correlations",
    "tags", "urgency", "feasibility",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """One change. `subject` names what changed (a factor's label and key, an item's name, a
    frame or text field); `fields` holds (field, old, new) for the values that changed."""

    kind: str
    subject: str
    fields: tuple[tuple[str, Any, Any], ...] = ()
    unit: str = ""
    direction: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """One bar of the waterfall: the change(s) applied and the net benefit they moved."""

    changes: tuple[Change, ...]
    effect: float


@dataclass(frozen=True, slots=True)
class CaseDiff:
    """Old and new net benefit, the waterfall steps between them, and the text changes."""

    old_net_benefit: float
    new_net_benefit: float
    steps: tuple[Step, ...]
    texts: tuple[Change, ...]

    @property
    def difference(self) -> float:
        return self.new_net_benefit - self.old_net_benefit


def _net(case: Case) -> float:
    from nyttonb.core.calc import calculate

    return calculate(case).net_benefit


def _changed(old: Any, new: Any, names: tuple[str, ...]) -> tuple[tuple[str, Any, Any], ...]:
    return tuple(
        (name, getattr(old, name), getattr(new, name))
        for name in names
        if getattr(old, name) != getattr(new, name)
    )


def _subject(factor: Factor) -> str:
    return f"{factor.label} ({factor.key})"


_Edit = Callable[[Case], Case]


_Steps = list[tuple[Change, _Edit]]


def _factor_edits(old: Case, new: Case) -> tuple[_Steps, list[Change], _Steps]:
    """Steps for new and changed shared factors, their text changes, steps for removed ones."""
    before = {f.key: f for f in old.factors}
    after = {f.key: f for f in new.factors}
    steps: _Steps = []
    texts: list[Change] = []

    def put(factor: Factor) -> _Edit:
        def edit(case: Case) -> Case:
            kept = [f for f in case.factors if f.key != factor.key]
            return replace(case, factors=(*kept, factor))

        return edit

    def drop(key: str) -> _Edit:
        return lambda case: replace(case, factors=tuple(f for f in case.factors if f.key != key))

    for key, factor in after.items():
        if key not in before:
            steps.append((Change(FACTOR_ADDED, _subject(factor), unit=factor.unit), put(factor)))
    for key, factor in after.items():
        if key in before:
            values = _changed(before[key], factor, _FACTOR_VALUES)
            if values:
                change = Change(FACTOR_CHANGED, _subject(factor), values, factor.unit)
                steps.append((change, put(factor)))
            words = _changed(before[key], factor, _FACTOR_TEXTS)
            if words:
                texts.append(Change(TEXT, _subject(factor), words))
    removed = [(Change(FACTOR_REMOVED, _subject(f)), drop(k)) for k, f in before.items()
               if k not in after]  # fmt: skip
    return steps, texts, removed


def _items(case: Case) -> dict[str, Item]:
    return {item.id: item for item in case.items}


def _put_item(item: Item) -> _Edit:
    def edit(case: Case) -> Case:
        benefits = item.direction is Direction.BENEFIT
        rest_b = tuple(i for i in case.benefits if i.id != item.id)
        rest_c = tuple(i for i in case.costs if i.id != item.id)
        if benefits:
            slot = [i.id for i in case.benefits]
            kept = tuple(item if i.id == item.id else i for i in case.benefits)
            return replace(case, benefits=kept if item.id in slot else (*rest_b, item),
                           costs=rest_c)  # fmt: skip
        slot = [i.id for i in case.costs]
        kept = tuple(item if i.id == item.id else i for i in case.costs)
        return replace(case, costs=kept if item.id in slot else (*rest_c, item), benefits=rest_b)

    return edit


def _drop_item(item_id: str) -> _Edit:
    return lambda case: replace(
        case,
        benefits=tuple(i for i in case.benefits if i.id != item_id),
        costs=tuple(i for i in case.costs if i.id != item_id),
    )


def _item_edits(old: Case, new: Case) -> tuple[_Steps, list[Change]]:
    before, after = _items(old), _items(new)
    steps: _Steps = []
    texts: list[Change] = []
    for item_id, item in after.items():
        if item_id not in before:
            continue
        was = before[item_id]
        own_before = {f.key: f for f in was.factors}
        current = was
        for factor in item.factors:
            previous = own_before.get(factor.key)
            if previous is None:
                continue
            values = _changed(previous, factor, _FACTOR_VALUES)
            if values:
                current = replace(current, factors=tuple(
                    factor if f.key == factor.key else f for f in current.factors))  # fmt: skip
                change = Change(FACTOR_CHANGED, _subject(factor), values, factor.unit)
                steps.append((change, _put_item(current)))
            words = _changed(previous, factor, _FACTOR_TEXTS)
            if words:
                texts.append(Change(TEXT, _subject(factor), words))
        rest = _changed(current, item, _ITEM_VALUES)
        if [f.key for f in current.factors] != [f.key for f in item.factors] or any(
            a != b for a, b in zip(current.factors, item.factors, strict=False)
        ):
            rest += (("factors", len(current.factors), len(item.factors)),)
        if was.direction is not item.direction:
            rest += (("direction", was.direction.value, item.direction.value),)
        if rest:
            change = Change(ITEM_CHANGED, item.name, rest, direction=item.direction.value)
            steps.append((change, _put_item(item)))
        words = _changed(was, item, _ITEM_TEXTS)
        if words:
            texts.append(Change(TEXT, item.name, words, direction=item.direction.value))
    for item_id, item in after.items():
        if item_id not in before:
            steps.append((Change(ITEM_ADDED, item.name, direction=item.direction.value),
                          _put_item(item)))  # fmt: skip
    for item_id, item in before.items():
        if item_id not in after:
            steps.append((Change(ITEM_REMOVED, item.name, direction=item.direction.value),
                          _drop_item(item_id)))  # fmt: skip
    return steps, texts


def _frame_edits(old: Case, new: Case) -> _Steps:
    def set_field(name: str) -> _Edit:
        value = getattr(new, name)
        return lambda case: replace(case, **{name: value})

    return [
        (Change(FRAME, name, ((name, getattr(old, name), getattr(new, name)),)), set_field(name))
        for name in _FRAME
        if getattr(old, name) != getattr(new, name)
    ]


def changes(old: Case, new: Case) -> tuple[_Steps, list[Change]]:
    """Every change in the fixed order, each with the edit that applies it, and text changes."""
    factor_steps, factor_texts, removed_factors = _factor_edits(old, new)
    item_steps, item_texts = _item_edits(old, new)
    case_texts = [Change(TEXT, name) for name in _CASE_TEXTS
                  if getattr(old, name) != getattr(new, name)]  # fmt: skip
    ordered = [*factor_steps, *item_steps, *removed_factors, *_frame_edits(old, new)]
    return ordered, [*case_texts, *factor_texts, *item_texts]


def diff_cases(old: Case, new: Case) -> CaseDiff:
    """The waterfall from `old`'s net benefit to `new`'s (see the module docstring)."""
    start = _net(old)
    end = _net(new)
    ordered, texts = changes(old, new)
    steps: list[Step] = []
    state, level, pending = old, start, []
    for index, (change, edit) in enumerate(ordered):
        state = edit(state)
        pending.append(change)
        last = index == len(ordered) - 1
        try:
            value = end if last else _net(state)
        except NyttonbError:
            continue  # not calculable alone: merged with the next change
        steps.append(Step(tuple(pending), value - level))
        level, pending = value, []
    if pending:  # pragma: no cover - the last change always closes the walk
        steps.append(Step(tuple(pending), end - level))
    return CaseDiff(start, end, tuple(steps), tuple(texts))


def steps_add_up(diff: CaseDiff) -> bool:
    """Whether the steps add up to the difference (to rounding).

    The walk's telescoping sum makes this hold by construction; this is the check tests use.
    """
    total = math.fsum(step.effect for step in diff.steps)
    return math.isclose(total, diff.difference, rel_tol=1e-9, abs_tol=1e-6)


__all__ = [
    "FACTOR_ADDED",
    "FACTOR_CHANGED",
    "FACTOR_REMOVED",
    "FRAME",
    "ITEM_ADDED",
    "ITEM_CHANGED",
    "ITEM_REMOVED",
    "TEXT",
    "CaseDiff",
    "Change",
    "Step",
    "changes",
    "diff_cases",
    "steps_add_up",
]
