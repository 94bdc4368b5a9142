"""The pages' Jupyter notebooks: linked from their pages, and they run.

The lesson's notebooks are executed top to bottom in a fresh kernel (python3, from the
ipykernel installed with the development dependencies): no d2l package, only the
project's own dependencies, and each must draw the lesson's figures: the fit of the
section's first half and the six of ReLU, sigmoid and tanh (the network's diagram is no
plot).
"""

import ast
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from generator import registry
from tests.conftest import BuiltSite
from tests.htmlscan import resolve, scan

pytestmark = pytest.mark.slow  # builds copies of the project or runs notebooks


def _notebook_link(built_site: BuiltSite, url: str) -> str:
    links = [a["href"] for a in scan(built_site.page(url)).links]
    found = [href for href in links if href.endswith(".ipynb")]
    assert len(found) == 1, f"{url} should link to one notebook"
    return resolve(url, found[0])


def _run(path: Path) -> int:
    """Execute the notebook in a fresh kernel; return how many figures it drew."""
    notebook = nbformat.read(path, as_version=4)
    source = "\n".join(cell.source for cell in notebook.cells)
    assert "from d2l import" not in source and "<math" not in source
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return sum(
        "image/png" in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def test_lesson_notebook_runs_and_draws_its_figures(built_site: BuiltSite) -> None:
    path = built_site.site / _notebook_link(built_site, "mlp/")
    assert path.name == "mlp.ipynb" and path.parent.name == "zh"
    assert _run(path) == 7


def test_the_lesson_notebooks_code_differs_between_languages_only_in_comments(
    built_site: BuiltSite,
) -> None:
    """So the English notebook runs as the Chinese one does (which the test above runs)."""
    zh, en = (
        [
            ast.dump(ast.parse(cell.source))
            for cell in nbformat.read(built_site.site / _notebook_link(built_site, url), 4).cells
            if cell.cell_type == "code"
        ]
        for url in ("mlp/", "en/mlp/")
    )
    assert len(zh) >= 7 and zh == en


def test_an_atlas_notebook_runs_and_draws_its_figure(built_site: BuiltSite) -> None:
    # PReLU's: the one whose call takes a tensor argument
    assert _run(built_site.site / _notebook_link(built_site, "activations/prelu/")) == 1


def test_the_exercises_notebook_runs_and_draws_every_answer(built_site: BuiltSite) -> None:
    """Its folded answers are unfolded: every answer's code runs, in order."""
    # Each panel of an answer's figure is a plot of its own in the code.
    readouts = (built_site.site / "figures" / "exercises").glob("*.json")
    panels = sum(len(json.loads(path.read_text())["panels"]) for path in readouts)
    assert _run(built_site.site / _notebook_link(built_site, "en/exercises/")) == panels


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_atlas_page_offers_its_notebook(built_site: BuiltSite, prefix: str) -> None:
    for activation in registry.ACTIVATIONS:
        url = f"{prefix}activations/{activation.name}/"
        path = built_site.site / _notebook_link(built_site, url)
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
        assert activation.call in code and "def plot(" in code
