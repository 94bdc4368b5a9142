"""What the browser tests look at on a page, as small functions over a `Tab`."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

from tests.browser.tab import Tab

SVG = "{http://www.w3.org/2000/svg}"

# An image the colour scheme hides is not fetched (it loads lazily); a copy of it is
# decoded instead, so that both variants of every figure are checked.
IMAGES_JS = """() => Promise.all([...document.images].map(async (img) => {
    let width = img.naturalWidth;
    if (!img.getClientRects().length) {
        const copy = new Image();
        copy.src = img.src;
        width = await copy.decode().then(() => copy.naturalWidth, () => 0);
    }
    return { src: img.getAttribute("src"), alt: img.getAttribute("alt") || "", width };
}))"""

# Every <math>, with its size; closed <details> are opened first so their maths show.
MATHS_JS = """() => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    // A formula of a parameter choice not shown (GELU's other approximation) is hidden.
    return [...document.querySelectorAll("math")].filter((m) => !m.closest("[hidden]")).map((m) => {
        const box = m.getBoundingClientRect();
        return { text: m.textContent.trim().slice(0, 40), width: box.width, height: box.height };
    });
}"""

LINKS_JS = """() => [...document.querySelectorAll("a[href]")].map(
    (a) => ({
        raw: a.getAttribute("href"),
        url: a.href,
        text: a.textContent.trim(),
        hreflang: a.getAttribute("hreflang") || "",
    })
)"""

# Each figure's two variants: which is shown, whether it decoded, and the colour behind it.
FIGURES_JS = """() => [...document.querySelectorAll("figure.plot")].map((figure) => {
    let node = figure, background = "rgb(255, 255, 255)";
    for (; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
            background = colour;
            break;
        }
    }
    return {
        id: figure.id,
        background,
        images: [...figure.querySelectorAll("img")].map((img) => ({
            src: img.getAttribute("src"),
            url: img.currentSrc,
            shown: img.getClientRects().length > 0 && getComputedStyle(img).visibility !== "hidden",
            width: img.naturalWidth,
        })),
    };
})"""


def has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def in_language(text: str, lang: str) -> bool:
    """Whether alt text is plausibly in `lang`: Chinese has CJK characters, others none."""
    return has_cjk(text) if lang == "zh" else not has_cjk(text)


def images(tab: Tab) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = tab.page.evaluate(IMAGES_JS)
    return result


def maths(tab: Tab) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = tab.page.evaluate(MATHS_JS)
    return result


def links(tab: Tab) -> list[dict[str, str]]:
    result: list[dict[str, str]] = tab.page.evaluate(LINKS_JS)
    return result


def figures(tab: Tab) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = tab.page.evaluate(FIGURES_JS)
    return result


def counterpart(path: str, lang: str, other: str, default: str) -> str:
    """The same page in the other language: 'mlp/' (zh) -> 'en/mlp/' (en)."""
    bare = path if lang == default else path.removeprefix(f"{lang}/")
    return bare if other == default else f"{other}/{bare}"


def switch_language(tab: Tab, lang: str) -> None:
    """Open the header's language menu and pick `lang`, as a reader would."""
    tab.page.hover(".md-header .md-select")
    with tab.page.expect_navigation():
        tab.page.click(f'.md-header a.md-select__link[hreflang="{lang}"]')
    tab.settle()


def set_scheme(tab: Tab, scheme: str) -> None:
    """Click the palette toggle until the page shows `scheme` ('default' or 'slate')."""
    tab.page.click('form[data-md-component="palette"] label:not([hidden])')
    tab.page.wait_for_function(
        f"() => document.body.getAttribute('data-md-color-scheme') === '{scheme}'"
    )
    tab.load_shown_images()


# --- colour contrast (WCAG 2 relative luminance) ----------------------------------------


def rgb(colour: str) -> tuple[float, float, float]:
    """'#1f77b4', '#fff' or 'rgb(30, 33, 41)' as three channels from 0 to 255."""
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    found = re.match(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)", colour)
    if not found:
        raise ValueError(f"unreadable colour {colour!r}")
    return float(found[1]), float(found[2]), float(found[3])


def luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def svg_colours(svg: str) -> tuple[set[str], set[str]]:
    """The colours of an SVG plot's text, and of its lines (curves and axes, not the grid;
    or a diagram's units and arrows).

    matplotlib writes each curve as a `line2d` group and each axis spine as a `patch` group
    directly inside the axes group; grid lines live inside the tick groups. A diagram
    (figures.network_svg) names each unit's group `unit-…` and each arrow's `arrow-…`.
    """
    root = ElementTree.fromstring(svg)
    # SVG text without a fill is black.
    text = {_style(node, "fill") or "#000000" for node in root.iter(f"{SVG}text")}
    lines: set[str] = set()
    for group in root.iter(f"{SVG}g"):
        if group.get("id", "").startswith(("unit-", "arrow-")):
            lines |= {_style(node, "stroke") for node in group.iter(f"{SVG}path")}
    for axes in root.iter(f"{SVG}g"):
        if not axes.get("id", "").startswith("axes_"):
            continue
        for group in axes:
            if group.get("id", "").startswith(("line2d_", "patch_")):
                for node in group.iter():
                    lines.add(_style(node, "stroke"))
    return text - {"", "none"}, lines - {"", "none"}


def _style(node: ElementTree.Element, name: str) -> str:
    found = re.search(rf"(?:^|;)\s*{name}:\s*([^;]+)", node.get("style", ""))
    return found[1].strip() if found else (node.get(name) or "")
