# ruff: noqa: RUF001, RUF002 -- the minus sign the pages print
"""Numbers read off a grid say what the grid can show.

Checked on every atlas page's table of properties, against the page's own CSV: a range
is never rounded onto a whole number the data do not reach (tanh's 0.9999983 is not
"1"), the largest gradient is the data's, and its place is written "x = …" only where
the grid can show it exactly (an edge of the grid, a corner, or a point beside a corner,
said so); any other single place is "x ≈ …".
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from generator import registry
from tests.conftest import BuiltSite

NAMES = [activation.name for activation in registry.ACTIVATIONS]
ROW = re.compile(r"^\| (?P<label>[^|]+) \| (?P<value>[^|]+) \|$", re.M)


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def _table(built_site: BuiltSite, name: str) -> list[str]:
    """The English page's property values, in the table's order."""
    markdown = built_site.markdown("en", f"activations/{name}/index.md")
    return [row["value"].strip() for row in ROW.finditer(markdown)][2:]  # after the header


def _data(built_site: BuiltSite, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lines = (built_site.site / f"figures/activations/{name}.csv").read_text().splitlines()
    table = np.array([line.split(",") for line in lines[1:]], dtype=np.float64)
    return table[:, 0], table[:, 1], table[:, 2]


@pytest.mark.parametrize("name", NAMES)
def test_a_range_is_never_rounded_onto_a_whole_number_the_data_miss(
    built_site: BuiltSite, name: str
) -> None:
    _, y, _ = _data(built_site, name)
    low, high = _table(built_site, name)[0].split(" … ")
    for text, actual in ((low, y.min()), (high, y.max())):
        shown = _number(text)
        assert abs(shown - actual) <= 0.0005 * max(1, abs(actual)), (text, actual)
        if "." not in text:  # a whole number, shown as exact
            assert shown == actual, f"{name}: {actual} shown as {text}"


@pytest.mark.parametrize("name", NAMES)
def test_the_largest_gradient_and_its_place_are_what_the_grid_shows(
    built_site: BuiltSite, name: str
) -> None:
    x, _, grad = _data(built_site, name)
    cell = _table(built_site, name)[5]  # "1.4933 (x = 2.98, next to the corner at 3)"
    value, places = re.fullmatch(r"(\S+) \((.*)\)", cell).groups()  # type: ignore[union-attr]
    assert abs(_number(value) - grad.max()) <= 0.00005 * max(1, grad.max())
    if "." not in value:  # a whole number, shown as exact
        assert _number(value) == grad.max(), f"{name}: {grad.max()} shown as {value}"
    corners = {float(c) for c in registry_corners(built_site, name)}
    for place in places.split("; "):
        exact = re.fullmatch(r"x = (\S+)(, next to the corner at \S+)?", place)
        if exact is None:
            continue  # "x ≈ …" or an interval
        point = _number(exact[1])
        assert grad[np.flatnonzero(x == point)[0]] == grad.max(), f"{name}: {place}"
        edge = point in (x[0], x[-1])
        assert edge or point in corners or exact[2], f"{name}: {place} is only a grid point"


def registry_corners(built_site: BuiltSite, name: str) -> list[str]:
    """The corners the page's table lists ('no, kink (x = −3, 3)')."""
    smooth = _table(built_site, name)[3]
    found = re.search(r"\(x = ([^)]*)\)", smooth)
    return [c.replace("−", "-") for c in found[1].split(", ")] if found else []
