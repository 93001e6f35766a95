"""Write a variant of a case file: the same case with other factor values or another frame.

The explorer's "Spara som variant…" button ends here. The original file is read with ruamel's
round-trip loader, so comments, key order and flow style survive; only the values that changed
are written, a version entry is appended, and the result goes to a *new* file in one step (a
temporary file beside it, checked with `load_case`, then linked into place). An existing file
is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nyttonb.core.model import Case, Factor
from nyttonb.errors import CaseFileError, NyttonbError, did_you_mean


def write_variant(
    case_path: str | Path,
    new_path: str | Path,
    factor_values: Mapping[str, float],
    *,
    horizon: int | None = None,
    discount_rate: float | None = None,
    discount_first_year: bool | None = None,
    note: str,
) -> Path:
    """Write `case_path` with other factor values and frame to the new file `new_path`.

    `factor_values` maps factor keys (``"timkostnad"`` for a shared factor,
    ``"item_id.name"`` for an item's own row) to likely values in the factor's own unit. A
    value outside the factor's range widens `low` or `high`, so low ≤ likely ≤ high holds; a
    factor taken from the library gets an explicit `likely`. Returns the path written.

    Raises `CaseFileError` when `new_path` exists, its folder does not, a key is unknown or
    derived, or the written file would not load; `ParameterError` for a frame out of range.
    """
    from nyttonb.casefile.load import load_case
    from nyttonb.core.frame import apply_frame

    source, target = Path(case_path), Path(new_path)
    _check_target(target)
    case = load_case(source)
    apply_frame(
        case, horizon=horizon, discount_rate=discount_rate, discount_first_year=discount_first_year
    )
    yaml = _yaml()
    data = yaml.load(source.read_text(encoding="utf-8"))
    changed = {key: float(value) for key, value in factor_values.items()}
    for key, value in changed.items():
        factor = _factor(case, key, source)
        if value != factor.likely:
            _set_factor(_factor_node(data, factor, source), factor, value)
    frame = {
        "horizon": horizon,
        "discount_rate": discount_rate,
        "discount_first_year": discount_first_year,
    }
    for key, frame_value in frame.items():
        if frame_value is not None and frame_value != getattr(case, key):
            _set(data, key, _plain(frame_value), after="horizon")
    _append_version(data, note)
    return _write_new(target, data, yaml, changed)


def next_version(versions: list[str]) -> str:
    """The next minor version after the highest of `versions`.

    >>> next_version(["1.0", "1.9"])
    '1.10'
    >>> next_version(["2", "1.3"])
    '2.1'
    >>> next_version([])
    '1.0'
    """
    parsed = [_parse_version(v) for v in versions]
    numbered = [p for p in parsed if p is not None]
    if not numbered:
        return "1.0"
    major, minor = max(numbered)
    return f"{major}.{minor + 1}"


def _parse_version(text: str) -> tuple[int, int] | None:
    parts = str(text).strip().split(".")
    try:
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: comments, order and flow style are kept
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap: the case files round-trip byte for byte
    return yaml


def _exists(target: Path) -> CaseFileError:
    return CaseFileError(
        "filen finns redan och skrivs aldrig över.",
        file=str(target),
        fix="Välj ett nytt filnamn.",
    )


def _check_target(target: Path) -> None:
    if target.exists():
        raise _exists(target)
    if not target.parent.is_dir():
        raise CaseFileError(
            f"mappen {target.parent} finns inte.",
            file=str(target),
            fix="Välj ett filnamn i en mapp som finns.",
        )


def _factor(case: Case, key: str, source: Path) -> Factor:
    try:
        factor = case.factor(key)
    except KeyError:
        hint = did_you_mean(key, [f.key for f in case.all_factors])
        raise CaseFileError(
            f"'{key}' är ingen faktor i det här fallet" + (f"; {hint}" if hint else "."),
            file=str(source),
            fix="Använd namnet på en gemensam faktor, eller 'id.namn' för en faktor som hör "
            "till en nytta eller kostnad.",
        ) from None
    if factor.derived:
        raise CaseFileError(
            f"'{key}' räknas fram med formeln '{factor.formula}' och har inget eget värde.",
            file=str(source),
            fix="Ändra i stället de faktorer som formeln använder.",
        )
    return factor


def _factor_node(data: Any, factor: Factor, source: Path) -> Any:
    """The YAML mapping of `factor`: under `factors` for a shared one, else in its item."""
    if "." not in factor.key:
        return data["factors"][factor.name]
    item_id = factor.key.split(".", 1)[0]
    for section in ("benefits", "costs"):
        for item in data.get(section) or ():
            if item.get("id") == item_id:
                return item["factors"][factor.name]
    raise CaseFileError(
        f"ingen nytta eller kostnad har id '{item_id}'.",
        file=str(source),
        fix="Ange id för en nytta eller kostnad i fallet.",
    )


def _set_factor(node: Any, factor: Factor, value: float) -> None:
    """Set `likely`; keep the range as it was, widened to include the new value."""
    _set(node, "likely", _plain(value), after="library" if "library" in node else "unit")
    low, high = min(factor.low, value), max(factor.high, value)
    if "low" not in node or low != factor.low:
        _set(node, "low", _plain(low), after="likely")
    if "high" not in node or high != factor.high:
        _set(node, "high", _plain(high), after="low")
    if factor.year is not None and "year" not in node:
        # the value is in the same year's prices as before (a library value's year would
        # otherwise be lost once the row has a likely of its own)
        _set(node, "year", factor.year, after="high")


def _set(node: Any, key: str, value: Any, *, after: str) -> None:
    """Set `key`, inserting a new key right after `after` (or at the end) to keep order."""
    if key in node:
        node[key] = value
        return
    keys = list(node)
    position = keys.index(after) + 1 if after in keys else len(keys)
    node.insert(position, key, value)


def _plain(value: float | int | bool) -> float | int | bool:
    """A value as YAML should show it: 380 rather than 380.0."""
    if isinstance(value, bool):
        return value
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _append_version(data: Any, note: str) -> None:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    versions = data["versions"]
    entry = CommentedMap()
    entry["version"] = DoubleQuotedScalarString(next_version([v["version"] for v in versions]))
    entry["date"] = dt.date.today()
    entry["note"] = note
    if versions and getattr(versions[-1], "fa", None) is not None and versions[-1].fa.flow_style():
        entry.fa.set_flow_style()
    versions.append(entry)


def _write_new(target: Path, data: Any, yaml: Any, changed: Mapping[str, float]) -> Path:
    """Write to a temporary file, check that it loads with the new values, then move it in."""
    from nyttonb.casefile.load import load_case

    fd, temp_name = tempfile.mkstemp(prefix=".variant-", suffix=target.suffix, dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            yaml.dump(data, stream)
        try:
            written = load_case(temp)
        except NyttonbError as error:
            error.file = str(target)
            raise
        for key, value in changed.items():
            if written.factor(key).likely != value:  # a bug in this module, not a user error
                raise CaseFileError(
                    f"'{key}' came out as {written.factor(key).likely}, not {value}."
                )
        _link_into_place(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def _link_into_place(temp: Path, target: Path) -> None:
    """Put `temp` at `target` in one step, failing rather than replacing an existing file."""
    try:
        os.link(temp, target)  # atomic and never overwrites
    except FileExistsError:
        raise _exists(target) from None
    except OSError:  # a file system without hard links: check, then replace
        _check_target(target)
        os.replace(temp, target)
