# ruff: noqa: RUF001, RUF002 -- the typography under test
"""Typography of what a reader sees, checked on the built HTML of every page.

Only the prose counts: the article's text outside code, maths and the theme's own
chrome. Chinese takes no ASCII space next to full-width punctuation; a number's minus is
always "−" (U+2212), never the hyphen; every activation is written one way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser

import pytest

from generator import registry
from generator.content import load_sources
from tests.conftest import ROOT, BuiltSite

SKIPPED = {"code", "pre", "math", "script", "style", "svg"}


class _ArticleText(HTMLParser):
    """The text nodes of the page's <article>, outside code, maths and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article>
        self.skipping = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in SKIPPED:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.depth and tag in SKIPPED:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping and data.strip():
            self.texts.append(data)


def article_text(html: str) -> list[str]:
    parser = _ArticleText()
    parser.feed(html)
    return parser.texts


def _pages(built_site: BuiltSite) -> dict[str, list[str]]:
    """Every page's article text, by its path below the site root."""
    return {
        path.relative_to(built_site.site).parent.as_posix(): article_text(path.read_text("utf-8"))
        for path in sorted(built_site.site.rglob("index.html"))
    }


FULL_WIDTH = "，。、；：？！（）「」『』《》【】“”‘’"
SPACE_NEXT_TO_FULL_WIDTH = re.compile(f"[{FULL_WIDTH}] | [{FULL_WIDTH}]")
HYPHEN_MINUS = re.compile(r"(?<![\w.\-−/])-(?=\d)")


def _chinese(path: str) -> bool:
    return not path.startswith("en")


def test_chinese_text_has_no_ascii_space_next_to_full_width_punctuation(
    built_site: BuiltSite,
) -> None:
    found = [
        f"{path}: {text.strip()[:60]!r}"
        for path, texts in _pages(built_site).items()
        if _chinese(path)
        for text in texts
        if SPACE_NEXT_TO_FULL_WIDTH.search(text)
    ]
    assert found == []


def test_negative_numbers_take_the_minus_sign(built_site: BuiltSite) -> None:
    found = [
        f"{path}: {text.strip()[:60]!r}"
        for path, texts in _pages(built_site).items()
        for text in texts
        if HYPHEN_MINUS.search(text)
    ]
    assert found == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_activation_is_written_one_way(built_site: BuiltSite, language: str) -> None:
    """Outside code, each activation's name has one spelling and capitalisation. In
    English a sentence, heading or table cell may start with a capital: those are not
    counted. ("threshold" is also a common word, and left out.)"""
    spellings: dict[str, set[str]] = defaultdict(set)
    prose = next(lang for lang in load_sources(ROOT).languages if lang.code == language).prose
    titles = (prose[f"activations/{a.name}"]["title"] for a in registry.ACTIVATIONS)
    names = {re.split(r" ?[(（]", str(title))[0] for title in titles} - {"threshold"}
    start = r"(?<!\. )(?<!^)" if language == "en" else ""
    for path, texts in _pages(built_site).items():
        if _chinese(path) != (language == "zh"):
            continue
        for text in texts:
            for name in names:
                pattern = rf"(?<![\w.]){start}{re.escape(name)}(?![\w(])"
                for found in re.finditer(pattern, text, re.IGNORECASE):
                    spellings[name.lower()].add(found[0])
    assert {name: sorted(s) for name, s in spellings.items() if len(s) > 1} == {}
