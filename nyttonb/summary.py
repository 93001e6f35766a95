"""A case's result as one JSON-ready dictionary, and as a short Swedish text for the terminal.

This is what `nyttonb calc` prints, what the report index lists, and what the tests compare the
executed notebooks with: one function, so the numbers cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from nyttonb.model import Case


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
    case: Case, *, uncertainty: bool = False, draws: int = 10_000, seed: int | None = None
) -> dict[str, Any]:
    """Everything `nyttonb calc --json` prints for a loaded case. Money in kronor."""
    from nyttonb.calc import scenarios

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
    case = load_framed(
        file,
        horizon=horizon,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )
    return case_report(case, uncertainty=uncertainty, draws=draws, seed=seed)


def _case_title(name: str, organisation: str) -> str:
    """ "Namn – Organisation", without repeating an organisation the name already ends with."""
    return name if not organisation or organisation in name else f"{name} – {organisation}"


def summary_text(report: dict[str, Any]) -> str:
    """The Swedish summary `nyttonb calc` prints: headline figures, paired runs, years."""
    from nyttonb import formatting as fmt

    case = report["case"]
    lines = [
        _case_title(case["name"], case["organisation"]),
        f"Kalkylperiod {case['horizon']} år. {report['discounting']['description']}",
        "",
    ]
    per_krona = report["net_benefit_per_krona"]
    rows = [
        ("Nettonytta", fmt.kr(report["net_benefit"])),
        ("Nyttor (nuvärde)", fmt.kr(report["benefits"])),
        ("Kostnader (nuvärde)", fmt.kr(report["costs"])),
        ("Nettonytta per satsad krona", _per_krona(per_krona)),
        ("Återbetalningsår", report["break_even_label"] or "ingen återbetalning inom perioden"),
        ("Finansiell nettonytta (budgeten)", fmt.kr(report["financial_net_benefit"])),
        ("Frigjord tid", f"{fmt.hours(report['freed_hours'])} ({fmt.fte(report['freed_fte'])})"),
    ]
    width = max(len(label) for label, _ in rows)
    amount = max(len(value) for _, value in rows[:3] + rows[5:6])
    lines += [f"{label:<{width}}  {value:>{amount}}" for label, value in rows]
    lines += ["", "Ineras tre körningar: nettonytta och nettonytta per satsad krona"]
    names = {"low": "Lägsta", "likely": "Troligaste", "high": "Högsta"}
    runs = [report["scenarios"][key] for key in names]
    nets = [fmt.kr(run["net_benefit"]) for run in runs]
    net_width = max(len(n) for n in nets)
    for name, run, net in zip(names.values(), runs, nets, strict=True):
        lines.append(f"  {name:<11} {net:>{net_width}}  {_per_krona(run['net_benefit_per_krona'])}")
    lines += ["", "Per år (nuvärde): nyttor, kostnader, ackumulerad nettonytta"]
    for row in report["by_year"]:
        lines.append(
            f"  {row['label']:<6} {fmt.kr(row['benefits']):>16} {fmt.kr(row['costs']):>16} "
            f"{fmt.kr(row['accumulated_net']):>16}"
        )
    if "uncertainty" in report:
        lines += ["", *_uncertainty_lines(report["uncertainty"])]
    return "\n".join(lines)


def _per_krona(ratio: float | None) -> str:
    """Net benefit per krona in a row already labelled "per satsad krona": "4,02 kr"."""
    from nyttonb import formatting as fmt

    return fmt.per_krona(None) if ratio is None else fmt.kr(ratio, 2)


def _switching_line(switch: dict[str, Any]) -> str:
    """One switching value with its unit, and where it lies against the factor's range."""
    from nyttonb import formatting as fmt

    raw = switch.get("unit") or ""
    unit = f"{fmt.NBSP}{fmt.unit_label(raw)}" if raw else ""
    share = 100 if raw in ("%", "andel") else 1
    low, high = fmt.factor_value(switch["low"], raw), fmt.factor_value(switch["high"], raw)
    span = f"{low}–{high}{unit}"
    if switch["value"] is None:
        return (
            f"  {switch['label']}: inget brytvärde (nettonyttan når inte 0 för något rimligt "
            f"värde; spannet är {span})"
        )
    where = "inom" if switch["within_range"] else "utanför"
    value = fmt.approximate(switch["value"] * share)
    return f"  {switch['label']}: {value}{unit} ({where} spannet {span})"


def _uncertainty_lines(data: dict[str, Any]) -> list[str]:
    from nyttonb import formatting as fmt

    mc = data["monte_carlo"]
    lines = [
        f"Monte Carlo ({fmt.number(mc['draws'])} dragningar, startvärde {mc['seed']}):",
        f"  P10 {fmt.kr(mc['p10'])}, P50 {fmt.kr(mc['p50'])}, P90 {fmt.kr(mc['p90'])}",
        f"  Sannolikhet för positiv nettonytta {fmt.probability(mc['prob_positive'])}, "
        f"för återbetalning inom perioden {fmt.probability(mc['prob_break_even'])}",
        "Störst påverkan (nettonytta vid lägsta och högsta värde):",
    ]
    for bar in data["tornado"][:10]:
        lines.append(f"  {bar['label']}: {fmt.kr(bar['low_net'])} – {fmt.kr(bar['high_net'])}")
    lines.append("Brytvärden (värdet där nettonyttan blir 0, övriga faktorer på troligaste):")
    lines += [_switching_line(switch) for switch in data["switching_values"]]
    return lines


def export_charts(file: str | Path, out: Path, fmt: Literal["png", "svg"]) -> list[Path]:
    """Save the case's charts as PNG or SVG files in `out` (for slides)."""
    from nyttonb.calc import calculate, scenarios
    from nyttonb.charts import report_charts, save_charts

    case = load_framed(file)
    charts = report_charts(case, calculate(case), scenarios(case))
    return save_charts(charts, out, fmt)
