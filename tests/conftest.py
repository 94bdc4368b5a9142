"""Shared fixtures: one full build of the site, made once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuiltSite:
    site: Path  # the finished site
    docs: Path  # the generated Markdown, one folder per language

    def page(self, url: str) -> str:
        """The HTML of the page at `url` ('mlp/', 'en/mlp/')."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def markdown(self, language: str, path: str) -> str:
        return (self.docs / language / path).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("build")
    status = main(["build", "--site-dir", str(out / "site"), "--work-dir", str(out / "work")])
    assert status == 0, "the site build failed; run `make site` to see why"
    return BuiltSite(site=out / "site", docs=out / "work" / "docs")
