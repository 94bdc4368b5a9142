"""The site in Chromium, served at a server's root (every page of the default language,
a page of each kind and the 404 page of the others) and under a sub-path (a page of each
kind, as GitHub project pages serve it): one walk per base path, read by each test.
Every test that reads the walks is in this file, which runs in one test process.

The palette toggle too: light to dark (and back, on the lesson), with one legible
variant of each figure shown in each scheme, on a page of each kind. It saves
screenshots of the lesson pages, light and dark, desktop and phone, to test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.content import load_sources
from tests.browser import checks
from tests.browser.conftest import SUB_PATH, SWITCHED, walked_pages
from tests.browser.tab import DESKTOP, PHONE, Served, Tab
from tests.browser.walk import SitePage, Walk
from tests.conftest import ARTIFACTS, ROOT

BASES = ["/", SUB_PATH]


@pytest.mark.parametrize("prefix", BASES)
def test_every_page_is_visited(
    walks: Callable[[str], Walk], site_pages: list[SitePage], languages: list[str], prefix: str
) -> None:
    expected = {p.path for p in walked_pages(site_pages, languages, prefix)}
    assert set(walks(prefix).visits) == expected
    default = [p for p in site_pages if p.lang == languages[0]]
    others = (len(languages) - 1) * (len(SWITCHED) + (prefix == "/"))  # the 404 at the root
    assert len(expected) == (len(default) if prefix == "/" else len(SWITCHED)) + others


@pytest.mark.parametrize("prefix", BASES)
def test_no_console_error_failed_request_or_request_elsewhere(
    walks: Callable[[str], Walk], prefix: str
) -> None:
    loads = walks(prefix).loads  # every load, returns to a page included
    assert [problem for load in loads for problem in load.problems] == []
    assert [url for load in loads for url in load.external] == []
    assert sum(len(load.requests) for load in loads) > len(loads)


@pytest.mark.parametrize("prefix", BASES)
def test_every_page_is_in_its_language(
    walks: Callable[[str], Walk], site_pages: list[SitePage], prefix: str
) -> None:
    visits = walks(prefix).visits
    for page in site_pages:
        if page.path in visits:
            assert visits[page.path].lang == page.lang, page.path


@pytest.mark.parametrize("prefix", BASES)
def test_every_image_decodes_with_alt_text_in_its_pages_language(
    walks: Callable[[str], Walk], prefix: str
) -> None:
    problems = []
    count = 0
    for visit in walks(prefix).visits.values():
        for image in visit.images:
            count += 1
            if image["width"] == 0:
                problems.append(f"{visit.path}: {image['src']} did not decode")
            if not image["alt"].strip() or not checks.in_language(image["alt"], visit.lang):
                problems.append(f"{visit.path}: alt of {image['src']} is not in {visit.lang}")
    assert problems == []
    assert count >= 24  # six figures, two variants each, on each lesson page


def test_every_formula_renders_with_a_size(walks: Callable[[str], Walk]) -> None:
    visits = walks("/").visits.values()
    sizes = [(v.path, m) for v in visits for m in v.maths]
    assert [(path, m["text"]) for path, m in sizes if not (m["width"] and m["height"])] == []
    assert len(sizes) >= 16  # at least eight formulas on each lesson page


@pytest.mark.parametrize("prefix", BASES)
def test_every_link_is_relative_and_leads_to_a_page(
    walks: Callable[[str], Walk],
    servers: dict[str, Served],
    open_tab: Callable[..., Tab],
    prefix: str,
) -> None:
    served = servers[prefix]
    problems: list[str] = []
    targets: dict[str, str] = {}  # URL without fragment -> a page linking to it
    for visit in walks(prefix).visits.values():
        for link in visit.links:
            raw, url = link["raw"], link["url"]
            if raw.startswith("#") or not url.startswith(served.origin + "/"):
                continue  # same page, or another site (a link, not a request)
            # The 404 page links absolutely: it is served at any depth.
            if raw.startswith("/") and not visit.path.endswith("404.html"):
                problems.append(f"{visit.path}: absolute link {raw!r}")
            try:
                served.path_of(url)
            except ValueError:
                problems.append(f"{visit.path}: {raw!r} leaves the site")
                continue
            targets.setdefault(url.split("#", 1)[0], visit.path)
    request = open_tab(served).page.request
    for url, source in sorted(targets.items()):
        status = request.get(url).status
        if status != 200:
            problems.append(f"{source}: link to {url} answers {status}")
    assert problems == []
    assert len(targets) >= 4


@pytest.mark.parametrize("prefix", BASES)
def test_language_switch_opens_the_same_page_and_back(
    walks: Callable[[str], Walk], languages: list[str], prefix: str
) -> None:
    switches = walks(prefix).switches
    default = languages[0]
    for switch in switches:
        expected = checks.counterpart(switch.start, switch.start_lang, switch.lang, default)
        assert (switch.arrived, switch.arrived_lang) == (expected, switch.lang), switch
    there_and_back = {(s.start, s.arrived) for s in switches}
    assert {(back, there) for there, back in there_and_back} == there_and_back
    assert len(switches) >= 2 * (len(languages) - 1) * 2


def test_each_language_has_a_404_page_in_its_language(
    walks: Callable[[str], Walk], servers: dict[str, Served]
) -> None:
    sources = load_sources(ROOT)
    visits = walks("/").visits
    for language in sources.languages:
        home = sources.prefix(language)
        visit = visits[f"{home}404.html"]
        text = language.site["not_found"]
        assert visit.lang == language.code
        assert text["heading"] in visit.heading
        home_links = [link["url"] for link in visit.links if link["text"] == text["home"]]
        assert home_links == [servers["/"].url(home)]
        # Its language switch leads to each language's home page.
        switch = {link["hreflang"]: link["url"] for link in visit.links if link["hreflang"]}
        assert switch == {
            other.code: servers["/"].url(sources.prefix(other)) for other in sources.languages
        }


SCHEMES = {"default": "light", "slate": "dark"}  # Material's scheme -> figure variant
TEXT_CONTRAST = 4.5  # WCAG 2 AA, normal text
LINE_CONTRAST = 3.0  # WCAG 2 AA, graphical objects


def test_palette_toggle_shows_one_legible_variant_of_each_figure(
    walks: Callable[[str], Walk],
    open_tab: Callable[..., Tab],
    servers: dict[str, Served],
    languages: list[str],
) -> None:
    # A page of each kind in the default language (every figure's colours are checked
    # in tests/browser/test_checks.py, file by file; here, that the toggle shows one
    # variant of each), and the other languages' lessons, for screenshots.
    visits = walks("/").visits.values()
    kinds = SWITCHED | {"activations/relu/"}  # an atlas page with no choice too
    pages = [
        v.path
        for v in visits
        if v.images and (v.path in kinds or (v.lang != languages[0] and v.path.endswith("mlp/")))
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
