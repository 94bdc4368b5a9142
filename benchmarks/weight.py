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


@dataclass(frozen=True)
class View:
    """What a reader downloads for a page's default view in one colour scheme, each file
    as gzip sends it: the HTML, the light scheme's images and the readout files the
    explorable figures fetch (the script, shared by every page, apart)."""

    page: str
    html: int
    images: int
    image_count: int
    readouts: int

    @property
    def total(self) -> int:
        return self.html + self.images + self.readouts

    def row(self) -> str:
        return (
            f"| {self.page} | {kib(self.html)} | {self.image_count} files, {kib(self.images)} "
            f"| {kib(self.readouts)} | **{kib(self.total)}** |"
        )


VIEW_HEADER = (
    "| page | HTML, gzip | images (light scheme), gzip | readout files, gzip | total |\n"
    "| --- | --- | --- | --- | --- |"
)


def default_view(site: Path, page: Path) -> View:
    html = page.read_text(encoding="utf-8")
    light = [src for src in IMAGE.findall(html) if not src.endswith("#only-dark")]
    images = _local_files(page, light)
    stems = FIGURE_DATA.findall(html)
    readouts = _local_files(page, [f"{stem}.json" for stem in stems])
    return View(
        page=str(page.relative_to(site)),
        html=_packed(page.read_bytes()),
        images=sum(_packed(path.read_bytes()) for path in images),
        image_count=len(images),
        readouts=sum(_packed(path.read_bytes()) for path in readouts),
    )


def published(site: Path, parts: tuple[str, ...]) -> tuple[int, int]:
    """The files below `site` whose path (relative, with "/") contains one of `parts`,
    and their bytes on disk."""
    found = [
        path
        for path in site.rglob("*")
        if path.is_file() and any(part in path.relative_to(site).as_posix() for part in parts)
    ]
    return len(found), sum(path.stat().st_size for path in found)


def _packed(data: bytes) -> int:
    import gzip

    return len(gzip.compress(data, 9)) if data else 0


def kib(count: int) -> str:
    return f"{count / 1024:.1f} KiB"


# The explorable figures' share of a page (docs/assets/javascripts/figures.js): the
# script, the page's inline data (its words, parameter choices and comparison) and the
# readout files the default view fetches, each as gzip sends it.
FIGURE_DATA = re.compile(r"\bdata-figure=\"([^\"]+)\"")
INLINE_DATA = re.compile(
    r"<script\b[^>]*application/json[^>]*>.*?</script>|\bdata-compare=(\"[^\"]*\"|'[^']*')",
    re.S,
)
EXPLORABLE_SCRIPT = re.compile(r"<script\b[^>]*?\bsrc=\"([^\"]*figures\.js)\"", re.IGNORECASE)


@dataclass(frozen=True)
class Explorable:
    page: str
    script: int
    inline: int
    readouts: int
    readout_count: int

    @property
    def total(self) -> int:
        return self.script + self.inline + self.readouts

    def row(self) -> str:
        return (
            f"| {self.page} | {kib(self.script)} | {kib(self.inline)} | "
            f"{self.readout_count} files, {kib(self.readouts)} | **{kib(self.total)}** |"
        )


EXPLORABLE_HEADER = (
    "| page | script | inline data | readout files (default view) | total, gzip |\n"
    "| --- | --- | --- | --- | --- |"
)


def explorable_weight(site: Path, page: Path) -> Explorable:
    """What the explorable figures add to `page`, compressed: the script, the page's
    inline JSON, and every readout file its default view may fetch (each figure's, and
    on the overview the default comparison's curves and its smallest frame)."""
    import gzip
    import json
    from html import unescape

    html = page.read_text(encoding="utf-8")
    stems = FIGURE_DATA.findall(html)
    compare = re.search(r"data-compare=(?:\"([^\"]*)\"|'([^']*)')", html)
    if compare:
        spec = json.loads(unescape(compare[1] or compare[2]))
        stems += [spec["data"][name] for name in spec["default"]]
        stems.append(spec["frames"]["function"][0]["figure"])
    readouts = _local_files(page, [f"{stem}.json" for stem in stems])
    scripts = _local_files(page, EXPLORABLE_SCRIPT.findall(html))
    inline = "".join(found[0] for found in INLINE_DATA.finditer(html)).encode()

    def packed(data: bytes) -> int:
        return len(gzip.compress(data, 9)) if data else 0

    return Explorable(
        page=str(page.relative_to(site)),
        script=sum(packed(path.read_bytes()) for path in scripts),
        inline=packed(inline),
        readouts=sum(packed(path.read_bytes()) for path in readouts),
        readout_count=len(readouts),
    )
