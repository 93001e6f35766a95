"""The portfolio notebook's sections (``notebooks/portfolj.ipynb``), run inside the kernel.

The notebook holds the narrative and calls these; every figure comes from
`nyttonb.portfolio`, the same rows `nyttonb portfolio` prints.
"""

from __future__ import annotations

import glob
import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nyttonb.portfolio.rows import SORT_KEYS, PortfolioRow, load_rows, rank, totals


class Html:
    """A piece of HTML that Jupyter displays as HTML."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def expand(case_files: str | Sequence[str]) -> list[Path]:
    """Case files from patterns (``../case_studies/*/*.yaml``), separated by commas or lines."""
    patterns = case_files.replace(",", "\n").split() if isinstance(case_files, str) else case_files
    found: list[Path] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) or [pattern]  # a missing file is reported by name
        found += [
            Path(m) for m in matches if Path(m) not in found and not m.endswith(".utfall.yaml")
        ]
    return found


class PortfolioReport:
    """The rows of the chosen analyses, ranked, and the sections that show them."""

    def __init__(
        self, case_files: str | Sequence[str], *, tag: str = "", sort: str = "net_benefit"
    ) -> None:
        rank([], sort)  # an unknown key fails before any file is read
        self.sort = sort
        self.rows: list[PortfolioRow] = rank(
            load_rows(expand(case_files), tags=[tag] if tag else []), sort
        )
        self.totals = totals(self.rows)

    def overview(self) -> Html:
        """One paragraph: how many analyses, what they add up to, and how they are ranked."""
        from nyttonb.present import formatting as fmt

        t = self.totals
        return Html(
            f"<p>{len(self.rows)} nyttoanalyser, rangordnade efter "
            f"{html.escape(SORT_KEYS[self.sort].lower())}. Tillsammans ger de en nettonytta på "
            f"{fmt.kr(t['net_benefit'])}; den finansiella nettonyttan, det som syns i budgeten, "
            f"är {fmt.kr(t['financial_net_benefit'])}. De frigör {fmt.fte(t['freed_fte'])} "
            "per år i genomsnitt över tidshorisonten: resurser som kan användas till annat, "
            "inte budgetutrymme.</p>"
        )

    def table(self) -> Html:
        """The portfolio table, as on ``portfolj.html`` (without checkboxes)."""
        from nyttonb.portfolio.page import table_html

        return Html(table_html(self.rows))

    def budget(self) -> Html:
        """The budget effect per calendar year of the analyses with a start year, then each
        analysis without one apart ("år 1" …, never added to a calendar year)."""
        from nyttonb.present import formatting as fmt

        def table(years: list[tuple[str, float]], first: str = "År") -> str:
            rows = "".join(
                f"<tr><th scope='row'>{html.escape(label)}</th>"
                f"<td style='text-align:right'>{fmt.kr(net)}</td></tr>"
                for label, net in years
            )
            return (
                f"<table><thead><tr><th>{first}</th><th>Budgeteffekt (ej diskonterad)</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>"
            )

        parts = []
        if self.totals["budget_by_year"]:
            parts.append(table([(y["label"], y["net"]) for y in self.totals["budget_by_year"]]))
        undated = [row for row in self.rows if not row.has_start_year]
        if undated:
            parts.append(
                "<p>Analyser utan startår räknas inte in i kalenderåren; år 1 är analysens "
                "första år.</p>"
            )
            parts += [
                table(
                    [(y.label, y.net) for y in row.budget_by_year],
                    html.escape(f"{row.organisation} – {row.variant}"),
                )
                for row in undated
            ]
        return Html("".join(parts))

    def charts(self) -> dict[str, dict[str, Any]]:
        """The three Vega-Lite specs (bubble, matrix, budget) for these rows."""
        from nyttonb.portfolio.specs import chart_specs

        return chart_specs(self.rows, self.totals)

    def show_chart(self, name: str) -> None:
        """Display one chart (``bubble``, ``matrix`` or ``budget``) with Jupyter's Vega-Lite."""
        from IPython.display import display

        spec = dict(self.charts()[name])
        if spec.get("width") == "container":
            spec["width"] = 640
        display({"application/vnd.vegalite.v5+json": spec}, raw=True)  # type: ignore[no-untyped-call]


__all__ = ["PortfolioReport", "expand"]
