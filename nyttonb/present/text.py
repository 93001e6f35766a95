"""The Swedish summary `nyttonb calc` prints in the terminal, from `Figures.to_dict()`."""

from __future__ import annotations

from typing import Any

from nyttonb.present import formatting as fmt


def _case_title(name: str, organisation: str) -> str:
    """ "Namn – Organisation", without repeating an organisation the name already ends with."""
    return name if not organisation or organisation in name else f"{name} – {organisation}"


def summary_text(report: dict[str, Any]) -> str:
    """The Swedish summary `nyttonb calc` prints: headline figures, paired runs, years."""
    case = report["case"]
    lines = [
        _case_title(case["name"], case["organisation"]),
        f"Tidshorisont {case['horizon']} år. {report['discounting']['description']}",
        *_price_level_lines(report.get("price_level")),
        "",
    ]
    per_krona = report["net_benefit_per_krona"]
    rows = [
        ("Nettonytta", fmt.kr(report["net_benefit"])),
        ("Nyttor (diskonterade)", fmt.kr(report["benefits"])),
        ("Kostnader (diskonterade)", fmt.kr(report["costs"])),
        ("Nettonytta per satsad krona", _per_krona(per_krona)),
        (fmt.BREAK_EVEN_LABEL, report["break_even_label"] or fmt.NO_BREAK_EVEN),
        ("Finansiell nettonytta (budgeten)", fmt.kr(report["financial_net_benefit"])),
        *_hours_rows(report),
    ]
    follow_up = report.get("follow_up")
    if follow_up:
        share = follow_up["realised_share"]
        status = follow_up["status_label"]
        if share is not None:
            status += f", {fmt.percent(share, 0)} realiserat"
            status += f"; efterkalkyl {fmt.kr(follow_up['efterkalkyl']['net_benefit'])}"
        rows.append(("Nyttorealisering", status))
    width = max(len(label) for label, _ in rows)
    amount = max(len(value) for _, value in rows[:3] + rows[5:6])
    lines += [f"{label:<{width}}  {value:>{amount}}" for label, value in rows]
    lines += [
        "",
        "Ineras tre parade beräkningar (Lägst, Troligt, Högst): nettonytta och nettonytta "
        "per satsad krona",
    ]
    names = {key: fmt.scenario_label(key) for key in ("low", "likely", "high")}
    runs = [report["scenarios"][key] for key in names]
    nets = [fmt.kr(run["net_benefit"]) for run in runs]
    net_width = max(len(n) for n in nets)
    for name, run, net in zip(names.values(), runs, nets, strict=True):
        lines.append(f"  {name:<8} {net:>{net_width}}  {_per_krona(run['net_benefit_per_krona'])}")
    lines += _choice_lines(report["scenarios"])
    lines += ["", "Per år (diskonterade värden): nyttor, kostnader, ackumulerad nettonytta"]
    for row in report["by_year"]:
        lines.append(
            f"  {row['label']:<6} {fmt.kr(row['benefits']):>16} {fmt.kr(row['costs']):>16} "
            f"{fmt.kr(row['accumulated_net']):>16}"
        )
    if "uncertainty" in report:
        lines += ["", *_uncertainty_lines(report["uncertainty"])]
    warnings = report.get("warnings") or []
    if warnings:
        count = "1 varning" if len(warnings) == 1 else f"{len(warnings)} varningar"
        lines += ["", f"{count} om beräkningen: kör nyttonb check på fallfilen för detaljer."]
    return "\n".join(lines)


def _price_level_lines(level: dict[str, Any] | None) -> list[str]:
    """The price level in one line: the year, the index, how many amounts were converted and
    how many could not be (the report's 2.4 and `nyttonb check` say which)."""
    if not level or level["year"] is None:
        return ["Ingen prisnivå angiven: beloppen räknas inte om."] if level else []
    done, missing = len(level["adjustments"]), len(level["not_indexed"])
    line = f"Prisnivå {level['year']} ({level['index']}): {done} belopp omräknade"
    if missing:
        line += f", {missing} kunde inte räknas om"
    return [line + "."]


def _per_krona(ratio: float | None) -> str:
    """Net benefit per krona in a row already labelled "per satsad krona": "4,02 kr"."""
    return fmt.per_krona(None) if ratio is None else fmt.kr(ratio, 2)


def _switching_line(switch: dict[str, Any]) -> str:
    """One switching value with its unit, and where it lies against the factor's range."""
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


def _choice_lines(runs: dict[str, Any]) -> list[str]:
    """The factor values a paired run used that differ from its column, item by item."""
    words = {"low": "lägsta", "likely": "troliga", "high": "högsta"}
    lines = []
    for key in ("low", "high"):
        choices = runs[key].get("factor_values", [])
        if choices:
            lines.append(
                f"  {words[key].capitalize()} körningen ger varje nytta och kostnad dess "
                f"{words[key]} värde; då avviker dessa faktorer från kolumnen {words[key]}:"
            )
        for choice in choices:
            value = f"{fmt.approximate(choice['value'])} {choice['unit']}".strip()
            lines.append(
                f"    {choice['item_name']}: {choice['label']} {value} "
                f"({words[choice['position']]} värdet)"
            )
    return lines


def _hours_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """Freed, consumed and net hours, each a total over the horizon with its yearly average."""
    horizon = report["horizon"]
    rows = [("Frigjord tid (nyttor)", fmt.hours_over(report["freed_hours"], horizon))]
    if report["consumed_hours"]:
        rows += [
            ("Tid som kostnaderna tar", fmt.hours_over(report["consumed_hours"], horizon)),
            (
                "Frigjord tid minus kostnadernas tid",
                fmt.hours_over(report["net_freed_hours"], horizon),
            ),
        ]
    return rows


def _uncertainty_lines(data: dict[str, Any]) -> list[str]:
    mc = data["monte_carlo"]
    lines = [
        f"Monte Carlo ({fmt.number(mc['draws'])} dragningar, startvärde {mc['seed']}):",
        f"  P10 {fmt.kr(mc['p10'])}, P50 {fmt.kr(mc['p50'])}, P90 {fmt.kr(mc['p90'])}",
        f"  Sannolikhet för positiv nettonytta {fmt.probability(mc['prob_positive'])}, "
        f"för att nyttorna ska överstiga kostnaderna inom tidshorisonten "
        f"{fmt.probability(mc['prob_break_even'])}",
        "Störst påverkan (nettonytta med faktorn på Lägst och på Högst):",
    ]
    for bar in data["tornado"][:10]:
        lines.append(f"  {bar['label']}: {fmt.kr(bar['low_net'])} – {fmt.kr(bar['high_net'])}")
    lines.append(
        "Brytvärden (värdet där nettonyttan blir 0, övriga faktorer på sina troliga värden):"
    )
    lines += [_switching_line(switch) for switch in data["switching_values"]]
    return lines
