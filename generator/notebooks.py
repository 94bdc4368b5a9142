"""Jupyter notebooks of the pages: the same prose and code, runnable top to bottom.

A page's notebook is its own template rendered a second time with the notebook's parts
(templates/parts/notebook.md.j2): formulas as LaTeX (Jupyter typesets `$$ ... $$`), no
HTML, no figures (running the notebook draws them), and every code block marked off as
a cell. The marks cut the page into cells; nothing is read back out of the Markdown. The
notebook brings the site's `d2l.plot` stand-in (templates/d2l_standin.py) as a cell of
its own, so it needs nothing beyond the project's dependencies.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from generator import pages
from generator.view import PageView

NOTEBOOK_PARTS = "parts/notebook.md.j2"


def make_environment(templates: Path = pages.TEMPLATES) -> jinja2.Environment:
    """The pages' environment, placing each part as a notebook does."""
    environment = pages.make_environment(templates, NOTEBOOK_PARTS)
    environment.globals["cell"] = pages.CELL
    return environment


def cells(marked: str) -> list[tuple[str, str]]:
    """A page rendered with the notebook's parts, as ("markdown" | "code", source)
    cells: between two marks a code cell, around them Markdown."""
    pieces = marked.split(pages.CELL)
    kinds = ("markdown", "code")
    found = [(kinds[i % 2], piece.strip()) for i, piece in enumerate(pieces)]
    return [(kind, source) for kind, source in found if source]


def _cell(kind: str, source: str, number: int) -> dict[str, Any]:
    """One nbformat 4 cell; ids are numbered, not random, so the file is byte-stable."""
    cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{number}", "metadata": {}}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return {**cell, "source": source}


def notebook_bytes(page_cells: list[tuple[str, str]], standin_title: str, standin: str) -> bytes:
    """An nbformat 4 notebook: the d2l stand-in after the title, then the page's cells."""
    # nbformat has no type hints; typed as Any rather than silenced call by call.
    nbformat: Any = importlib.import_module("nbformat")
    v4: Any = importlib.import_module("nbformat.v4")

    page_cells = [
        page_cells[0],
        ("markdown", standin_title),
        ("code", standin.strip()),
        *page_cells[1:],
    ]
    notebook = v4.new_notebook(
        cells=[nbformat.from_dict(_cell(kind, s, n)) for n, (kind, s) in enumerate(page_cells)]
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


def notebooks(
    environment: jinja2.Environment, language: str, views: Mapping[str, PageView], standin: str
) -> dict[str, bytes]:
    """The notebook of every page of one language that has one, by site path."""
    files: dict[str, bytes] = {}
    for view in views.values():
        if view.page.notebook:
            marked = pages.render_page(environment, view)
            files[view.page.notebook_file(language)] = notebook_bytes(
                cells(marked), view.notebook_note, standin
            )
    return files
