"""One walk through the site in one tab: every page given opened once, pairs of pages
reached through the language switch, and what each page showed recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.browser import checks
from tests.browser.tab import Tab


@dataclass(frozen=True)
class SitePage:
    path: str  # '', 'mlp/', 'en/404.html'
    lang: str  # the language the page must be in

    @property
    def is_not_found(self) -> bool:
        return self.path.rsplit("/", 1)[-1] == "404.html"


@dataclass(frozen=True)
class Visit:
    """What one page showed: its language, first heading, requests and errors (from the
    moment the previous page was recorded), images, formulas and links."""

    path: str
    lang: str
    heading: str
    requests: list[str]
    external: list[str]
    problems: list[str]
    images: list[dict[str, Any]]
    maths: list[dict[str, Any]]
    links: list[dict[str, str]]


@dataclass(frozen=True)
class Switch:
    """One use of the language switch: from `start` to `lang`, where it arrived."""

    start: str
    start_lang: str
    lang: str
    arrived: str
    arrived_lang: str


@dataclass(frozen=True)
class Walk:
    loads: list[Visit]  # every page load, in order, returns to a page included
    switches: list[Switch]

    @property
    def visits(self) -> dict[str, Visit]:
        """The first load of each page, by path."""
        first: dict[str, Visit] = {}
        for visit in self.loads:
            first.setdefault(visit.path, visit)
        return first


def walk_site(tab: Tab, pages: list[SitePage], languages: list[str], switch_on: set[str]) -> Walk:
    """Open each default-language page, and on those in `switch_on` switch to every
    other language and back; then open whatever page no switch reached. (A 404 page's
    switch leads to the other language's home page, which the walk reaches anyway:
    test_not_found.py checks it.) Every page's switch is the same template's link:
    test_every_page.py checks each page's links, where they lead and in which language."""
    loads: list[Visit] = []
    switches: list[Switch] = []
    marks = [0, 0]  # how many requests and problems earlier loads took

    def record() -> str:
        loads.append(_visit(tab, marks))
        return loads[-1].path

    defaults = [p for p in pages if p.lang == languages[0] and not p.is_not_found]
    for page in defaults:
        tab.open(page.path)
        record()
        if page.path not in switch_on:
            continue
        for other in languages[1:]:
            for lang in (other, page.lang):
                before = tab.path
                before_lang = tab.page.get_attribute("html", "lang") or ""
                checks.switch_language(tab, lang)
                arrived = record()
                lang_now = tab.page.get_attribute("html", "lang") or ""
                switches.append(Switch(before, before_lang, lang, arrived, lang_now))
    for page in pages:
        if page.path not in {load.path for load in loads}:
            tab.open(page.path)
            record()
    # Whatever the last page fetched or reported after it was recorded counts too.
    tab.page.wait_for_load_state("networkidle")
    late = tab.requests[marks[0] :]
    loads[-1].requests.extend(late)
    loads[-1].external.extend(tab.external(late))
    loads[-1].problems.extend(tab.problems[marks[1] :])
    return Walk(loads, switches)


def _visit(tab: Tab, marks: list[int]) -> Visit:
    requests, problems = tab.requests[marks[0] :], tab.problems[marks[1] :]
    marks[:] = [len(tab.requests), len(tab.problems)]
    heading = (
        tab.page.locator("article h1").first.inner_text()
        if tab.page.locator("article h1").count()
        else ""
    )
    return Visit(
        path=tab.path,
        lang=tab.page.get_attribute("html", "lang") or "",
        heading=heading,
        requests=requests,
        external=tab.external(requests),
        problems=problems,
        images=checks.images(tab),
        maths=checks.maths(tab),
        links=checks.links(tab),
    )
