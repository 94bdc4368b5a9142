"""The palette toggle: light to dark (and back, on the lesson), with one legible variant
of each figure shown in each scheme. Saves screenshots of the lesson pages, light and
dark, desktop and phone, to test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable

from tests.browser import checks
from tests.browser.conftest import ARTIFACTS
from tests.browser.tab import DESKTOP, PHONE, Served, Tab
from tests.browser.walk import Walk

SCHEMES = {"default": "light", "slate": "dark"}  # Material's scheme -> figure variant
TEXT_CONTRAST = 4.5  # WCAG 2 AA, normal text
LINE_CONTRAST = 3.0  # WCAG 2 AA, graphical objects


def test_palette_toggle_shows_one_legible_variant_of_each_figure(
    walks: Callable[[str], Walk],
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    languages: list[str],
) -> None:
    # The figures are the same files in every language: each is checked on its
    # default-language page; of the other languages' pages, the lesson (for screenshots).
    visits = walks("/").visits.values()
    pages = [
        v.path for v in visits if v.images and (v.lang == languages[0] or v.path.endswith("mlp/"))
    ]
    assert len(pages) >= 2, "expected figures on both lesson pages"
    tab = open_tab(servers["/"])
    ARTIFACTS.mkdir(exist_ok=True)
    problems: list[str] = []
    for path in pages:
        tab.open(path)
        name = path.strip("/").replace("/", "-") or "home"
        lesson = path.endswith("mlp/")
        schemes = ("default", "slate", "default") if lesson else ("default", "slate")
        for step, scheme in enumerate(schemes):  # to dark (and back)
            if tab.page.get_attribute("body", "data-md-color-scheme") != scheme:
                checks.set_scheme(tab, scheme)
            problems += _check_figures(tab, SCHEMES[scheme])
            if lesson and step < 2:
                shot = ARTIFACTS / f"{name}-{SCHEMES[scheme]}.png"
                tab.page.screenshot(path=shot, full_page=True)
        # At phone width the page must not scroll sideways (wide formulas scroll alone).
        tab.page.set_viewport_size(PHONE)
        for scheme in ("default", "slate") if lesson else ():
            if tab.page.get_attribute("body", "data-md-color-scheme") != scheme:
                checks.set_scheme(tab, scheme)
            shot = ARTIFACTS / f"{name}-{SCHEMES[scheme]}-{PHONE['width']}px.png"
            tab.page.screenshot(path=shot, full_page=True)
        width = tab.page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide in a {PHONE['width']} px window")
        tab.page.set_viewport_size(DESKTOP)
    assert problems == []
    assert tab.problems == [] and tab.external() == []


def _check_figures(tab: Tab, variant: str) -> list[str]:
    """In the scheme showing `variant`, each figure shows exactly that variant, decoded,
    with text and lines that contrast with the page behind it."""
    problems = []
    figures = checks.figures(tab)
    assert figures, f"no figures on {tab.path}"
    for figure in figures:
        where = f"{tab.path}#{figure['id']} ({variant})"
        shown = [image for image in figure["images"] if image["shown"]]
        if len(shown) != 1 or not shown[0]["src"].endswith(f"#only-{variant}"):
            problems.append(f"{where}: shows {[image['src'] for image in shown]}")
            continue
        if shown[0]["width"] == 0:
            problems.append(f"{where}: {shown[0]['src']} did not decode")
        svg = tab.page.evaluate("(url) => fetch(url).then((r) => r.text())", shown[0]["url"])
        texts, lines = checks.svg_colours(svg)
        assert texts and lines, f"{where}: no text or lines found in the SVG"
        background = figure["background"]
        for colour, least in [
            *((c, TEXT_CONTRAST) for c in texts),
            *((c, LINE_CONTRAST) for c in lines),
        ]:
            ratio = checks.contrast(colour, background)
            if ratio < least:
                problems.append(f"{where}: {colour} on {background} contrasts {ratio:.2f}:1")
    return problems
