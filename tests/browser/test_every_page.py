"""Every page of both languages, in Chromium, served at a server's root and under a
sub-path (as GitHub project pages serve it): one walk per base path, read by each test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser import checks
from tests.browser.conftest import SUB_PATH
from tests.browser.tab import Served, Tab
from tests.browser.walk import SitePage, Walk

BASES = ["/", SUB_PATH]


@pytest.mark.parametrize("prefix", BASES)
def test_every_page_is_visited(
    walks: Callable[[str], Walk], site_pages: list[SitePage], prefix: str
) -> None:
    expected = {p.path for p in site_pages if prefix == "/" or not p.is_not_found}
    assert set(walks(prefix).visits) == expected


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
