"""The analyst's explorer: sliders for every factor and the frame, the result at once.

``nyttonb.explore("case_studies/x/y.yaml")`` in JupyterLab shows a slider from low to high for
every factor that has a range (likely selected), grouped under shared factors and each item;
the horizon, the discount rate and the first-year convention; the headline figures; and the
yearly, accumulated and stakeholder charts. "Återställ" restores the case's values and
"Spara som variant…" writes the chosen values to a new case file (`nyttonb.casefile.variant`).

The fast path: the case is compiled once (`nyttonb.core.calc.compile_case`) and a factor slider
only calls `evaluate` with scalar overrides; the horizon, rate or convention recompiles. The
headline is built from that evaluation; the charts are redrawn from `calculate` on the same
compiled case. Sliders report on release (``continuous_update=False``), so each move of the
mouse costs one computation and one redraw, not dozens queued in the kernel.

Measured on the largest shipped case (sakr-digital-kommunikation/sigtuna.yaml: 25 factors with
sliders, 18 items), 228 slider moves on a 2-core container shared with other work, median / 95th
percentile / max:

- compute (`last_compute_ms`, `evaluate` with scalar overrides): 0.44 / 0.62 / 0.72 ms; with
  the headline HTML (a separate run) 0.27 / 0.34 / 0.68 ms. Target: < 100 ms.
- recompile on a horizon, rate or convention change (`last_compile_ms`): 1.9 ms.
- redraw (`last_draw_ms`: `calculate` + three Altair charts + Output): 92 / 123 / 166 ms, almost
  all of it Altair building and validating the charts in `nyttonb.present.charts`.
- a whole slider event in the kernel: 98 / 127 / 146 ms.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyttonb.core.model import Case, Direction, Factor
from nyttonb.core.results import HOURS_PER_FTE, Discounting
from nyttonb.errors import CaseFileError, NyttonbError
from nyttonb.present import formatting as fmt

if TYPE_CHECKING:
    import altair as alt
    import ipywidgets as widgets

    from nyttonb.core.calc import Evaluation
    from nyttonb.core.compiled import CompiledCase
    from nyttonb.core.results import Result

SHARED_TITLE = "Gemensamma faktorer"
_FULL_WIDTH = "46em"
_STYLE = {"description_width": "22em"}


def explore(case: Case | str | Path) -> Explorer:
    """The explorer for a case or a case file; shown when it is the last value of a cell."""
    if isinstance(case, Case):
        return Explorer(case)
    from nyttonb.casefile.load import load_case

    return Explorer(load_case(case))


def slider_step(low: float, high: float) -> float:
    """A step giving 100–1 000 positions between `low` and `high`, a power of ten.

    >>> slider_step(340, 400), slider_step(0.4, 0.6), slider_step(15_000, 30_000)
    (0.1, 0.001, 100.0)
    """
    exponent = math.floor(math.log10(high - low)) - 2
    return float(f"1e{exponent}")


def clean(value: float) -> float:
    """A slider's value without the float noise of the browser's arithmetic.

    >>> clean(340 + 283 * 0.1), clean(0.45000000000000007)
    (368.3, 0.45)
    """
    return float(f"{float(value):.12g}")


def has_slider(factor: Factor) -> bool:
    """Whether a factor gets a slider: it has its own values and a range."""
    return not factor.derived and factor.low < factor.high


class Explorer:
    """Widgets over one case; `widget` is what JupyterLab shows.

    Controls: `sliders` (factor key → FloatSlider), `horizon`, `discount_rate`,
    `discount_first_year`, `reset_button`, `file_name`, `note`, `save_button`. Output:
    `headline` (HTML), `charts` (Output), `message` (HTML); `accordion` groups the sliders,
    `readouts` (factor key → Label) and `rate_readout` show values in Swedish. After each update,
    `last_compute_ms` is the time of `evaluate`, `last_draw_ms` of `calculate` plus the charts,
    `compile_count` how often the case has been compiled, and `result` the charts' Result.
    """

    def __init__(self, case: Case) -> None:
        import ipywidgets as widgets

        self.case = case
        self.compile_count = 0
        self.last_compile_ms = 0.0
        self.last_compute_ms = 0.0
        self.last_draw_ms = 0.0
        self.result: Result | None = None
        self.chart_objects: tuple[alt.TopLevelMixin, ...] = ()
        self._paused = False
        self._failed = ""
        self.sliders = {f.key: _factor_slider(f) for f in case.all_factors if has_slider(f)}
        self.horizon = widgets.IntSlider(
            value=case.horizon, min=1, max=max(25, case.horizon), step=1,
            description="Tidshorisont (år)", continuous_update=False, style=_STYLE,
            layout=widgets.Layout(width=_FULL_WIDTH),
        )  # fmt: skip
        self.discount_rate = widgets.FloatSlider(
            value=case.discount_rate, min=0.0, max=max(0.10, case.discount_rate), step=0.005,
            description="Diskonteringsränta", readout=False, continuous_update=False,
            style=_STYLE, layout=widgets.Layout(width=_FULL_WIDTH),
        )  # fmt: skip
        self.discount_first_year = widgets.Checkbox(
            value=case.discount_first_year, description="Diskontera även år 1", indent=False
        )
        self.headline = widgets.HTML()
        self.charts = widgets.Output()
        self.message = widgets.HTML()
        auto = widgets.Layout(width="auto")  # the whole text, never "Spara som vari…"
        self.reset_button = widgets.Button(description="Återställ", icon="undo", layout=auto)
        self.file_name = widgets.Text(description="Ny fil", placeholder="t.ex. variant.yaml")
        self.note = widgets.Text(description="Kommentar", placeholder="till versionstabellen")
        self.save_button = widgets.Button(
            description="Spara som variant…", icon="save", layout=widgets.Layout(width="auto")
        )
        self.widget = self._layout()
        self.compiled = self._compile()
        for control in (*self.sliders.values(), self.horizon, self.discount_rate):
            control.observe(self._on_change, names="value")
        self.discount_first_year.observe(self._on_change, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        self.save_button.on_click(lambda _: self._save_clicked())
        self.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # --- values ---------------------------------------------------------------------------

    def factor_values(self) -> dict[str, float]:
        """Every slider's value by factor key, in the factor's own unit."""
        return {key: clean(slider.value) for key, slider in self.sliders.items()}

    def overrides(self) -> dict[str, float]:
        """The factor values that differ from the case's likely values."""
        return {
            key: value
            for key, value in self.factor_values().items()
            if value != self.case.factor(key).likely
        }

    def framed_case(self) -> Case:
        """The case with the frame the controls show."""
        from nyttonb.core.frame import apply_frame

        return apply_frame(
            self.case,
            horizon=int(self.horizon.value),
            discount_rate=round(float(self.discount_rate.value), 6),
            discount_first_year=bool(self.discount_first_year.value),
        )

    # --- updates --------------------------------------------------------------------------

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._paused:
            self.refresh()

    def refresh(self) -> None:
        """Recompile if the frame changed, then recompute and redraw."""
        try:
            framed = self.framed_case()
            if _frame(framed) != _frame(self.compiled.case):
                self.compiled = self._compile(framed)
            self.update()
        except NyttonbError as error:  # e.g. a formula dividing by zero at this value
            self.message.value = self._failed = _error_html(str(error))
            return
        if self.message.value == self._failed:
            self.message.value = self._failed = ""

    def _compile(self, case: Case | None = None) -> CompiledCase:
        from nyttonb.core.calc import compile_case

        start = time.perf_counter()
        compiled = compile_case(case or self.case)
        self.last_compile_ms = (time.perf_counter() - start) * 1000
        self.compile_count += 1
        return compiled

    def update(self) -> None:
        """The fast path: evaluate with the sliders' values, then headline and charts."""
        from nyttonb.core.calc import evaluate

        overrides = self.overrides()
        start = time.perf_counter()
        run = evaluate(self.compiled, overrides)
        self.last_compute_ms = (time.perf_counter() - start) * 1000
        self.headline.value = headline_html(self.compiled.case, run)
        self._draw(overrides)

    def _draw(self, overrides: Mapping[str, float]) -> None:
        from nyttonb.core.calc import calculate
        from nyttonb.present.charts import (
            accumulated_chart,
            stakeholder_chart,
            yearly_chart,
        )

        start = time.perf_counter()
        case = self.compiled.case
        self.result = calculate(self.compiled, overrides=overrides)
        charts = (yearly_chart, accumulated_chart, stakeholder_chart)
        self.chart_objects = tuple(chart(case, self.result) for chart in charts)
        self.charts.outputs = tuple(_display_data(chart) for chart in self.chart_objects)
        self.last_draw_ms = (time.perf_counter() - start) * 1000

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Change many controls with one update at the end."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
        self.refresh()

    def set_values(
        self,
        factor_values: Mapping[str, float] | None = None,
        *,
        horizon: int | None = None,
        discount_rate: float | None = None,
        discount_first_year: bool | None = None,
    ) -> None:
        """Move many controls at once, with one update at the end."""
        with self._held():
            for key, value in (factor_values or {}).items():
                self.sliders[key].value = value
            if horizon is not None:
                self.horizon.value = horizon
            if discount_rate is not None:
                self.discount_rate.value = discount_rate
            if discount_first_year is not None:
                self.discount_first_year.value = discount_first_year

    def reset(self) -> None:
        """Every control back to the case's value."""
        self.set_values(
            {key: self.case.factor(key).likely for key in self.sliders},
            horizon=self.case.horizon,
            discount_rate=self.case.discount_rate,
            discount_first_year=self.case.discount_first_year,
        )
        self.message.value = ""

    # --- saving ---------------------------------------------------------------------------

    def save(self, file_name: str, note: str = "") -> Path:
        """Write the chosen values as a new variant file beside the case file."""
        from nyttonb.casefile.variant import write_variant

        if not self.case.source_path:
            raise CaseFileError(
                "fallet lästes inte från en fil, så det finns ingen fil att göra en variant av.",
                fix="Utforska en fallfil: nyttonb.explore('case_studies/x/y.yaml').",
            )
        source = Path(self.case.source_path)
        target = Path(file_name.strip())
        if not target.suffix:
            target = target.with_suffix(".yaml")
        if not target.is_absolute():
            target = source.parent / target
        framed = self.framed_case()
        summary = self._changes(framed)
        return write_variant(
            source,
            target,
            self.factor_values(),
            horizon=framed.horizon,
            discount_rate=framed.discount_rate,
            discount_first_year=framed.discount_first_year,
            note=f"{note.strip()} ({summary})" if note.strip() else summary,
        )

    def _changes(self, framed: Case) -> str:
        def plain(x: float) -> str:
            return fmt.quantity(x, 6).replace(fmt.NBSP, " ")

        parts = [
            f"{self.case.factor(key).label} {plain(value)}"
            for key, value in self.overrides().items()
        ]
        if framed.horizon != self.case.horizon:
            parts.append(f"tidshorisont {framed.horizon} år")
        if framed.discount_rate != self.case.discount_rate:
            parts.append(f"diskonteringsränta {plain(framed.discount_rate * 100)} %")
        if framed.discount_first_year != self.case.discount_first_year:
            parts.append("år 1 diskonteras" if framed.discount_first_year else "år 1 odiskonterat")
        changed = "; ".join(parts) if parts else "inga ändrade värden"
        return f"Variant från utforskaren: {changed}."

    def _save_clicked(self) -> None:
        name = self.file_name.value.strip()
        if not name:
            self.message.value = _error_html("Skriv ett namn för den nya filen.")
            return
        try:
            written = self.save(name, self.note.value)
        except CaseFileError as error:
            text = (
                f"Filen {error.file} finns redan och skrivs aldrig över. Välj ett nytt filnamn."
                if error.fix == "Choose a new file name."
                else str(error)
            )
            self.message.value = _error_html(text)
            return
        self.message.value = (
            f"<p>Sparad som ny variant: <code>{html.escape(str(written))}</code></p>"
        )

    # --- layout ---------------------------------------------------------------------------

    def _layout(self) -> widgets.VBox:
        """Frame controls, the factor sliders by group, the figures, charts and saving."""
        import ipywidgets as widgets

        groups = _groups(self.case, self.sliders)
        rows = {key: _row(slider, self.case.factor(key)) for key, slider in self.sliders.items()}
        self.readouts = {key: row.children[1].children[1] for key, row in rows.items()}
        self.accordion = widgets.Accordion(
            children=[widgets.VBox([rows[f.key] for f in factors]) for _, factors in groups],
            titles=tuple(title for title, _ in groups),
            selected_index=0 if groups else None,
        )
        self.rate_readout = rate_label = widgets.Label()
        horizon_row = widgets.HBox([self.horizon])
        rate_row = widgets.HBox([self.discount_rate, rate_label])
        self.discount_rate.observe(
            lambda change: setattr(rate_label, "value", fmt.percent(change["new"])), names="value"
        )
        rate_label.value = fmt.percent(self.discount_rate.value)
        save_row = widgets.HBox([self.file_name, self.note, self.save_button])
        return widgets.VBox(
            [
                widgets.HTML(f"<h3>{html.escape(self.case.name)}</h3>"),
                horizon_row,
                rate_row,
                self.discount_first_year,
                self.accordion,
                widgets.HBox([self.reset_button]),
                self.headline,
                self.charts,
                save_row,
                self.message,
            ]
        )


def _factor_slider(factor: Factor) -> widgets.FloatSlider:
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=factor.likely,
        min=factor.low,
        max=factor.high,
        step=slider_step(factor.low, factor.high),
        description=f"{factor.label} ({fmt.unit_label(factor.unit)})",
        tooltip=(
            f"{factor.label}: troligt {fmt.quantity(factor.likely, 6)}, lägst "
            f"{fmt.quantity(factor.low, 6)}, högst {fmt.quantity(factor.high, 6)} {factor.unit}."
            + (f" Källa: {factor.source}" if factor.source else "")
        ),
        readout=False,
        continuous_update=False,
        style={"description_width": "0"},
        layout=widgets.Layout(width=_FULL_WIDTH),
    )


def _row(slider: widgets.FloatSlider, factor: Factor) -> widgets.VBox:
    """The factor's whole label on its own line (a long label is never cut off), then the
    slider with its value as a Swedish number and unit: "368,5 kr/h". The slider keeps the
    label as its description, for screen readers, with no width of its own on screen."""
    import ipywidgets as widgets

    def readout(value: float) -> str:
        return f"{fmt.quantity(clean(value), 6)}{fmt.NBSP}{fmt.unit_label(factor.unit)}"

    title = widgets.HTML(html.escape(slider.description))
    label = widgets.Label(readout(slider.value))
    slider.observe(lambda change: setattr(label, "value", readout(change["new"])), names="value")
    return widgets.VBox([title, widgets.HBox([slider, label])])


def _groups(case: Case, sliders: Mapping[str, Any]) -> list[tuple[str, list[Factor]]]:
    """Slider factors under their titles: shared factors first, then each item in case order."""
    groups = [(SHARED_TITLE, [f for f in case.factors if f.key in sliders])]
    for item in case.items:
        kind = "nytta" if item.direction is Direction.BENEFIT else "kostnad"
        groups.append((f"{item.name} ({kind})", [f for f in item.factors if f.key in sliders]))
    return [(title, factors) for title, factors in groups if factors]


def _frame(case: Case) -> tuple[int, float, bool]:
    return case.horizon, case.discount_rate, case.discount_first_year


def headline_html(case: Case, run: Evaluation) -> str:
    """The headline figures of the first run of an evaluation, as a small HTML table."""
    net, costs = float(run.net[0]), float(run.costs[0])
    year = int(run.break_even[0])
    freed = float(run.freed_hours[0])
    rows = [
        (f"Nettonytta efter {case.horizon} år", fmt.kr(net)),
        ("Nettonytta per satsad krona", fmt.per_krona(net / costs if costs else None)),
        (fmt.BREAK_EVEN_LABEL, fmt.break_even(year or None, case)),
        ("Finansiell nettonytta (det budgeten ser)", fmt.kr(float(run.financial_net[0]))),
        (
            "Frigjord tid",
            f"{fmt.hours(freed)} ({fmt.fte(freed / case.horizon / HOURS_PER_FTE)} per år)",
        ),
    ]
    table = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(label)}</th>"
        f"<td style='text-align:right'>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    detail = (
        f"Nyttor {fmt.kr(float(run.benefits[0]))}, kostnader {fmt.kr(costs)} "
        "(diskonterade värden). "
        "Frigjord tid värderad i pengar frigör ingen budget. "
        + Discounting(case.discount_rate, case.discount_first_year).describe()
    )
    return f"<table class='nyttonb-headline'>{table}</table><p>{html.escape(detail)}</p>"


def _display_data(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """A chart as an Output widget's display_data, drawn offline by JupyterLab's own Vega.

    The spec is not validated against the Vega-Lite schema again on every redraw (the charts'
    own tests validate it): about 100 ms saved. No static picture: it would cost 0,15 s a chart
    on every slider move, and a widget's output is not kept for static viewers anyway.
    """
    from nyttonb.notebook.chart_display import chart_bundle

    spec = chart.to_dict(validate=False, context={"pre_transform": False})
    data, metadata = chart_bundle(spec, static=False)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def _error_html(text: str) -> str:
    return f"<p style='color:#b00020'>{html.escape(text)}</p>"
