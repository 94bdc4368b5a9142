"""The overview's table sorts by the column whose heading the reader presses."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.tab import Served, Tab


@pytest.mark.parametrize("page", ["activations/", "en/activations/"])
def test_a_column_heading_sorts_the_rows_and_again_reverses_them(
    open_tab: Callable[..., Tab], servers: dict[str, Served], page: str
) -> None:
    tab = open_tab(servers["/"])
    tab.open(page)
    table = tab.page.locator("div.sortable table")
    heading = table.locator("thead th").nth(5)  # the gradient at 0: a number per row
    column = "(rows) => rows.map((row) => row.cells[5].textContent.trim())"

    def values() -> list[float]:
        cells = table.locator("tbody tr").evaluate_all(column)
        return [float(text.replace("\u2212", "-")) for text in cells]

    before = values()
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert values() == sorted(before)
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert values() == sorted(before, reverse=True)
    assert tab.problems == []
