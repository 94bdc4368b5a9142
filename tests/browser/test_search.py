"""Search, as a reader uses it: each language's search finds its own lesson page only,
lists it first for the terms it teaches and for the API names of its code, and indexes
no formula as a run of symbols."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.browser.tab import Served, Tab
from tests.conftest import BuiltSite

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
    found = _search(tab, home, query)
    assert found[0] == lesson, found
    assert all(path.startswith(home) for path in found), found
    assert not [path for path in found for other in other_languages if path.startswith(other)]
    assert tab.problems == [] and tab.external() == []


QUERIES = ["detach", "arange", "ones_like", "zero_", "retain_graph", "x.grad"]


@pytest.mark.parametrize(("home", "lesson"), [("", "mlp/"), ("en/", "en/mlp/")], ids=["zh", "en"])
def test_api_names_find_the_lesson_first(
    open_tab: Callable[..., Tab], servers: dict[str, Served], home: str, lesson: str
) -> None:
    tab = open_tab(servers["/"])  # one tab, the home page loaded afresh for each query
    firsts = {query: _search(tab, home, query)[0] for query in QUERIES}
    assert firsts == dict.fromkeys(QUERIES, lesson)
    assert tab.problems == [] and tab.external() == []


@pytest.mark.parametrize("lang", ["", "en/"], ids=["zh", "en"])
def test_no_formula_is_indexed_as_symbols(built_site: BuiltSite, lang: str) -> None:
    index = json.loads((built_site.site / lang / "search/search_index.json").read_text())
    garbled = [
        doc["location"]
        for doc in index["docs"]
        for text in [doc["text"].replace("\u200b", "")]
        if "ddx" in text or "(x)=" in text or "\U0001d416" in text
    ]
    assert garbled == []


def _search(tab: Tab, home: str, query: str) -> list[str]:
    """Type `query` into the search box of `home`; the site paths of the pages listed."""
    tab.open(home)
    box = tab.page.locator("input.md-search__input")
    box.click()
    # The whole query at once, then the keyup Material searches on (text typed through an
    # input method, as Chinese is, may not send one): one search, of the whole query, so
    # the first results shown are its results.
    box.fill(query)
    box.dispatch_event("keyup")
    tab.page.locator(RESULTS).first.wait_for()
    hrefs = tab.page.eval_on_selector_all(RESULTS, "(links) => links.map((a) => a.href)")
    return list(dict.fromkeys(tab.served.path_of(url) for url in hrefs))
