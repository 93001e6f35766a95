"""nyttonb: nyttokalkyler in Inera's model, from plain-text cases to Swedish HTML reports."""

__version__ = "0.1.0"
