"""The Swedish summary `nyttonb calc` prints in the terminal, from `Figures.to_dict()`."""

from __future__ import annotations

from typing import Any

from nyttonb.present import formatting as fmt


def summary_text(report: dict[str, Any]) -> str:
    """The Swedish summary `nyttonb calc` prints: headline figures, paired runs, years."""
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
