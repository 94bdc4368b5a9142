"""A small reader of built HTML pages for the tests (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from posixpath import join, normpath


@dataclass
class PageScan:
    lang: str = ""
    images: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    maths: int = 0
    code_blocks: int = 0


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.scan.lang = values.get("lang", "")
        elif tag == "img":
            self.scan.images.append(values)
        elif tag == "a":
            self.scan.links.append(values)
        elif tag == "math":
            self.scan.maths += 1
        elif tag == "pre":
            self.scan.code_blocks += 1


def scan(html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.scan


def resolve(page_url: str, href: str) -> str:
    """The site path that `href` on the page at `page_url` ('en/mlp/') points to."""
    path = href.split("#")[0].split("?")[0]
    target = normpath(join(page_url, path)) if path else page_url
    if target.startswith(".."):
        raise ValueError(f"{href!r} on {page_url!r} leaves the site")
    return "" if target == "." else target
