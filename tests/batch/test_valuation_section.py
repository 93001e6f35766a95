"""5. Värdering in the shipped reports as `nyttonb render` writes them: Inera's 5.1 and 5.2 come
first, then the result; 5.1 counts the case's items and 5.2 names the tornado's first factor."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from builders import shipped_variants, valued_counts_sentence, words

from nyttonb.casefile.load import load_case
from nyttonb.core.uncertainty import tornado
from nyttonb.present import formatting as fmt

pytestmark = pytest.mark.slow

VARIANTS = shipped_variants()
IDS = [f"{v.parent.name}/{v.stem}" for v in VARIANTS]
ORDER = (
    "5. Värdering",
    "5.1 Val av arbetssätt",
    "5.2 Viktiga antaganden och underlag",
    "Resultat av värderingen",
    "Osäkerhet för nyttor och kostnader som värderats i pengar",
    "6. Osäkerhetsbedömning",
)


def headings(page: str) -> list[str]:
    found = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).rstrip("¶").strip() for h in found]


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_valuation_opens_with_51_and_52_then_the_result(shipped_site: Path, variant: Path) -> None:
    page = (shipped_site / variant.parent.name / f"{variant.stem}.html").read_text("utf-8")
    shown = headings(page)
    positions = [shown.index(h) for h in ORDER]
    assert positions == sorted(positions), shown
    case = load_case(variant)
    said = words(page)
    assert valued_counts_sentence(case) in said
    first = case.factor(tornado(case)[0].factor)
    section = said[said.index("5.2 Viktiga antaganden") : said.index("Resultat av värderingen")]
    table = section[section.index("Faktor Troligt Enhet") :]
    likely = fmt.factor_value(first.likely, first.unit).replace("\xa0", " ")
    assert table.split(" Källa ", 1)[1].startswith(f"{first.label} {likely}")
