"""What a reader meets: the language switch keeps the place and the colour scheme, each
colour scheme fetches only its own figures, and a phone shows every formula, figure label,
table row heading and the page's title."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser import checks
from tests.browser.conftest import SUB_PATH
from tests.browser.tab import PHONE, Served, Tab
from tests.conftest import ARTIFACTS

PREFIXES = ["/", SUB_PATH]
LESSONS = ["mlp/", "en/mlp/"]
LEAST_LABEL_PX = 9  # the smallest figure text a phone may show, in CSS px

# Scroll the whole page down and back, as a reader would, so lazy images near the
# viewport load; returns when every image shown has loaded.
SCROLL_THROUGH_JS = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
    }
    scrollTo(0, 0);
}"""


def _figures_fetched(tab: Tab) -> tuple[list[str], list[str]]:
    """The light and the dark figure files the tab has requested so far."""
    svgs = [url for url in tab.requests if "/figures/" in url and url.endswith(".svg")]
    dark = [url for url in svgs if url.endswith("-dark.svg")]
    return [url for url in svgs if url not in dark], dark


# Each language's lesson once, each starting in one of the schemes.
@pytest.mark.parametrize(
    ("lesson", "scheme", "variant"), [(LESSONS[0], "light", "light"), (LESSONS[1], "dark", "dark")]
)
def test_only_the_shown_schemes_figures_are_fetched(
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    lesson: str,
    scheme: str,
    variant: str,
) -> None:
    tab = open_tab(servers["/"], color_scheme=scheme)
    tab.open(lesson)
    tab.page.evaluate(SCROLL_THROUGH_JS)
    tab.load_shown_images()
    light, dark = _figures_fetched(tab)
    shown, hidden = (light, dark) if variant == "light" else (dark, light)
    assert len(shown) >= 6, f"expected the lesson's six figures in {variant}: {shown}"
    assert hidden == [], f"{scheme} scheme fetched the other variant: {hidden}"
    # After the toggle, the other variant is fetched and shown.
    checks.set_scheme(tab, "slate" if variant == "light" else "default")
    tab.page.evaluate(SCROLL_THROUGH_JS)
    tab.load_shown_images()
    light, dark = _figures_fetched(tab)
    assert len(dark if variant == "light" else light) >= 6
    assert tab.problems == [] and tab.external() == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_language_switch_keeps_the_place_and_the_colour_scheme(
    open_tab: Callable[..., Tab], servers: dict[str, Served], prefix: str
) -> None:
    tab = open_tab(servers[prefix])
    tab.open("mlp/#sigmoid")
    checks.set_scheme(tab, "slate")
    checks.switch_language(tab, "en")
    assert tab.page.url == tab.served.url("en/mlp/#sigmoid")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"
    checks.set_scheme(tab, "default")
    tab.page.evaluate("() => { location.hash = 'tanh-gradient'; }")
    checks.switch_language(tab, "zh")
    assert tab.page.url == tab.served.url("mlp/#tanh-gradient")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "default"
    # The links themselves stay relative, whatever was clicked.
    raw = [link["raw"] for link in checks.links(tab) if link["hreflang"]]
    assert raw and not [href for href in raw if "//" in href or href.startswith("/")]
    assert tab.problems == [] and tab.external() == []


@pytest.mark.parametrize("lesson", [*LESSONS, "exercises/", "en/exercises/"])
def test_a_phone_shows_formulas_figures_tables_and_the_title(
    open_tab: Callable[..., Tab], servers: dict[str, Served], lesson: str
) -> None:
    tab = open_tab(servers["/"], viewport=PHONE)
    tab.open(lesson)
    tab.page.evaluate(
        "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"
    )
    cut = tab.page.evaluate(
        """() => [...document.querySelectorAll("math[display=block]")]
            .filter((m) => m.scrollWidth > m.clientWidth + 1).map((m) => m.scrollWidth)"""
    )
    assert cut == [], f"display formulas wider than the column: {cut}"
    # The figures' smallest text, as drawn: its size in the SVG scaled to the image.
    smallest = tab.page.evaluate(
        """async () => Promise.all([...document.querySelectorAll("figure.plot img")]
            .filter((img) => img.getClientRects().length).map(async (img) => {
                const svg = new DOMParser().parseFromString(
                    await (await fetch(img.src)).text(), "image/svg+xml").documentElement;
                // A text's own size, or its first span's (mathtext: a superscript's
                // smaller span is typography, not a label of its own).
                const size = (node) =>
                    /font-size:\\s*([\\d.]+)/.exec(node.getAttribute("style") || "");
                const sizes = [...svg.querySelectorAll("text")]
                    .map((t) => size(t) || size(t.querySelector("tspan") || t))
                    .filter((found) => found).map((found) => parseFloat(found[1]));
                const box = svg.getAttribute("viewBox").split(/\\s+/).map(Number);
                return Math.min(...sizes) * img.getBoundingClientRect().width / box[2];
            }))"""
    )
    assert smallest and min(smallest) >= LEAST_LABEL_PX, smallest
    title = tab.page.evaluate(
        """() => {
            const topic = document.querySelector("[data-md-component=header-topic]");
            const text = topic.querySelector(".md-ellipsis");
            return { text: topic.textContent.trim(), opacity: getComputedStyle(topic).opacity,
                     clipped: text.scrollHeight > text.clientHeight + 1 };
        }"""
    )
    heading = (tab.page.text_content("h1") or "").strip().removesuffix("¶")
    assert title == {"text": heading.strip(), "opacity": "1", "clipped": False}
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=ARTIFACTS / f"{lesson.strip('/').replace('/', '-')}-phone-top.png")
    assert tab.problems == [] and tab.external() == []


@pytest.mark.parametrize("overview", ["activations/", "en/activations/"])
def test_a_wide_tables_first_column_stays_in_view(
    open_tab: Callable[..., Tab], servers: dict[str, Served], overview: str
) -> None:
    tab = open_tab(servers["/"], viewport=PHONE)
    tab.open(overview)
    for scheme in ("default", "slate"):
        if tab.page.get_attribute("body", "data-md-color-scheme") != scheme:
            checks.set_scheme(tab, scheme)
        found = tab.page.evaluate(
            """() => {
                const wrap = document.querySelector(".md-typeset__scrollwrap");
                const cell = wrap.querySelector("tbody td");
                wrap.scrollLeft = wrap.scrollWidth;
                const left = cell.getBoundingClientRect().left - wrap.getBoundingClientRect().left;
                const back = getComputedStyle(cell).backgroundColor;
                const page = getComputedStyle(document.body).backgroundColor;
                const result = { scrolled: wrap.scrollLeft > 100, inView: left >= 0,
                                 opaque: back === page };
                wrap.scrollLeft = 0;
                return result;
            }"""
        )
        assert found == {"scrolled": True, "inView": True, "opaque": True}, (overview, scheme)
    assert tab.problems == [] and tab.external() == []
