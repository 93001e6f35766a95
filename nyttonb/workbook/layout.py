"""Where everything sits in the workbook: sheet names, columns, row labels and defined names.

Export writes these addresses and import reads them, so the two cannot drift apart;
docs/excel-layout.md describes the same layout for people.
"""

from __future__ import annotations

from nyttonb.core.model import Category, CostType
from nyttonb.core.results import HOURS_PER_FTE as _HOURS_PER_FTE

START = "Start"
BENEFITS = "Värde nyttor"
COSTS = "Värde kostnader"
NOT_VALUED = "Ej värderade"
RESULT = "Resultat"
NOTES = "Underlag"
SHEETS = (START, BENEFITS, COSTS, NOT_VALUED, RESULT, NOTES)

# Start: label in column A, value in column B, found by label.
START_LABELS = {
    "name": "Namn på förändringen",
    "organisation": "Organisation",
    "area": "Verksamhetsområde",
    "geography": "Geografi",
    "description": "Beskrivning",
    "alternative_a": "Alternativ A",
    "alternative_b": "Alternativ B",
    "start_year": "Vilket år vill ni räkna från?",
    "horizon": "Kalkylperiod (år)",
    "discount_rate": "Diskonteringsränta",
    "discount_first_year": "Diskontera även år 1",
    "price_level_year": "Prisnivå (år)",
    "valuation_status": "Värderingsstatus",
    "contact": "Kontakt",
    "reference_analysis": "Referensanalys",
    "price_index": "Prisindex",
    "tags": "Taggar",
    "urgency": "Angelägenhet (1–5)",
    "feasibility": "Genomförbarhet (1–5)",
}
START_ROWS = {key: 3 + index for index, key in enumerate(START_LABELS)}
STAKEHOLDER_HEADER = "Perspektiv"
STAKEHOLDER_COLUMNS = ("Namn", "Typ", "Id")
YES, NO = "Ja", "Nej"

# Value sheets: the year header and discount weights on top, years from column B.
YEAR_ROW = 2
WEIGHT_ROW = 3
FIRST_YEAR_COLUMN = 2
SHARED_HEADER = "Faktorer som används i flera beräkningar"

# Factor rows (shared and in blocks).
LABEL, LIKELY, LOW, HIGH, UNIT, SOURCE, SOURCE_TYPE, NAME, SCALE = "ABCDEFGHI"
BASE = {"likely": "J", "low": "K", "high": "L"}
"""The factor's value in base units (kr, h, år …): what item formulas refer to."""
PRICE_YEAR, PRICE_INDEX = "M", "N"
"""A factor's price year (the year its amounts are in) and the index that converts them."""
ORDER = "I"
"""On a block's Namn row: the item's place among the case's benefits (or costs)."""
OWN = {"likely": LIKELY, "low": LOW, "high": HIGH}
FACTOR_HEADERS = (
    "Faktor",
    "Troligt",
    "Lägst",
    "Högst",
    "Enhet",
    "Källa",
    "Källtyp",
    "Namn",
    "Omräkning till basenhet",
    "Troligt (basenhet)",
    "Lägst (basenhet)",
    "Högst (basenhet)",
    "Prisår",
    "Prisindex",
)
SCENARIOS = ("likely", "low", "high")

# Row labels of a benefit or cost block, in column A.
BLOCK_NAME = "Namn"
BLOCK_STAKEHOLDER = "Perspektiv"
BLOCK_CATEGORY = "Kategori"
BLOCK_COST_TYPE = "Kostnadstyp"
BLOCK_SIZE = "Uppskattad storlek"
BLOCK_DESCRIPTION = "Beskrivning"
BLOCK_FACTORS = "Faktor"
ANNUAL = "Årligt värde (kr)"
HOURS = "Timmar (h/år)"
PROFILE = "Årsfaktor"
YEARLY = {
    "likely": "Värde per år (kr)",
    "low": "Värde per år, lägst (kr)",
    "high": "Värde per år, högst (kr)",
}
YEARLY_HOURS = "Timmar per år (h)"
PRESENT = "Diskonterat värde (kr)"

CATEGORY_LABELS = {category: category.value.capitalize() for category in Category}
COST_TYPE_LABELS = {cost_type: cost_type.value.capitalize() for cost_type in CostType}
SIZE_LABELS = {0: "Ingen", 1: "Liten", 2: "Måttlig", 3: "Stor"}

# Ej värderade: benefits from column A, costs from column I; header on row 3.
NOT_VALUED_HEADER_ROW = 3
NOT_VALUED_COLUMNS = (
    "Namn",
    "Perspektiv",
    "Kategori",
    "Uppskattad storlek",
    "Beskrivning",
    "Id",
    "Kostnadstyp",
    "Nr",
)
NOT_VALUED_FIRST = {"benefits": 1, "costs": 9}

# Resultat: the summary tables in columns A–E, the yearly table from column K.
SUMMARY_ROW = 5
"""The first of Tabell: sammanfattning's eight rows (label in A, value in B)."""
FIGURES_ROW = 15
UNCERTAINTY_ROW = 23
"""Title row of the paired runs; a header row, then the measures in columns B–D (Lägst,
Troligt, Högst)."""
HOURS_ROW = 33
CATEGORY_ROW = 41
YEARS_HEADER_ROW = 4
YEARS = {
    "year": "K",
    "label": "L",
    "weight": "M",
    "benefits": "N",
    "costs": "O",
    "net": "P",
    "accumulated_net": "Q",
    "benefits_nominal": "R",
    "costs_nominal": "S",
    "freed_hours": "T",
    "invested_hours": "U",
}
"""The yearly table's visible columns; helper columns for the break-even year follow."""
YEAR_HEADERS = {
    "year": "År",
    "label": "Etikett",
    "weight": "Diskonteringsfaktor",
    "benefits": "Nyttor (diskonterat)",
    "costs": "Kostnader (diskonterat)",
    "net": "Nettonytta",
    "accumulated_net": "Ackumulerad nettonytta",
    "benefits_nominal": "Nyttor (ej diskonterat)",
    "costs_nominal": "Kostnader (ej diskonterat)",
    "freed_hours": "Frigjord tid (h)",
    "invested_hours": "Satsad tid (h)",
}
HELPERS = {
    "likely": ("V", "W", "X", "Y", "Z"),
    "low": ("AA", "AB", "AC", "AD", "AE"),
    "high": ("AF", "AG", "AH", "AI", "AJ"),
}
"""Per run: present benefits, present costs, accumulated of each, and the year if reached."""

NAMES = (
    "Nettonytta",
    "Nyttor",
    "Kostnader",
    "Finansiell_nettonytta",
    "Nettonytta_per_satsad_krona",
    "Brytår",
)
"""Workbook-level defined names of the headline figures."""
NEVER = "aldrig"
HOURS_PER_FTE = int(_HOURS_PER_FTE)

# Formats: [$-41D] marks them Swedish, so that LibreOffice shows 1 234 kr and 0,5 in any
# locale; Excel takes the separators from the system (Swedish on a Swedish computer).
SWEDISH = "[$-41D]"
KR = SWEDISH + '#,##0" kr"'
HOURS_FORMAT = SWEDISH + '#,##0" h"'
PERCENT = SWEDISH + '0.0" "%'
SHARE = SWEDISH + '0" "%'
RATIO = SWEDISH + "0.00"
FTE = SWEDISH + "0.00"
WEIGHT = SWEDISH + "0.0000"
NUMBER = SWEDISH + "General"
COUNT = SWEDISH + '0" st"'
YEAR = "0"
