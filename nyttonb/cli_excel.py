"""`nyttonb excel export|import`: workbooks in Inera's template layout (docs/excel-layout.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nyttonb.errors import NyttonbError

EXIT_BAD_INPUT = 2


def _fail(error: NyttonbError) -> None:
    click.echo(str(error), err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(
    options_metavar="[FLAGGOR]",
    subcommand_metavar="KOMMANDO [ARGUMENT]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def excel() -> None:
    """Arbetsböcker i Ineras Excel-layout: exportera ett fall, importera det igen."""


@excel.command("export", options_metavar="[FLAGGOR]")
@click.argument("file", type=click.Path(path_type=Path), metavar="FIL")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FIL",
    help="Arbetsboken att skriva (standard: FIL med .xlsx, bredvid fallfilen).",
)
@click.option("--force", is_flag=True, help="Skriv över en befintlig arbetsbok.")
def excel_export(file: Path, out: Path | None, force: bool) -> None:
    """Exportera en fallfil till en arbetsbok (.xlsx) med levande formler."""
    from nyttonb.casefile.load import load_case
    from nyttonb.workbook import export_workbook

    try:
        written = export_workbook(load_case(file), out or file.with_suffix(".xlsx"), force=force)
    except NyttonbError as error:
        _fail(error)
        return
    click.echo(f"skrev {written}")


@excel.command("import", options_metavar="[FLAGGOR]")
@click.argument("file", type=click.Path(path_type=Path), metavar="FIL")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FIL",
    help="Fallfilen att skriva (standard: FIL med .yaml, bredvid arbetsboken).",
)
@click.option("--force", is_flag=True, help="Skriv över en befintlig fallfil.")
def excel_import(file: Path, out: Path | None, force: bool) -> None:
    """Importera en arbetsbok i nyttonbs Excel-layout till en fallfil (YAML)."""
    from nyttonb.workbook import import_workbook, write_case_file

    target = out or file.with_suffix(".yaml")
    try:
        result = import_workbook(file, filename=str(target))
        written = write_case_file(result, target, force=force)
    except NyttonbError as error:
        _fail(error)
        return
    for warning in result.warnings:
        click.echo(f"varning: {warning}", err=True)
    click.echo(f"skrev {written}")
