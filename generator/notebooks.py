"""Jupyter notebooks of the pages: the same prose and code, runnable top to bottom.

A page's notebook is its own template rendered a second time, with formulas written as
LaTeX (Jupyter typesets `$$ ... $$`) instead of MathML, and then cut into cells: each
top-level Python block becomes a code cell, the prose between them a Markdown cell.
Figures are left out (running the notebook draws them), and so is the `d2l` import: the
notebook brings the site's `d2l.plot` stand-in (templates/d2l_standin.py), so it needs
nothing beyond the project's dependencies.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import jinja2

from generator import pages
from generator.content import Page, SiteSources, notebook_path
from generator.results import Results

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FIGURE = re.compile(r"^<figure.*?</figure>\n", re.S | re.M)
# The lesson's note with the d2l stand-in: the notebook has the stand-in as a cell.
_STANDIN_NOTE = re.compile(r"^\?\?\? tip .*\n(?:(?: {4}.*)?\n)*", re.M)
# Any other note or question: its title in bold, its body unindented.
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?) \w+ "(.*)"\n((?:(?: {4}.*)?\n)*)', re.M)
# A folded answer, written as HTML: its summary in bold, its body as it is.
_DETAILS = re.compile(r"^<details[^>]*>\n<summary>(.*?)</summary>\n|^</details>\n", re.M)
_HEADING_ID = re.compile(r"^(#+ .*?) \{#[\w-]+\}$", re.M)
_CODE = re.compile(r"^```python\n(.*?)^```\n", re.S | re.M)
_D2L_IMPORT = "from d2l import torch as d2l\n"


def make_environment(templates: Any = pages.TEMPLATES) -> jinja2.Environment:
    """The pages' environment, with formulas as LaTeX for Jupyter to typeset."""
    environment = pages.make_environment(templates)
    environment.filters["mathml"] = lambda latex: f"${latex.strip()}$"
    environment.filters["mathml_block"] = lambda latex: f"$$\n{latex.strip()}\n$$"
    environment.globals["notebook"] = True
    return environment


def markdown_cells(markdown: str) -> list[tuple[str, str]]:
    """The page cut into ("markdown" | "code", source) cells."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _STANDIN_NOTE.sub("", text)
    text = _ADMONITION.sub(lambda m: f"**{m[1]}**\n\n{textwrap.dedent(m[2])}", text)
    text = _DETAILS.sub(lambda m: f"**{m[1]}**\n" if m[1] else "", text)
    text = _FIGURE.sub("", text)
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


def notebook_bytes(cells: list[tuple[str, str]], standin_title: str, standin: str) -> bytes:
    """An nbformat 4 notebook: the d2l stand-in after the title, then the page's cells."""
    import importlib

    # nbformat has no type hints; typed as Any rather than silenced call by call.
    nbformat: Any = importlib.import_module("nbformat")
    v4: Any = importlib.import_module("nbformat.v4")

    cells = [cells[0], ("markdown", standin_title), ("code", standin.strip()), *cells[1:]]
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
    environment: jinja2.Environment, sources: SiteSources, results: Results, site: list[Page]
) -> dict[str, bytes]:
    """The notebook of every page that has one, in every language, by site path."""
    standin = environment.loader.get_source(environment, "d2l_standin.py")[0]  # type: ignore[union-attr]
    files: dict[str, bytes] = {}
    for language in sources.languages:
        tables = pages.ProseTables(language)
        title = tables.get("common")["notebook_note"]
        for page in site:
            if not page.notebook:
                continue
            context = pages.page_context(sources, language, page, results)
            markdown = pages.render_page(
                environment, f"{page.template}.md.j2", context, tables.of(page)
            )
            files[notebook_path(language.code, page)] = notebook_bytes(
                markdown_cells(markdown), title, standin
            )
    return files
