"""The ``follow_up`` object of ``nyttonb calc --json``, from a `nyttonb.core.followup.FollowUp`.

Keys are English and stable (add keys, never rename); money in kronor, nominal per year and
present values where the name says so; years as the case writes them (calendar years when it
has a start year); shares as fractions.
"""

from __future__ import annotations

from typing import Any

from nyttonb.core.followup import ON_TRACK_SHARE, FollowUp, ItemFollowUp
from nyttonb.core.model import Case


def follow_up_dict(case: Case, result: FollowUp) -> dict[str, Any]:
    """The ``follow_up`` object of ``nyttonb calc --json``. Money in kronor; years as in the
    case (calendar years when it has a start year); shares as fractions."""
    plan = []
    for f in result.items:
        p = f.item.realisation
        if p is None:
            continue
        plan.append(
            {
                "item": f.item.id,
                "indicator": {
                    "name": p.indicator.name,
                    "unit": p.indicator.unit,
                    "method": p.indicator.method,
                },
                "baseline": None
                if p.baseline is None
                else {
                    "value": p.baseline.value,
                    "date": p.baseline.date.isoformat(),
                    "source": p.baseline.source,
                },
                "target": {"value": p.target.value, "year": p.target.year},
                "responsible": {"realising": p.realising, "measuring": p.measuring},
                "measured_when": p.measured_when,
                "freed_resources": None
                if p.freed_use is None
                else {"use": p.freed_use.value, "description": p.freed_use_text},
            }
        )
    return {
        "plan": plan,
        "actual_by_year": [
            {
                "year": _calendar(case, y.year),
                "label": y.label,
                "planned": y.planned,
                "actual": y.actual,
                "planned_accumulated": y.planned_accumulated,
                "actual_accumulated": y.actual_accumulated,
                "measured": y.measured,
            }
            for y in result.years
        ],
        "realised_share": result.realised_share,
        "efterkalkyl": {
            "net_benefit": result.net_benefit,
            "financial_net_benefit": result.financial_net_benefit,
        },
        "estimate": {
            "net_benefit": result.planned_net_benefit,
            "financial_net_benefit": result.planned_financial_net_benefit,
        },
        "status": result.status,
        "status_label": result.status_label,
        "status_rule": f"on_track when realised_share ≥ {ON_TRACK_SHARE:g}",
        "items": [_item_dict(case, f) for f in result.items],
    }


def _calendar(case: Case, year: int) -> int:
    return case.start_year + year - 1 if case.start_year else year


def _item_dict(case: Case, f: ItemFollowUp) -> dict[str, Any]:
    planned_hours, actual_hours = f.hours_to_date
    check = f.indicator
    return {
        "item": f.item.id,
        "direction": f.item.direction.value,
        "category": f.item.category.value,
        "measured_years": [_calendar(case, t) for t in f.measured_years],
        "planned_to_date": f.planned_to_date,
        "actual_to_date": f.actual_to_date,
        "realised_share": f.realised_share,
        "remaining": f.remaining,
        "planned_hours_to_date": planned_hours,
        "actual_hours_to_date": actual_hours,
        "remaining_hours": f.remaining_hours,
        "valued_from_hours": f.valued_from_hours,
        "spread_over_period": f.spread,
        "indicator": None
        if check is None
        else {
            "value": check.value,
            "progress": check.progress,
            "comparable": check.comparable,
            "reason": check.reason,
            "year": _calendar(case, check.actual.last_year),
        },
        "claims": any(e.claim for e in f.entries),
    }
