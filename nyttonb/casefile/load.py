"""Case files: YAML → `nyttonb.core.model.Case`, with the line and key path of every problem.

Reading goes in four steps, each of which reports every problem it finds as a CaseFileError
(several at once as CaseErrors) with file, line, key path and the fix:

1. the bytes: size, binary content, UTF-8;
2. the YAML (`nyttonb.casefile.yaml_full`: ruamel's round-trip loader, for line numbers): syntax,
   duplicate keys, tags (nothing in a case file is ever constructed as an object), aliases
   that blow up;
3. the case format (`nyttonb.casefile.schema`): keys, types, choices, ranges, references;
4. the formulas (`nyttonb.core.compiled.compile_case`): names, cycles, units, division by zero.

A file without problems is usually read by `nyttonb.casefile.yaml_quick` (libyaml) instead of
step 2, fifteen times faster; wherever that reader is unsure, and for every file with a problem, the
steps above run as written, so that every message comes from them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nyttonb.casefile.factors import LibraryFactor
from nyttonb.casefile.indices import case_indices, index_problems
from nyttonb.casefile.yaml_full import (
    MAX_BYTES,
    format_path,
    line_of,
    parse_path,
    plain,
    read_yaml,
    too_large,
)
from nyttonb.core.frame import apply_frame
from nyttonb.core.model import (
    Baseline,
    Case,
    Correlation,
    CostType,
    Direction,
    EffectChain,
    Factor,
    Indicator,
    Item,
    Node,
    Note,
    PlanRisk,
    PublishedFigure,
    Realisation,
    SourceType,
    Stakeholder,
    Target,
    UncertaintyAssessment,
    Version,
)
from nyttonb.errors import CaseErrors, CaseFileError, NyttonbError, os_reason

if TYPE_CHECKING:
    from nyttonb.casefile import plan_schema
    from nyttonb.casefile.schema import Benefit, CaseFile, FactorRow, Problem

Path_ = tuple[str | int, ...]


def load_case(path: str | Path, *, library: Mapping[str, LibraryFactor] | None = None) -> Case:
    """Read, check and build the case in a file; raises CaseFileError/FormulaError/UnitError."""
    from nyttonb.casefile.limits import read_bounded

    filename = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise too_large(size, filename)
        data = read_bounded(Path(path), filename)
    except OSError as error:
        raise CaseFileError(
            f"filen går inte att läsa ({os_reason(error)})",
            file=filename,
            fix="Kontrollera sökvägen och att du har rätt att läsa filen.",
        ) from None
    return load_case_text(decode(data, filename), filename=filename, library=library)


def load_case_text(
    text: str, *, filename: str, library: Mapping[str, LibraryFactor] | None = None
) -> Case:
    """Check and build the case in `text` (the contents of `filename`).

    A file that `nyttonb.casefile.yaml_quick` reads and that has no problem is built from its quick
    reading; any other file is read (again) with ruamel's round-trip loader, whose lines and
    messages every CaseFileError uses.
    """
    from nyttonb.casefile.limits import check_nesting
    from nyttonb.casefile.yaml_quick import quick_read
    from nyttonb.core.compiled import compile_case

    if len(text) > MAX_BYTES:
        raise too_large(len(text.encode("utf-8", "replace")), filename)
    check_nesting(text, filename)
    # One spelling of every letter: some editors (macOS) write "ö" as "o" + a combining
    # diaeresis, which would otherwise not match "omfördelning".
    text = unicodedata.normalize("NFC", text)
    quick = quick_read(text) if len(text) <= MAX_BYTES and "\x00" not in text else None
    if quick is not None:
        try:
            case = _build(quick.data, quick.line, filename, library)
            compile_case(case)
        except NyttonbError:
            pass  # the full reader below says what is wrong, and where
        else:
            return case
    raw = read_yaml(text, filename)
    case = build_case(raw, filename, library)
    try:
        compile_case(case)
    except NyttonbError as error:
        line = line_of(raw, parse_path(error.path or ""))
        raise error.located(file=filename, line=line) from None
    return case


def check_files(paths: Iterable[str | Path]) -> list[NyttonbError]:
    """Every problem in every case file, one error each (empty when all files are fine).

    `nyttonb.casefile.check.check_files` checks actuals files too."""
    problems: list[NyttonbError] = []
    for path in paths:
        try:
            load_case(path)
        except CaseErrors as errors:
            problems.extend(errors.errors)
        except NyttonbError as error:
            problems.append(error)
    return problems


def decode(data: bytes, filename: str) -> str:
    """The text of a case file's bytes; a binary or non-UTF-8 file is a CaseFileError."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data), filename)
    if b"\x00" in data:
        raise CaseFileError(
            "filen är binär, inte text",
            file=filename,
            line=data[: data.index(b"\x00")].count(b"\n") + 1,
            fix="Spara fallfilen som YAML-text i UTF-8.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError(
            f"filen är inte text i UTF-8 (byte 0x{data[error.start]:02x})",
            file=filename,
            line=data[: error.start].count(b"\n") + 1,
            fix="Spara filen som UTF-8 (i redigeraren: Spara som…, teckenkodning UTF-8).",
        ) from None


# --- the case format ---------------------------------------------------------------------


def build_case(raw: Any, filename: str, library: Mapping[str, LibraryFactor] | None = None) -> Case:
    """Round-trip YAML data checked against the case format and built into a Case.

    Formulas are not checked here (`load_case_text` does that with `compile_case`).
    """
    data = plain(raw, filename)
    return _build(data, lambda path: line_of(raw, path), filename, library)


Locate = Callable[[Path_], int]
"""The 1-based line of a key path in a case file."""


def _build(
    data: Any, locate: Locate, filename: str, library: Mapping[str, LibraryFactor] | None
) -> Case:
    """Plain case data checked against the case format and built into a Case."""
    from pydantic import ValidationError

    from nyttonb.casefile.messages import validation_problems
    from nyttonb.casefile.plans import plan_problems
    from nyttonb.casefile.schema import CaseFile, cross_reference_problems

    try:
        case_file = CaseFile.model_validate(data)
    except ValidationError as error:
        raise _errors(locate, filename, validation_problems(error.errors())) from None
    problems = cross_reference_problems(case_file) + plan_problems(case_file)
    if problems:
        raise _errors(locate, filename, problems)
    case, problems = to_case(case_file, filename, library, locate=locate)
    if problems:
        raise _errors(locate, filename, problems)
    return case


def _errors(locate: Locate, filename: str, problems: list[Problem]) -> CaseFileError:
    errors = sorted(
        (
            CaseFileError(
                p.message,
                file=filename,
                line=locate(p.path),
                path=format_path(p.path) or None,
                fix=p.fix,
            )
            for p in problems
        ),
        key=lambda e: e.line or 0,
    )
    return errors[0] if len(errors) == 1 else CaseErrors(errors)


def to_case(
    case: CaseFile,
    filename: str,
    library: Mapping[str, LibraryFactor] | None = None,
    *,
    raw: Any = None,
    locate: Locate | None = None,
) -> tuple[Case, list[Problem]]:
    """The immutable Case for a checked case file, and any problem with library factors.

    Library references are resolved (`library` defaults to the shipped one); `locate` (or
    `raw`, the round-trip YAML) gives each item its line.
    """
    problems: list[Problem] = []
    if locate is None:
        lines = raw if raw is not None else {}

        def locate(path: Path_) -> int:
            return line_of(lines, path)

    factors = tuple(_factors(case.factors, "", ("factors",), library, problems))
    items = {
        kind: tuple(
            _item(item, (kind, i), library, problems, locate((kind, i)))
            for i, item in enumerate(getattr(case, kind))
        )
        for kind in ("benefits", "costs")
    }
    built = Case(
        name=case.name,
        organisation=case.organisation,
        area=case.area,
        description=case.description,
        alternative_a=case.alternatives.a,
        alternative_b=case.alternatives.b,
        stakeholders=tuple(
            Stakeholder(key, s.name, s.type) for key, s in case.stakeholders.items()
        ),
        horizon=case.horizon,
        versions=tuple(Version(v.version, v.date, v.note) for v in case.versions),
        discount_rate=case.discount_rate,
        discount_first_year=case.discount_first_year,
        start_year=case.start_year,
        price_level_year=case.price_level_year,
        geography=case.geography,
        valuation_status=case.valuation_status,
        contact=case.contact,
        factors=factors,
        benefits=items["benefits"],
        costs=items["costs"],
        risks=tuple(Note(n.name, n.description) for n in case.risks),
        hinder=tuple(Note(n.name, n.description) for n in case.hinder),
        opportunities=tuple(Note(n.name, n.description) for n in case.opportunities),
        effect_chain=EffectChain(
            nodes=tuple(Node(n.id, n.label, n.kind) for n in case.effect_chain.nodes),
            edges=tuple(case.effect_chain.edges),
        ),
        texts=tuple((k, v) for k, v in case.texts.model_dump().items() if v),
        uncertainty_assessment=UncertaintyAssessment(**case.uncertainty_assessment.model_dump()),
        reference_analysis=case.reference_analysis,
        published=tuple(
            PublishedFigure(p.label, p.value, p.unit, p.source, p.compare, p.years)
            for p in case.published
        ),
        correlations=tuple(
            Correlation(c.factors[0], c.factors[1], c.rho) for c in case.correlations
        ),
        source_path=filename,
        price_index=case.price_index,
        indices=case_indices(case.indices),
        tags=tuple(case.tags),
        urgency=case.urgency,
        feasibility=case.feasibility,
    )
    problems += index_problems(built)
    return built, problems


def _item(
    item: Benefit,
    where: Path_,
    library: Mapping[str, LibraryFactor] | None,
    problems: list[Problem],
    line: int,
) -> Item:
    cost_type: CostType | None = getattr(item, "cost_type", None)
    default = (1.0, 0.0) if cost_type is CostType.ONE_OFF else (1.0,)
    shares = item.stakeholders or {str(item.stakeholder): 1.0}
    return Item(
        id=item.id,
        name=item.name,
        description=item.description,
        category=item.category,
        direction=Direction.BENEFIT if where[0] == "benefits" else Direction.COST,
        stakeholders=tuple(shares.items()),
        formula=item.formula,
        per_year=tuple(item.per_year) if item.per_year else default,
        size=item.size,
        cost_type=cost_type,
        hours=item.hours,
        factors=tuple(
            _factors(item.factors, f"{item.id}.", (*where, "factors"), library, problems)
        ),
        line=line,
        realisation=_realisation(item.realisation),
    )


def _realisation(plan: plan_schema.Realisation | None) -> Realisation | None:
    if plan is None:
        return None
    base, freed = plan.baseline, plan.freed_resources
    return Realisation(
        indicator=Indicator(plan.indicator.name, plan.indicator.unit, plan.indicator.method),
        target=Target(plan.target.value, plan.target.year),
        realising=plan.responsible.realising,
        measuring=plan.responsible.measuring,
        measured_when=plan.measured_when,
        baseline=Baseline(base.value, base.date, base.source) if base else None,
        freed_use=freed.use if freed else None,
        freed_use_text=freed.description if freed else "",
        preconditions=tuple(plan.preconditions),
        risks=tuple(PlanRisk(r.name, r.handling) for r in plan.risks),
    )


def _factors(
    rows: Mapping[str, FactorRow],
    prefix: str,
    where: Path_,
    library: Mapping[str, LibraryFactor] | None,
    problems: list[Problem],
) -> Iterable[Factor]:
    from nyttonb.casefile.factors import lookup
    from nyttonb.casefile.schema import Problem, range_problem

    for name, row in rows.items():
        path = (*where, name)
        if row.library is None:
            likely = row.likely if row.likely is not None else 0.0
            yield Factor(
                prefix + name,
                name,
                label=row.label or name,
                unit=row.unit or "",
                likely=likely,
                low=_or(row.low, likely),
                high=_or(row.high, likely),
                source=row.source,
                source_type=row.source_type or SourceType.ASSUMPTION,
                formula=row.formula,
                year=row.year,
                index=row.index,
            )
            continue
        try:
            standard = lookup(row.library, library)
        except CaseFileError as error:
            problems.append(Problem((*path, "library"), error.message, error.fix or ""))
            continue
        likely = _or(row.likely, standard.value)
        factor = Factor(
            prefix + name,
            name,
            label=row.label or standard.label,
            unit=_or(row.unit, standard.unit),
            likely=likely,
            low=_or(row.low, likely),
            high=_or(row.high, likely),
            source=row.source or standard.source,
            source_type=row.source_type or SourceType.STANDARD,
            library=row.library,
            # the library's value carries its year; a value of the case's own carries the row's
            year=row.year if row.year is not None or row.likely is not None else standard.year,
            index=row.index,
        )
        found = range_problem(
            factor.low, factor.likely, factor.high, factor.unit, may_exceed_one=row.may_exceed_one
        )
        if found:
            problems.append(Problem((*path, found[0]), found[1], found[2]))
        yield factor


_T = TypeVar("_T")


def _or(value: _T | None, default: _T) -> _T:
    return default if value is None else value


def load_framed(
    file: str | Path,
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
) -> Case:
    """Load a case file and apply any change of horizon, rate or first-year convention."""
    return apply_frame(
        load_case(file),
        horizon=horizon,
        discount_rate=discount_rate,
        discount_first_year=discount_first_year,
    )
