"""Templates place what the views hold; a template fault names its file and line."""

from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from generator import pages
from generator.errors import BuildFailed
from tests.conftest import ROOT

TEMPLATES = ROOT / "generator" / "templates"


def test_a_template_fault_names_the_template_line() -> None:
    environment = pages.make_environment()
    environment.loader = jinja2.DictLoader({"page.md.j2": "line one\n{{ nothing_here }}"})

    class View:
        class page:  # stands in for a content.Page
            template = "page"

        text = common = labels = None

    with pytest.raises(BuildFailed) as failure:
        pages.render_page(environment, View())  # type: ignore[arg-type]
    assert str(failure.value).startswith("generator/templates/page.md.j2:2: undefined name")


# Filters that place a value: escaping it for HTML, writing it as JSON, indenting it in
# a note, joining a row's cells. Any other filter, and any arithmetic, is work that the
# view (generator/view.py) does, never a template.
PLACING = {"e", "tojson", "indent", "join"}
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow)


def _work(template: Path) -> list[str]:
    tree = pages.make_environment().parse(template.read_text(encoding="utf-8"))
    found = [
        f"filter '{node.name}', line {node.lineno}"
        for node in tree.find_all(nodes.Filter)
        if node.name not in PLACING
    ]
    found += [
        f"{type(node).__name__.lower()}, line {node.lineno}" for node in tree.find_all(ARITHMETIC)
    ]
    return found


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.md.j2")), ids=lambda p: p.name)
def test_templates_place_values_and_compute_nothing(template: Path) -> None:
    assert _work(template) == [], f"{template}: formatting and arithmetic belong in the view"


def test_the_check_finds_arithmetic_and_formatting(tmp_path: Path) -> None:
    planted = tmp_path / "planted.md.j2"
    planted.write_text("{{ grid.count - 1 }} {{ value | round }} {{ alt | e }}")
    assert _work(planted) == ["filter 'round', line 1", "sub, line 1"]
