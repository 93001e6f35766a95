"""A case's result as one JSON-ready dictionary, and as a short Swedish text for the terminal.

This is what `nyttonb calc` prints, what the report index lists, and what the tests compare the
executed notebooks with: one function, so the numbers cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from nyttonb.followup import Actuals
from nyttonb.model import Case


def load_framed_with_actuals(
    file: str | Path,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
) -> tuple[Case, Actuals | None]:
    """`load_framed`, and the case's actuals (``<variant>.utfall.yaml`` beside it) if any.

    The actuals are checked against the case as its file frames it; a shorter horizon given
    here leaves out the years beyond it.
    """
    from nyttonb.actuals import load_actuals_beside
    from nyttonb.caseio import load_case
    from nyttonb.parameters import apply_frame

    case = load_case(file)
    actuals = load_actuals_beside(case, file)
    framed = apply_frame(
        case,
        horizon=horizon,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )
    return framed, actuals


def load_framed(
    file: str | Path,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
) -> Case:
    """Load a case file and apply any change of horizon, rate or first-year convention."""
    from nyttonb.caseio import load_case
    from nyttonb.parameters import apply_frame

    return apply_frame(
        load_case(file),
        horizon=horizon,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )


def case_report(
    case: Case,
    *,
    uncertainty: bool = False,
    draws: int = 10_000,
    seed: int | None = None,
    actuals: Actuals | None = None,
) -> dict[str, Any]:
    """Everything `nyttonb calc --json` prints for a loaded case. Money in kronor."""
    from nyttonb.calc import scenarios
    from nyttonb.followup import follow_up
    from nyttonb.followup_figures import follow_up_dict

    runs = scenarios(case)
    likely = runs["likely"]
    report: dict[str, Any] = {
        "case": {
            "name": case.name,
            "organisation": case.organisation,
            "area": case.area,
            "file": case.source_path,
            "horizon": case.horizon,
            "start_year": case.start_year,
            "price_level_year": case.price_level_year,
        },
        **likely.to_dict(),
        "scenarios": {name: run.totals() for name, run in runs.items()},
        "follow_up": follow_up_dict(case, follow_up(case, actuals)),
    }
    if uncertainty:
        from nyttonb.uncertainty import uncertainty as analyse

        options: dict[str, Any] = {"draws": draws}
        if seed is not None:
            options["seed"] = seed
        report["uncertainty"] = analyse(case, **options).to_dict()
    return report


def calc_report(
    file: str | Path,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
    uncertainty: bool = False,
    draws: int = 10_000,
    seed: int | None = None,
) -> dict[str, Any]:
    """Load, frame and calculate a case file: the dictionary `nyttonb calc --json` prints."""
    case, actuals = load_framed_with_actuals(
        file,
        horizon=horizon,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )
    return case_report(case, uncertainty=uncertainty, draws=draws, seed=seed, actuals=actuals)


def summary_text(report: dict[str, Any]) -> str:
    """The Swedish summary `nyttonb calc` prints: headline figures, paired runs, years."""
    from nyttonb import formatting as fmt

    case = report["case"]
    lines = [
        f"{case['name']} – {case['organisation']}",
        f"Kalkylperiod {case['horizon']} år. {report['discounting']['description']}",
        "",
    ]
    rows = [
        ("Nettonytta", fmt.kr(report["net_benefit"])),
        ("Nyttor (nuvärde)", fmt.kr(report["benefits"])),
        ("Kostnader (nuvärde)", fmt.kr(report["costs"])),
        ("Nettonytta per satsad krona", fmt.per_krona(report["net_benefit_per_krona"])),
        ("Återbetalningsår", report["break_even_label"] or "ingen återbetalning inom perioden"),
        ("Finansiell nettonytta (budgeten)", fmt.kr(report["financial_net_benefit"])),
        ("Frigjord tid", f"{fmt.hours(report['freed_hours'])} ({fmt.fte(report['freed_fte'])})"),
    ]
    width = max(len(label) for label, _ in rows)
    lines += [f"{label:<{width}}  {value}" for label, value in rows]
    lines += ["", "Ineras tre körningar (lägsta, troligaste, högsta):"]
    names = {"low": "Lägsta", "likely": "Troligaste", "high": "Högsta"}
    for key in ("low", "likely", "high"):
        run = report["scenarios"][key]
        lines.append(
            f"  {names[key]:<11} nettonytta {fmt.kr(run['net_benefit'])}, "
            f"per satsad krona {fmt.per_krona(run['net_benefit_per_krona'])}"
        )
    lines += ["", "Per år (nuvärde): nyttor, kostnader, ackumulerad nettonytta"]
    for row in report["by_year"]:
        lines.append(
            f"  {row['label']:<6} {fmt.kr(row['benefits']):>16} {fmt.kr(row['costs']):>16} "
            f"{fmt.kr(row['accumulated_net']):>16}"
        )
    if "uncertainty" in report:
        lines += ["", *_uncertainty_lines(report["uncertainty"])]
    return "\n".join(lines)


def _uncertainty_lines(data: dict[str, Any]) -> list[str]:
    from nyttonb import formatting as fmt

    mc = data["monte_carlo"]
    lines = [
        f"Monte Carlo ({fmt.number(mc['draws'])} dragningar, frö {mc['seed']}):",
        f"  P10 {fmt.kr(mc['p10'])}, P50 {fmt.kr(mc['p50'])}, P90 {fmt.kr(mc['p90'])}",
        f"  Sannolikhet för positiv nettonytta {fmt.percent(mc['prob_positive'])}, "
        f"för återbetalning inom perioden {fmt.percent(mc['prob_break_even'])}",
        "Störst påverkan (nettonytta vid lägsta och högsta värde):",
    ]
    for bar in data["tornado"][:10]:
        lines.append(f"  {bar['label']}: {fmt.kr(bar['low_net'])} – {fmt.kr(bar['high_net'])}")
    lines.append("Brytvärden (nettonytta = 0):")
    for switch in data["switching_values"]:
        where = "inom" if switch["within_range"] else "utanför"
        value = "saknas" if switch["value"] is None else fmt.approximate(switch["value"])
        lines.append(f"  {switch['label']}: {value} ({where} intervallet)")
    return lines


def export_charts(file: str | Path, out: Path, fmt: Literal["png", "svg"]) -> list[Path]:
    """Save the case's charts as PNG or SVG files in `out` (for slides)."""
    from nyttonb.calc import calculate, scenarios
    from nyttonb.charts import report_charts, save_charts

    case = load_framed(file)
    charts = report_charts(case, calculate(case), scenarios(case))
    return save_charts(charts, out, fmt)
