"""Each language's 404 page, in its language, leading home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content import load_sources, site_pages
from generator.mkdocs_site import language_config
from generator.view import nav
from tests.browser.tab import Served, Tab
from tests.browser.walk import Walk
from tests.conftest import ROOT


def test_each_language_has_a_404_page_in_its_language(
    walks: Callable[[str], Walk], servers: dict[str, Served]
) -> None:
    sources = load_sources(ROOT)
    visits = walks("/").visits
    for language in sources.languages:
        home = sources.prefix(language)
        visit = visits[f"{home}404.html"]
        text = language.site["not_found"]
        assert visit.lang == language.code
        assert text["heading"] in visit.heading
        home_links = [link["url"] for link in visit.links if link["text"] == text["home"]]
        assert home_links == [servers["/"].url(home)]
        # Its language switch leads to each language's home page.
        switch = {link["hreflang"]: link["url"] for link in visit.links if link["hreflang"]}
        assert switch == {
            other.code: servers["/"].url(sources.prefix(other)) for other in sources.languages
        }


def test_a_missing_page_is_answered_by_the_404_page(
    open_tab: Callable[..., Tab], servers: dict[str, Served]
) -> None:
    """GitHub Pages answers any missing path with the site's root 404.html."""
    response = open_tab(servers["/"]).page.request.get(servers["/"].url("no/such/page/"))
    assert response.status == 404
    assert '<html lang="zh"' in response.text()


def test_site_url_points_the_404_pages_at_the_hosted_base_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The 404 page is served at any depth, so its links are absolute, made from SITE_URL;
    the Pages workflow sets it to https://<owner>.github.io/<repo>/."""
    monkeypatch.setenv("SITE_URL", "https://example.github.io/lesson-site/")
    sources = load_sources(ROOT)
    for language in sources.languages:
        settings = language_config(
            sources,
            language,
            nav(language, site_pages()),
            "",
            Path("docs"),
            Path("site"),
            preview=False,
        )
        expected = "https://example.github.io/lesson-site/" + sources.prefix(language)
        assert settings["site_url"] == expected
        assert settings["extra"]["home_url"] == expected
