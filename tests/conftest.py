"""Builders shared by the tests: Inera's worked example of registered letters via SDK (0,5 h ×
200 letters × 368 kr/h = 36 800 kr a year) as a case, its result computed by hand and a slider
grid from those results, and helpers that read chart specs.

Plain functions, imported by name (``from conftest import sdk_case``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pandas as pd

from nyttonb.core.model import (
    Case,
    Category,
    CostType,
    Direction,
    Factor,
    Item,
    Note,
    SourceType,
    Stakeholder,
    StakeholderType,
    Version,
)
from nyttonb.core.results import Discounting, ItemResult, Result, Totals, YearRow
from nyttonb.present import formatting as fmt
from nyttonb.present.charts import slider_values

SDK_LETTERS = "frigjord_tid_rek.brev_per_ar"
"""The key of `sdk_case`'s letters-per-year factor (150, 200, 250 st/år)."""


def _factor(
    name: str,
    unit: str,
    likely: float,
    low: float,
    high: float,
    *,
    item: str = "",
    source: str = "Ineras användarforum 2023-05-29",
    source_type: SourceType = SourceType.PUBLISHED,
    label: str = "",
) -> Factor:
    return Factor(
        key=f"{item}.{name}" if item else name,
        name=name,
        label=label or name,
        unit=unit,
        likely=likely,
        low=low,
        high=high,
        source=source,
        source_type=source_type,
    )


def sdk_case(**changes: object) -> Case:
    """Inera's registered-letters example as a Case (the docs' case file, built by hand)."""
    letters = Item(
        id="frigjord_tid_rek",
        name="Frigjord tid när rekommenderade brev ersätts",
        direction=Direction.BENEFIT,
        category=Category.OMFORDELNING,
        stakeholders=(("kommunen", 1.0),),
        description="Handläggaren slipper skriva ut, kuvertera och posta.",
        formula="tid_per_brev * brev_per_ar * timkostnad",
        hours="tid_per_brev * brev_per_ar",
        factors=(
            _factor(
                "tid_per_brev", "h/st", 0.5, 0.4, 0.6, item="frigjord_tid_rek", label="Tid per brev"
            ),
            _factor(
                "brev_per_ar", "st/år", 200, 150, 250, item="frigjord_tid_rek", label="Brev per år"
            ),
        ),
    )
    safety = Item(
        id="trygghet",
        name="Tryggare invånare",
        direction=Direction.BENEFIT,
        category=Category.KVALITET,
        stakeholders=(("invanare", 1.0),),
        size=2,
        description="Beskedet kommer snabbare.",
    )
    fee = Item(
        id="anslutning",
        name="Anslutning till SDK",
        direction=Direction.COST,
        category=Category.FINANSIELL,
        stakeholders=(("kommunen", 1.0),),
        formula="anslutningsavgift",
        cost_type=CostType.ONE_OFF,
        per_year=(1.0, 0.0),
        factors=(
            _factor(
                "anslutningsavgift",
                "kr",
                20000,
                15000,
                30000,
                item="anslutning",
                source="Antagande",
                source_type=SourceType.ASSUMPTION,
                label="Anslutningsavgift",
            ),
        ),
    )
    case = Case(
        name="Rekommenderade brev via Säker digital kommunikation",
        organisation="Exempelkommun",
        area="Socialtjänst",
        description="Rekommenderade brev ersätts av meddelanden via SDK.",
        alternative_a="Rekommenderade brev skickas med post.",
        alternative_b="Meddelanden skickas via Säker digital kommunikation.",
        stakeholders=(
            Stakeholder("kommunen", "Exempelkommun", StakeholderType.ORGANISATION),
            Stakeholder("invanare", "Invånare", StakeholderType.CITIZENS),
        ),
        horizon=6,
        versions=(Version("1.0", date(2024, 3, 1), "Första versionen."),),
        factors=(
            _factor(
                "timkostnad", "kr/h", 368, 340, 400, label="Genomsnittlig timkostnad, handläggare"
            ),
        ),
        benefits=(letters, safety),
        costs=(fee,),
        risks=(Note("Låg anslutning", "Få mottagare är anslutna de första åren."),),
        hinder=(Note("Ovana", "Handläggare fortsätter av vana att skicka brev."),),
    )
    return replace(case, **changes)  # type: ignore[arg-type]


def sdk_result(case: Case | None = None, *, letters: float = 200.0) -> Result:
    """The likely result of `sdk_case`, computed here by hand (3 %, year 1 undiscounted)."""
    case = case or sdk_case()
    weights = [1.03**-t for t in range(case.horizon)]
    annual = 0.5 * letters * 368
    benefit = tuple(annual * w for w in weights)
    cost = (20000.0,) + (0.0,) * (case.horizon - 1)
    hours = 0.5 * letters
    rows, acc = [], 0.0
    for t in range(case.horizon):
        acc += benefit[t] - cost[t]
        rows.append(
            YearRow(
                t + 1,
                case.year_label(t + 1),
                None,
                benefit[t],
                cost[t],
                acc,
                annual,
                cost[t],
                hours,
            )
        )
    b, c = sum(benefit), sum(cost)
    be = next((r.year for r in rows if r.accumulated_net >= 0), None)
    return Result(
        scenario="likely",
        horizon=case.horizon,
        discounting=Discounting(0.03, False),
        benefits=b,
        costs=c,
        financial=Totals(0.0, c),
        break_even_year=be,
        break_even_label=case.year_label(be) if be else None,
        freed_hours=hours * case.horizon,
        by_year=tuple(rows),
        by_category={"finansiell": Totals(0.0, c), "omfördelning": Totals(b, 0.0)},
        by_stakeholder={"kommunen": Totals(b, c)},
        by_category_stakeholder={
            ("finansiell", "kommunen"): Totals(0.0, c),
            ("omfördelning", "kommunen"): Totals(b, 0.0),
        },
        items=(
            ItemResult(
                "frigjord_tid_rek",
                "Frigjord tid när rekommenderade brev ersätts",
                "nytta",
                "omfördelning",
                (("kommunen", 1.0),),
                annual,
                annual * case.horizon,
                b,
                benefit,
                hours * case.horizon,
            ),
            ItemResult(
                "anslutning",
                "Anslutning till SDK",
                "kostnad",
                "finansiell",
                (("kommunen", 1.0),),
                20000.0,
                20000.0,
                c,
                cost,
                0.0,
            ),
        ),
    )


def sdk_slider_grid(case: Case, steps: int = 11) -> pd.DataFrame:
    """What `slider_grid` gives for letters per year, from the hand-made results."""
    lattice = set(slider_values(150, 150, 250, steps))
    rows = [
        {
            "factor_value": v,
            "on_slider": v in lattice,
            "year": y.year,
            "year_label": y.label,
            "net": y.net,
            "accumulated_net": y.accumulated_net,
        }
        for v in slider_values(150, 200, 250, steps)
        for y in sdk_result(case, letters=v).by_year
    ]
    return pd.DataFrame(rows)


def walk(spec: Any) -> list[dict[str, Any]]:
    """Every dict in a spec, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        found.append(spec)
        for value in spec.values():
            found += walk(value)
    elif isinstance(spec, list):
        for value in spec:
            found += walk(value)
    return found


def axis_titles(spec: dict[str, Any]) -> set[str]:
    return {
        enc[ch]["title"]
        for enc in (d.get("encoding", {}) for d in walk(spec))
        for ch in ("x", "y")
        if isinstance(enc.get(ch), dict) and isinstance(enc[ch].get("title"), str)
    }


def assert_swedish_chart(spec: dict[str, Any], title: str, axes: set[str]) -> None:
    """The chart has its Swedish title, these axis titles, the sv-SE locale and a description."""
    assert spec["title"]["text"] == title
    assert axes <= axis_titles(spec)
    assert spec["usermeta"]["embedOptions"]["formatLocale"] == fmt.D3_FORMAT_LOCALE
    assert spec["config"]["locale"]["number"] == fmt.D3_FORMAT_LOCALE
    assert len(spec["description"]) > 40
