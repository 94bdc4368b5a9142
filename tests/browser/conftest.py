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
from tests.conftest import ROOT, BuiltSite
from tools.chromium import CHROMIUM, CHROMIUM_FLAGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ARTIFACTS = ROOT / "test-artifacts"
SUB_PATH = "/lesson-site/"  # GitHub project pages serve a site at /<repo>/


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line of what the browser saw, also kept in test-artifacts/browser-summary.json."""
    if not TALLY.pages:
        return
    terminalreporter.write_line(TALLY.line())
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {
        "pages": sorted(TALLY.pages),
        "page_loads": TALLY.loads,
        "requests": TALLY.requests,
        "external_requests": TALLY.external,
        "axe_violations_by_impact": dict(TALLY.axe),
        "axe_violations": TALLY.axe_found,
    }
    (ARTIFACTS / "browser-summary.json").write_text(json.dumps(summary, indent=2) + "\n")


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


@pytest.fixture(scope="session")
def walks(
    browser: Browser,
    servers: dict[str, Served],
    site_pages: list[SitePage],
    languages: list[str],
) -> Callable[[str], Walk]:
    """`walks(prefix)`: every page visited once, through the language switch, under the
    server path `prefix`; walked on first use and shared by the tests that read it."""
    done: dict[str, Walk] = {}

    def walk(prefix: str) -> Walk:
        if prefix not in done:
            tab = new_tab(browser, servers[prefix])
            try:
                # The 404 pages link absolutely (they are served at any depth), so under a
                # sub-path they work only when the build is told it (SITE_URL).
                pages = [p for p in site_pages if prefix == "/" or not p.is_not_found]
                # At the root every page's switch is used; under the sub-path, where
                # what differs is only the base of the relative links, one page of
                # each depth (home, overview, an atlas page) is enough.
                sample = None if prefix == "/" else 3
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
