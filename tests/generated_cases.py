"""Generated case files for the workbook tests: any horizon, both discounting conventions,
one-off costs, ramps, stakeholder splits, derived factors, min/max, unit conversions and
amounts of other years (price level).

`case_texts()` draws the YAML text of a valid case; `collect(n)` runs the strategy n times and
returns the texts, for tests that handle many cases in one batch (one LibreOffice call).
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

STAKEHOLDERS = {
    "kommunen": {"name": "Exempelkommun", "type": "organisation"},
    "invanare": {"name": "Invånare", "type": "invånare"},
    "regionen": {"name": "Region Exempel", "type": "annan organisation"},
}

# (formula, hours formula, own factors as (name, unit, lowest likely, highest likely))
_RECURRING = [
    (
        "antal * minuter * timkostnad",
        "antal * minuter",
        [("antal", "st/år", 1, 5000), ("minuter", "min/st", 1, 120)],
    ),
    ("avgift", None, [("avgift", "kr/mån", 100, 50_000)]),
    (
        "tillsyner * andel * pris",
        None,
        [("tillsyner", "st/natt", 1, 50), ("andel", "%", 1, 100), ("pris", "kr/st", 10, 500)],
    ),
    (
        "max(resor * km * kostnad_mil, golv)",
        None,
        [
            ("resor", "st/år", 1, 2000),
            ("km", "km/st", 1, 300),
            ("kostnad_mil", "kr/mil", 10, 40),
            ("golv", "kr/år", 0, 20_000),
        ],
    ),
    (
        "(belopp + tusental) * andel - min(avdrag, belopp)",
        None,
        [
            ("belopp", "kr/år", 1000, 100_000),
            ("tusental", "tkr/år", 1, 100),
            ("andel", "andel", 0.1, 1),
            ("avdrag", "kr/år", 0, 1000),
        ],
    ),
]
_ONE_OFF = [
    (
        "belopp + antal * pris",
        "antal * timmar",
        [
            ("belopp", "kr", 0, 500_000),
            ("antal", "st", 1, 100),
            ("pris", "kr/st", 10, 10_000),
            ("timmar", "h/st", 1, 10),
        ],
    ),
    (
        "personer * timmar * timkostnad",
        "personer * timmar",
        [("personer", "person", 1, 200), ("timmar", "h/person", 0.5, 20)],
    ),
]


@st.composite
def _factor(draw: st.DrawFn, unit: str, lowest: float, highest: float) -> dict[str, Any]:
    likely = draw(st.floats(lowest, highest, allow_nan=False).map(lambda x: round(x, 2)))
    likely = max(likely, lowest)
    low = round(likely * draw(st.sampled_from([0.5, 0.8, 0.9, 1.0])), 2)
    high = round(likely * draw(st.sampled_from([1.0, 1.1, 1.5, 2.0])), 2)
    ceiling = {"andel": 1.0, "%": 100.0}.get(unit)  # a share stays within 0–1 (0–100 %)
    if ceiling is not None:
        likely, high = min(likely, ceiling), min(high, ceiling)
    return {
        "label": f"Faktor i {unit}",
        "unit": unit,
        "likely": likely,
        "low": min(low, likely),
        "high": max(high, likely),
        "source": draw(st.sampled_from(["Antagande", "Lokal statistik 2025", ""])),
        "source_type": draw(st.sampled_from(["antagande", "lokal", "publicerad"])),
    }


_PROFILES = st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 1.2]), min_size=1, max_size=5)


@st.composite
def _item(draw: st.DrawFn, index: int, kind: str, stakeholders: list[str]) -> dict[str, Any]:
    one_off = kind == "costs" and draw(st.booleans())
    formula, hours, rows = draw(st.sampled_from(_ONE_OFF if one_off else _RECURRING))
    item: dict[str, Any] = {
        "id": f"{kind[:-1]}_{index}",
        "name": f"{'Nytta' if kind == 'benefits' else 'Kostnad'} {index} med åäö",
        "description": "Genererad post.",
        "category": draw(st.sampled_from(["finansiell", "omfördelning"])),
        "formula": formula,
        "factors": {name: draw(_factor(unit, lo, hi)) for name, unit, lo, hi in rows},
    }
    if hours and draw(st.booleans()):
        item["hours"] = hours
    if len(stakeholders) > 1 and draw(st.booleans()):
        tenths = draw(st.integers(1, 9))
        item["stakeholders"] = {stakeholders[0]: tenths / 10, stakeholders[1]: (10 - tenths) / 10}
    else:
        item["stakeholder"] = draw(st.sampled_from(stakeholders))
    if kind == "costs":
        item["cost_type"] = "engång" if one_off else "löpande"
    if draw(st.booleans()):
        item["per_year"] = draw(_PROFILES)
    elif one_off and draw(st.booleans()):
        item["per_year"] = [0.5, 0.5, 0.0]
    return item


@st.composite
def case_texts(draw: st.DrawFn) -> str:
    stakeholders = draw(
        st.lists(st.sampled_from(sorted(STAKEHOLDERS)), min_size=1, max_size=3, unique=True)
    )
    case: dict[str, Any] = {
        "name": "Genererat fall",
        "organisation": "Exempelkommun",
        "area": "Omsorg",
        "description": "Ett genererat fall för arbetsbokstesterna.",
        "alternatives": {"a": "Som i dag.", "b": "Med förändringen."},
        "stakeholders": {key: STAKEHOLDERS[key] for key in stakeholders},
        "horizon": draw(st.integers(1, 40)),
        "discount_rate": draw(st.sampled_from([0.0, 0.03, 0.035, 0.07, 0.15])),
        "discount_first_year": draw(st.booleans()),
        "versions": [{"version": "1.0", "note": "Genererad."}],
    }
    start = draw(st.none() | st.integers(2015, 2035))
    if start is not None:
        case["start_year"] = start
    if draw(st.booleans()):
        case["factors"] = {"timkostnad": draw(_factor("kr/h", 250, 700))}
    else:
        case["factors"] = {
            "lon": draw(_factor("kr/mån", 25_000, 60_000)),
            "timmar_per_manad": draw(_factor("h/mån", 120, 160)),
            "paslag": draw(_factor("andel", 0.3, 0.6)),
            "timkostnad": {
                "label": "Timkostnad",
                "unit": "kr/h",
                "formula": "lon / timmar_per_manad * (1 + paslag)",
            },
        }
    if draw(st.booleans()):  # amounts of other years, brought to the price level with KPI
        case["price_level_year"] = 2023
        money = "timkostnad" if "lon" not in case["factors"] else "lon"
        case["factors"][money]["year"] = draw(st.sampled_from([2016, 2019, 2021, 2023]))
    for kind, least in (("benefits", 0), ("costs", 1)):
        count = draw(st.integers(least, 3))
        case[kind] = [draw(_item(i + 1, kind, stakeholders)) for i in range(count)]
    if draw(st.booleans()):
        case["benefits"].append(
            {
                "id": "trygghet",
                "name": "Tryggare invånare",
                "category": "kvalitet",
                "stakeholder": stakeholders[0],
                "size": 2,
                "description": "Inte värderad i pengar.",
            }
        )
    return str(yaml.safe_dump(case, allow_unicode=True, sort_keys=False))


def collect(count: int) -> list[str]:
    """`count` generated case texts (no shrinking: for batch tests that report each case)."""
    found: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case_texts())
    def draw(text: str) -> None:
        found.append(text)

    draw()
    return found[:count]
