"""Write the three case notebooks in notebooks/ (run after changing the shared outline below).

The notebooks are the product's files and are edited in JupyterLab too; this script keeps their
common outline in one place. Usage: python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

PARAMETERS = """# Parametrar. case_file är relativ till notebooks/ eller absolut.
from typing import Optional

case_file: str = "{default}"  # fallfil
horizon: Optional[int] = None  # tidshorisont i år (None ger fallfilens egen)
discount_rate: Optional[float] = None  # diskonteringsränta, t.ex. 0.03 (None ger fallets)
discount_first_year: Optional[bool] = None  # True: diskontera även år 1"""
# `Optional[int]` rather than `int | None`: papermill's parameter reader cannot read the latter
# (it warns and `papermill --help-notebook` loses the types); no '=' in the comments either.

SETUP = """from nyttonb.notebook.report import CaseReport

report = CaseReport.from_parameters(globals())
report.title()"""

CASES = {
    "digitalt_mote": {
        "default": "../case_studies/digitalt-mote/overtornea.yaml",
        "title": "Digitalt möte",
        "intro": (
            "Digitalt möte är Ineras tjänst för säkra videomöten där känslig information "
            "behandlas: mellan invånare och personal som läkare, psykologer, jurister och "
            "socialsekreterare, och inom organisationer. Alla deltagare legitimerar sig med "
            "e-legitimation och trafiken är krypterad."
        ),
        "ab": (
            "Alternativ A är det organisationen annars skulle göra: fysiska möten, telefon och "
            "telefonkonferens för möten med sekretessbelagd information. Alternativ B är "
            "detsamma, plus Digitalt möte där det passar."
        ),
    },
    "sakr_digital_kommunikation": {
        "default": "../case_studies/sakr-digital-kommunikation/sigtuna.yaml",
        "title": "Säker digital kommunikation",
        "intro": (
            "Säker digital kommunikation (SDK) låter kommuner, regioner och myndigheter utbyta "
            "känslig information digitalt till funktionsadresser. SDK har inget eget "
            "användargränssnitt: organisationen ansluter sitt eget verksamhetssystem."
        ),
        "ab": (
            "Alternativ A är de kanaler som används i dag: rekommenderade brev, bud, post, "
            "papper som bärs, fax, telefon och sms. Alternativ B är att meddelandena skickas via "
            "SDK. Nyttorna är till stor del frigjord tid (omfördelning): den syns inte i "
            "budgeten, och därför redovisas den finansiella nettonyttan för sig."
        ),
    },
    "digital_nattillsyn": {
        "default": "../case_studies/digital-nattillsyn/referens.yaml",
        "title": "Digital nattillsyn",
        "intro": (
            "Digital nattillsyn betyder att personal eller en extern larmoperatör tittar till "
            "brukaren med kamera några gånger per natt i stället för att åka hem till hen. "
            "Kameran är avstängd mellan tillsynerna. Bara besök som enbart är tillsyn kan "
            "ersättas, inte toalettbesök eller personlig omvårdnad."
        ),
        "ab": (
            "Alternativ A är nattillsyn genom fysiska besök. Alternativ B är tillsyn med kamera. "
            "Själva tillsynen görs antingen av egen personal eller av en extern leverantör; "
            "kalkylen räknar bara med ett av de två."
        ),
    },
}


def cells(spec: dict[str, str]) -> list[nbformat.NotebookNode]:
    parameters = new_code_cell(PARAMETERS.format(default=spec["default"]))
    parameters.metadata["tags"] = ["parameters"]
    md, code = new_markdown_cell, new_code_cell
    return [
        parameters,
        code(SETUP),
        md(f"**Om {spec['title']}.** {spec['intro']}"),
        md("## Fakta om analysen"),
        code("report.facts()"),
        md("## Resultatet i korthet"),
        code("report.headline()"),
        md("## 1. Inledning"),
        code("report.introduction()"),
        md(
            "## 2. Metod\n\n### 2.1 Om nyttoanalyser\n\nEn nyttoanalys jämför en förändring "
            "(alternativ B) med det organisationen annars skulle göra (alternativ A). Nyttor och "
            "kostnader beskrivs för de perspektiv analysen gäller och värderas i pengar där det "
            "går, i en och samma prisnivå; framtida nyttor och kostnader diskonteras, det vill "
            "säga räknas om till vad de är värda i dag. Det som inte kan värderas i pengar "
            "beskrivs med en uppskattad storlek. Risker, hinder och osäkerhet redovisas för sig."
            "\n\n### 2.2 Så gjorde vi"
        ),
        code("report.how_we_worked()"),
        md("### 2.3 Kategorier för nyttor och kostnader"),
        code("report.categories()"),
        md("### 2.4 Prisnivå"),
        code("report.price_level()"),
        md("### 2.5 Frigjord tid och tid som kostnaderna tar"),
        code("report.hours()"),
        md("### 2.6 Förbehåll i beräkningen"),
        code("report.cautions()"),
        md(f"## 3. Utgångspunkter\n\n### 3.1 Jämförelse\n\n{spec['ab']}"),
        code("report.comparison()"),
        md("### 3.2 Ramar för analysen"),
        code("report.method()"),
        md("### 3.3 Eventuella övriga avgränsningar"),
        code("report.delimitations()"),
        md(
            "## 4. Analys\n\n### Effektkedja\n\nEffektkedjan visar hur förändringen leder "
            "till ett ändrat beteende, till effekter och till nyttor som bidrar till målen."
        ),
        code("report.effect_chain()"),
        md("### 4.1 Identifierade nyttor"),
        code("report.benefits()"),
        md("### 4.2 Identifierade kostnader"),
        code("report.costs()"),
        code("report.risks()"),
        md("## 5. Värdering\n\n### 5.1 Val av arbetssätt"),
        code("report.valuation_choice()"),
        md("### 5.2 Viktiga antaganden och underlag"),
        code("report.assumptions()"),
        md(
            "### Resultat av värderingen\n\nNyttor och kostnader per år, vem som bär "
            "kostnaderna och vem nyttorna tillfaller, och det som inte värderas i pengar."
        ),
        code("report.valuation()"),
        md(
            "### Osäkerhet för nyttor och kostnader som värderats i pengar\n\nIneras tre parade "
            "beräkningar, Lägst, Troligt och Högst, parar lägsta nyttor med lägsta kostnader, "
            "troliga med troliga och högsta med högsta. Därtill visas vilka faktorer som "
            "påverkar mest, en Monte Carlo-simulering och brytvärden."
        ),
        code("report.uncertainty()"),
        md(
            "## 6. Osäkerhetsbedömning\n\nEn kvalitativ bedömning i Ineras tre områden och en "
            "samlad bedömning; ingen fast skala."
        ),
        code("report.uncertainty_assessment()"),
        md("## 7. Sammanfattning"),
        code("report.summary()"),
        md(
            "## Nyttorealiseringsplan\n\nVem som realiserar och vem som mäter varje nytta, "
            "vilken indikator som följs, mot vilket nuläge och mål, och vad frigjorda resurser "
            "ska användas till."
        ),
        code("report.realisation_plan()"),
        md(
            "## Planerat och utfall\n\nUtfallen jämförs med kalkylen för de år som har utfall. "
            "Efterkalkylen är samma beräkning med utfall i stället för uppskattningar för de "
            "åren och kalkylens värden för resten."
        ),
        code("report.planned_and_actual()"),
        md("## Versioner"),
        code("report.versions()"),
        code("report.revision()  # Vad har ändrats sedan förra versionen (om git har den)"),
    ]


FOLLOW_UP_NOTEBOOK = "uppfoljning"
"""notebooks/uppfoljning.ipynb: rendered for every variant that has actuals (`nyttonb render`)."""
FOLLOW_UP_DEFAULT = "../case_studies/digital-nattillsyn/gotland.yaml"


def follow_up_cells() -> list[nbformat.NotebookNode]:
    """The follow-up notebook: run it when new actual values come in (any case with a plan)."""
    parameters = new_code_cell(PARAMETERS.format(default=FOLLOW_UP_DEFAULT))
    parameters.metadata["tags"] = ["parameters"]
    md, code = new_markdown_cell, new_code_cell
    return [
        parameters,
        code(SETUP.replace("report.title()", "report.follow_up_title()")),
        md(
            "**Nyttouppföljning.** Den här rapporten följer upp en nyttoanalys: planerade "
            "nyttor jämförs med utfall, och efterkalkylen visar om beslutsunderlaget höll. "
            "Utfallen står i en egen fil bredvid fallfilen (`<variant>.utfall.yaml`); kör "
            "rapporten igen när nya mätningar kommer in."
        ),
        md("## Planerat och utfall"),
        code("report.planned_and_actual()"),
        md("## Nyttorealiseringsplan"),
        code("report.realisation_plan()"),
        md("## Resultatet i korthet (kalkylen)"),
        code("report.headline()"),
        md("## Fakta om analysen"),
        code("report.facts()"),
        md("## Versioner"),
        code("report.versions()"),
    ]


def _write(name: str, cells: list[nbformat.NotebookNode], folder: Path) -> None:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{name}-{index:02d}"
    nbformat.write(notebook, folder / f"{name}.ipynb")


def main(folder: Path = ROOT / "notebooks") -> None:
    for name, spec in CASES.items():
        _write(name, cells(spec), folder)
    _write(FOLLOW_UP_NOTEBOOK, follow_up_cells(), folder)


if __name__ == "__main__":
    main()
