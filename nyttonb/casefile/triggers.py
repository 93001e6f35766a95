"""Kontrolltriggers: the sanity checks of Inera's and SKR's reference analyses, as `nyttonb
check` warnings for a case that says which reference analysis it follows
(``reference_analysis: digital-nattillsyn``).

A warning is not an error: the case is valid and calculates, but a value looks like one of the
mistakes the reference analysis's Excel guide warns about (all night visits counted instead of
pure supervision visits, a whole route instead of the round trip per visit, own staff and an
external provider both counted...). Each warning names the factor or item, what looks wrong,
and what to check. The checks find the factors by the reference analysis's names
(docs/case-format.md lists them); a case without such a factor skips that check.

Source: the Excel guides of the reference analyses in Inera's knowledge base (KB06), as
summarised in ../shared/domain/inera-excel.md ("Kontrolltriggers").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nyttonb.core.model import Case, Direction, Factor, Item, ReferenceAnalysis, SourceType
from nyttonb.core.units import parse_unit
from nyttonb.errors import NyttonbError

Path_ = tuple[str | int, ...]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class CheckWarning:
    """One kontrolltrigger that fired: where, what looks wrong, and what to check."""

    path: Path_
    message: str
    check: str
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        from nyttonb.casefile.yaml_full import format_path

        where = self.file + (f":{self.line}" if self.line else "") + ": " if self.file else ""
        return f"{where}varning: {format_path(self.path)}: {self.message} {self.check}"


# --- reading the case by the reference analysis's names --------------------------------------


def _factors(case: Case, name: str) -> list[Factor]:
    return [f for f in case.all_factors if f.name == name]


def _factor_path(case: Case, factor: Factor) -> Path_:
    if "." not in factor.key:
        return ("factors", factor.name)
    item_id = factor.key.split(".", 1)[0]
    for kind in ("benefits", "costs"):
        for index, item in enumerate(getattr(case, kind)):
            if item.id == item_id:
                return (kind, index, "factors", factor.name)
    return ("factors", factor.name)


def _item_path(case: Case, item: Item) -> Path_:
    kind = "benefits" if item.direction == Direction.BENEFIT else "costs"
    return (kind, getattr(case, kind).index(item))


def _in(factor: Factor, unit: str) -> float | None:
    """The factor's likely value in `unit`, or None when its unit is of another kind."""
    try:
        mine, target = parse_unit(factor.unit), parse_unit(unit)
    except NyttonbError:
        return None
    if not mine.same_kind(target):
        return None
    return factor.likely * mine.scale / target.scale


def _number(x: float) -> str:
    """A value as a Swedish reader writes it (casefile may not use `nyttonb.present`).

    >>> _number(4.444), _number(400.0)
    ('4,4', '400')
    """
    return f"{round(x, 1):g}".replace(".", ",")


def _named(case: Case, names: Iterable[str]) -> list[Item]:
    """The valued costs whose formula names one of `names`."""
    wanted = set(names)
    return [
        item for item in case.costs if item.formula and wanted & set(_NAME.findall(item.formula))
    ]


# --- digital nattillsyn ----------------------------------------------------------------------

REFERENCE_VISIT_MINUTES = 5.0
OPERATION_HOURS = (25.0, 400.0)
CHANGE_HOURS_PER_BRUKARE = 400.0 / 90.0
"""Reference: a kommun used 400 h of change management for 90 brukare."""


@dataclass(frozen=True, slots=True)
class _Rule:
    """A kontrolltrigger on one factor: fires on its likely value in `unit`."""

    factor: str
    unit: str
    fires: Callable[[float, Factor], bool]
    message: str
    """What looks wrong; ``{value}`` is the factor's likely value."""
    check: str


def _differs(standard: float) -> Callable[[float, Factor], bool]:
    """Fires when a value differs from the reference's standard without a local source."""

    def fires(value: float, factor: Factor) -> bool:
        return abs(value - standard) > 1e-9 and factor.source_type is not SourceType.LOCAL

    return fires


_NATTILLSYN_RULES = (
    _Rule(
        "besokstid",
        "min",
        lambda v, _: v > 2 * REFERENCE_VISIT_MINUTES,
        "{value} min per tillsynsbesök är mycket längre än referensanalysens 5 min.",
        "Räknas annan omvårdnad med? Bara besök som enbart är tillsyn kan ersättas, inte "
        "toalettbesök eller personlig omvårdnad.",
    ),
    _Rule(
        "besok_per_natt",
        "st",
        lambda v, _: v > 3,
        "{value} tillsynsbesök per brukare och natt.",
        "Kontrollera att bara rena tillsynsbesök räknas, inte alla nattliga besök.",
    ),
    _Rule(
        "km_per_besok",
        "km",
        lambda v, _: v > 30,
        "{value} km per besök ser ut som en hel körslinga.",
        "Ange den genomsnittliga sträckan tur och retur per besök, inte hela rutten.",
    ),
    _Rule(
        "personal_per_besok",
        "st",
        lambda v, _: v >= 2,
        "{value} personal per besök multiplicerar den frigjorda tiden.",
        "Gäller det alla besök? Om det varierar mellan 1 och 2, använd ett försiktigt genomsnitt.",
    ),
    _Rule(
        "drifttimmar",
        "h/år",
        lambda v, _: not OPERATION_HOURS[0] <= v <= OPERATION_HOURS[1],
        "{value} h per år för drift, support och förvaltning ligger utanför de 25–400 h per år "
        "som kommuner har använt.",
        "Kontrollera timmarna, eller ange källan till ert värde.",
    ),
    _Rule(
        "timmar_utbildning",
        "h",
        _differs(1.0),
        "{value} h utbildning per person avviker från referensanalysens standardvärde 1 h.",
        "Ange en lokal källa (source_type: lokal) om ni har en.",
    ),
    _Rule(
        "timmar_installation",
        "h",
        _differs(2.0),
        "{value} h per brukare för installation, information och registrering avviker från "
        "referensanalysens standardvärde 2 h.",
        "Ange en lokal källa (source_type: lokal) om ni har en.",
    ),
)


def _nattillsyn(case: Case) -> list[CheckWarning]:
    found: list[CheckWarning] = []
    for rule in _NATTILLSYN_RULES:
        for factor in _factors(case, rule.factor):
            value = _in(factor, rule.unit)
            if value is not None and rule.fires(value, factor):
                message = rule.message.format(value=_number(value))
                found.append(CheckWarning(_factor_path(case, factor), message, rule.check))
    return found + _change_management(case) + _own_staff_and_provider(case)


def _change_management(case: Case) -> list[CheckWarning]:
    brukare = next((f.likely for f in _factors(case, "brukare")), None)
    if not brukare:
        return []
    found = []
    for factor in _factors(case, "forandringstimmar"):
        hours = _in(factor, "h")
        if hours is not None and hours / brukare < CHANGE_HOURS_PER_BRUKARE / 2:
            found.append(
                CheckWarning(
                    _factor_path(case, factor),
                    f"{_number(hours)} h förändringsledning för {_number(brukare)} brukare är "
                    f"mycket lite jämfört med referensen (400 h för 90 brukare, "
                    f"{_number(CHANGE_HOURS_PER_BRUKARE)} h per brukare).",
                    "Räkna med tid för nya rutiner, information och personalens oro.",
                )
            )
    return found


def _own_staff_and_provider(case: Case) -> list[CheckWarning]:
    provider = _named(case, ("pris_per_tillsyn",))
    own = _named(case, ("timmar_per_natt", "personer_per_natt"))
    if not provider or not own:
        return []
    later = max(provider[0], own[0], key=lambda item: case.costs.index(item))
    return [
        CheckWarning(
            _item_path(case, later),
            f"Både egen personal ('{own[0].name}') och extern leverantör ('{provider[0].name}') "
            "räknas för tillsynen.",
            "Räkna bara ett av de två, annars räknas samma kostnad två gånger.",
        )
    ]


CHECKS: dict[ReferenceAnalysis, Callable[[Case], list[CheckWarning]]] = {
    ReferenceAnalysis.DIGITAL_NATTILLSYN: _nattillsyn,
}
"""The reference analyses whose kontrolltriggers nyttonb runs; the others have none yet."""


def reference_warnings(case: Case) -> list[CheckWarning]:
    """The kontrolltriggers of the case's reference analysis that fire, without file or line."""
    if case.reference_analysis is None or case.reference_analysis not in CHECKS:
        return []
    return CHECKS[case.reference_analysis](case)


def file_warnings(path: str | Path) -> list[CheckWarning]:
    """The kontrolltriggers that fire for a case file, with its name and each warning's line.

    A file that cannot be read has no warnings (`check_files` reports its errors).
    """
    from dataclasses import replace

    from nyttonb.casefile.load import load_case
    from nyttonb.casefile.yaml_full import line_of, read_yaml

    try:
        case = load_case(path)
    except NyttonbError:
        return []
    found = reference_warnings(case)
    if not found:
        return []
    raw = read_yaml(Path(path).read_text(encoding="utf-8-sig"), str(path))
    return [replace(w, file=str(path), line=line_of(raw, w.path)) for w in found]


__all__ = ["CHECKS", "CheckWarning", "file_warnings", "reference_warnings"]
