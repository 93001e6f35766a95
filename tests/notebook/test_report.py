"""Every case notebook runs under papermill for every shipped variant, and shows the numbers
that `nyttonb calc --json` prints for the same case."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import papermill
import pytest
from builders import ROOT, shipped_variants

from nyttonb.core.figures import METADATA_KEY

CASE_NOTEBOOKS = [p for p in (ROOT / "notebooks").glob("*.ipynb") if p.stem != "portfolj"]
VARIANTS = shipped_variants()
pytestmark = pytest.mark.slow


def notebook_for(variant: Path) -> Path:
    return ROOT / "notebooks" / (variant.parent.name.replace("-", "_") + ".ipynb")


def headline_summary(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            # IPython files metadata from `_repr_html_` under the mimetype it belongs to.
            summary = output.get("metadata", {}).get("text/html", {}).get(METADATA_KEY)
            if summary is not None:
                return dict(summary)
    raise AssertionError("the executed notebook shows no headline with the summary figures")


def cli_json(variant: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "nyttonb.cli", "calc", str(variant), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(completed.stdout))


def test_every_case_has_a_notebook_and_two_variants() -> None:
    cases = {variant.parent for variant in VARIANTS}
    assert len(cases) == 3
    for case in cases:
        assert notebook_for(case / "x.yaml").exists()
        assert len(list(case.glob("*.yaml"))) >= 2


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_shows_the_cli_figures(variant: Path, tmp_path: Path) -> None:
    executed = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        notebook_for(variant),
        executed,
        parameters={"case_file": str(variant)},
        cwd=ROOT / "notebooks",
        progress_bar=False,
        kernel_name="python3",
    )
    shown = headline_summary(nbformat.read(executed, as_version=4))
    expected = cli_json(variant)
    for key in ("net_benefit", "benefits", "costs", "financial_net_benefit", "freed_hours"):
        assert math.isclose(shown[key], expected[key], rel_tol=1e-12, abs_tol=1e-6), key
    assert shown["break_even_year"] == expected["break_even_year"]
    assert shown["scenarios"].keys() == expected["scenarios"].keys()
    assert [row["accumulated_net"] for row in shown["by_year"]] == pytest.approx(
        [row["accumulated_net"] for row in expected["by_year"]]
    )


def test_notebook_rejects_a_misspelt_parameter(tmp_path: Path) -> None:
    variant = VARIANTS[0]
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            notebook_for(variant),
            tmp_path / "out.ipynb",
            parameters={"case_file": str(variant), "horzon": 15},
            cwd=ROOT / "notebooks",
            progress_bar=False,
            kernel_name="python3",
        )
    assert caught.value.ename == "ParameterError"
    assert "'horzon' är ingen parameter i den här notebooken; menade du 'horizon'?" in str(
        caught.value.evalue
    )


def test_notebook_rejects_an_ill_typed_parameter(tmp_path: Path) -> None:
    variant = VARIANTS[0]
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(
            notebook_for(variant),
            tmp_path / "out.ipynb",
            parameters={"case_file": str(variant), "horizon": "sex"},
            cwd=ROOT / "notebooks",
            progress_bar=False,
            kernel_name="python3",
        )
    assert caught.value.ename == "ParameterError"
    assert "horizon är 'sex', men ska vara ett heltal" in str(caught.value.evalue)


@pytest.mark.parametrize("notebook", sorted(CASE_NOTEBOOKS), ids=lambda p: p.stem)
def test_papermill_reads_every_parameter_with_its_type(notebook: Path) -> None:
    inferred = papermill.inspect_notebook(notebook)
    assert {name: p["inferred_type_name"] for name, p in inferred.items()} == {
        "case_file": "str",
        "horizon": "Optional[int]",
        "discount_rate": "Optional[float]",
        "discount_first_year": "Optional[bool]",
    }
    assert all(p["help"] for p in inferred.values())


def test_portfolio_notebook_takes_files_tag_and_sort_and_runs(tmp_path: Path) -> None:
    notebook = ROOT / "notebooks" / "portfolj.ipynb"
    inferred = papermill.inspect_notebook(notebook)
    assert {name: p["inferred_type_name"] for name, p in inferred.items()} == {
        "case_files": "str",
        "tag": "str",
        "sort": "str",
    }
    executed = papermill.execute_notebook(
        notebook,
        tmp_path / "out.ipynb",
        parameters={"case_files": "../case_studies/digitalt-mote/*.yaml", "sort": "freed_fte"},
        cwd=ROOT / "notebooks",
        progress_bar=False,
        kernel_name="python3",
    )
    outputs = [o for cell in executed.cells for o in cell.get("outputs", [])]
    text = "".join(str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "2 nyttoanalyser, rangordnade efter frigjorda årsarbetskrafter per år" in text
    assert "\u00a0årsarbetskrafter per år i genomsnitt över tidshorisonten" in text
    assert "Övertorneå kommun" in text and "Exempelkommun (större, tätare)" in text
    specs = [
        o["data"]["application/vnd.vegalite.v5+json"]
        for o in outputs
        if "application/vnd.vegalite.v5+json" in o.get("data", {})
    ]
    assert len(specs) == 3
    assert sum(len(s["data"]["values"]) for s in specs) == 2 + 0 + 2 * 6
