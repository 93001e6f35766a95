"""Inera's words wherever a reader looks: every shipped report (text, tables, chart titles, axes,
tooltips and descriptions), the index and the CLI's output, linted against the terms Inera's
terminological guidelines avoid (../shared/domain/terminology.md).

The list is data: `AVOIDED` pairs each avoided form with the term to use instead, and `QUOTED`
names the few places where the avoided word is part of a name we quote as printed (Inera's
2023 user forum was called "användarforum om nyttokalkyler").
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import shipped_variants
from click.testing import CliRunner

from nyttonb.cli import main

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = shipped_variants()
IDS = [f"{v.parent.name}/{v.stem}" for v in VARIANTS]

AVOIDED: tuple[tuple[str, str], ...] = (
    (r"nuvärde\w*", "diskonterat värde, diskonterade värden, diskontering"),
    (r"återbetal\w*", "året då de ackumulerade nyttorna överstiger de ackumulerade kostnaderna"),
    (r"payback|break[- ]even", "året då de ackumulerade nyttorna överstiger kostnaderna"),
    (r"nett(o|ot)", "nettonytta"),
    (r"poster(na)?|posten i", "nyttor och kostnader (nytta, kostnad)"),
    (r"nyttokalkyl\w*", "nyttoanalys (metoden, arbetet); värdering i pengar (beräkningen)"),
    (r"troligast\w*", "Troligt"),
    (r"scenari\w*", "parade beräkningar (Lägst, Troligt, Högst); variant"),
    (r"(sämsta|bästa) fall\w*|worst case|best case|base case", "Lägst, Troligt, Högst"),
    (r"monetär\w*|kronvärde\w*|värder\w* i kronor", "värderad i pengar"),
    (r"avkastning\w*", "nettonytta per satsad krona"),
    (r"investerad krona", "satsad krona (in prose)"),
    (r"ekonomisk\w*", "finansiell, omfördelning, kvalitet, miljö, värderad i pengar"),
    (r"anhörig\w*", "närstående"),
    (r"nollalternativ\w*|referensscenari\w*|baseline", "jämförelsealternativ, alternativ A"),
    (r"genomförandekostnad\w*", "kostnader som krävs för att genomföra och upprätthålla"),
    (r"sparar pengar", "frigör resurser som kan användas till annat"),
)
QUOTED = ("användarforum om nyttokalkyler",)

_PATTERN = re.compile("|".join(rf"\b(?:{p})\b" for p, _ in AVOIDED), re.IGNORECASE)
_NOT_TEXT = frozenset(
    {"field", "as", "filter", "calculate", "expr", "$schema", "type", "op", "groupby", "name"}
)


def avoided_terms(text: str) -> list[str]:
    """Each avoided term in `text`, with a little context and the term to use instead.

    >>> avoided_terms("Nuvärdet är 5 kr och nettot 3 kr; nettonyttan är 3 kr.")
    ['Nuvärdet (…Nuvärdet är 5 kr…): use diskonterat värde, diskonterade värden, diskontering', \
'nettot (…kr och nettot 3 kr; n…): use nettonytta']
    >>> avoided_terms("Ineras användarforum om nyttokalkyler 2023-05-29")
    []
    """
    for quoted in QUOTED:
        text = re.sub(re.escape(quoted), "", text, flags=re.IGNORECASE)
    found = []
    for match in _PATTERN.finditer(text):
        use = next(u for p, u in AVOIDED if re.fullmatch(p, match.group(0), re.IGNORECASE))
        context = text[max(0, match.start() - 8) : match.end() + 8].strip()
        found.append(f"{match.group(0)} (…{context}…): use {use}")
    return found


def _strings(spec: Any, key: str = "") -> Iterator[str]:
    """The strings of a chart spec a reader can see (titles, labels, data, descriptions)."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k not in _NOT_TEXT:
                yield from _strings(v, k)
    elif isinstance(spec, list):
        for v in spec:
            yield from _strings(v, key)
    elif isinstance(spec, str) and not spec.startswith("datum."):
        yield spec


_SPEC = re.compile(
    r'<script type="application/json" class="nyttonb-chart-spec"[^>]*>(.*?)</script>', re.S
)


def readable_text(page: str) -> str:
    """What a reader of a rendered page sees: its text, and every chart's visible strings."""
    charts = [" ".join(_strings(json.loads(spec))) for spec in _SPEC.findall(page)]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", " ".join([body, *charts]))


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_rendered_report_uses_ineras_terms(shipped_site: Path, variant: Path) -> None:
    page = (shipped_site / variant.parent.name / f"{variant.stem}.html").read_text("utf-8")
    text = readable_text(page)
    assert avoided_terms(text) == []
    assert "Nyttoanalys: " in text
    assert "Nyttorna överstiger kostnaderna år:" in text
    assert "diskonterade värden" in text


@pytest.mark.slow
def test_index_and_the_sites_other_pages_use_ineras_terms(shipped_site: Path) -> None:
    text = readable_text((shipped_site / "index.html").read_text("utf-8"))
    assert avoided_terms(text) == []
    assert "Nyttorna överstiger kostnaderna år" in text
    reports = {f"{v.parent.name}/{v.stem}.html" for v in VARIANTS}
    others = [
        page
        for page in sorted(shipped_site.glob("**/*.html"))
        if page.relative_to(shipped_site).as_posix() not in reports | {"index.html"}
        and "assets" not in page.parts
    ]
    for page in others:  # the portfolio page, follow-up reports
        assert avoided_terms(readable_text(page.read_text("utf-8"))) == [], page.name


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout + result.stderr


def test_check_output_uses_ineras_terms() -> None:
    assert avoided_terms(_run("check", *map(str, VARIANTS))) == []


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_calc_output_uses_ineras_terms(variant: Path) -> None:
    out = _run("calc", str(variant), "--uncertainty", "--draws", "200", "--seed", "1")
    assert avoided_terms(out) == []
    assert avoided_terms(_run("calc", str(variant))) == []
    assert "Lägst" in out and "Troligt" in out and "Högst" in out
    assert "Nyttorna överstiger kostnaderna år:" in out


def test_cli_help_uses_ineras_terms() -> None:
    assert avoided_terms(_run("--help")) == []
