"""Import a workbook in nyttonb's Excel layout back into a case file.

The workbook is read (never run: see `nyttonb.workbook.cells`), turned into case-file data,
written as YAML and checked with the case loader before anything is written; a problem is a
`WorkbookError` naming the sheet and cell (``Värde nyttor!D14: …``) and what to do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nyttonb.atomic import write_atomically
from nyttonb.core.model import Case
from nyttonb.errors import CaseErrors, NyttonbError
from nyttonb.workbook.cells import open_book
from nyttonb.workbook.export import WorkbookError, check_target
from nyttonb.workbook.read_texts import read_not_valued, read_notes, read_start
from nyttonb.workbook.read_values import Reader, read_values

_ORDER = (
    "name",
    "organisation",
    "area",
    "geography",
    "description",
    "alternatives",
    "stakeholders",
    "start_year",
    "horizon",
    "discount_rate",
    "discount_first_year",
    "price_level_year",
    "reference_analysis",
    "price_index",
    "indices",
    "tags",
    "urgency",
    "feasibility",
    "valuation_status",
    "contact",
    "versions",
    "factors",
    "benefits",
    "costs",
    "risks",
    "hinder",
    "opportunities",
    "effect_chain",
    "texts",
    "uncertainty_assessment",
    "published",
    "correlations",
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The case file's text, the case it loads as, and warnings naming cells."""

    text: str
    case: Case
    warnings: tuple[str, ...]


def import_workbook(path: str | Path, *, filename: str | None = None) -> ImportResult:
    """Read a workbook and return the case file it gives; raises WorkbookError."""
    from nyttonb.casefile.load import load_case_text

    book = open_book(Path(path))
    frame, by_name = read_start(book)
    reader = Reader(book, by_name, int(frame["horizon"]))
    values = read_values(reader)
    not_valued = read_not_valued(book, by_name, reader.item_ids)
    data: dict[str, Any] = {**frame, **read_notes(book), "factors": values["factors"]}
    for kind in ("benefits", "costs"):
        data[kind] = _in_order(values[kind] + not_valued[kind])
    plans = data.pop("plans", {})
    for kind in ("benefits", "costs"):
        for item in data[kind]:
            if item["id"] in plans:
                item["realisation"] = plans[item["id"]]
    edges = data.pop("effect_chain_edges", None)
    if edges:
        data.setdefault("effect_chain", {"nodes": []})["edges"] = edges
    data = {key: data[key] for key in _ORDER if data.get(key) not in (None, {}, [])}
    text = _header(Path(path)) + dump_yaml(data)
    name = filename or str(Path(path).with_suffix(".yaml"))
    try:
        case = load_case_text(text, filename=name)
    except NyttonbError as error:
        raise _located(error, reader.places, str(path)) from None
    _check_scales(reader, case)
    return ImportResult(text, case, tuple(book.warnings))


def _check_scales(reader: Reader, case: Case) -> None:
    """Warn where Omräkning (unit scale × price-level conversion) is not what nyttonb uses."""
    from nyttonb.core.compiled import compile_case

    scales = compile_case(case).scales
    for key, (sheet, cell, written) in reader.scales.items():
        scale = scales.get(key)
        if scale is not None and abs(written - scale) > 1e-9 * abs(scale):
            reader.book.warn(
                sheet,
                cell,
                f"omräkningen {written:g} stämmer inte med enheten och prisåret ({scale:g}); "
                f"nyttonb räknar med {scale:g}, så skriv det i cellen för att arbetsboken ska "
                "räkna likadant",
            )


def _in_order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in the order their Nr says (the case file's order); those without one last."""
    ranked = sorted(enumerate(items), key=lambda p: (p[1].get("_order", float("inf")), p[0]))
    return [{k: v for k, v in item.items() if k != "_order"} for _, item in ranked]


def _header(path: Path) -> str:
    return (
        f"# Importerad från arbetsboken {path.name} med nyttonb excel import.\n"
        "# Kontrollera med: nyttonb check FIL\n\n"
    )


def dump_yaml(data: dict[str, Any]) -> str:
    """Case-file data as block-style YAML, keys in the order given, Swedish text as is."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(_tidy(data), out)
    return out.getvalue()


def _tidy(value: Any) -> Any:
    """Whole numbers written as 300, not 300.0."""
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _located(error: NyttonbError, places: dict[str, str], workbook: str) -> WorkbookError:
    """The case loader's problem, told at the workbook's cell where the key came from."""
    errors = error.errors if isinstance(error, CaseErrors) else [error]
    first = errors[0]
    place = None
    path = first.path or ""
    while path and place is None:
        place = places.get(path)
        path = path.rpartition(".")[0] if "." in path else ""
    message = "; ".join(e.message for e in errors)
    fix = first.fix or "Rätta arbetsboken och importera igen."
    return WorkbookError(
        f"arbetsboken ger ingen giltig fallfil ({first.path or 'fallet'}: {message})",
        file=workbook,
        path=place,
        fix=fix,
    )


def write_case_file(result: ImportResult, out: Path, *, force: bool = False) -> Path:
    """Write the imported case file in one step; never over an existing file unless `force`."""
    check_target(out, force=force)
    return write_atomically(out, result.text)
