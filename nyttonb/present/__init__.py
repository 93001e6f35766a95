"""What a reader sees: Swedish number formatting, the chart theme, tables, charts, the effect chain
and the terminal summary.

May import: `nyttonb.core`, `nyttonb.errors`, `nyttonb.atomic`, the standard library, pandas,
altair and vl-convert (the heavy ones inside the functions that need them). Never `casefile`,
`notebook` or `batch`: a presenter is handed a loaded case and its figures.
"""
