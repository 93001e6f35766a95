"""The `nyttonb` command: check, calc, render, publish, charts, schema, factors.

Only this module turns errors into exit codes: a `NyttonbError` becomes one line per problem on
stderr and exit code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from nyttonb import __version__, cli_swedish
from nyttonb.cli_swedish import DecimalNumber, PositiveInt
from nyttonb.errors import NyttonbError

cli_swedish.install()

EXIT_BAD_INPUT = 2
EXIT_RENDER_FAILED = 1

F = TypeVar("F", bound=Callable[..., Any])


def _fail(error: NyttonbError) -> None:
    click.echo(str(error), err=True)
    sys.exit(EXIT_BAD_INPUT)


def frame_options(function: F) -> F:
    """The frame a user may change without editing the case: horizon, rate, convention."""
    function = click.option(
        "--discount-first-year/--no-discount-first-year",
        default=None,
        help="Diskontera även år 1 (standard: nej, år 1 har t = 0).",
    )(function)
    function = click.option(
        "--discount-rate",
        type=DecimalNumber(),
        default=None,
        help="Diskonteringsränta som andel, t.ex. 0,03 för 3 %.",
    )(function)
    return click.option("--horizon", type=PositiveInt(), default=None, help="Kalkylperiod i år.")(
        function
    )


class _Command(click.Command):
    """A command whose usage line says [FLAGGOR]."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="nyttonb")
def main() -> None:
    """nyttonb: nyttokalkyler i Ineras modell, från fallfil till svensk rapport."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FIL...")
def check(files: Sequence[Path]) -> None:
    """Kontrollera fallfiler: skriver varje problem med fil, rad och åtgärd."""
    from nyttonb.casefile.load import check_files

    problems = check_files(files)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(EXIT_BAD_INPUT)
    for file in files:
        click.echo(f"ok: {file}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="FIL")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--uncertainty", is_flag=True, help="Ta med känslighet och Monte Carlo.")
@click.option(
    "--draws",
    type=PositiveInt(),
    default=10_000,
    help="Antal dragningar i Monte Carlo (standard: 10\u00a0000).",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Startvärde för slumpgeneratorn i Monte Carlo (samma värde ger samma resultat).",
)
@frame_options
def calc(
    file: Path,
    as_json: bool,
    uncertainty: bool,
    draws: int,
    seed: int | None,
    horizon: int | None,
    discount_rate: float | None,
    discount_first_year: bool | None,
) -> None:
    """Räkna ut en fallfil: en svensk sammanfattning, eller JSON med --json."""
    from nyttonb.casefile.load import load_framed
    from nyttonb.core.figures import compute_figures
    from nyttonb.present.text import summary_text

    try:
        case = load_framed(
            file,
            horizon=horizon,
            discount_rate=discount_rate,
            discount_first_year=discount_first_year,
        )
        figures = compute_figures(case, with_uncertainty=uncertainty, draws=draws, seed=seed)
    except NyttonbError as error:
        _fail(error)
        return
    data = figures.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(summary_text(data))


@main.command()
@click.argument("cases", nargs=-1, type=click.Path(path_type=Path), metavar="[FALLFIL]...")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("reports"),
    metavar="MAPP",
    help="Mapp att skriva webbplatsen till, med index.html och en mapp per fall "
    "(standard: reports).",
)
@click.option(
    "--jobs",
    type=PositiveInt(),
    default=None,
    help="Antal rapporter som renderas samtidigt, minst 1 (standard: 2).",
)
@click.option("--force", is_flag=True, help="Rendera om även det som inte har ändrats.")
@click.option("--progress/--no-progress", default=None, help="Visa förloppsindikator.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Skriv också en PDF bredvid varje rapport, med beslutsunderlaget på första sidan "
    "(kräver Chromium och pip install 'nyttonb[pdf]').",
)
def render(
    cases: Sequence[Path],
    out: Path,
    jobs: int | None,
    force: bool,
    progress: bool | None,
    pdf: bool,
) -> None:
    """Rendera rapporter för alla fallvarianter (eller de angivna) och en indexsida."""
    from nyttonb.batch.render import render as render_all

    try:
        summary = render_all(list(cases) or None, out, jobs or 2, force=force, progress=progress)
        if pdf:
            from nyttonb.batch.pdf import write_pdfs

            done = [out / f"{rid}.html" for rid in (*summary.rendered, *summary.skipped)]
            written = write_pdfs(out, [p for p in done if p.exists()])
    except NyttonbError as error:
        _fail(error)
        return
    click.echo(summary.describe())
    if pdf:
        click.echo(f"{len(written)} PDF skrivna bredvid rapporterna.")
    if summary.failed:
        sys.exit(EXIT_RENDER_FAILED)


@main.command()
@click.argument("site", type=click.Path(path_type=Path), metavar="WEBBPLATS")
@click.argument("dest", type=click.Path(path_type=Path), metavar="DEST")
def publish(site: Path, dest: Path) -> None:
    """Kopiera en renderad webbplats till DEST (t.ex. en intranätsmapp) i ett steg."""
    from nyttonb.batch.site import publish as publish_site

    try:
        publish_site(site, dest)
    except NyttonbError as error:
        _fail(error)
        return
    click.echo(f"publicerat: {site} -> {dest}")


@main.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="FIL")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "svg"]),
    default="png",
    help="Bildformat (standard: png).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("charts"),
    metavar="MAPP",
    help="Mapp att spara diagrammen i (standard: charts).",
)
def charts(file: Path, fmt: str, out: Path) -> None:
    """Spara fallets diagram som PNG eller SVG, till exempel för presentationer."""
    from nyttonb.casefile.load import load_framed
    from nyttonb.core.figures import compute_figures
    from nyttonb.present.charts import all_report_charts, save_charts

    try:
        figures = compute_figures(load_framed(file), with_uncertainty=True)
        written = save_charts(all_report_charts(figures), out, "svg" if fmt == "svg" else "png")
    except NyttonbError as error:
        _fail(error)
        return
    for path in written:
        click.echo(str(path))


@main.command()
def schema() -> None:
    """Skriv JSON Schema för fallfiler (för editorer)."""
    from nyttonb.casefile.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command()
def factors() -> None:
    """Lista Ineras standardvärden i nyttonbs faktorbibliotek."""
    from nyttonb.casefile.factors import library

    for name, factor in sorted(library().items()):
        click.echo(f"{name}: {factor.value:g} {factor.unit}  ({factor.label}; {factor.source})")


if __name__ == "__main__":  # pragma: no cover
    main()
