"""Shared fixtures: one full build of the site, made once per test session.

Every build of the tests, in copies of the project too, shares the project's cache
(`CACHE`): the results of torch and matplotlib are computed once for the sources as they
are, and again only by a test that changes the code they depend on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


@dataclass(frozen=True)
class BuiltSite:
    site: Path  # the finished site
    docs: Path  # the generated Markdown, one folder per language
    cache: Path  # the cache the build filled

    def page(self, url: str) -> str:
        """The HTML of the page at `url` ('mlp/', 'en/mlp/')."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def markdown(self, language: str, path: str) -> str:
        return (self.docs / language / path).read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests are slow: `make test-fast` leaves them out."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("build")
    folders = ["--site-dir", str(out / "site"), "--work-dir", str(out / "work")]
    status = main(["build", *folders, "--cache-dir", str(CACHE)])
    assert status == 0, "the site build failed; run `make site` to see why"
    return BuiltSite(site=out / "site", docs=out / "work" / "docs", cache=CACHE)
