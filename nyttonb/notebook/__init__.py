"""What runs inside a Jupyter kernel: the report's sections (`CaseReport`), the notebook's
parameters, the chart renderer and the explorer's sliders.

May import: `core`, `casefile`, `present`, `portfolio`, `errors`, `atomic`, IPython, ipywidgets
and altair.
Never `batch`: the two run in different processes and meet only in the executed notebook, whose
headline output carries the report's figures as metadata.
"""
