"""The lesson's own code, the six cells on ReLU, sigmoid and tanh, is the code that
produced their figures, with the lesson's labels and figure size.

Each language's page is read back from the build; the top-level Python blocks of its part
on activation functions are run in order, after its import block, with a stand-in for
`d2l.plot` that records its arguments, and every recorded call must plot exactly the
numbers of the corresponding figure's CSV, with its labels. (tests/test_page_code.py runs
every block of every page, the section's first half included.)
"""

import re
import sys
import types
from typing import Any

import numpy as np
import pytest

from tests.conftest import BuiltSite
from tests.htmlscan import resolve, scan

# A fence at the start of a line, info string exactly "python": the lesson's own code.
# The optional d2l stand-in is indented inside a collapsible note and has a title.
LESSON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def _run_lesson_code(markdown: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def plot(x: Any, y: Any, xlabel: str, ylabel: str, figsize: Any = None) -> None:
        # Copies: x.grad is the same tensor throughout, cleared and refilled later,
        # while d2l.plot draws it at once.
        calls.append(
            {
                "x": x.detach().numpy().copy(),
                "y": y.detach().numpy().copy(),
                "labels": (xlabel, ylabel),
                "figsize": figsize,
            }
        )

    d2l = types.ModuleType("d2l")
    d2l.torch = types.SimpleNamespace(plot=plot)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "d2l", d2l)
    namespace: dict[str, Any] = {}
    first_half, activations = markdown.split("{#activation-functions}")
    blocks = LESSON_BLOCK.findall(first_half)[:1] + LESSON_BLOCK.findall(activations)
    assert len(blocks) == 7, "expected the import block and six plotting blocks"
    for block in blocks:
        exec(compile(block, "<lesson page>", "exec"), namespace)
    return calls


def _read_csv(path: Any) -> tuple[list[str], np.ndarray]:
    lines = path.read_text().splitlines()
    return lines[0].split(","), np.array([r.split(",") for r in lines[1:]], dtype=np.float32)


@pytest.mark.parametrize(("language", "url"), [("zh", "mlp/"), ("en", "en/mlp/")])
def test_page_code_reproduces_every_figure(
    built_site: BuiltSite, monkeypatch: pytest.MonkeyPatch, language: str, url: str
) -> None:
    calls = _run_lesson_code(built_site.markdown(language, "mlp/index.md"), monkeypatch)
    page = scan(built_site.page(url))
    csv_links = [a["href"] for a in page.links if a.get("href", "").endswith(".csv")]
    csv_links = [href for href in csv_links if "/mlp/fit" not in href]  # the section's
    assert len(calls) == len(csv_links) == 6
    for call, href in zip(calls, csv_links, strict=True):
        header, table = _read_csv(built_site.site / resolve(url, href))
        assert tuple(header) == call["labels"]
        assert call["figsize"] == (5, 2.5)
        assert np.array_equal(table[:, 0], call["x"])
        assert np.array_equal(table[:, 1], call["y"]), f"{href} differs from the page's code"
