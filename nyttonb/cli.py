"""The `nyttonb` command: check, calc, render, publish, charts, excel, portfolio, diff, schema,
factors.

Only this module turns errors into exit codes: a `NyttonbError` becomes one line per problem on
stderr and exit code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from nyttonb import __version__, cli_swedish
from nyttonb.cli_excel import excel
from nyttonb.cli_options import check_draws, check_jobs, check_seed, frame_options
from nyttonb.errors import NyttonbError

cli_swedish.install()

EXIT_BAD_INPUT = 2
EXIT_RENDER_FAILED = 1


def _fail(error: NyttonbError) -> None:
    click.echo(str(error), err=True)
    sys.exit(EXIT_BAD_INPUT)


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
    """nyttonb: nyttoanalyser enligt Ineras metod, från fallfil till svensk rapport."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FIL...")
def check(files: Sequence[Path]) -> None:
    """Kontrollera fallfiler och utfallsfiler: skriver varje problem med fil, rad och åtgärd,
    och varningar (även referensanalysens kontrolltriggers när fallfilen anger
    reference_analysis:)."""
    from nyttonb.casefile.beside import is_actuals_file
    from nyttonb.casefile.check import check_files
    from nyttonb.casefile.load import load_framed
    from nyttonb.casefile.triggers import file_warnings
    from nyttonb.core.cautions import case_warnings

    problems = check_files(files)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(EXIT_BAD_INPUT)
    for file in files:
        click.echo(f"ok: {file}")
        if is_actuals_file(file):
            continue
        for caution in case_warnings(load_framed(file)):
            click.echo(f"{file}: varning: {caution}", err=True)
        for warning in file_warnings(file):
            click.echo(str(warning), err=True)


@main.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="FIL")
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
@click.option("--uncertainty", is_flag=True, help="Ta med känslighet och Monte Carlo.")
@click.option(
    "--draws",
    type=int,
    default=10_000,
    callback=check_draws,
    help="Antal dragningar i Monte Carlo, 1–1 000 000 (standard: 10\u00a0000); de "
    "räknas i omgångar, så minnet räcker även för stora fall.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    callback=check_seed,
    help="Frö för Monte Carlo, ett heltal ≥ 0: samma frö ger samma resultat.",
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
    from nyttonb.casefile.framed import load_framed_with_actuals
    from nyttonb.core.figures import compute_figures
    from nyttonb.present.text import summary_text

    try:
        case, actuals = load_framed_with_actuals(
            file,
            horizon=horizon,
            discount_rate=discount_rate,
            discount_first_year=discount_first_year,
        )
        figures = compute_figures(
            case, with_uncertainty=uncertainty, draws=draws, seed=seed, actuals=actuals
        )
    except NyttonbError as error:
        _fail(error)
        return
    data = figures.to_dict()
    if as_json:
        try:
            text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
        except ValueError:  # NaN or Infinity is not JSON: never print it
            _fail(
                NyttonbError(
                    "resultatet innehåller ett värde som inte är ett ändligt tal.",
                    file=str(file),
                    fix="Kontrollera faktorernas värden och enheter med `nyttonb check`.",
                )
            )
            return
        click.echo(text)
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
    type=int,
    default=None,
    callback=check_jobs,
    help="Antal parallella kärnor, 1–32 (standard: 2).",
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
        batch = render_all(list(cases) or None, out, jobs or 2, force=force, progress=progress)
        if pdf:
            from nyttonb.batch.pdf import write_pdfs

            done = [out / f"{rid}.html" for rid in (*batch.rendered, *batch.skipped)]
            written = write_pdfs(out, [p for p in done if p.exists()])
    except NyttonbError as error:
        _fail(error)
        return
    click.echo(batch.describe())
    if pdf:
        click.echo(f"{len(written)} PDF skrivna bredvid rapporterna.")
    if batch.failed:
        sys.exit(EXIT_RENDER_FAILED)


@main.command()
@click.argument("site", type=click.Path(path_type=Path), required=False, metavar="[WEBBPLATS]")
@click.argument("dest", type=click.Path(path_type=Path), required=False, metavar="[MÅL]")
@click.option(
    "--replace",
    is_flag=True,
    help="Ersätt MÅL även om den inte är en tidigare publicerad nyttonb-webbplats "
    "(allt i MÅL raderas).",
)
@click.option(
    "--repair",
    is_flag=True,
    help="Återställ MÅL efter en avbruten publicering: `nyttonb publish --repair MÅL`.",
)
def publish(site: Path | None, dest: Path | None, replace: bool, repair: bool) -> None:
    """Kopiera en renderad WEBBPLATS till MÅL (t.ex. en intranätsmapp) i ett steg.

    MÅL är hela tiden antingen den gamla eller den nya webbplatsen. publish ersätter bara en
    mapp som en tidigare publicering skrev (filen .nyttonb-site) eller en tom mapp, aldrig en
    fil, ett projekt eller en mapp som innehåller WEBBPLATS; annat kräver --replace.
    """
    from nyttonb.batch.publish import publish as publish_site
    from nyttonb.batch.publish import repair as repair_site

    if repair:
        target = dest or site
        if target is None or (site is not None and dest is not None):
            raise click.UsageError("Ange en mapp: nyttonb publish --repair MÅL.")
        try:
            note = repair_site(target)
        except NyttonbError as error:
            _fail(error)
            return
        click.echo(note or f"inget att återställa: {target}")
        return
    if site is None or dest is None:
        raise click.UsageError(
            "Ange WEBBPLATS och MÅL: nyttonb publish reports/ /mnt/intranat/nytta."
        )
    try:
        note = publish_site(site, dest, replace=replace)
    except NyttonbError as error:
        _fail(error)
        return
    if note:
        click.echo(note)
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
    import contextlib
    import os

    from nyttonb.casefile.load import load_framed
    from nyttonb.core.figures import compute_figures
    from nyttonb.present.charts import all_report_charts, drawing_processes, save_charts

    try:
        case = load_framed(file)
    except NyttonbError as error:
        _fail(error)
        return
    # with two cores, two processes draw side by side, starting while this one computes and
    # builds the charts
    cores = os.cpu_count() or 1
    with drawing_processes(2) if cores > 1 else contextlib.nullcontext() as pool:
        try:
            figures = compute_figures(case, with_uncertainty=True)
            drawn = all_report_charts(figures)
            written = save_charts(drawn, out, "svg" if fmt == "svg" else "png", pool=pool)
        except NyttonbError as error:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            _fail(error)
            return
    for path in written:
        click.echo(str(path))


@main.command()
@click.argument("cases", nargs=-1, type=click.Path(path_type=Path), metavar="[FALLFIL]...")
@click.option("--json", "as_json", is_flag=True, help="Skriv portföljen som JSON.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="MAPP",
    help="Skriv portfolj.html, portfolj.csv och portfolj.xlsx i mappen.",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAGG", help="Bara analyser med taggen (kan upprepas)."
)
@click.option(
    "--jobs",
    type=int,
    default=2,
    callback=check_jobs,
    help="Antal parallella processer, 1–32 (standard: 2).",
)
@click.option(
    "--sort",
    "sort_key",
    metavar="NYCKEL",
    default="net_benefit",
    show_default=True,
    help="Rangordna efter: net_benefit, financial_net_benefit, net_benefit_per_krona, "
    "break_even_year, freed_fte, p10, p90, prob_positive, urgency, feasibility, costs, "
    "organisation, case, file.",
)
def portfolio(
    cases: Sequence[Path],
    as_json: bool,
    out: Path | None,
    tags: Sequence[str],
    jobs: int,
    sort_key: str,
) -> None:
    """Jämför och prioritera många nyttoanalyser (standard: alla under case_studies/)."""
    import os

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        # Many small matrix products (one Monte Carlo run per case): BLAS threads cost more
        # than they give (measured: 3× the CPU time on 2 cores). Only before numpy loads.
        os.environ.setdefault(name, "1")
    from nyttonb.portfolio import portfolio_dict, rank
    from nyttonb.portfolio.rows import SORT_KEYS, default_files, load_rows
    from nyttonb.portfolio.text import portfolio_text

    try:
        rank([], sort_key)  # an unknown key fails before any file is read
        files = list(cases) or default_files(Path.cwd())
        if not files:
            raise NyttonbError(
                "inga fallfiler hittades.",
                fix="Ange fallfiler, eller kör kommandot där mappen case_studies/ finns.",
            )
        rows = rank(load_rows(files, tags=tags, jobs=jobs), sort_key)
        if out is not None:
            from nyttonb.batch.assets import ensure_assets
            from nyttonb.portfolio.export import write_csv, write_xlsx
            from nyttonb.portfolio.page import write_page

            data = portfolio_dict(rows)
            ensure_assets(out)
            written = [
                write_page(out, rows),
                write_csv(out, rows),
                write_xlsx(out, rows, data["totals"]),
            ]
    except NyttonbError as error:
        _fail(error)
        return
    data = portfolio_dict(rows)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(portfolio_text(rows, data["totals"], SORT_KEYS[sort_key].lower()))
    if out is not None:
        for path in written:
            click.echo(f"skrev {path}", err=as_json)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FIL [FIL]"
)
@click.option(
    "--rev", "rev", default=None, metavar="REVISION", help="Gammal version: git-revision av FIL."
)
@click.option(
    "--rev2",
    "rev2",
    default=None,
    metavar="REVISION",
    help="Ny version: git-revision (standard: filen).",
)
@click.option("--json", "as_json", is_flag=True, help="Skriv resultatet som JSON.")
def diff(files: Sequence[Path], rev: str | None, rev2: str | None, as_json: bool) -> None:
    """Vad ändrades mellan två versioner av ett fall, och hur flyttade det nettonyttan?

    nyttonb diff GAMMAL.yaml NY.yaml, eller nyttonb diff FIL --rev HEAD~1 [--rev2 REVISION].
    """
    from nyttonb.casefile.load import load_case
    from nyttonb.portfolio.diff import diff_cases
    from nyttonb.portfolio.text import diff_dict, diff_text

    try:
        if rev is None:
            if len(files) != 2 or rev2 is not None:
                raise NyttonbError(
                    "ange två fallfiler, eller en fallfil och --rev.",
                    fix="Till exempel: nyttonb diff gammal.yaml ny.yaml, eller "
                    "nyttonb diff fall.yaml --rev HEAD~1.",
                )
            old, new = load_case(files[0]), load_case(files[1])
            names = (str(files[0]), str(files[1]))
        else:
            from nyttonb.portfolio.revisions import case_at

            if len(files) != 1:
                raise NyttonbError(
                    "med --rev anges en fallfil.",
                    fix="Till exempel: nyttonb diff fall.yaml --rev HEAD~1 --rev2 HEAD.",
                )
            (file,) = files
            old = case_at(file, rev)
            new = case_at(file, rev2) if rev2 else load_case(file)
            names = (f"{file} ({rev})", f"{file} ({rev2})" if rev2 else str(file))
        result = diff_cases(old, new)
    except NyttonbError as error:
        _fail(error)
        return
    if as_json:
        click.echo(json.dumps(diff_dict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(diff_text(result, *names))


@main.command()
@click.option("--actuals", is_flag=True, help="Schemat för utfallsfiler (<variant>.utfall.yaml).")
def schema(actuals: bool) -> None:
    """Skriv JSON Schema för fallfiler (för editorer)."""
    from nyttonb.casefile.actuals import actuals_json_schema
    from nyttonb.casefile.schema import json_schema

    data = actuals_json_schema() if actuals else json_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
def factors() -> None:
    """Lista Ineras standardvärden i nyttonbs faktorbibliotek, år för år (prisnivå och källa)."""
    from nyttonb.casefile.factors import library_by_year

    for year, factors in library_by_year().items():
        click.echo(f"{year} års värden:")
        for factor in factors:
            what = f"{factor.value:g} {factor.unit}  ({factor.label}; {factor.source})"
            click.echo(f"  {factor.name}: {what}")


main.add_command(excel)

if __name__ == "__main__":  # pragma: no cover
    main()
