"""A third language is translation alone: a folder of prose and one line of mkdocs.yml.

In a copy of the project, `docs/xx/` is made from `docs/en/` by writing every letter of
every prose string with an accent (a combining acute after it), outside placeholders,
code, link targets and markup: a pseudo-locale. The copy, built with `xx` added to the
language list, must show on xx's pages no word that did not come from xx's files: no
run of two plain letters in the headings, prose, tables, alt texts and tooltips, the
navigation and the page title, or the strings the page script shows. Code (and a code
block's file name), formulas, the parameter values of the atlas's controls, the curves'
labels that the readout repeats from each figure's code, and Material's own interface
(its language is a setting, `theme_language`) are not words of the site's: left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.project_copy import copy_project, edit, run_build

pytestmark = pytest.mark.slow  # builds copies of the project

ACCENT = "\u0301"  # combining acute accent: "a" is written "á", still legible
# What a translator leaves as it is: placeholders, the script's {n}, code, link targets,
# HTML tags and entities.
KEPT = re.compile(r"(\{\{.*?\}\}|\{\w+\}|`[^`]*`|\]\([^)]*\)|<[^>]*>|&#?\w+;)")
# Settings, not words: Material's interface language, the edition whose exercises it follows.
SETTINGS = {"theme_language", "edition"}


def accented(text: str) -> str:
    pieces = KEPT.split(text)
    return "".join(
        piece if i % 2 else re.sub(r"[A-Za-z]", lambda m: m[0] + ACCENT, piece)
        for i, piece in enumerate(pieces)
    )


def _translate(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _translate(v, k) for k, v in value.items()}
    if isinstance(value, str) and key not in SETTINGS:
        return accented(value)
    return value


def add_pseudo_locale(project: Path, code: str = "xx") -> None:
    """docs/<code>/ from docs/en/, every string accented; <code> added to mkdocs.yml."""
    source, target = project / "docs" / "en", project / "docs" / code
    for path in sorted(source.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(_translate(data), allow_unicode=True), encoding="utf-8")
    edit(project / "mkdocs.yml", "languages: [zh, en]", f"languages: [zh, en, {code}]")


# --- what a reader sees of the site's own words --------------------------------------

WORD = re.compile(r"[A-Za-z]{2,}")  # two plain letters in a row: nothing accented them
SKIPPED = {"code", "pre", "math", "svg", "select", "script", "style"}
ATTRIBUTES = ("alt", "title", "aria-label")
# The parts of Material's page that hold the site's words: the article, the primary
# navigation and the table of contents (their links), the header's titles and the
# footer's page titles (not its "Next" and "Previous", which are Material's).
OURS = ("md-content", "md-nav__link", "md-header__topic", "md-footer__title", "md-ellipsis")
# Not words: Material's interface, and a code block's file name.
MATERIALS = ("md-footer__direction", "filename")


@dataclass
class _Words(HTMLParser):
    found: list[str] = field(default_factory=list)
    stack: list[tuple[str, bool, bool]] = field(default_factory=list)  # tag, ours, skipped

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        ours = any(c in OURS for c in classes) or (bool(self.stack) and self.stack[-1][1])
        skipped = tag in SKIPPED or any(c in MATERIALS for c in classes)
        skipped = skipped or (bool(self.stack) and self.stack[-1][2])
        if ours and not skipped:
            self.found += [values[name] for name in ATTRIBUTES if values.get(name)]
        if tag == "script" and values.get("id") == "plot-text":
            self.stack.append((tag, True, False))  # its words: read as JSON, below
        elif tag not in ("img", "input", "br", "hr", "meta", "link", "source", "wbr"):
            self.stack.append((tag, ours, skipped))
        if "data-compare" in values:
            config = json.loads(values["data-compare"])
            self.found += [config["alt"], *config["titles"].values()]

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack or not self.stack[-1][1] or self.stack[-1][2]:
            return
        if self.stack[-1][0] == "script":
            self.found += [v for v in json.loads(data).values() if isinstance(v, str)]
        else:
            self.found.append(data)


def leaks(html: str) -> list[str]:
    """The words of the site's own parts of a page that no accent touched."""
    parser = _Words()
    parser.feed(html)
    return sorted({word for text in parser.found for word in WORD.findall(text)})


def _pages(site: Path, code: str) -> list[Path]:
    return sorted((site / code).rglob("*.html"))


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("third") / "project")
    add_pseudo_locale(project)
    result = run_build(project)
    assert result.status == 0, result.output
    return project / "site"


def test_every_word_of_a_third_language_comes_from_its_folder(pseudo_site: Path) -> None:
    pages = _pages(pseudo_site, "xx")
    assert len(pages) == len(_pages(pseudo_site, "en")) > 20
    found = {str(p.relative_to(pseudo_site)): leaks(p.read_text("utf-8")) for p in pages}
    assert {page: words for page, words in found.items() if words} == {}


def test_the_check_finds_a_word_planted_in_a_template(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_pseudo_locale(project)
    edit(
        project / "generator" / "templates" / "activation.md.j2",
        '{{ p.heading("##", labels.plot_heading, "plot") }}',
        '{{ p.heading("##", labels.plot_heading, "plot") }}\n\nPlanted words',
    )
    result = run_build(project)
    assert result.status == 0, result.output
    page = project / "site" / "xx" / "activations" / "elu" / "index.html"
    assert leaks(page.read_text("utf-8")) == ["Planted", "words"]


def test_accents_leave_placeholders_code_and_links_alone() -> None:
    text = "Ab {{ grid.count }} `x.grad` [Cd]({{ answer }}#e) <b>f</b> {n}"
    assert accented(text) == (
        f"A{ACCENT}b{ACCENT} {{{{ grid.count }}}} `x.grad` [C{ACCENT}d{ACCENT}]"
        f"({{{{ answer }}}}#e) <b>f{ACCENT}</b> {{n}}"
    )
