"""The atlas: a page per activation, an overview that compares them, worked exercises.

generator/products.py runs every registry entry through torch on the atlas grid (float64,
checked against its analytic derivative and by gradcheck), reads off its properties and
draws its figure, into an `Atlas`; `render_language` turns that into one language's
Markdown pages. The
pages are as data-driven as the lesson's: adding an activation to the registry and its
prose to docs/<lang>/activations/<name>.yml adds its page, with no template touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from generator import pages
from generator.content import Language
from generator.errors import Problem, fail_if_any
from generator.figures import FigureRef
from generator.registry import (
    Activation,
    Comparison,
    Span,
)

if TYPE_CHECKING:
    from generator.exercises import Exercises
    from generator.properties import Properties


@dataclass(frozen=True)
class Entry:
    """One atlas page's data: the registry entry, its properties and its figure."""

    spec: Activation
    props: Properties
    figure: FigureRef

    @property
    def url(self) -> str:
        """The page's URL below its language's root."""
        return f"activations/{self.spec.name}/"


@dataclass(frozen=True)
class Group:
    """One comparison figure of the overview."""

    spec: Comparison
    figure: FigureRef


@dataclass(frozen=True)
class Atlas:
    """Everything the atlas's pages show, and the files of its figures."""

    domain: Span
    figsize: tuple[float, float]
    entries: tuple[Entry, ...]
    groups: tuple[Group, ...]
    exercises: Exercises
    files: dict[str, bytes]

    def entry(self, name: str) -> Entry:
        """The page data of the activation called `name` (for numbers quoted in prose)."""
        return next(entry for entry in self.entries if entry.spec.name == name)


def render_language(
    environment: jinja2.Environment, language: Language, prefix: str, atlas: Atlas
) -> dict[str, str]:
    """The atlas's pages in one language, as {path inside the docs folder: Markdown}.

    `prefix` is where the language lives below the site root ('' or 'en/').
    """
    tables = ProseTables(language)
    result = {}
    for entry in atlas.entries:
        context, prose = entry_page(atlas, entry, prefix, tables)
        result[f"{entry.url}index.md"] = pages.render_page(
            environment, "activation.md.j2", context, prose
        )
    for name, url in (("activations", "activations/"), ("exercises", "exercises/")):
        result[f"{url}index.md"] = pages.render_page(
            environment,
            f"{name}.md.j2",
            {**_base(atlas, language), "page_url": prefix + url},
            {
                "prose": tables.get(name),
                "common": tables.get("common"),
                "labels": tables.get("atlas"),
            },
        )
    fail_if_any(tables.unused_problems(skip="common"))
    return result


def entry_page(
    atlas: Atlas, entry: Entry, prefix: str, tables: ProseTables
) -> tuple[dict[str, Any], dict[str, pages.ProseTable]]:
    """The template context and prose tables of one activation's page."""
    context = {**_base(atlas, tables.language), "act": entry, "page_url": prefix + entry.url}
    prose = {
        "prose": tables.get(f"activations/{entry.spec.name}"),
        "common": tables.get("common"),
        "labels": tables.get("atlas"),
    }
    return context, prose


def _base(atlas: Atlas, language: Language) -> dict[str, Any]:
    return {"lang": language.code, "atlas": atlas, "domain": atlas.domain}


class ProseTables:
    """One language's prose tables, each made once, so unused keys are found across pages."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.made: dict[str, pages.ProseTable] = {}

    def get(self, stem: str) -> pages.ProseTable:
        if stem not in self.made:
            source = f"docs/{self.language.code}/{stem}.yml"
            self.made[stem] = pages.ProseTable(source, self.language.prose[stem])
        return self.made[stem]

    def unused_problems(self, skip: str) -> list[Problem]:
        return [p for s, t in self.made.items() if s != skip for p in t.unused_problems()]


def nav(titles: dict[str, Any], activations: Sequence[Activation]) -> list[dict[str, Any]]:
    """The atlas's part of one language's navigation; section titles from site.yml."""
    pages_nav: list[dict[str, Any]] = [{titles["activations_overview"]: "activations/index.md"}]
    pages_nav += [{a.title: f"activations/{a.name}/index.md"} for a in activations]
    return [{titles["activations"]: pages_nav}, {titles["exercises"]: "exercises/index.md"}]
