"""Search, as a reader uses it: each language's search finds its own lesson page only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.tab import Served, Tab

RESULTS = ".md-search-result__item a"


@pytest.mark.parametrize(
    ("home", "query", "lesson", "other_languages"),
    [("", "梯度", "mlp/", ("en/",)), ("en/", "gradient", "en/mlp/", ())],
    ids=["zh", "en"],
)
def test_search_lists_the_lesson_in_the_same_language(
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    home: str,
    query: str,
    lesson: str,
    other_languages: tuple[str, ...],
) -> None:
    tab = open_tab(servers["/"])
    tab.open(home)
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    # Material searches on keyup; text typed through an input method (as CJK is) may not
    # send one, so send it as the reader's last key would.
    box.dispatch_event("keyup")
    tab.page.locator(RESULTS).first.wait_for()
    found = [
        tab.served.path_of(url)
        for url in tab.page.eval_on_selector_all(RESULTS, "(links) => links.map((a) => a.href)")
    ]
    assert lesson in found
    assert all(path.startswith(home) for path in found), found
    assert not [path for path in found for other in other_languages if path.startswith(other)]
    assert tab.problems == [] and tab.external() == []
