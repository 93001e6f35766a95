"""The calculation core: the model, units, formulas, the engine, results and uncertainty.

Pure: plain data in, plain data out; no file is read, nothing is printed.
May import: the standard library, numpy and `nyttonb.errors`. Nothing else of nyttonb, and no
pandas, altair, pydantic or Jupyter package (a test reads every import and enforces this).
"""
