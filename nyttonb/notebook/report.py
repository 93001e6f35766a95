"""The sections of a case report, for the case notebooks: one call per section.

A notebook is narrative plus calls into this module; every number, table and chart comes from
the engine through here, so the report shows what `nyttonb calc` prints. All text from the case
file is HTML-escaped before it is shown.

    report = CaseReport.from_parameters(globals())   # after the `parameters` cell
    report.facts()                                    # Fakta om analysen
    report.headline()                                 # Resultatet i korthet
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nyttonb.core.figures import METADATA_KEY, Figures
from nyttonb.core.followup import Actuals, FollowUp
from nyttonb.core.model import Case, Category, CostType, Item, Note
from nyttonb.core.results import Result
from nyttonb.notebook.items import items_html
from nyttonb.notebook.sections import paragraphs
from nyttonb.notebook.uncertainty_text import (
    paired_choices_html,
    switching_html,
    uncertainty_text,
)


class Html:
    """A piece of HTML that Jupyter displays as HTML (and nbconvert renders as such)."""

    def __init__(self, markup: str, metadata: Mapping[str, Any] | None = None) -> None:
        self.markup = markup
        self.metadata = dict(metadata or {})

    def _repr_html_(self) -> str | tuple[str, dict[str, Any]]:
        return (self.markup, self.metadata) if self.metadata else self.markup

    def __str__(self) -> str:
        return self.markup


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def _definitions(rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><th scope='row'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows if v
    )
    return f"<table class='nyttonb-facts'>{body}</table>"


@dataclass(frozen=True)
class CaseReport:
    """A case with its figures (computed once), ready to show section by section."""

    figures: Figures
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    source: Path | None = None
    """The case file, when read from one (for the previous version in git)."""
    frame: Mapping[str, Any] = field(default_factory=dict)
    """The notebook's framing parameters (horizon, discount rate, first-year convention)."""

    @property
    def case(self) -> Case:
        return self.figures.case

    @property
    def result(self) -> Result:
        """The likely run."""
        return self.figures.result

    @property
    def runs(self) -> Mapping[str, Result]:
        """Inera's three paired runs."""
        return self.figures.runs

    @property
    def data(self) -> dict[str, Any]:
        """The figures as plain data, computed once: what `nyttonb calc --json` prints."""
        if "data" not in self._cache:
            self._cache["data"] = self.figures.to_dict()
        return dict(self._cache["data"])

    @classmethod
    def from_case(cls, case: Case, actuals: Actuals | None = None, **where: Any) -> CaseReport:
        """The report of `case`; `where` may give `source` and `frame` (see the fields)."""
        from nyttonb.core.figures import compute_figures

        return cls(compute_figures(case, with_uncertainty=True, actuals=actuals), **where)

    @classmethod
    def from_parameters(cls, namespace: Mapping[str, Any]) -> CaseReport:
        """Check the notebook's parameters, load and frame the case, and calculate it."""
        from nyttonb.casefile.framed import load_framed_with_actuals
        from nyttonb.notebook.parameters import check_parameters, resolve_case_file

        params = check_parameters(namespace)
        file = resolve_case_file(params.case_file)
        case, actuals = load_framed_with_actuals(file, **params.frame())
        return cls.from_case(case, actuals, source=file, frame=params.frame())

    # Sections, in the order of Inera's report outline.

    def title(self) -> Html:
        """The title, and the decision summary (`nyttonb.present.decision`) below it."""
        from nyttonb.present.decision import decision_html

        c = self.case
        return Html(
            f"<h1 class='nyttonb-title'>Nyttoanalys: {escape(c.name)}</h1>"
            f"<p class='nyttonb-subtitle'>{escape(c.organisation)} · {escape(c.area)}</p>"
            + decision_html(self.figures)
        )

    def follow_up_title(self) -> Html:
        """The follow-up notebook's title, with its status."""
        c = self.case
        return Html(
            f"<h1 class='nyttonb-title'>Nyttouppföljning: {escape(c.name)}</h1>"
            f"<p class='nyttonb-subtitle'>{escape(c.organisation)} · {escape(c.area)} · "
            f"status: {escape(self.follow_up.status_label)}</p>"
        )

    def facts(self) -> Html:
        """Fakta om analysen."""
        c = self.case
        latest = c.versions[-1] if c.versions else None
        rows = [
            ("Organisation", c.organisation),
            ("Verksamhetsområde", c.area),
            ("Förändring", c.description),
            ("Geografi", c.geography),
            ("Värderingsstatus", c.valuation_status),
            ("Version", latest.version if latest else ""),
            ("Datum", str(latest.date) if latest and latest.date else ""),
            ("Kontakt (roll)", c.contact),
        ]
        return Html(_definitions(rows))

    def headline(self) -> Any:
        """Resultatet i korthet, with the `nyttonb calc --json` figures attached as metadata."""
        from nyttonb.present import formatting as fmt
        from nyttonb.present.tables import summary_table

        r = self.result
        message = (
            f"Över {self.case.horizon} år ger förändringen en nettonytta på "
            f"{fmt.kr(r.net_benefit)}, det vill säga {fmt.per_krona(r.net_benefit_per_krona)}. "
            f"Den finansiella nettonyttan, det som syns i budgeten, är "
            f"{fmt.kr(r.financial_net_benefit)}."
        )
        table = summary_table(self.case, r).to_html()
        return Html(
            f"<p class='nyttonb-lead'>{escape(message)}</p>{table}",
            metadata={METADATA_KEY: self.data},
        )

    def introduction(self) -> Html:
        """1. Inledning: 1.1 Syfte and 1.2 Bakgrund och kontext, from the case file."""
        from nyttonb.notebook.sections import NOT_STATED

        parts = []
        for key, heading in (("purpose", "1.1 Syfte"), ("background", "1.2 Bakgrund och kontext")):
            text = self.case.text(key) or (self.case.description if key == "background" else "")
            body = paragraphs(text) if text else f"<p class='nyttonb-not-stated'>{NOT_STATED}</p>"
            parts.append(f"<h3>{heading}</h3>{body}")
        return Html("\n".join(parts))

    def how_we_worked(self) -> Html:
        """2.2 Så gjorde vi: the case's account of the work, and what the case file shows."""
        from nyttonb.notebook.sections import how_we_worked

        return Html(how_we_worked(self.case))

    def categories(self) -> Html:
        """2.3 Kategorier för nyttor och kostnader."""
        from nyttonb.notebook.sections import categories

        return Html(categories())

    def price_level(self) -> Html:
        """2.4 Prisnivå: the year, the index, every conversion and what could not be converted."""
        from nyttonb.notebook.method_notes import price_level_html

        return Html(price_level_html(self.data, self.case))

    def hours(self) -> Html:
        """2.5 Frigjord tid och tid som kostnaderna tar: totals and yearly averages."""
        from nyttonb.notebook.method_notes import hours_html

        return Html(hours_html(self.data))

    def cautions(self) -> Html:
        """2.6 Förbehåll i beräkningen: the method's warnings and the kontrolltriggers."""
        from nyttonb.casefile.triggers import reference_warnings
        from nyttonb.notebook.method_notes import cautions_html

        checks = [f"{w.message} {w.check}" for w in reference_warnings(self.case)]
        return Html(cautions_html(self.data, self.case, checks))

    def delimitations(self) -> Html:
        """3.3 Eventuella övriga avgränsningar."""
        from nyttonb.notebook.sections import delimitations

        return Html(delimitations(self.case))

    def uncertainty_assessment(self) -> Html:
        """6. Osäkerhetsbedömning: 6.1 effekter och samband, 6.2 data och antaganden,
        6.3 avgränsningar, 6.4 samlad bedömning."""
        from nyttonb.notebook.sections import uncertainty_assessment

        return Html(uncertainty_assessment(self.case, self.runs))

    def method(self) -> Html:
        """3.2 Ramar för analysen: perspektiv, geografi, tidshorisont, diskontering, prisnivå."""
        c, r = self.case, self.result
        perspectives = ", ".join(s.name for s in c.stakeholders)
        price = f"{c.price_level_year} års prisnivå (se 2.4)." if c.price_level_year else ""
        rows = [
            ("Perspektiv", perspectives),
            ("Geografisk räckvidd", c.geography),
            ("Tidshorisont", f"{c.horizon} år" + (f" från {c.start_year}" if c.start_year else "")),
            ("Diskontering och prisnivå", f"{r.discounting.describe()} {price}".strip()),
        ]
        return Html(_definitions(rows))

    def comparison(self) -> Html:
        """Jämförelse mellan alternativ A och B."""
        c = self.case
        return Html(
            "<div class='nyttonb-ab'>"
            f"<section><h3>Alternativ A</h3>{paragraphs(c.alternative_a)}</section>"
            f"<section><h3>Alternativ B</h3>{paragraphs(c.alternative_b)}</section>"
            "</div>"
        )

    def effect_chain(self) -> Html:
        """Effektkedjan som diagram."""
        from nyttonb.present.effect_chain import effect_chain_html

        return Html(effect_chain_html(self.case.effect_chain))

    def benefits(self) -> Html:
        """Nyttor: each with category, perspective, value and factor rows."""
        return Html(items_html(self.case, self.result, self.case.benefits))

    def costs(self) -> Html:
        """4.2 Kostnader: 4.2.1 as a consequence of the change, 4.2.2 those required to carry
        out and maintain it (engångs- and löpande kostnader)."""
        consequence = tuple(i for i in self.case.costs if i.cost_type is CostType.CONSEQUENCE)
        required = tuple(i for i in self.case.costs if i.cost_type is not CostType.CONSEQUENCE)
        return Html(
            "<h3>4.2.1 Kostnader som uppstår som följd av förändringen</h3>"
            + self._listed(consequence)
            + "<h3>4.2.2 Kostnader som krävs för att genomföra och upprätthålla förändringen</h3>"
            + self._listed(required)
        )

    def _listed(self, items: tuple[Item, ...]) -> str:
        if not items:
            return "<p>Inga identifierade.</p>"
        return items_html(self.case, self.result, items)

    def risks(self) -> Html:
        """4.3 Risker and 4.4 Hinder ("Inga identifierade." when none), then möjligheter."""
        sections = (("4.3 Risker", self.case.risks), ("4.4 Hinder", self.case.hinder))
        parts = [
            f"<h3>{heading}</h3>" + (_notes(notes) if notes else "<p>Inga identifierade.</p>")
            for heading, notes in sections
        ]
        if self.case.opportunities:
            parts.append(f"<h3>Möjligheter</h3>{_notes(self.case.opportunities)}")
        return Html("\n".join(parts))

    def unvalued(self) -> Any:
        from nyttonb.present.tables import unvalued_table

        return unvalued_table(self.case)

    def charts(self) -> dict[str, Any]:
        """The valuation charts, by name (also what `nyttonb charts` exports)."""
        from nyttonb.present.charts import report_charts

        if "charts" not in self._cache:
            with _quick_charts():
                self._cache["charts"] = report_charts(self.figures)
        return dict(self._cache["charts"])

    def valuation_choice(self) -> Html:
        """5.1 Val av arbetssätt: what is valued in money, what is not, and why."""
        from nyttonb.notebook.valuation_notes import choice_html

        return Html(choice_html(self.case, self.result))

    def assumptions(self) -> Html:
        """5.2 Viktiga antaganden och underlag: the tornado's first factors, and where the
        calculation and its sources are."""
        from nyttonb.notebook.valuation_notes import assumptions_html

        return Html(assumptions_html(self.case, self.figures.analysis))

    def valuation(self) -> None:
        """Värdering: per year, accumulated, who pays and who benefits, what is not valued."""
        from nyttonb.present import charts as ch
        from nyttonb.present import tables

        charts = self.charts()
        case, result = self.case, self.result
        display(_figure(charts["yearly"], ch.describe_yearly(case, result)))
        display(tables.yearly_table(case, result))
        display(_figure(charts["accumulated"], ch.describe_accumulated(case, result)))
        display(_figure(charts["stakeholders"], ch.describe_stakeholders(case, result)))
        display(tables.category_stakeholder_table(case, result))
        if "unvalued" in charts:
            display(_figure(charts["unvalued"], ch.describe_unvalued(case)))
            display(tables.unvalued_table(case))
        display(tables.shared_factor_table(case))
        if case.published:
            display(tables.published_table(case, result))

    def uncertainty(self) -> None:
        """Osäkerhet: Inera's paired runs, tornado, Monte Carlo, switching values, a slider."""
        from nyttonb.present import charts as ch
        from nyttonb.present import tables

        case = self.case
        display(tables.scenario_table(case, self.runs))
        display(Html(paired_choices_html(self.data["scenarios"])))
        charts = self.charts()
        display(_figure(charts["scenarios"], ch.describe_scenarios(case, self.runs)))
        analysis = self.figures.analysis
        assert analysis is not None  # from_case computes it
        views = (
            (analysis.full, "hela kalkylen", self.result.net_benefit, "nettonyttan"),
            (
                analysis.financial,
                "det som syns i budgeten",
                self.result.financial_net_benefit,
                "den finansiella nettonyttan",
            ),
        )
        for view, title, likely_net, net in views:
            display(Html(f"<h3>Känslighet: {escape(title)}</h3>"))
            display(Html(uncertainty_text(view)))
            if view.tornado:
                bars = view.tornado[:10]
                with _quick_charts():
                    chart = ch.tornado_chart(bars, likely_net)
                display(_figure(chart, ch.describe_tornado(bars, likely_net)))
            draws = view.monte_carlo.net.tolist()
            with _quick_charts():
                histogram = ch.histogram_chart(draws)
            display(_figure(histogram, ch.describe_histogram(draws)))
            display(Html(switching_html(view.switching_values, net)))
        if "slider" in charts:
            display(
                Html(
                    "<div class='nyttonb-screen-only'><h3>Prova själv</h3><p>Dra i reglaget för "
                    "att se hur nettonyttan per år och ackumulerat ändras med den faktor som "
                    "påverkar mest. Värdena är beräknade i förväg med samma motor som resten av "
                    "rapporten.</p></div>"
                )
            )
            show_chart(charts["slider"])

    @property
    def follow_up(self) -> FollowUp:
        """Planned against actual values and the efterkalkyl (`nyttonb.core.followup`)."""
        from nyttonb.core.followup import follow_up

        return self.figures.follow_up or follow_up(self.case)

    def realisation_plan(self) -> Html:
        """Nyttorealiseringsplan: who measures what, when, against which baseline and target."""
        from nyttonb.present.followup import plan_html

        return Html(plan_html(self.case))

    def planned_and_actual(self) -> None:
        """Planerat och utfall: status, per benefit and in total, indicators, per year, the
        efterkalkyl beside the estimate, and the chart of accumulated net benefit."""
        from nyttonb.present import followup as sections
        from nyttonb.present.charts.followup import describe_follow_up, follow_up_chart

        case, result = self.case, self.follow_up
        display(Html(sections.status_html(case, result)))
        if not result.has_actuals:
            display(
                Html(
                    "<p>Utfall läggs i en egen fil bredvid fallfilen "
                    "(<code>&lt;variant&gt;.utfall.yaml</code>, se docs/case-format.md).</p>"
                )
            )
            return
        display(Html(sections.items_html(case, result)))
        display(Html(sections.indicators_html(case, result)))
        display(Html(sections.efterkalkyl_html(result)))
        with _quick_charts():
            chart = follow_up_chart(case, result)
        display(_figure(chart, describe_follow_up(case, result)))
        display(Html(sections.years_html(case, result)))

    def versions(self) -> Any:
        from nyttonb.present.tables import version_table

        return version_table(self.case)

    def revision(self) -> None:
        """Vad har ändrats sedan förra versionen: only when git holds a previous version."""
        from nyttonb.notebook.revision_section import build_section

        section = build_section(self.source, self.case, self.frame)
        if section is not None:
            display(Html(section.text_html()))
            display(_figure(section.chart(), section.description()))
            display(Html(section.table_html()))

    def summary(self) -> Html:
        """Sammanfattning: the case's own text, then the figures that carry it."""
        from nyttonb.present import formatting as fmt

        r = self.result
        text = self.case.text("summary")
        omf = r.by_category.get(Category.OMFORDELNING.value)
        lines = [
            f"Den sammanlagda nettonyttan över {self.case.horizon} år är "
            f"{fmt.kr(r.net_benefit)} ({fmt.per_krona(r.net_benefit_per_krona)}).",
            f"{fmt.BREAK_EVEN_LABEL} {fmt.break_even(r.break_even_year, self.case)}.",
            f"Finansiellt, i budgeten, blir nettonyttan {fmt.kr(r.financial_net_benefit)}.",
        ]
        if omf and omf.benefits:
            lines.append(
                f"Frigjorda resurser (omfördelning) värderas till {fmt.kr(omf.benefits)}; "
                "de blir inte pengar i budgeten utan tid som kan användas till annat: "
                f"{fmt.hours_over(r.freed_hours, r.horizon)}"
                + (
                    f", medan kostnaderna tar {fmt.hours_over(r.consumed_hours, r.horizon)}."
                    if r.consumed_hours
                    else "."
                )
            )
        bullets = "".join(f"<li>{escape(x)}</li>" for x in lines)
        return Html(f"{paragraphs(text)}<ul>{bullets}</ul>")


def _notes(notes: tuple[Note, ...]) -> str:
    return (
        "<dl class='nyttonb-notes'>"
        + "".join(
            f"<dt style='font-weight:600;margin-top:0.6em'>{escape(n.name)}</dt>"
            f"<dd style='margin:0 0 0.4em 0'>{escape(n.description)}</dd>"
            for n in notes
        )
        + "</dl>"
    )


def display(*objects: Any) -> None:
    """IPython's display, typed."""
    from IPython.display import display as show

    show(*objects)  # type: ignore[no-untyped-call]


def _quick_charts() -> Any:
    """Build charts without Altair's check of every part as it is made (see `show_chart`)."""
    from altair.utils.schemapi import debug_mode

    return debug_mode(False)


def show_chart(chart: Any) -> None:
    """Display an Altair chart, drawn offline in every client (`nyttonb.notebook.chart_display`).

    Altair checks a spec against the Vega-Lite schema on every display, which costs more than
    building the whole report; the test suite validates every chart nyttonb draws instead.
    """
    from nyttonb.notebook.chart_display import display_chart

    display_chart(chart)


def _figure(chart: Any, description: str) -> Any:
    """A chart followed by its text alternative, for readers who cannot see it."""
    show_chart(chart)
    return Html(f"<p class='nyttonb-alt'>{escape(description)}</p>")
