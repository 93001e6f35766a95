"""Builders shared by the tests (import them: ``from builders import sdk_case``).

- Inera's worked example of registered letters via SDK (0,5 h × 200 letters × 368 kr/h =
  36 800 kr a year) as a case, its result computed by hand, a slider grid from those results,
  and helpers that read chart specs;
- small cases built by hand (`factor`, `benefit`, `cost`, `make_case` and the cases on them);
- a case file written to disk (`example_file`);
- headless Chromium with every request outside a site blocked (`open_offline`).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

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

ROOT = Path(__file__).resolve().parent.parent
"""The repository: case_studies/, notebooks/, nyttonb/."""
CASES = ROOT / "tests" / "cases"
"""One tiny file per kind of bad input."""


def shipped_variants() -> list[Path]:
    """Every shipped case variant: case_studies/<case>/<variant>.yaml, not the actuals files
    (<variant>.utfall.yaml) beside them."""
    found = (ROOT / "case_studies").glob("*/*.yaml")
    return sorted(p for p in found if not p.name.endswith(".utfall.yaml"))


NOTEBOOKS = ROOT / "tests" / "notebooks"
"""Small notebooks that exercise the renderer itself."""

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
        consumed_hours=0.0,
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


def sdk_slider_grid(case: Case, steps: int = 11) -> list[dict[str, Any]]:
    """What `slider_grid` gives for letters per year, from the hand-made results."""
    lattice = set(slider_values(150, 150, 250, steps))
    return [
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


# --- small cases built by hand ---


def factor(
    name: str,
    unit: str,
    likely: float = 0.0,
    low: float | None = None,
    high: float | None = None,
    *,
    item: str | None = None,
    formula: str | None = None,
) -> Factor:
    return Factor(
        key=f"{item}.{name}" if item else name,
        name=name,
        label=name.replace("_", " ").capitalize(),
        unit=unit,
        likely=likely,
        low=likely if low is None else low,
        high=likely if high is None else high,
        formula=formula,
    )


def benefit(
    id: str,
    formula: str | None,
    *factors: Factor,
    category: Category = Category.OMFORDELNING,
    stakeholders: tuple[tuple[str, float], ...] = (("kommunen", 1.0),),
    per_year: tuple[float, ...] = (1.0,),
    hours: str | None = None,
    size: int | None = None,
) -> Item:
    return Item(
        id=id,
        name=id.replace("_", " ").capitalize(),
        direction=Direction.BENEFIT,
        category=category,
        stakeholders=stakeholders,
        formula=formula,
        per_year=per_year,
        hours=hours,
        size=size,
        factors=factors,
    )


def cost(
    id: str,
    formula: str,
    *factors: Factor,
    cost_type: CostType = CostType.RECURRING,
    category: Category = Category.FINANSIELL,
    stakeholders: tuple[tuple[str, float], ...] = (("kommunen", 1.0),),
    per_year: tuple[float, ...] | None = None,
) -> Item:
    default = (1.0, 0.0) if cost_type is CostType.ONE_OFF else (1.0,)
    return Item(
        id=id,
        name=id.replace("_", " ").capitalize(),
        direction=Direction.COST,
        category=category,
        stakeholders=stakeholders,
        formula=formula,
        per_year=default if per_year is None else per_year,
        cost_type=cost_type,
        factors=factors,
    )


def make_case(
    benefits: tuple[Item, ...] = (),
    costs: tuple[Item, ...] = (),
    factors: tuple[Factor, ...] = (),
    *,
    horizon: int = 6,
    rate: float = 0.03,
    first_year_discounted: bool = False,
    start_year: int | None = None,
) -> Case:
    return Case(
        name="Testfall",
        organisation="Exempelkommun",
        area="Socialtjänst",
        description="Ett fall byggt för testerna.",
        alternative_a="Som i dag.",
        alternative_b="Förändringen.",
        stakeholders=(
            Stakeholder("kommunen", "Exempelkommun", StakeholderType.ORGANISATION),
            Stakeholder("invanare", "Invånare", StakeholderType.CITIZENS),
        ),
        horizon=horizon,
        versions=(Version("1.0", None, "Första versionen."),),
        discount_rate=rate,
        discount_first_year=first_year_discounted,
        start_year=start_year,
        factors=factors,
        benefits=benefits,
        costs=costs,
    )


def letters_case(
    time_unit: str = "h/st",
    time: float = 0.5,
    *,
    rate: float = 0.03,
    first_year_discounted: bool = False,
) -> Case:
    """Inera's worked example: 0.5 h/st × 200 st/år × 368 kr/h = 36 800 kr/år."""
    item = benefit(
        "frigjord_tid",
        "tid_per_brev * brev_per_ar * timkostnad",
        factor("tid_per_brev", time_unit, time, time * 0.8, time * 1.2, item="frigjord_tid"),
        factor("brev_per_ar", "st/år", 200, 150, 250, item="frigjord_tid"),
        hours="tid_per_brev * brev_per_ar",
    )
    shared = (factor("timkostnad", "kr/h", 368, 340, 400),)
    return make_case(
        (item,), factors=shared, rate=rate, first_year_discounted=first_year_discounted
    )


def payback_case(start_year: int | None = None, yearly: float = 10_000) -> Case:
    """An engång cost of 25 000 kr in year 1, repaid by a benefit of `yearly` kr a year."""
    return make_case(
        (
            benefit(
                "besparing",
                "belopp",
                factor("belopp", "kr/år", yearly, item="besparing"),
                category=Category.FINANSIELL,
            ),
        ),
        (
            cost(
                "inkop",
                "pris",
                factor("pris", "kr", 25_000, item="inkop"),
                cost_type=CostType.ONE_OFF,
            ),
        ),
        rate=0.0,
        start_year=start_year,
    )


def realistic_case() -> Case:
    """Twelve valued items over 15 years with shared and own factors, a ramp-up and a split."""
    shared = (
        factor("timkostnad", "kr/h", 368, 340, 400),
        factor("timkostnad_usk", "kr/h", 359, 330, 390),
        factor("andel", "%", 60, 40, 80),
    )
    benefits = tuple(
        benefit(
            f"nytta_{i}",
            "min_per_tillfalle * tillfallen * timkostnad * andel",
            factor("min_per_tillfalle", "min/st", 10 + i, 5 + i, 20 + i, item=f"nytta_{i}"),
            factor(
                "tillfallen",
                "st/år",
                500 * (i + 1),
                300 * (i + 1),
                700 * (i + 1),
                item=f"nytta_{i}",
            ),
            per_year=(0.5, 0.8, 1.0),
            stakeholders=(("kommunen", 0.7), ("invanare", 0.3)),
            hours="min_per_tillfalle * tillfallen",
        )
        for i in range(8)
    )
    costs = (
        cost(
            "inkop",
            "pris",
            factor("pris", "tkr", 400, 300, 600, item="inkop"),
            cost_type=CostType.ONE_OFF,
        ),
        cost("licens", "licens", factor("licens", "kr/år", 60_000, 50_000, 90_000, item="licens")),
        cost(
            "utbildning",
            "timmar * timkostnad_usk * personer",
            factor("timmar", "h/person", 8, 6, 12, item="utbildning"),
            factor("personer", "person/år", 40, 30, 50, item="utbildning"),
            category=Category.OMFORDELNING,
            cost_type=CostType.ONE_OFF,
            per_year=(1.0, 0.2),
        ),
        cost(
            "forvaltning",
            "timmar * timkostnad",
            factor("timmar", "h/år", 200, 150, 300, item="forvaltning"),
        ),
    )
    return make_case(benefits, costs, shared, horizon=15, start_year=2025)


# --- a case file on disk ---


EXAMPLE = """\
# Ineras exempel: rekommenderade brev via SDK.
name: Rekommenderade brev via Säker digital kommunikation
organisation: Exempelkommun
area: Socialtjänst
geography: Kommunen
description: Rekommenderade brev ersätts av meddelanden via SDK.
alternatives:
  a: Rekommenderade brev skickas med post.
  b: Meddelanden skickas via Säker digital kommunikation.
stakeholders:
  kommunen: {name: Exempelkommun, type: organisation}
  invanare: {name: Invånare, type: invånare}
horizon: 6                # whole years, at least 1
discount_rate: 0.03       # default 0.03 (TLV)
discount_first_year: false
versions:
  - {version: "1.0", date: 2024-03-01, note: Första versionen.}

factors:                  # shared factors, referenced by name from any formula
  timkostnad:
    label: Genomsnittlig timkostnad, handläggare
    unit: kr/h
    likely: 368
    low: 340
    high: 400
    source: Ineras användarforum 2023-05-29
    source_type: publicerad
  timkostnad_usk:
    library: timkostnad_underskoterska_omsorg   # värde, enhet, etikett och källa från biblioteket
    low: 340
  timkostnad_snitt:
    label: Snitt av timkostnaderna
    unit: kr/h
    formula: (timkostnad + timkostnad_usk) / 2

benefits:
  - id: frigjord_tid_rek
    name: Frigjord tid när rekommenderade brev ersätts
    category: omfördelning
    stakeholder: kommunen
    description: Handläggaren slipper skriva ut, kuvertera och posta.
    formula: tid_per_brev * brev_per_ar * timkostnad
    hours: tid_per_brev * brev_per_ar
    per_year: [0.5, 1]
    factors:
      tid_per_brev: {label: Tid per brev, unit: h/st, likely: 0.5, low: 0.4, high: 0.6, source: Ineras användarforum 2023-05-29, source_type: publicerad}
      brev_per_ar: {label: Brev per år, unit: st/år, likely: 200, low: 150, high: 250, source: Ineras användarforum 2023-05-29, source_type: publicerad}
  - id: trygghet
    name: Tryggare invånare
    category: kvalitet
    stakeholder: invanare
    size: 2
    description: Beskedet kommer snabbare.

costs:
  - id: anslutning
    name: Anslutning till SDK
    category: finansiell
    cost_type: engång
    stakeholder: kommunen
    description: Avgift för att ansluta till SDK.
    formula: anslutningsavgift
    factors:
      anslutningsavgift: {label: Anslutningsavgift, unit: kr, likely: 20000, low: 15000, high: 30000, source: Antagande, source_type: antagande}
  - id: stod
    name: Stöd till handläggare
    category: omfördelning
    cost_type: löpande
    stakeholder: kommunen
    description: Undersköterskor hjälper till med utskick.
    formula: stodtimmar * timkostnad_usk
    factors:
      stodtimmar: {label: Stödtimmar, unit: h/år, likely: 10, low: 5, high: 20, source: Antagande, source_type: antagande}
"""  # noqa: E501


def example_file(folder: Path) -> Path:
    path = folder / "exempel.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    return path


# --- headless Chromium, offline ---


CHROMIUM = Path("/usr/bin/chromium")


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def open_offline(browser: Any, site: Path, page_path: Path) -> tuple[Any, list[str], list[str]]:
    """Open a page with every request outside `site` blocked; return page, blocked, errors."""
    page = browser.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    allowed = site.resolve().as_uri() + "/"

    def route(r: Any) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, blocked, errors


def words(markup: object) -> str:
    """What a reader sees of HTML: its text, one space between words, NBSP as a space."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).replace("\xa0", " ")
    return " ".join(plain.split())


def valued_counts_sentence(case: Case) -> str:
    """5.1's count of what a case values in money, as `words` reads it."""
    benefits = sum(1 for i in case.benefits if i.valued)
    costs = sum(1 for i in case.costs if i.valued)
    return words(
        f"Av analysens {fmt.number(len(case.benefits))} nyttor värderas {fmt.number(benefits)} "
        f"i pengar, och av dess {fmt.number(len(case.costs))} kostnader värderas "
        f"{fmt.number(costs)} i pengar."
    )
