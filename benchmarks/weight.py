"""Page weight: the bytes a reader downloads for one page of a built site."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

IMAGE = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.IGNORECASE)
STYLE = re.compile(r"<link\b[^>]*?\bhref=\"([^\"]+\.css)\"", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b[^>]*?\bsrc=\"([^\"]+\.js)\"", re.IGNORECASE)
DATA_URI = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=]+")


@dataclass(frozen=True)
class Weight:
    page: str  # path inside the site
    html: int
    figures: int  # local images the page references, each counted once
    figure_count: int
    inline_images: int  # bytes of images embedded in the HTML as data: URIs
    assets: int  # local CSS and JavaScript the page loads (shared by every page, cached)

    def row(self) -> str:
        inline = (
            f" (of which {kib(self.inline_images)} inline images)" if self.inline_images else ""
        )
        return (
            f"| {self.page} | {kib(self.html)}{inline} | {self.figure_count} files, "
            f"{kib(self.figures)} | **{kib(self.html + self.figures)}** | {kib(self.assets)} |"
        )


HEADER = (
    "| page | HTML | figures (SVG, light + dark) | page + figures | + CSS/JS (shared) |\n"
    "| --- | --- | --- | --- | --- |"
)


def page_weight(site: Path, page: Path) -> Weight:
    """Bytes of `page` (an index.html under `site`), its images and its CSS/JS."""
    html = page.read_text(encoding="utf-8")
    images = _local_files(page, IMAGE.findall(html))
    assets = _local_files(page, STYLE.findall(html) + SCRIPT.findall(html))
    inline = sum(len(found) for found in DATA_URI.findall(html))
    return Weight(
        page=str(page.relative_to(site)),
        html=page.stat().st_size,
        figures=sum(path.stat().st_size for path in images),
        figure_count=len(images),
        inline_images=inline,
        assets=sum(path.stat().st_size for path in assets),
    )


def _local_files(page: Path, links: list[str]) -> list[Path]:
    found: list[Path] = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = (page.parent / unquote(parts.path)).resolve()
        if path.is_file() and path not in found:
            found.append(path)
    return found


def kib(count: int) -> str:
    return f"{count / 1024:.1f} KiB"
