"""Portfolio rows: one analysis each, the totals of a set, selection and ranking (pure data).

A row holds what a budget and prioritisation process compares: net benefit, the financial net
benefit (what the budget sees), net benefit per satsad krona, the year the accumulated benefits
pass the costs, freed full-time equivalents, the Monte Carlo P10, P90 and P(net > 0),
angelägenhet and genomförbarhet, and the budget effect year by year.

A row is made from the figures `nyttonb calc --json` prints (`row_from_figures`), so the
portfolio can never disagree with a case's own result; the batch renderer hands it the figures
an executed notebook attached. `row_from_case` computes them from a loaded case.

The budget effect of a year is the finansiell benefits minus the finansiell costs of that year
at the case's price level, **not discounted** (what the year's budget sees); ``net_present`` is
the same flow discounted, and the ``net_present`` of all years adds up to the financial net
benefit. Omfördelning never enters the budget effect: freed time is no budget room.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyttonb.errors import CaseErrors, CaseFileError, NyttonbError, ParameterError, did_you_mean

if TYPE_CHECKING:
    from nyttonb.core.model import Case

MC_DRAWS = 10_000
"""Monte Carlo draws per analysis: the same as the report's uncertainty section."""


@dataclass(frozen=True, slots=True)
class BudgetYear:
    """One year's budget effect. `year` is the calendar year, or 1-based when the case has none.

    Money in kronor at the case's price level; `benefits`, `costs` and `net` are not discounted.
    """

    year: int
    label: str
    benefits: float
    costs: float
    net_present: float
    calendar: bool = True
    """A calendar year (the case has a start year); False for "år 1", "år 2" …"""

    @property
    def net(self) -> float:
        return self.benefits - self.costs

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "label": self.label,
            "net": self.net,
            "benefits": self.benefits,
            "costs": self.costs,
            "net_present": self.net_present,
            "calendar": self.calendar,
        }


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One analysis in the portfolio. Money in kronor (present values unless said otherwise)."""

    file: str
    organisation: str
    case: str
    variant: str
    net_benefit: float
    financial_net_benefit: float
    net_benefit_per_krona: float | None
    break_even_year: int | None
    break_even_label: str | None
    freed_fte: float
    freed_hours: float
    benefits: float
    costs: float
    p10: float | None
    p90: float | None
    prob_positive: float | None
    urgency: int | None
    feasibility: int | None
    tags: tuple[str, ...]
    budget_by_year: tuple[BudgetYear, ...]
    case_id: str = ""
    href: str = ""

    @property
    def has_start_year(self) -> bool:
        """Whether the budget years are calendar years (else "år 1", "år 2" …, which cannot be
        added to another analysis's calendar years)."""
        return all(year.calendar for year in self.budget_by_year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "organisation": self.organisation,
            "case": self.case,
            "variant": self.variant,
            "net_benefit": self.net_benefit,
            "financial_net_benefit": self.financial_net_benefit,
            "net_benefit_per_krona": self.net_benefit_per_krona,
            "break_even_year": self.break_even_year,
            "freed_fte": self.freed_fte,
            "p10": self.p10,
            "p90": self.p90,
            "prob_positive": self.prob_positive,
            "budget_by_year": [year.to_dict() for year in self.budget_by_year],
            "break_even_label": self.break_even_label,
            "freed_hours": self.freed_hours,
            "benefits": self.benefits,
            "costs": self.costs,
            "urgency": self.urgency,
            "feasibility": self.feasibility,
            "tags": list(self.tags),
            "case_id": self.case_id,
            "href": self.href,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PortfolioRow:
        """The row `to_dict` gave (the render cache keeps rows this way)."""
        fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        fields["tags"] = tuple(data.get("tags", ()))
        fields["budget_by_year"] = tuple(
            BudgetYear(
                y["year"], y["label"], y["benefits"], y["costs"], y["net_present"], y["calendar"]
            )
            for y in data.get("budget_by_year", ())
        )
        return cls(**fields)


def row_from_figures(
    figures: Mapping[str, Any],
    monte_carlo: Mapping[str, Any] | None,
    *,
    file: str,
    case_id: str = "",
    href: str = "",
) -> PortfolioRow:
    """The row for one analysis from its `nyttonb calc --json` figures and Monte Carlo summary.

    `monte_carlo` is the ``uncertainty.monte_carlo`` part of ``calc --json --uncertainty`` (or
    None: P10, P90 and P(net > 0) are then unknown).
    """
    case = figures.get("case") or {}
    mc = monte_carlo or {}
    year = figures.get("break_even_year")
    return PortfolioRow(
        file=file,
        organisation=str(case.get("organisation", "")),
        case=str(case.get("name", "")),
        variant=Path(file).stem,
        net_benefit=float(figures["net_benefit"]),
        financial_net_benefit=float(figures["financial_net_benefit"]),
        net_benefit_per_krona=_maybe(figures.get("net_benefit_per_krona")),
        break_even_year=int(year) if year is not None else None,
        break_even_label=figures.get("break_even_label"),
        freed_fte=float(figures["freed_fte"]),
        freed_hours=float(figures["freed_hours"]),
        benefits=float(figures["benefits"]),
        costs=float(figures["costs"]),
        p10=_maybe(mc.get("p10")),
        p90=_maybe(mc.get("p90")),
        prob_positive=_maybe(mc.get("prob_positive")),
        urgency=case.get("urgency"),
        feasibility=case.get("feasibility"),
        tags=tuple(case.get("tags") or ()),
        budget_by_year=budget_by_year(figures),
        case_id=case_id or Path(file).parent.name,
        href=href,
    )


def _maybe(value: Any) -> float | None:
    return None if value is None else float(value)


def budget_by_year(figures: Mapping[str, Any]) -> tuple[BudgetYear, ...]:
    """The finansiell benefits and costs of each year, from the items of `calc --json`.

    Each item's present value per year is turned back into kronor of that year with the case's
    discount weights; the weights come from the same convention the figures state.
    """
    discounting = figures["discounting"]
    rate = float(discounting["rate"])
    shift = 1 if discounting["first_year_discounted"] else 0
    years = figures["by_year"]
    benefits, costs, present = [0.0] * len(years), [0.0] * len(years), [0.0] * len(years)
    for item in figures["items"]:
        if item["category"] != "finansiell":
            continue
        sign = 1.0 if item["direction"] == "nytta" else -1.0
        target = benefits if sign > 0 else costs
        for t, value in enumerate(item["per_year_present"]):
            target[t] += value * (1.0 + rate) ** (t + shift)
            present[t] += sign * value
    return tuple(
        BudgetYear(
            year=row["calendar_year"] or row["year"],
            label=row["label"],
            benefits=benefits[t],
            costs=costs[t],
            net_present=present[t],
            calendar=row["calendar_year"] is not None,
        )
        for t, row in enumerate(years)
    )


def case_figures(case: Case) -> dict[str, Any]:
    """The likely run's part of `calc --json` for a loaded case (no paired runs: faster)."""
    from nyttonb.core.calc import calculate
    from nyttonb.core.figures import case_facts

    return {"case": case_facts(case), **calculate(case).to_dict()}


def row_from_case(case: Case, *, draws: int = MC_DRAWS, seed: int | None = None) -> PortfolioRow:
    """The row for a loaded case: its figures and a Monte Carlo run (the report's seed)."""
    from nyttonb.core.calc import calculate, compile_case
    from nyttonb.core.figures import case_facts
    from nyttonb.core.uncertainty import DEFAULT_SEED, monte_carlo

    compiled = compile_case(case)  # once for both runs
    mc = monte_carlo(compiled, draws=draws, seed=DEFAULT_SEED if seed is None else seed)
    figures = {"case": case_facts(case), **calculate(compiled).to_dict()}
    return row_from_figures(figures, mc.to_dict(), file=case.source_path)


def monte_carlo_figures(
    file: str | Path, *, draws: int = MC_DRAWS, seed: int | None = None, **frame: Any
) -> dict[str, Any]:
    """The Monte Carlo summary of a case file under a frame (horizon, discount_rate,
    discount_first_year), for an executed report that did not attach its own."""
    from nyttonb.casefile.load import load_framed
    from nyttonb.core.uncertainty import DEFAULT_SEED, monte_carlo

    case = load_framed(file, **frame)
    return monte_carlo(case, draws=draws, seed=DEFAULT_SEED if seed is None else seed).to_dict()


PARALLEL_FROM = 64
"""With at least this many files, `load_rows` shares them out over `jobs` processes."""


def load_rows(
    files: Iterable[str | Path],
    *,
    tags: Sequence[str] = (),
    draws: int = MC_DRAWS,
    seed: int | None = None,
    jobs: int = 1,
) -> list[PortfolioRow]:
    """Load every case file and make its row; keep those with any of `tags` (all if none).

    Every file is read before anything is returned: all bad files are reported together, in
    the order given. From `PARALLEL_FROM` files on, `jobs` worker processes share the files
    (measured: about 30 ms of CPU per file, two thirds of it the Monte Carlo run).
    """
    names = [str(file) for file in files]
    if jobs > 1 and len(names) >= PARALLEL_FROM:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from itertools import repeat

        size = math.ceil(len(names) / (jobs * 4))
        chunks = [names[i : i + size] for i in range(0, len(names), size)]
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            results = list(pool.map(_rows_of, chunks, repeat(tuple(tags)), repeat(draws),
                                    repeat(seed)))  # fmt: skip
    else:
        results = [_rows_of(names, tuple(tags), draws, seed)]
    rows = [row for chunk, _ in results for row in chunk]
    errors = [error for _, found in results for error in found]
    if errors:
        raise errors[0] if len(errors) == 1 else CaseErrors(errors)
    return rows


def _rows_of(
    files: list[str], tags: tuple[str, ...], draws: int, seed: int | None
) -> tuple[list[PortfolioRow], list[CaseFileError]]:
    """The rows of `files` and their errors (as picklable CaseFileErrors with the whole text)."""
    from nyttonb.casefile.load import load_framed

    rows: list[PortfolioRow] = []
    errors: list[CaseFileError] = []
    for file in files:
        try:
            case = load_framed(file)
        except CaseErrors as error:
            errors += [CaseFileError(str(e)) for e in error.errors]
            continue
        except NyttonbError as error:
            errors.append(CaseFileError(str(error)))
            continue
        if not tags or set(tags) & set(case.tags):
            rows.append(row_from_case(case, draws=draws, seed=seed))
    return rows, errors


def select(
    rows: Iterable[PortfolioRow],
    *,
    tags: Sequence[str] = (),
    files: Sequence[str | Path] = (),
) -> list[PortfolioRow]:
    """The rows with any of `tags` and, if `files` is given, whose file is one of them."""
    wanted = {Path(f).resolve() for f in files}
    return [
        row
        for row in rows
        if (not tags or set(tags) & set(row.tags))
        and (not wanted or Path(row.file).resolve() in wanted)
    ]


SORT_KEYS: dict[str, str] = {
    "net_benefit": "Nettonytta",
    "financial_net_benefit": "Finansiell nettonytta",
    "net_benefit_per_krona": "Nettonytta per satsad krona",
    "break_even_year": "År då nyttorna överstiger kostnaderna",
    "freed_fte": "Frigjorda årsarbetskrafter per år (genomsnitt)",
    "p10": "P10",
    "p90": "P90",
    "prob_positive": "Sannolikhet för positiv nettonytta",
    "urgency": "Angelägenhet",
    "feasibility": "Genomförbarhet",
    "costs": "Kostnader",
    "organisation": "Organisation",
    "case": "Fall",
    "file": "Fil",
}
"""The keys `rank` sorts by, with their Swedish names."""

_ASCENDING = {"break_even_year", "costs", "organisation", "case", "file"}


def rank(rows: Iterable[PortfolioRow], key: str = "net_benefit") -> list[PortfolioRow]:
    """The rows best first by `key`: largest first for figures, earliest break-even year,
    smallest cost, alphabetical for texts; rows without a value last, ties by file."""
    if key not in SORT_KEYS:
        hint = did_you_mean(key, SORT_KEYS)
        raise ParameterError(
            f"'{key}' går inte att sortera efter" + (f"; {hint}" if hint else "."),
            fix="Välj en av: " + ", ".join(SORT_KEYS) + ".",
        )
    ascending = key in _ASCENDING
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    if isinstance(getattr(present[0], key, None), str) if present else False:
        present.sort(key=lambda r: (str(getattr(r, key)).casefold(), r.file))
    else:
        sign = 1.0 if ascending else -1.0
        present.sort(key=lambda r: (sign * float(getattr(r, key)), r.file))
    return present + sorted(missing, key=lambda r: r.file)


def _budget_sum(rows: Iterable[PortfolioRow]) -> list[dict[str, Any]]:
    """The budget years of `rows` with the same label summed, in year order."""
    years: dict[str, dict[str, Any]] = {}
    for row in rows:
        for y in row.budget_by_year:
            entry = years.setdefault(
                y.label,
                {
                    "year": y.year,
                    "label": y.label,
                    "calendar": y.calendar,
                    "benefits": [],
                    "costs": [],
                    "present": [],
                },
            )
            entry["benefits"].append(y.benefits)
            entry["costs"].append(y.costs)
            entry["present"].append(y.net_present)
    return [
        BudgetYear(
            e["year"],
            e["label"],
            math.fsum(e["benefits"]),
            math.fsum(e["costs"]),
            math.fsum(e["present"]),
            e["calendar"],
        ).to_dict()
        for e in sorted(years.values(), key=lambda e: e["year"])
    ]


def totals(rows: Iterable[PortfolioRow]) -> dict[str, Any]:
    """What a set of analyses adds up to: net benefit, financial net benefit, freed time
    (årsarbetskrafter per år, each analysis's average over its horizon), and the budget effect
    per year.

    ``budget_by_year`` sums the calendar years of the analyses with a start year only; the
    analyses without one ("år 1", "år 2" …) are summed apart in ``budget_by_relative_year``
    (år 1 is each analysis's own first year), never into a calendar year.
    """
    rows = list(rows)
    return {
        "net_benefit": math.fsum(r.net_benefit for r in rows),
        "financial_net_benefit": math.fsum(r.financial_net_benefit for r in rows),
        "freed_fte": math.fsum(r.freed_fte for r in rows),
        "budget_by_year": _budget_sum(r for r in rows if r.has_start_year),
        "count": len(rows),
        "freed_hours": math.fsum(r.freed_hours for r in rows),
        "benefits": math.fsum(r.benefits for r in rows),
        "costs": math.fsum(r.costs for r in rows),
        "budget_by_relative_year": _budget_sum(r for r in rows if not r.has_start_year),
    }


def portfolio_dict(rows: Sequence[PortfolioRow]) -> dict[str, Any]:
    """What `nyttonb portfolio --json` prints: ``{rows: [...], totals: {...}}``."""
    return {"rows": [row.to_dict() for row in rows], "totals": totals(rows)}


def default_files(root: Path) -> list[Path]:
    """Every variant under ``root/case_studies`` (``<case>/<variant>.yaml``), sorted; not the
    actuals files (``<variant>.utfall.yaml``) beside them."""
    from nyttonb.casefile.beside import is_actuals_file

    found = (root / "case_studies").glob("*/*.yaml")
    return sorted(f for f in found if not is_actuals_file(f))


__all__ = [
    "MC_DRAWS",
    "SORT_KEYS",
    "BudgetYear",
    "PortfolioRow",
    "budget_by_year",
    "case_figures",
    "default_files",
    "load_rows",
    "monte_carlo_figures",
    "portfolio_dict",
    "rank",
    "row_from_case",
    "row_from_figures",
    "select",
    "totals",
]
