"""Shared fixtures: one full build of the site, made once per test session.

Every build of the tests, in copies of the project too, shares the project's cache
(`CACHE`): the results of torch and matplotlib are computed once for the sources as they
are, and again only by a test that changes the code they depend on.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.mkdocs_site import Builders
from tests.browser.tab import Tally

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
ARTIFACTS = ROOT / "test-artifacts"
TALLIES = ARTIFACTS / "browser-tallies"  # what each test process's browser saw


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


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the main process: no tally is this run's yet
        shutil.rmtree(TALLIES, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line of what the browsers saw, summed over the test processes, also kept in
    test-artifacts/browser-summary.json."""
    files = sorted(TALLIES.glob("*.json"))
    if not files:
        return
    tally = Tally()
    for file in files:
        tally.add(json.loads(file.read_text(encoding="utf-8")))
    terminalreporter.write_line(tally.line())
    summary = json.dumps(tally.summary(), indent=2)
    (ARTIFACTS / "browser-summary.json").write_text(summary + "\n", encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests are slow: `make test-fast` leaves them out."""
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def builders() -> Iterator[Builders]:
    """MkDocs' workers, loaded once for the session's in-process builds (each build
    would start and load its own)."""
    with Builders(("zh", "en")) as started:
        yield started


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, builders: Builders) -> BuiltSite:
    """Built once per run: on several test processes (pytest-xdist), the first to ask
    builds into their shared temporary folder while the others wait, then read it."""
    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent
    out = shared / "built-site"
    with (shared / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "site" / "index.html").is_file():
            folders = ["--site-dir", str(out / "site"), "--work-dir", str(out / "work")]
            status = main(["build", *folders, "--cache-dir", str(CACHE)], builders)
            assert status == 0, "the site build failed; run `make site` to see why"
    return BuiltSite(site=out / "site", docs=out / "work" / "docs", cache=CACHE)
