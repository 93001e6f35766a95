"""The report section "Vad har ändrats sedan förra versionen", under Versioner.

Shown when the case file's previous version (the newest committed version with another label
in its `versions:` list, `nyttonb.portfolio.revisions.previous_version`) is in git. git is read
here, in the kernel that builds the report; the batch render keys its cache on the file's git
history (`nyttonb.portfolio.revisions.history_key`) so the section never goes stale. Without
git, a repository, a committed earlier version, or one that can be read, there is no section
and no error.

The old case gets the same framing (horizon, discount rate) as the report, so the new net
benefit is the report's own; the waterfall is `nyttonb.portfolio.diff`'s, labelled in Swedish
by `nyttonb.portfolio.text`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nyttonb.errors import NyttonbError

if TYPE_CHECKING:
    from nyttonb.core.model import Case
    from nyttonb.portfolio.diff import CaseDiff
    from nyttonb.portfolio.revisions import PreviousVersion

HEADING = "Vad har ändrats sedan förra versionen"


def _escape(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class RevisionSection:
    """The previous version, this version's label, and the diff between them."""

    previous: PreviousVersion
    label: str
    diff: CaseDiff
    subjects: tuple[tuple[str, str], ...] = ()
    """("label (key)", "label") per factor of either version: the report names a factor by its
    label, without the code name that `nyttonb diff` adds for the case file's author."""

    def _reader(self, text: str) -> str:
        for coded, label in self.subjects:
            text = text.replace(coded, label)
        return text

    @property
    def steps(self) -> list[tuple[str, float]]:
        """(Swedish label, effect in kr) per waterfall bar."""
        from nyttonb.portfolio.text import step_label

        return [(self._reader(step_label(step)), step.effect) for step in self.diff.steps]

    def text_html(self) -> str:
        """The heading and a short text: old and new net benefit, the changes."""
        from nyttonb.portfolio.text import describe_change
        from nyttonb.present import formatting as fmt

        d, p = self.diff, self.previous
        when = p.case.versions[-1].date if p.case.versions else None
        dated = f"{when.isoformat()}, " if when else ""
        lines = [
            f"Förra versionen, {_escape(p.label)} ({dated}git-commit {_escape(p.commit[:8])}), "
            f"hade nettonyttan {fmt.kr(d.old_net_benefit)}. Denna version, "
            f"{_escape(self.label)}, har nettonyttan {fmt.kr(d.new_net_benefit)}: "
            f"{'en ökning' if d.difference >= 0 else 'en minskning'} med "
            f"{fmt.kr(abs(d.difference))}."
        ]
        count = len(d.steps)
        if count:
            lines.append(
                f"{_count(count)} flyttade nettonyttan. Ändringarna tillämpas en i taget i en fast "
                "ordning (faktorer, nyttor och kostnader, ram); varje stapel är nettonyttans "
                "förändring i det steget, och stegen summerar till skillnaden."
            )
        else:
            lines.append("Inga ändringar påverkar nettonyttan.")
        # The version list always changes (a new label is what makes this section); the
        # Versioner table above already shows it, so it is not repeated as a changed text.
        texts = [change for change in d.texts if change.subject != "versions"]
        if texts:
            changed = "; ".join(_escape(self._reader(describe_change(c))) for c in texts)
            lines.append(f"Ändrade texter (påverkar inte nettonyttan): {changed}.")
        body = "".join(f"<p>{line}</p>" for line in lines)
        return f"<h3 class='nyttonb-revision'>{HEADING}</h3>{body}"

    def chart(self) -> Any:
        from nyttonb.present.charts.revision import waterfall_chart

        return waterfall_chart(self.diff.old_net_benefit, self.steps, self.diff.new_net_benefit)

    def description(self) -> str:
        from nyttonb.present.charts.revision import describe_waterfall

        return describe_waterfall(self.diff.old_net_benefit, self.steps, self.diff.new_net_benefit)

    def table_html(self) -> str:
        """Ändring | Påverkan på nettonyttan | Nettonytta efter, from the old to the new."""
        from nyttonb.present import formatting as fmt

        def row(change: str, effect: str, level: float, head: bool = False) -> str:
            cell = "th scope='row'" if head else "td"
            return (
                f"<tr><{cell}>{_escape(change)}</{cell.split()[0]}>"
                f"<td style='text-align:right'>{effect}</td>"
                f"<td style='text-align:right'>{fmt.kr(level)}</td></tr>"
            )

        level = self.diff.old_net_benefit
        rows = [row("Förra versionen", "", level, head=True)]
        for number, (label, effect) in enumerate(self.steps, start=1):  # as the chart's bars
            level += effect
            sign = "+" if effect >= 0 else fmt.MINUS
            rows.append(row(f"{number}. {label}", sign + fmt.kr(abs(effect)), level))
        rows.append(row("Denna version", "", self.diff.new_net_benefit, head=True))
        return (
            "<table class='nyttonb-table nyttonb-revision'>"
            "<caption>Ändringarna som flyttade nettonyttan, i den ordning de tillämpas</caption>"
            "<thead><tr><th scope='col'>Ändring</th><th scope='col'>Påverkan på nettonyttan</th>"
            "<th scope='col'>Nettonytta efter</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


def _count(n: int) -> str:
    return "En ändring" if n == 1 else f"{n} ändringar"


def build_section(
    file: str | Path | None, case: Case, frame: Mapping[str, Any] | None = None
) -> RevisionSection | None:
    """The section for `case` read from `file`, or None when git holds no previous version."""
    from nyttonb.core.frame import apply_frame
    from nyttonb.portfolio.diff import diff_cases
    from nyttonb.portfolio.revisions import previous_version

    if file is None or not case.versions:
        return None
    previous = previous_version(Path(file), case)
    if previous is None:
        return None
    try:
        old = apply_frame(previous.case, **dict(frame or {}))
        diff = diff_cases(old, case)
    except NyttonbError:
        return None
    factors = (*previous.case.all_factors, *case.all_factors)
    coded = {(f"{f.label} ({f.key})", f.label) for f in factors}
    subjects = tuple(sorted(coded, key=lambda pair: (-len(pair[0]), pair)))
    return RevisionSection(previous, case.versions[-1].version, diff, subjects)


__all__ = ["HEADING", "RevisionSection", "build_section"]
