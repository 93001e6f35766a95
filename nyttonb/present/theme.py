"""The one look of nyttonb's charts: fonts, fixed category colours and the sv-SE number locale.

Two ways in, both built from `theme_config()`:

- `finish(chart)` gives a chart its own `config` and `usermeta` (what every chart of
  `nyttonb.present.charts` does), so
  a chart looks the same wherever it is shown, whichever Altair theme happens to be enabled;
- the Altair theme ``"nyttonb"`` for an analyst's own charts: ``register(enable=True)``.

Numbers: Vega formats with d3-format. The sv-SE locale is set three ways so that axes and
tooltips show "36 800" in notebooks, in the HTML report and on slides alike: in the spec's
``config.locale`` (read by Vega itself), in ``usermeta.embedOptions.formatLocale`` (merged by
vega-embed into its options) and by `nyttonb.present.charts.save_charts`, which passes it to
vl-convert.

Colours (Okabe–Ito, distinguishable with the common colour-vision deficiencies): each category
keeps its colour in every chart; stakeholders and measures get their own palettes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar

from nyttonb.present.formatting import CATEGORY_LABELS, D3_FORMAT_LOCALE

if TYPE_CHECKING:
    import altair as alt

    ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)

THEME_NAME: Final = "nyttonb"

FONT: Final = "'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

CATEGORY_COLOURS: Final[dict[str, str]] = {
    "Finansiell": "#0072B2",  # blue: money that the budget sees
    "Omfördelning": "#E69F00",  # orange: freed resources, valued but not budget
    "Kvalitet": "#CC79A7",  # reddish purple
    "Miljö": "#009E73",  # bluish green
}
"""Category display label → colour; the same in every chart."""

CATEGORY_DOMAIN: Final = list(CATEGORY_LABELS.values())
CATEGORY_RANGE: Final = [CATEGORY_COLOURS[label] for label in CATEGORY_DOMAIN]

STAKEHOLDER_PALETTE: Final = ["#56B4E9", "#D55E00", "#F0E442", "#999999", "#332288", "#882255"]
"""Colours for stakeholders, assigned in the case's order of stakeholders."""

MEASURE_COLOURS: Final[dict[str, str]] = {
    "Nyttor": "#009E73",
    "Kostnader": "#D55E00",
    "Nettonytta": "#333333",
}
"""Benefits, costs and net where they are compared as measures (the scenario chart)."""

NET_COLOUR: Final = "#333333"


def category_scale() -> alt.Scale:
    """The category colour scale: the full domain always, so colours never shift."""
    import altair as alt

    return alt.Scale(domain=CATEGORY_DOMAIN, range=CATEGORY_RANGE)


def stakeholder_colours(names: list[str]) -> dict[str, str]:
    """Stakeholder display name → colour, in the given order (cycling after six)."""
    return {name: STAKEHOLDER_PALETTE[i % len(STAKEHOLDER_PALETTE)] for i, name in enumerate(names)}


def embed_options() -> dict[str, Any]:
    """vega-embed options: the sv-SE number locale, and no "…" action menu in reports."""
    return {"formatLocale": dict(D3_FORMAT_LOCALE), "actions": False}


def theme_config() -> dict[str, Any]:
    """The theme as a Vega-Lite top-level fragment (``config``, ``usermeta``, width)."""
    axis = {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelFontSize": 12,
        "titleFontSize": 13,
        "titleFontWeight": "normal",
        "labelColor": "#333333",
        "titleColor": "#333333",
        "gridColor": "#e6e6e6",
        "domainColor": "#888888",
        "tickColor": "#888888",
        "labelLimit": 260,
    }
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None},
            "axis": axis,
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "title": {
                "font": FONT,
                "fontSize": 16,
                "fontWeight": "bold",
                "anchor": "start",
                "subtitleFont": FONT,
                "subtitleFontSize": 12,
                "subtitleColor": "#555555",
                "color": "#222222",
            },
            "text": {"font": FONT, "fontSize": 12},
            "bar": {"continuousBandSize": 16},
            "range": {"category": list(STAKEHOLDER_PALETTE)},
            "locale": {"number": dict(D3_FORMAT_LOCALE)},
        },
        "usermeta": {"embedOptions": embed_options()},
    }


def set_properties(chart: ChartT, **properties: Any) -> ChartT:
    """Set top-level `properties` on `chart` itself and return it: Altair's ``properties``
    without its checks and copies.

    Altair's own ``properties`` checks each value against the Vega-Lite schema as it is set
    and copies the chart, and a layered chart copies every layer and its data again; for a
    report's charts that costs more than building them. nyttonb's chart builders call this on
    charts they have just made, and the test suite validates every chart spec they draw.
    """
    for key, value in properties.items():
        setattr(chart, key, value)
    return chart


def finish(chart: ChartT) -> ChartT:
    """The chart with nyttonb's config and locale set on itself (a top-level chart)."""
    fragment = theme_config()
    return set_properties(chart, config=fragment["config"], usermeta=fragment["usermeta"])


def register(*, enable: bool = False) -> str:
    """Register the Altair theme "nyttonb" (again is harmless); enable it if asked.

    Not done on import, so that importing nyttonb never loads Altair.
    """
    import altair as alt

    def nyttonb_theme() -> alt.theme.ThemeConfig:
        return theme_config()  # type: ignore[return-value]

    alt.theme.register(THEME_NAME, enable=enable)(nyttonb_theme)
    return THEME_NAME
