"""The case file's report text (`texts:`) and Inera's qualitative osäkerhetsbedömning
(`uncertainty_assessment:`), as closed pydantic models of the case format (docs/case-format.md,
"Report text"); `nyttonb.casefile.schema.CaseFile` holds them.
"""

from __future__ import annotations

from nyttonb.casefile.schema_types import Closed as _Closed


class Texts(_Closed):
    """The report's own text, one field per section of Inera's report outline."""

    purpose: str = ""
    background: str = ""
    how_we_worked: str = ""
    delimitations: str = ""
    summary: str = ""


class UncertaintyAssessment(_Closed):
    """Inera's qualitative osäkerhetsbedömning (step 6), one text per area."""

    effects: str = ""
    data: str = ""
    delimitations: str = ""
    overall: str = ""


__all__ = ["Texts", "UncertaintyAssessment"]
