"""The terminal speaks one language: click's own texts in Swedish, Swedish figures, aligned."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nyttonb.cli import main
from nyttonb.cli_swedish import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
GOTLAND = ROOT / "case_studies" / "digital-nattillsyn" / "gotland.yaml"
NBSP = "\u00a0"
ENGLISH = ("Usage", "Options", "Commands", "Show this", "Error", "Invalid", "Missing", "default")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="nyttonb")
    return result.exit_code, result.stdout, result.stderr


def test_every_text_click_marks_for_translation_has_swedish() -> None:
    folder = Path(click.__file__).parent
    marked = set()
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types"):
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
                marked |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    user_facing = {
        m
        for m in marked
        if isinstance(m, str)
        and m
        and not m.startswith(
            (
                "DeprecationWarning",
                "Could not determine",
                "No options defined",
                "Arguments take",
                "Name '",
                "Boolean option",
                "Choice(",
            )
        )
    }
    assert user_facing - set(MESSAGES) == set()


@pytest.mark.parametrize(
    "args", [["--help"], ["calc", "--help"], ["render", "--help"], ["charts", "--help"]]
)
def test_help_is_swedish(args: list[str]) -> None:
    code, out, _ = run(*args)
    assert code == 0
    assert out.startswith("Användning: nyttonb")
    assert "Flaggor:" in out
    assert "Visa detta meddelande och avsluta." in out
    assert not any(word in out for word in ENGLISH)
    assert "INTEGER" not in out and "PATH" not in out and "[OPTIONS]" not in out


SWEDISH_METAVARS = {"ARGUMENT", "DECIMALTAL", "FALLFIL", "FIL", "FLAGGOR", "HELTAL", "KOMMANDO"}
SWEDISH_METAVARS |= {"MAPP", "MÅL", "NYCKEL", "REVISION", "TAGG", "WEBBPLATS", "GAMMAL"}
FORMATS = {"JSON", "PDF", "PNG", "SVG", "YAML", "HEAD"}


def _command_paths(group: click.Group, path: list[str]) -> list[list[str]]:
    paths = []
    for name, command in group.commands.items():
        paths.append([*path, name])
        if isinstance(command, click.Group):
            paths += _command_paths(command, [*path, name])
    return paths


def test_every_commands_help_has_swedish_placeholders() -> None:
    """No INTEGER, PATH, TEXT, FILE or SITE in any usage line or option: Swedish words."""
    paths = _command_paths(main, [])
    assert len(paths) > 10
    for path in [[], *paths]:
        out = CliRunner().invoke(main, [*path, "--help"], prog_name="nyttonb").output
        assert out.startswith("Användning: nyttonb"), path
        capitals = set(re.findall(r"\b[A-ZÅÄÖ]{3,}\b", out))
        assert capitals <= SWEDISH_METAVARS | FORMATS, (path, capitals - SWEDISH_METAVARS)
        assert not any(word in out for word in ENGLISH), path


def test_every_option_of_every_command_has_help_text() -> None:
    for command in main.commands.values():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{command.name} {param.opts}"


def test_calc_help_gives_the_default_draws_with_swedish_grouping() -> None:
    _, out, _ = run("calc", "--help")
    assert f"10{NBSP}000" in out
    assert "10000" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "--jobs", "0"], "'--jobs': 0 kärnor: välj mellan 1 och 32."),
        (["render", "--jobs", "-3"], "'--jobs': -3 kärnor: välj mellan 1 och 32."),
        (["render", "--jobs", "x"], "'--jobs': 'x' är inte ett giltigt heltal"),
        (["calc", "--draws", "0", str(GOTLAND)], "'--draws': 0 dragningar: välj mellan 1 och"),
        (["calc"], "Fel: Argument saknas 'FIL'."),
        (["calx"], "Fel: Kommandot 'calx' finns inte. Menade du 'calc'?"),
    ],
)
def test_bad_command_lines_are_refused_in_swedish_with_exit_2(
    args: list[str], expected: str
) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert expected in err
    assert not any(word in err for word in ("Usage", "Error", "Invalid", "Try '"))


def test_discount_rate_accepts_a_swedish_decimal_comma() -> None:
    code, out, _ = run("calc", str(GOTLAND), "--discount-rate", "0,035")
    assert code == 0
    assert f"Diskonteringsränta 3,5{NBSP}%" in out


def test_calc_summary_says_per_krona_once_and_aligns_amounts_right() -> None:
    code, out, _ = run("calc", str(GOTLAND))
    assert code == 0
    assert "per satsad krona" not in out.split("Nettonytta per satsad krona", 1)[1].split("\n")[0]
    assert "Region Gotland – Region Gotland" not in out
    rows = [line for line in out.splitlines() if line.endswith(f"{NBSP}kr") and "  " in line]
    labels = ("Nettonytta ", "Nyttor (", "Kostnader (", "Finansiell")
    money = [r for r in rows if r.startswith(labels)]
    assert len(money) == 5
    assert len({len(r) for r in money}) == 1


def test_calc_uncertainty_gives_switching_values_with_units_and_one_probability() -> None:
    code, out, _ = run("calc", str(GOTLAND), "--uncertainty", "--draws", "2000", "--seed", "1")
    assert code == 0
    assert "saknas (utanför intervallet)" not in out
    assert "frö" not in out
    assert f"215{NBSP}kr/st (utanför spannet 20–60{NBSP}kr/st)" in out
    assert re.search(r"positiv nettonytta (över\xa099|\d+)\xa0%", out)
    assert not re.search(r"\d+,\d+\xa0%", out.split("Sannolikhet", 1)[1].split("\n")[0])


def test_charts_saves_every_chart_of_the_report_under_swedish_names(tmp_path: Path) -> None:
    code, out, _ = run("charts", str(GOTLAND), "--format", "svg", "--out", str(tmp_path))
    assert code == 0
    names = [Path(line).stem for line in out.split()]
    assert names == [
        "nyttor-och-kostnader-per-ar",
        "ackumulerad-nettonytta",
        "vem-betalar-och-vem-far-nyttan",
        "lagst-troligt-hogst",
        "ej-vardert-i-pengar",
        "tornado-hela-kalkylen",
        "monte-carlo-hela-kalkylen",
        "tornado-budgeten",
        "monte-carlo-budgeten",
        "prova-sjalv",
    ]
    assert all(
        (tmp_path / f"{n}.svg").read_text(encoding="utf-8").startswith("<svg") for n in names
    )
