"""GitHub Pages' 404 answers, and the 404 pages' links under SITE_URL (the pages
themselves, in their language and leading home, are checked on the walk:
test_every_page.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content import load_sources, site_pages
from generator.mkdocs_site import language_config
from generator.view import nav
from tests.browser.tab import Served, Tab
from tests.conftest import ROOT


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
