"""Case files: YAML → `nyttonb.model.Case`, with the line and key path of every problem.

Reading goes in four steps, each of which reports every problem it finds as a CaseFileError
(several at once as CaseErrors) with file, line, key path and the fix:

1. the bytes: size, binary content, UTF-8;
2. the YAML (ruamel's round-trip loader, for line numbers): syntax, duplicate keys, tags
   (nothing in a case file is ever constructed as an object), aliases that blow up;
3. the case format (`nyttonb.schema`): keys, types, choices, ranges, references;
4. the formulas (`nyttonb.compiled.compile_case`): names, cycles, units, division by zero.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from nyttonb.errors import CaseErrors, CaseFileError, NyttonbError
from nyttonb.factors import LibraryFactor
from nyttonb.model import (
    Case,
    Correlation,
    CostType,
    Direction,
    EffectChain,
    Factor,
    Item,
    Node,
    Note,
    PublishedFigure,
    SourceType,
    Stakeholder,
    Version,
)

if TYPE_CHECKING:
    from nyttonb.schema import Benefit, CaseFile, FactorRow, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_VALUES = 100_000
"""More values than this (usually aliases of aliases) is not a case file."""
MAX_DEPTH = 40

_YAML_FIX = "Check indentation and quoting near here (see docs/case-format.md)."
_FORMAT_FIX = "Start from the example in docs/case-format.md."
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Path_ = tuple[str | int, ...]


def load_case(
    path: str | Path, *, library: Mapping[str, LibraryFactor] | None = None
) -> Case:
    """Read, check and build the case in a file; raises CaseFileError/FormulaError/UnitError."""
    filename = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise _too_large(size, filename)
        data = Path(path).read_bytes()
    except OSError as error:
        raise CaseFileError(f"cannot read the file ({error.strerror})", file=filename,
                            fix="Check the path and that the file is readable.") from None
    return load_case_text(decode(data, filename), filename=filename, library=library)


def load_case_text(
    text: str, *, filename: str, library: Mapping[str, LibraryFactor] | None = None
) -> Case:
    """Check and build the case in `text` (the contents of `filename`).

    A file that `nyttonb.quick_yaml` reads and that has no problem is built from its quick
    reading; any other file is read (again) with ruamel's round-trip loader, whose lines and
    messages every CaseFileError uses.
    """
    from nyttonb.compiled import compile_case
    from nyttonb.quick_yaml import quick_read

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
    """Every problem in every file, one error each (empty when all files are fine)."""
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
        raise _too_large(len(data), filename)
    if b"\x00" in data:
        raise CaseFileError("the file is binary, not text", file=filename,
                            line=data[: data.index(b"\x00")].count(b"\n") + 1,
                            fix="A case file is YAML text saved as UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError(
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x})", file=filename,
            line=data[: error.start].count(b"\n") + 1,
            fix="Save the file as UTF-8 (in your editor: Save as…, encoding UTF-8).",
        ) from None


def _too_large(size: int, filename: str) -> CaseFileError:
    return CaseFileError(
        f"the file is {size / 1024 / 1024:.1f} MB; a case file is at most "
        f"{MAX_BYTES // 1024 // 1024} MB", file=filename,
        fix="Is this the right file? Split very large data out of the case.",
    )


# --- YAML --------------------------------------------------------------------------------


def read_yaml(text: str, filename: str) -> Any:
    """The YAML document in `text` as ruamel's round-trip data (which knows its lines)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if len(text) > MAX_BYTES:
        raise _too_large(len(text.encode("utf-8", "replace")), filename)
    if "\x00" in text:
        raise CaseFileError("the file is binary, not text", file=filename,
                            line=text[: text.index("\x00")].count("\n") + 1,
                            fix="A case file is YAML text saved as UTF-8.")
    yaml = YAML(typ="rt", pure=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = yaml.load(text)
    except DuplicateKeyError:
        raise _duplicate_key(text, filename) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "the YAML cannot be read"
        column = f" (column {mark.column + 1})" if mark else ""
        raise CaseFileError(f"YAML syntax error: {what}{column}", file=filename,
                            line=mark.line + 1 if mark else None, fix=_YAML_FIX) from None
    except ReaderError as error:
        raise CaseFileError(
            f"the file contains a character YAML does not allow ({error.character!r})",
            file=filename, line=text[: error.position].count("\n") + 1,
            fix="Remove control characters; a case file is plain text.") from None
    except (YAMLError, RecursionError) as error:
        what = "is nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise CaseFileError(f"the YAML cannot be read: {what}", file=filename,
                            fix=_YAML_FIX) from None
    except (ValueError, OverflowError) as error:
        raise CaseFileError(f"a value cannot be read ({error})", file=filename,
                            line=_bad_date_line(text),
                            fix="Check the dates: write them as 2024-03-01.") from None
    except (IndexError, KeyError, TypeError):  # ruamel stumbles on values such as +_
        raise _unreadable_value(text, filename) from None
    if raw is None:
        raise CaseFileError("the file is empty", file=filename, line=1, fix=_FORMAT_FIX)
    if not _is_map(raw):
        raise CaseFileError(f"the top level is {_kind(raw)}, not a mapping of keys",
                            file=filename, line=1, fix=_FORMAT_FIX)
    return raw


def _unreadable_value(text: str, filename: str) -> CaseFileError:
    """The first plain value that ruamel cannot read even on its own, with its line and path."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    def fails(value: str) -> bool:
        try:
            YAML(typ="rt", pure=True).load(f"v: {value}")
        except Exception:
            return True
        return False

    stack: list[tuple[Any, str]] = [(YAML(typ="rt", pure=True).compose(text), "")]
    found: tuple[Any, str] | None = None
    while stack and found is None:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend((v, _join(path, str(k.value))) for k, v in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node.value))))
        elif isinstance(node, ScalarNode) and node.style is None and fails(node.value):
            found = (node, path)
    value = f" '{found[0].value}'" if found else ""
    return CaseFileError(
        f"the value{value} cannot be read: it looks like a number but is not one",
        file=filename, line=found[0].start_mark.line + 1 if found else None,
        path=(found[1] or None) if found else None,
        fix="Write the number with digits only, or put quotes around text (e.g. '+_').",
    )


def _duplicate_key(text: str, filename: str) -> CaseFileError:
    """Both lines of the first key given twice in one mapping (found in the node tree)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    stack: list[tuple[Node, str]] = [(YAML(typ="rt", pure=True).compose(text), "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name, line = str(key.value), key.start_mark.line + 1
                if name in seen:
                    return CaseFileError(
                        f"'{name}' is given twice, on line {seen[name]} and line {line}",
                        file=filename, line=line, path=_join(path, name),
                        fix="Keep one of them (YAML does not merge repeated keys).")
                seen[name] = line
                stack.append((value, _join(path, name)))
        elif isinstance(node, SequenceNode):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(node.value))
    return CaseFileError("a key is given twice", file=filename, fix="Keep one of them.")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _bad_date_line(text: str) -> int | None:
    """The line of the first date that does not exist (2024-02-30), if that is the problem."""
    for number, line in enumerate(text.splitlines(), start=1):
        for found in re.findall(r"(?<![\w.-])(\d{4}-\d{1,2}-\d{1,2})(?![\w.-])", line):
            try:
                date(*map(int, found.split("-")))
            except ValueError:
                return number
    return None


def _is_map(value: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedOrderedMap

    return isinstance(value, CommentedMap) and not isinstance(value, CommentedOrderedMap)


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a single value"


def plain(raw: Any, filename: str) -> Any:
    """Round-trip YAML data as plain dicts, lists and scalars; tags and other constructed
    objects are a CaseFileError (a case file is data only)."""
    from ruamel.yaml.comments import CommentedSeq, TaggedScalar

    count = 0

    def convert(value: Any, path: Path_, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_VALUES or depth > MAX_DEPTH:
            raise CaseFileError(
                f"the file holds more than {MAX_VALUES} values or nests deeper than "
                f"{MAX_DEPTH} levels", file=filename, line=line_of(raw, path),
                path=format_path(path) or None,
                fix="Remove repeated YAML aliases (*name); a case file is small.")
        tag = getattr(getattr(value, "tag", None), "value", None)
        if isinstance(value, TaggedScalar) and tag == "tag:yaml.org,2002:str":
            return str(value.value)
        if tag is None and _is_map(value):
            return {str(k): convert(v, (*path, str(k)), depth + 1) for k, v in value.items()}
        if tag is None and isinstance(value, CommentedSeq):
            return [convert(v, (*path, i), depth + 1) for i, v in enumerate(value)]
        if tag is None and isinstance(value, _SCALARS):
            return _scalar(value)
        raise CaseFileError(
            f"the YAML tag {_tag_name(tag, value)} is not allowed", file=filename,
            line=line_of(raw, path), path=format_path(path) or None,
            fix="Remove the tag (!…): a case file holds only text, numbers, true/false, "
            "dates, lists and mappings.")

    return convert(raw, (), 0)


_SCALARS = (str, int, float, date, type(None))


def _tag_name(tag: str | None, value: Any) -> str:
    if tag is None:
        names = {"bytes": "!!binary", "CommentedSet": "!!set", "CommentedOrderedMap": "!!omap"}
        return names.get(type(value).__name__, f"!!{type(value).__name__}")
    return tag.replace("tag:yaml.org,2002:", "!!")


def _scalar(value: Any) -> Any:
    """ruamel's scalar subclasses (ScalarFloat, TimeStamp, …) as the plain built-in types."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime):
        return datetime(*value.timetuple()[:6])
    return date(value.year, value.month, value.day)


# --- places ------------------------------------------------------------------------------


def parse_path(path: str) -> Path_:
    """A key path as written in messages, split into keys and indexes.

    >>> parse_path("benefits[1].factors.tid_per_brev.formula")
    ('benefits', 1, 'factors', 'tid_per_brev', 'formula')
    """
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path))


def format_path(path: Path_) -> str:
    """The inverse of `parse_path`.

    >>> format_path(("benefits", 2, "category"))
    'benefits[2].category'
    """
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else _join(text, part)[len(text):]
    return text


def line_of(raw: Any, path: Path_) -> int:
    """The 1-based line of a key path in round-trip YAML data, or of its nearest parent."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line = raw.lc.line + 1 if hasattr(raw, "lc") and raw.lc.line is not None else 1
    node = raw
    for part in path:
        if isinstance(node, CommentedMap):
            key = next((k for k in node if str(k) == str(part)), None)
            if key is None:
                break
            line, node = node.lc.key(key)[0] + 1, node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, node = node.lc.item(part)[0] + 1, node[part]
        else:
            break
    return line


# --- the case format ---------------------------------------------------------------------


def build_case(
    raw: Any, filename: str, library: Mapping[str, LibraryFactor] | None = None
) -> Case:
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

    from nyttonb.case_messages import validation_problems
    from nyttonb.schema import CaseFile, cross_reference_problems

    try:
        case_file = CaseFile.model_validate(data)
    except ValidationError as error:
        raise _errors(locate, filename, validation_problems(error.errors())) from None
    problems = cross_reference_problems(case_file)
    if problems:
        raise _errors(locate, filename, problems)
    case, problems = to_case(case_file, filename, library, locate=locate)
    if problems:
        raise _errors(locate, filename, problems)
    return case


def _errors(locate: Locate, filename: str, problems: list[Problem]) -> CaseFileError:
    errors = sorted(
        (CaseFileError(p.message, file=filename, line=locate(p.path),
                       path=format_path(p.path) or None, fix=p.fix) for p in problems),
        key=lambda e: e.line or 0,
    )
    return errors[0] if len(errors) == 1 else CaseErrors(errors)


def to_case(
    case: CaseFile, filename: str, library: Mapping[str, LibraryFactor] | None = None,
    *, raw: Any = None, locate: Locate | None = None,
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
        kind: tuple(_item(item, (kind, i), library, problems, locate((kind, i)))
                    for i, item in enumerate(getattr(case, kind)))
        for kind in ("benefits", "costs")
    }
    built = Case(
        name=case.name, organisation=case.organisation, area=case.area,
        description=case.description, alternative_a=case.alternatives.a,
        alternative_b=case.alternatives.b,
        stakeholders=tuple(Stakeholder(key, s.name, s.type)
                           for key, s in case.stakeholders.items()),
        horizon=case.horizon,
        versions=tuple(Version(v.version, v.date, v.note) for v in case.versions),
        discount_rate=case.discount_rate, discount_first_year=case.discount_first_year,
        start_year=case.start_year, price_level_year=case.price_level_year,
        geography=case.geography, valuation_status=case.valuation_status, contact=case.contact,
        factors=factors, benefits=items["benefits"], costs=items["costs"],
        risks=tuple(Note(n.name, n.description) for n in case.risks),
        hinder=tuple(Note(n.name, n.description) for n in case.hinder),
        opportunities=tuple(Note(n.name, n.description) for n in case.opportunities),
        effect_chain=EffectChain(
            nodes=tuple(Node(n.id, n.label, n.kind) for n in case.effect_chain.nodes),
            edges=tuple(case.effect_chain.edges),
        ),
        texts=tuple(case.texts.items()),
        published=tuple(PublishedFigure(p.label, p.value, p.unit, p.source, p.compare)
                        for p in case.published),
        correlations=tuple(Correlation(c.factors[0], c.factors[1], c.rho)
                           for c in case.correlations),
        source_path=filename,
    )
    return built, problems


def _item(
    item: Benefit, where: Path_, library: Mapping[str, LibraryFactor] | None,
    problems: list[Problem], line: int,
) -> Item:
    cost_type: CostType | None = getattr(item, "cost_type", None)
    default = (1.0, 0.0) if cost_type is CostType.ONE_OFF else (1.0,)
    shares = item.stakeholders or {str(item.stakeholder): 1.0}
    return Item(
        id=item.id, name=item.name, description=item.description, category=item.category,
        direction=Direction.BENEFIT if where[0] == "benefits" else Direction.COST,
        stakeholders=tuple(shares.items()), formula=item.formula,
        per_year=tuple(item.per_year) if item.per_year else default, size=item.size,
        cost_type=cost_type, hours=item.hours,
        factors=tuple(_factors(item.factors, f"{item.id}.", (*where, "factors"), library,
                               problems)),
        line=line,
    )


def _factors(
    rows: Mapping[str, FactorRow], prefix: str, where: Path_,
    library: Mapping[str, LibraryFactor] | None, problems: list[Problem],
) -> Iterable[Factor]:
    from nyttonb.factors import lookup
    from nyttonb.schema import Problem, range_problem

    for name, row in rows.items():
        path = (*where, name)
        if row.library is None:
            likely = row.likely if row.likely is not None else 0.0
            yield Factor(prefix + name, name, label=row.label or name, unit=row.unit or "",
                         likely=likely, low=_or(row.low, likely), high=_or(row.high, likely),
                         source=row.source,
                         source_type=row.source_type or SourceType.ASSUMPTION,
                         formula=row.formula)
            continue
        try:
            standard = lookup(row.library, library)
        except CaseFileError as error:
            problems.append(Problem((*path, "library"), error.message, error.fix or ""))
            continue
        likely = _or(row.likely, standard.value)
        factor = Factor(
            prefix + name, name, label=row.label or standard.label,
            unit=_or(row.unit, standard.unit), likely=likely,
            low=_or(row.low, likely), high=_or(row.high, likely),
            source=row.source or standard.source,
            source_type=row.source_type or SourceType.STANDARD, library=row.library,
        )
        found = range_problem(factor.low, factor.likely, factor.high, factor.unit)
        if found:
            problems.append(Problem((*path, found[0]), found[1], found[2]))
        yield factor


_T = TypeVar("_T")


def _or(value: _T | None, default: _T) -> _T:
    return default if value is None else value
