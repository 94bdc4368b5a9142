"""The whole site as one PDF per language: `python -m tools.pdf` (or `make pdf`).

Chromium, through Playwright, opens every page of a language in reading order (the
navigation's) from the built site, served on a local port, and takes each page's article.
The articles go into one document, with the site's own stylesheets (print.css among them),
which Chromium prints as a tagged PDF whose outline follows the headings. The PDF is kept
in the work folder (`content.kept_pdf`); the next build copies it into the site and links
it from the home page, which is why `make pdf` builds the site again afterwards.

Ids are prefixed per page so they stay unique; links to pages inside the PDF become links
within it; links to the site's other files (CSV, notebooks) lead to the published site
when SITE_URL is given, and are dropped otherwise (a local address would be dead).
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import content
from tools.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parent.parent
COMBINED = "site-as-pdf.html"  # the combined document's (never written) address

# Run in each page: its article, with unique ids, opened <details>, in-PDF links, and
# without what only works on a screen. `slugs` maps each page's path to its section id.
_TAKE_ARTICLE = """([slug, slugs, siteUrl, root]) => {
  const article = document.querySelector("article.md-content__inner").cloneNode(true);
  const drop = ".headerlink, .md-content__button, .pdf-link, img[src$='#only-dark']";
  article.querySelectorAll(drop).forEach((node) => node.remove());
  article.querySelectorAll("details").forEach((node) => node.setAttribute("open", ""));
  article.querySelectorAll("[id]").forEach((node) => { node.id = `${slug}-${node.id}`; });
  article.querySelectorAll("img[src]").forEach((img) => { img.src = img.src; });
  article.querySelectorAll("a[href]").forEach((a) => {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) return;  // another site: keep its address
    const target = slugs[url.pathname];
    const fragment = url.hash.slice(1);
    if (target) {
      a.setAttribute("href", fragment ? `#${target}-${fragment}` : `#${target}`);
    } else if (siteUrl) {
      a.setAttribute("href", siteUrl + url.pathname.slice(root.length) + url.hash);
    } else {
      a.removeAttribute("href");
    }
  });
  const styles = [...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href);
  return {html: article.innerHTML, styles};
}"""

_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")  # a page object of the PDF

_FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#000">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def main(argv: list[str] | None = None) -> int:
    """Print every language's PDF; return the exit status."""
    args = _parser().parse_args(argv)
    site_dir, work_dir = args.site_dir.resolve(), args.work_dir.resolve()
    sources = content.load_sources(args.root)
    pages = content.site_pages()
    missing = [
        sources.prefix(language) + page.url
        for language in sources.languages
        for page in pages
        if not (site_dir / sources.prefix(language) / page.url / "index.html").is_file()
    ]
    if missing:
        print(f"pdf: {site_dir} has no page '{missing[0]}': run `make site` first", file=sys.stderr)
        return 1
    site_url = args.site_url.rstrip("/") + "/" if args.site_url else ""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            print_site(browser, sources, site_dir, work_dir, site_url)
        finally:
            browser.close()
    print(f"PDFs kept in {work_dir / 'pdf'}; build the site again to publish and link them")
    return 0


def print_site(
    browser: Any,
    sources: content.SiteSources,
    site_dir: Path,
    work_dir: Path,
    site_url: str,
    codes: set[str] | None = None,
) -> dict[str, int]:
    """Every language's PDF (or those whose code is in `codes`), printed by `browser`
    from `site_dir` into `work_dir`; the number of pages of each."""
    counts = {}
    with served(site_dir) as base:
        for language in sources.languages:
            if codes is not None and language.code not in codes:
                continue
            root = base + sources.prefix(language)
            urls = [root + page.url for page in content.site_pages()]
            target = content.kept_pdf(work_dir, language.code)
            target.parent.mkdir(parents=True, exist_ok=True)
            counts[language.code] = _print(browser, language, urls, site_url, target)
            print(f"pdf      {language.code}: {len(urls)} pages, {counts[language.code]} sheets")
    return counts


def _print(
    browser: Any, language: content.Language, urls: list[str], site_url: str, target: Path
) -> int:
    """One language's pages into one PDF at `target`; returns its number of pages."""
    paths = [urlsplit(url).path for url in urls]
    slugs = {path: f"page-{number}" for number, path in enumerate(paths, start=1)}
    tab = browser.new_page()
    sections: list[str] = []
    styles: list[str] = []
    for url, path in zip(urls, paths, strict=True):
        tab.goto(url)
        taken = tab.evaluate(_TAKE_ARTICLE, [slugs[path], slugs, site_url, "/"])
        styles = styles or taken["styles"]
        sections.append(f'<section class="pdf-page" id="{slugs[path]}">{taken["html"]}</section>')
    document = _document(language, styles, sections)
    address = urls[0] + COMBINED
    tab.route(address, lambda route: route.fulfill(body=document, content_type="text/html"))
    tab.goto(address, wait_until="networkidle")
    tab.evaluate("document.fonts.ready.then(() => true)")
    data = tab.pdf(
        format="A4",
        margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
        print_background=True,
        outline=True,
        tagged=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=_FOOTER,
    )
    tab.close()
    target.write_bytes(data)
    return len(_PAGE.findall(data))


def _document(language: content.Language, styles: list[str], sections: list[str]) -> str:
    """The combined page: Material's page frame around every article, light scheme."""
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(s)}">' for s in styles)
    title = html.escape(str(language.site["site_name"]))
    return f"""<!doctype html>
<html lang="{language.code}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{links}
<style>
  .pdf-page + .pdf-page {{ break-before: page; }}
  .md-content__inner {{ margin: 0; padding: 0; }}
</style>
</head>
<body data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="indigo">
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
{"".join(sections)}
</article></div></div></main></div>
</body>
</html>
"""


@contextmanager
def served(
    folder: Path, handler_class: type[SimpleHTTPRequestHandler] | None = None
) -> Iterator[str]:
    """`folder` served on a free local port, for as long as the block runs: its address.
    `handler_class`: a quiet static-file handler by default."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.pdf",
        description="Print the built site, one PDF per language, kept for the next build.",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the project (mkdocs.yml)")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument(
        "--work-dir", type=Path, default=ROOT / "build", help="where the PDFs are kept (pdf/)"
    )
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL", ""),
        help="the published site's address, for links to its files (default: $SITE_URL)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
