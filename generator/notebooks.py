"""Jupyter notebooks of the pages: the same prose and code, runnable top to bottom.

A page's notebook is its own template rendered a second time, with formulas written as
LaTeX (Jupyter typesets `$$ ... $$`) instead of MathML, and then cut into cells: each
top-level Python block becomes a code cell, the prose between them a Markdown cell.
Figures are left out (running the notebook draws them), and so is the `d2l` import: the
notebook brings its own `d2l.plot`, so it needs nothing beyond the project's
dependencies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import jinja2

from generator import pages
from generator.content import SiteSources
from generator.mkdocs_site import language_prefix

if TYPE_CHECKING:
    from generator.atlas import Atlas

NOTEBOOKS_DIR = "notebooks"

# What the pages' code needs of d2l.plot: its look and the arguments the pages pass.
D2L_STANDIN = '''\
from types import SimpleNamespace

import matplotlib.pyplot as plt


def plot(X, Y, xlabel=None, ylabel=None, legend=(), figsize=(3.5, 2.5),
         fmts=('-', 'm--', 'g-.', 'r:')):
    """d2l.plot: one or more curves in d2l's formats, a grid and a legend."""
    Y = Y if isinstance(Y, (list, tuple)) else [Y]
    _, axes = plt.subplots(figsize=figsize)
    for y, fmt in zip(Y, fmts):
        axes.plot(X, y, fmt)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if legend:
        axes.legend(legend)
    axes.grid()
    plt.show()


d2l = SimpleNamespace(plot=plot)'''

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FIGURE = re.compile(r"^<figure.*?</figure>\n", re.S | re.M)
_COLLAPSIBLE = re.compile(r"^\?\?\? .*\n(?:(?: {4}.*)?\n)*", re.M)
_HEADING_ID = re.compile(r"^(#+ .*?) \{#[\w-]+\}$", re.M)
_CODE = re.compile(r"^```python\n(.*?)^```\n", re.S | re.M)
_D2L_IMPORT = "from d2l import torch as d2l\n"


def make_environment() -> jinja2.Environment:
    """The pages' environment, with formulas as LaTeX for Jupyter to typeset."""
    environment = pages.make_environment()
    environment.filters["mathml"] = lambda latex: f"${latex.strip()}$"
    environment.filters["mathml_block"] = lambda latex: f"$$\n{latex.strip()}\n$$"
    environment.globals["notebook"] = True
    return environment


def notebook_path(language: str, page: str) -> str:
    """Where a page's notebook lives below the site root: 'notebooks/en/mlp.ipynb'."""
    return f"{NOTEBOOKS_DIR}/{language}/{page}.ipynb"


def render_notebook(
    environment: jinja2.Environment,
    template: str,
    context: Mapping[str, Any],
    prose: Mapping[str, pages.ProseTable],
    standin_title: str,
) -> bytes:
    """One page's notebook, as the bytes of an .ipynb file."""
    markdown = pages.render_page(environment, template, context, prose)
    return notebook_bytes(markdown_cells(markdown), standin_title)


def markdown_cells(markdown: str) -> list[tuple[str, str]]:
    """The page cut into ("markdown" | "code", source) cells."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _FIGURE.sub("", text)
    text = _COLLAPSIBLE.sub("", text)
    text = _HEADING_ID.sub(r"\1", text)
    cells: list[tuple[str, str]] = []
    position = 0
    for block in _CODE.finditer(text):
        cells.append(("markdown", text[position : block.start()]))
        cells.append(("code", block[1].replace(_D2L_IMPORT, "")))
        position = block.end()
    cells.append(("markdown", text[position:]))
    return [(kind, source.strip()) for kind, source in cells if source.strip()]


def _cell(kind: str, source: str, number: int) -> dict[str, Any]:
    """One nbformat 4 cell; ids are numbered, not random, so the file is byte-stable."""
    cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{number}", "metadata": {}}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return {**cell, "source": source}


def notebook_bytes(cells: list[tuple[str, str]], standin_title: str) -> bytes:
    """An nbformat 4 notebook: the d2l stand-in after the title, then the page's cells."""
    import importlib

    # nbformat has no type hints; typed as Any rather than silenced call by call.
    nbformat: Any = importlib.import_module("nbformat")
    v4: Any = importlib.import_module("nbformat.v4")

    cells = [cells[0], ("markdown", standin_title), ("code", D2L_STANDIN), *cells[1:]]
    notebook = v4.new_notebook(
        cells=[nbformat.from_dict(_cell(kind, s, n)) for n, (kind, s) in enumerate(cells)]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    # writes() checks the whole notebook against the schema once (nbformat's cell
    # constructors would check every cell again); a fault is raised, not just logged.
    invalid: dict[str, Exception] = {}
    text: str = nbformat.writes(notebook, capture_validation_error=invalid)
    if invalid:
        raise invalid["ValidationError"]
    return (text + "\n").encode()


def site_notebooks(
    sources: SiteSources, lesson_data: Mapping[str, Any], atlas: Atlas | None
) -> dict[str, bytes]:
    """The lesson's notebook and every atlas page's, in every language, by site path."""
    from generator.atlas import ProseTables, entry_page

    environment = make_environment()
    files: dict[str, bytes] = {}
    for language in sources.languages:
        prefix, code = language_prefix(language, sources.default), language.code
        tables = ProseTables(language)
        common = tables.get("common")
        note = common["notebook_note"]
        lesson = {**lesson_data, "lang": code, "page_url": f"{prefix}mlp/"}
        files[notebook_path(code, "mlp")] = render_notebook(
            environment, "mlp.md.j2", lesson, {"prose": tables.get("mlp"), "common": common}, note
        )
        for entry in atlas.entries if atlas else ():
            assert atlas is not None
            context, prose = entry_page(atlas, entry, prefix, tables)
            path = notebook_path(code, f"activations/{entry.spec.name}")
            files[path] = render_notebook(environment, "activation.md.j2", context, prose, note)
    return files
