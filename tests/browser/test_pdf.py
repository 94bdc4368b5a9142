"""`python -m tools.pdf`: one tagged PDF per language, with an outline, every page of
the site in it. Printed here for the Chinese pages alone (each language is printed by
the same code; the Chinese needs the CJK fonts too), which halves the test's time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.content import kept_pdf, load_sources, site_pages
from tests.conftest import ROOT, BuiltSite
from tools import pdf

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def test_pdf_of_a_language(built_site: BuiltSite, browser: Browser, tmp_path: Path) -> None:
    work = tmp_path / "work"
    counts = pdf.print_site(browser, load_sources(ROOT), built_site.site, work, "", {"zh"})
    assert set(counts) == {"zh"}
    for code, count in counts.items():
        data = kept_pdf(work, code).read_bytes()
        assert data.startswith(b"%PDF-")
        assert b"/Outlines" in data and b"/StructTreeRoot" in data, "an outline, tagged"
        assert count >= len(site_pages()), f"{code}: {count} pages for {len(site_pages())}"
        assert b"127.0.0.1" not in data, "no link to the local server that printed it"
