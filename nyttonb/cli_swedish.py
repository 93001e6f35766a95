"""click in Swedish: usage, option headings, help texts and error messages.

click marks every text it prints for translation with the standard library's ``gettext``
(``from gettext import gettext as _`` in each of its modules) and ships no catalogues. A
catalogue file would only be read when the user's locale is Swedish, and nyttonb speaks
Swedish to everyone; so `install` gives click's modules a translation function of our own,
backed by the table below, in the ``nyttonb`` process only. A text missing from the table is
shown as click wrote it (a test checks that every text click marks is in the table).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

MESSAGES: Mapping[str, str] = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa detta meddelande och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Aborted!": "Avbrutet.",
    "deprecated": "utgående",
    "Missing command.": "Kommando saknas.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "unknown error": "okänt fel",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Could not open file {filename!r}: {message}": "Kunde inte öppna {filename!r}: {message}",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Option {name!r} requires an argument.": "Flaggan {name!r} behöver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} behöver {nargs} värden.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Takes {nargs} values but 1 was given.": "Tar {nargs} värden men fick 1.",
    "Takes {nargs} values but {len} were given.": "Tar {nargs} värden men fick {len}.",
    "Value must be an iterable.": "Värdet måste vara en lista.",
    "Invalid start character for option ({option})": "Ogiltigt första tecken i flagga ({option})",
    "env var: {var}": "miljövariabel: {var}",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(beräknas)",
    "required": "krävs",
    "file": "filen",
    "directory": "mappen",
    "path": "sökvägen",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} är inte en av {choices}.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt {number_type}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} är inte sant eller falskt. Giltiga värden: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} är inte ett giltigt UUID.",
    "{value!r} does not match the format {format}.": "{value!r} följer inte formatet {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} följer inte formaten {formats}.",
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} värden krävs, men {len_value} gavs."
    ),
    "{len_type} values are required, but {len_value} were given.": (
        "{len_type} värden krävs, men {len_value} gavs."
    ),
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "Press any key to continue...": "Tryck på en tangent för att fortsätta …",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena är inte lika.",
    "Error: invalid input": "Fel: ogiltig inmatning",
}
"""click's texts (as click 8 marks them for translation) and their Swedish."""

TYPE_NAMES = {"integer": "heltal", "float": "decimaltal", "integer range": "heltal"}
"""click's names of its number types, as they appear in "is not a valid {number_type}"."""

_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def gettext(message: str) -> str:
    """The Swedish of one of click's texts (the text itself when it has none)."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


class PositiveInt(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A whole number of at least 1 (``--jobs``, ``--draws``), refused in Swedish otherwise."""

    name = "heltal"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(
                    f"{value!r} är inte ett heltal; skriv ett heltal som är minst 1.", param, ctx
                )
        if number < 1:
            self.fail(f"{number} är för litet; skriv ett heltal som är minst 1.", param, ctx)
        return number


class DecimalNumber(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A decimal number written the Swedish way (0,03) or with a point (0.03)."""

    name = "decimaltal"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float):
            return value
        try:
            return float(str(value).strip().replace(",", ".").replace("\u2212", "-"))
        except ValueError:
            self.fail(f"{value!r} är inte ett tal; skriv till exempel 0,03.", param, ctx)


def install() -> None:
    """Make click speak Swedish in this process."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    click.INT.name = TYPE_NAMES["integer"]
    click.FLOAT.name = TYPE_NAMES["float"]
    click.IntRange.name = TYPE_NAMES["integer range"]


__all__ = ["MESSAGES", "DecimalNumber", "PositiveInt", "gettext", "install", "ngettext"]
