"""Adding an activation is one registry entry plus its prose in each language.

In a copy of the project, append an entry to the registry and write one prose file per
language, touching no template, then build the copy: the new page must appear in both
languages, with its figure, its numbers and a row in the overview's table.
"""

from pathlib import Path

import pytest

from tests.htmlscan import scan
from tests.project_copy import copy_project, run_build

pytestmark = pytest.mark.slow  # builds copies of the project or runs notebooks

ENTRY = """

ACTIVATIONS = (
    *ACTIVATIONS,
    Activation(
        name="sine",
        torch_name="sin",
        formula=r"\\sin(x)",
        derivative_formula=r"\\frac{d}{dx}\\sin(x) = \\cos(x)",
        derivative=lambda x: x.cos(),
    ),
)
"""

PROSE = {
    "en": "title: Sine\ndescription: The sine as an activation.\nabout: Periodic, smooth.\n",
    "zh": "title: 正弦\ndescription: 作为激活函数的正弦。\nabout: 周期函数。\n",
}


def test_a_new_registry_entry_gets_a_page_in_every_language(tmp_path: Path) -> None:
    copy = copy_project(tmp_path / "project")
    with (copy / "generator" / "registry.py").open("a", encoding="utf-8") as registry:
        registry.write(ENTRY)
    for language, text in PROSE.items():
        (copy / "docs" / language / "activations" / "sine.yml").write_text(text, "utf-8")

    result = run_build(copy)  # a changed registry needs a fresh interpreter
    assert result.status == 0, result.output
    site = copy / "site"

    for prefix, title in (("", "正弦"), ("en/", "Sine")):
        html = (site / prefix / "activations" / "sine" / "index.html").read_text("utf-8")
        assert f'>{title}<a class="headerlink"' in html
        assert "sine.svg#only-light" in html and "sine-dark.svg#only-dark" in html
        overview = scan((site / prefix / "activations" / "index.html").read_text("utf-8"))
        assert any(a.get("href", "").startswith("sine/") for a in overview.links)
    header = (site / "figures" / "activations" / "sine.csv").read_text().splitlines()[0]
    assert header == "x,sine,grad_sine"
