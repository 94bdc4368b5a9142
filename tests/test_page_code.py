"""Every page's code runs as it is shown, with the site's one d2l stand-in, and plots
exactly the numbers of the page's figures.

Each page's top-level Python blocks (the lesson, every atlas page, the exercises, in
both languages) run in order in one namespace, after the stand-in the lesson page shows
(generator/templates/d2l_standin.py); every curve they draw is compared with the columns
of the page's figures' CSV files, in order, bit for bit.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from generator import content
from generator.view import CODE_WIDTH
from tests.conftest import ROOT, BuiltSite
from tests.htmlscan import resolve, scan

# A python block at the top level, or inside a note or a folded answer (indented 4).
BLOCK = re.compile(r"^( {0,4})```python\n(.*?)^\1```$", re.S | re.M)
STANDIN = (ROOT / "generator" / "templates" / "d2l_standin.py").read_text(encoding="utf-8")
PAGES = [page for page in content.site_pages() if page.notebook]


def _blocks(markdown: str) -> list[str]:
    """The page's code, in order, without the stand-in itself (shown with a title)."""
    found = []
    for indent, code in BLOCK.findall(markdown):
        lines = [line.removeprefix(indent) for line in code.splitlines()]
        found.append("\n".join(lines) + "\n")
    return found


def _run(blocks: list[str], monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Run the blocks after the stand-in; every curve drawn, as (x, y) arrays."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves: list[tuple[Any, Any]] = []

    def show() -> None:
        for axes in plt.gcf().axes:
            for line in axes.lines:
                curves.append((np.asarray(line.get_xdata()), np.asarray(line.get_ydata())))
        plt.close("all")

    monkeypatch.setattr(plt, "show", show)
    namespace: dict[str, Any] = {}
    exec(compile(STANDIN, "d2l_standin.py", "exec"), namespace)
    d2l = types.ModuleType("d2l")
    d2l.torch = types.SimpleNamespace(plot=namespace["plot"], plt=plt)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "d2l", d2l)
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"<code block {number}>", "exec"), namespace)
    return curves


def _columns(site: Path, url: str, html: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each figure's CSV columns after x, as (x, column), in the page's order."""
    columns = []
    for href in [a["href"] for a in scan(html).links if a.get("href", "").endswith(".csv")]:
        lines = (site / resolve(url, href)).read_text().splitlines()
        table = np.array([line.split(",") for line in lines[1:]], dtype=np.float64)
        columns += [(table[:, 0], table[:, i]) for i in range(1, table.shape[1])]
    return columns


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[page.url for page in PAGES])
def test_the_code_on_every_page_plots_its_figures(
    built_site: BuiltSite, monkeypatch: pytest.MonkeyPatch, language: str, page: content.Page
) -> None:
    url = ("" if language == "zh" else "en/") + page.url
    blocks = _blocks(built_site.markdown(language, page.output))
    assert blocks, f"{url}: no code"
    curves = _run(blocks, monkeypatch)
    columns = _columns(built_site.site, url, built_site.page(url))
    assert len(curves) == len(columns), f"{url}: {len(curves)} curves, {len(columns)} columns"
    for number, ((x, y), (csv_x, csv_y)) in enumerate(zip(curves, columns, strict=True), 1):
        # The CSV holds the shortest decimal that reads back as the plotted number, in
        # the plotted precision (float32 on the lesson page).
        assert np.array_equal(x, csv_x.astype(x.dtype)), f"{url}: curve {number}, x"
        assert np.array_equal(y, csv_y.astype(y.dtype)), f"{url}: curve {number}, y"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_line_of_code_is_wider_than_a_laptops_code_block(
    built_site: BuiltSite, language: str
) -> None:
    """Wider lines scroll sideways, and Material makes a code block focusable for the
    keyboard only once it has come into view (`content.lazy`)."""
    wide = [
        f"{page.output}: {line}"
        for page in PAGES
        for block in _blocks(built_site.markdown(language, page.output))
        for line in block.splitlines()
        if len(line) > CODE_WIDTH
    ]
    assert wide == []
