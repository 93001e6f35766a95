"""Warnings about a case that is valid but may mislead: the method's own checks (pure).

`nyttonb check` prints them (exit code 0), `nyttonb calc --json` lists them under
``warnings``, and the report can show them: each is data (a code, the key path, figures) with a
Swedish message and fix. They are:

- ``percent_as_fraction``: a ``%`` factor whose values all lie between −1 and 1 (0.7 with unit
  ``%`` is 0,7 %, not 70 %);
- ``price_level_not_indexed``: an amount of another year that could not be converted to the
  case's price level (the index has no value for a year);
- ``price_level_year_missing``: money factors state their years but the case states no price
  level, so nothing is converted;
- ``paired_runs_wide``: the paired runs stretch so far from the likely net benefit (either end
  more than `WIDE_RUNS` times its size away: e.g. a high net above 5 × the likely) that they
  say little; the Monte Carlo analysis says how likely the outcomes are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nyttonb.core.compiled import CompiledCase
from nyttonb.core.model import Case
from nyttonb.core.results import Result

WIDE_RUNS = 4.0
"""A paired run is "wide" when it lies more than 4 × |likely net| from the likely net benefit:
for a positive likely net, a high run above 5 × the likely."""


@dataclass(frozen=True, slots=True)
class Caution:
    """One warning: a code, where (key path), what (Swedish), the fix, and its figures."""

    code: str
    message: str
    fix: str = ""
    path: str = ""
    figures: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message}" + (f" {self.fix}" if self.fix else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "fix": self.fix,
            "figures": dict(self.figures),
        }


def case_cautions(
    compiled: CompiledCase, runs: Mapping[str, Result] | None = None
) -> tuple[Caution, ...]:
    """Every warning about a compiled case; `runs` (Inera's three) adds the paired-run check."""
    found = [*_percent(compiled.case), *_price_level(compiled)]
    if runs is not None:
        found += _wide_runs(runs)
    return tuple(found)


def case_warnings(case: Case) -> tuple[Caution, ...]:
    """Every warning about a case, its paired runs computed (what `nyttonb check` prints)."""
    from nyttonb.core.calc import compile_case, scenarios

    compiled = compile_case(case)
    return case_cautions(compiled, scenarios(compiled))


def factor_paths(case: Case) -> dict[str, str]:
    """The key path of every factor in the case file (``benefits[0].factors.tid``)."""
    paths = {f.key: f"factors.{f.name}" for f in case.factors}
    for kind, items in (("benefits", case.benefits), ("costs", case.costs)):
        for i, item in enumerate(items):
            paths.update({f.key: f"{kind}[{i}].factors.{f.name}" for f in item.factors})
    return paths


def _percent(case: Case) -> list[Caution]:
    paths = factor_paths(case)
    found = []
    for f in case.all_factors:
        if f.derived or f.unit.strip().casefold() not in ("%", "procent"):
            continue
        values = (f.low, f.likely, f.high)
        if all(abs(v) <= 1 for v in values) and any(values):
            shown = _number(f.likely)
            found.append(
                Caution(
                    "percent_as_fraction",
                    "faktorn har enheten % men alla värden ligger mellan −1 och 1: "
                    f"{shown} betyder {shown} %, inte {_number(f.likely * 100)} %.",
                    f"Menar du {_number(f.likely * 100)} %, skriv {f.likely * 100:g}, eller byt "
                    f"enheten till andel och behåll {f.likely:g}.",
                    paths[f.key],
                    {"factor": f.key, "likely": f.likely},
                )
            )
    return found


def _price_level(compiled: CompiledCase) -> list[Caution]:
    level = compiled.price_level
    paths = factor_paths(compiled.case)
    found = []
    if level.year is None and level.value_years:
        years = " och ".join(str(y) for y in level.value_years)
        found.append(
            Caution(
                "price_level_year_missing",
                f"fallet anger ingen prisnivå, men beloppen är från {years}: de räknas inte om "
                "till en gemensam prisnivå.",
                "Ange price_level_year (till exempel det år vars priser de flesta belopp har).",
                "price_level_year",
                {"value_years": list(level.value_years)},
            )
        )
    for missing in level.not_indexed:
        found.append(
            Caution(
                "price_level_not_indexed",
                f"beloppet är i {missing.from_year} års priser men räknas inte om till "
                f"{level.year} års prisnivå ({missing.reason}); fallet blandar då prisnivåer.",
                "Ge fallet en egen indexserie med värden för båda åren under indices:, välj ett "
                "annat index med price_index: eller index:, eller ange ett belopp i "
                f"{level.year} års priser (med year: {level.year}).",
                paths.get(missing.factor, ""),
                {"factor": missing.factor, "from_year": missing.from_year, "to_year": level.year},
            )
        )
    return found


def _wide_runs(runs: Mapping[str, Result]) -> list[Caution]:
    low, likely, high = (runs[s].net_benefit for s in ("low", "likely", "high"))
    reach = max(high - likely, likely - low)
    if reach <= WIDE_RUNS * abs(likely) or reach <= 1e-9 * max(abs(low), abs(high), 1.0):
        return []
    return [
        Caution(
            "paired_runs_wide",
            f"de parade körningarna (Lägst och Högst) ger nettonytta från {_kr(low)} till "
            f"{_kr(high)}, långt från den troliga ({_kr(likely)}): när alla nyttor och kostnader "
            "samtidigt tar sina ytervärden säger körningarna lite om vilka utfall som är troliga.",
            "Se Monte Carlo-analysen i avsnittet Osäkerhet (nyttonb calc --uncertainty) för hur "
            "sannolika utfallen är, och pröva om lägsta och högsta värdena är för vida.",
            "",
            {"low_net": low, "likely_net": likely, "high_net": high, "threshold": WIDE_RUNS + 1},
        )
    ]


def _number(x: float) -> str:
    """A short Swedish number (decimal comma, no trailing zeros): 0,7 and 1 234."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".").replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "−")


def _kr(x: float) -> str:
    if abs(x) >= 1e6:
        return f"{_number(round(x / 1e6, 1))}\u00a0mnkr"
    return f"{_number(round(x))}\u00a0kr"
