"""Browser fixtures: one Chromium per session, the built site served on 127.0.0.1.

Chromium is Debian's (`/usr/bin/chromium`, or the path in the CHROMIUM environment
variable), driven by Playwright. Without it the browser tests skip with one line saying
why; with CI=true in the environment a missing browser fails them instead.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from generator.content import load_sources
from tests.browser.tab import TALLY, Served, Tab, new_tab, serve
from tests.browser.walk import SitePage, Walk, walk_site
from tests.conftest import ROOT, TALLIES, BuiltSite
from tools.chromium import CHROMIUM, CHROMIUM_FLAGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SUB_PATH = "/lesson-site/"  # GitHub project pages serve a site at /<repo>/
# The default-language pages whose language switch the walks use: one of each kind
# (home, lesson, trained networks, overview, an atlas page with a choice, exercises),
# and under the sub-path one of each depth.
SWITCHED = {"", "mlp/", "training/", "activations/", "activations/elu/", "exercises/"}
SWITCHED_BY_DEPTH = {"", "mlp/", "activations/elu/"}


def pytest_sessionfinish() -> None:
    """What this test process's browser saw, for the summary (tests/conftest.py)."""
    if TALLY.pages:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        TALLIES.mkdir(parents=True, exist_ok=True)
        (TALLIES / f"{worker}.json").write_text(json.dumps(TALLY.summary()), encoding="utf-8")


def _unavailable(reason: str) -> None:
    """Skip the browser tests locally; fail them in CI, where the browser must exist."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        _unavailable("Playwright is missing: pip install -r requirements-dev.txt")
    if shutil.which(CHROMIUM) is None:
        _unavailable(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def servers(built_site: BuiltSite) -> Iterator[dict[str, Served]]:
    """The built site served twice: at a server's root and under a sub-path."""
    with serve(built_site.site, "/") as root, serve(built_site.site, SUB_PATH) as sub:
        yield {"/": root, SUB_PATH: sub}


@pytest.fixture(scope="session")
def languages() -> list[str]:
    """The site's language codes, the default (served at the root) first."""
    return [language.code for language in load_sources(ROOT).languages]


@pytest.fixture(scope="session")
def site_pages(built_site: BuiltSite, languages: list[str]) -> list[SitePage]:
    """Every HTML page of the built site, with the language it must be in."""
    pages = []
    for file in sorted(built_site.site.rglob("*.html")):
        path = file.relative_to(built_site.site).as_posix().removesuffix("index.html")
        first = path.split("/", 1)[0]
        pages.append(SitePage(path, first if first in languages[1:] else languages[0]))
    return pages


def walked_pages(site_pages: list[SitePage], languages: list[str], prefix: str) -> list[SitePage]:
    """At the server's root, every page of the default language and, of the others, a
    page of each kind and the 404 page (their other pages are the same templates and
    scripts with other words: tests/test_site.py checks their figures, links and alt
    text in the HTML). Under the sub-path, where only the base of the relative links
    differs, a page of each kind in each language, and no 404 page (it links absolutely,
    as it is served at any depth: there it works only when the build is told its
    address, SITE_URL)."""

    def unprefixed(page: SitePage) -> str:
        return page.path if page.lang == languages[0] else page.path.removeprefix(f"{page.lang}/")

    if prefix == "/":
        return [
            p
            for p in site_pages
            if p.lang == languages[0] or p.is_not_found or unprefixed(p) in SWITCHED
        ]
    return [p for p in site_pages if not p.is_not_found and unprefixed(p) in SWITCHED]


@pytest.fixture(scope="session")
def walks(
    browser: Browser,
    servers: dict[str, Served],
    site_pages: list[SitePage],
    languages: list[str],
) -> Callable[[str], Walk]:
    """`walks(prefix)`: the pages `walked_pages` gives visited once each, through the
    language switch, under the server path `prefix`; walked on first use and shared by
    the tests that read it."""
    done: dict[str, Walk] = {}

    def walk(prefix: str) -> Walk:
        if prefix not in done:
            tab = new_tab(browser, servers[prefix])
            try:
                # At the root the switch is used on a page of each kind; under the
                # sub-path, where what differs is only the base of the relative links,
                # on a page of each depth.
                sample = SWITCHED if prefix == "/" else SWITCHED_BY_DEPTH
                pages = walked_pages(site_pages, languages, prefix)
                done[prefix] = walk_site(tab, pages, languages, sample)
            finally:
                tab.close()
        return done[prefix]

    return walk


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """`open_tab(served, **context_options)`: a fresh tab, closed after the test."""
    tabs: list[Tab] = []

    def make(served: Served, **options: Any) -> Tab:
        tabs.append(new_tab(browser, served, **options))
        return tabs[-1]

    yield make
    for tab in tabs:
        tab.close()
