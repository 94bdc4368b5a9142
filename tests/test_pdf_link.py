"""The home page links the site's PDF exactly when a PDF was kept for its language, and the
link resolves to that file in the built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.content import kept_pdf
from generator.mkdocs_site import Builders
from tests.conftest import CACHE, BuiltSite
from tests.htmlscan import resolve, scan

HOMES = {"": "zh", "en/": "en"}


def pdf_links(html: str) -> list[str]:
    return [a["href"] for a in scan(html).links if a.get("href", "").endswith(".pdf")]


def test_no_pdf_link_without_a_pdf(built_site: BuiltSite) -> None:
    for home in HOMES:
        assert pdf_links(built_site.page(home)) == []
    assert not list(built_site.site.rglob("*.pdf"))


@pytest.mark.slow
def test_pdf_link_resolves_to_the_kept_pdf(tmp_path: Path, builders: Builders) -> None:
    site, work = tmp_path / "site", tmp_path / "work"
    kept = {code: f"%PDF-1.7 stand-in for {code}\n".encode() for code in HOMES.values()}
    for code, data in kept.items():
        kept_pdf(work, code).parent.mkdir(parents=True, exist_ok=True)
        kept_pdf(work, code).write_bytes(data)
    folders = ["--site-dir", str(site), "--work-dir", str(work), "--cache-dir", str(CACHE)]
    assert main(["build", *folders], builders) == 0
    for home, code in HOMES.items():
        links = pdf_links((site / home / "index.html").read_text(encoding="utf-8"))
        assert len(links) == 1, f"{home or '/'}: one link to the PDF"
        target = site / resolve(home, links[0])
        assert target.read_bytes() == kept[code], f"{links[0]} from {home or '/'}"
    shutil.rmtree(work / "pdf")  # and the next build, without them, links none
    assert main(["build", *folders], builders) == 0
    for home in HOMES:
        assert pdf_links((site / home / "index.html").read_text(encoding="utf-8")) == []
    assert not list(site.rglob("*.pdf"))
