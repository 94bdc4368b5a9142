"""Every string a reader sees, made once: the view of each page in one language.

The results hold numbers and the prose files hold words with named placeholders
(`{{ grid.count }}`). Here the two meet: numbers are formatted (generator/formatting.py),
phrases composed, placeholders filled, code written out, addresses and figure ids given,
and an atlas page gets its strings once for every choice of its parameters. The
templates (generator/pages.py) only place what a view holds; the page script shows the
choice a reader makes among blocks rendered here, and never writes text of its own.
"""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from generator import exercises, section
from generator import formatting as fmt
from generator.compute import JUMP_SLOPE, MEAN_REFINE
from generator.content import Language, Page, SiteSources, site_pages
from generator.errors import Problem
from generator.exercises import EDITIONS, FunctionClasses, LinearDepth, answered
from generator.figures import FigureRef
from generator.properties import CENTRED, SATURATED, Properties
from generator.registry import LESSON_ORDER, Activation, Grid, by_name
from generator.results import Atlas, Lesson, Plotted, Results, Trained, training_code_values
from generator.section import (
    BODY_TEMPERATURE,
    FIT_GRID,
    MLP_SIZES,
    TEMPERATURE_SCALE,
    Section,
)
from generator.training import (
    LOSS_EVERY,
    PIECEWISE_LINEAR,
    PLOT_GRID,
    SMOOTH,
    TRAIN_GRID,
    Adam,
    Claim,
    Claims,
)
from generator.training import Choice as Network

T = TypeVar("T")

# --- words ------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
_TEMPLATE_CODE = re.compile(r"\{\{|\}\}|\{%|%\}")

Values = Mapping[str, str]
COMMENT = re.compile(r"\{\{\s*comment\.(\w+)\s*\}\}")  # a code template's comment


@dataclass
class Reading:
    """What one language's pages read of its prose files: the keys each file gave, and
    the problems met on the way (missing keys, placeholders that name nothing). Kept
    apart from the words themselves and passed from page to page, so that a key is
    unused only if no page of the site read it."""

    language: Language
    used: dict[str, set[str]] = field(default_factory=dict)
    found: dict[str, Problem] = field(default_factory=dict)  # by its text: each once

    def words(self, stem: str, values: Values) -> Words:
        return Words(self, stem, values)

    def report(self, problem: Problem) -> None:
        self.found.setdefault(str(problem), problem)

    @property
    def problems(self) -> list[Problem]:
        return list(self.found.values())

    def unused(self) -> list[Problem]:
        """Keys no page read: ask once every page of the site has been made."""
        return [
            Problem(
                f"{self.language.source(stem)}: key '{key}'",
                "no page uses this key",
                "remove it, or use it in a template",
            )
            for stem, entries in self.language.prose.items()
            for key in sorted(set(entries) - self.used.get(stem, set()))
        ]


class Words:
    """One prose file's strings as a page reads them, `words.key` or `words["key"]`, with
    every placeholder filled from the page's values. It has no other public attribute,
    so a key may be called anything (`items`, `keys`, `get`) that does not start with _."""

    __slots__ = ("_reading", "_stem", "_values")

    def __init__(self, reading: Reading, stem: str, values: Values) -> None:
        self._reading, self._stem, self._values = reading, stem, values

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __getitem__(self, key: str) -> Any:
        reading, source = self._reading, self._reading.language.source(self._stem)
        reading.used.setdefault(self._stem, set()).add(key)
        entries = reading.language.prose.get(self._stem, {})
        if key not in entries:
            reading.report(Problem(f"{source}: key '{key}'", "missing", "add this key's text"))
            return ""
        value = entries[key]
        if not isinstance(value, str):
            return value
        return fmt.join_cjk_lines(fill(value, self._values, f"{source}: key '{key}'", reading))

    def using(self, values: Values) -> Words:
        """These words with more values (one choice of an atlas page's parameters)."""
        return Words(self._reading, self._stem, {**self._values, **values})

    def plural(self, key: str, count: int) -> str:
        """`<key>_one` for one, `<key>_other` for any other count."""
        return str(self[f"{key}_one" if count == 1 else f"{key}_other"])


def fill(text: str, values: Values, where: str, reading: Reading) -> str:
    """`text` with each `{{ name }}` replaced by the value of that name; anything else
    that looks like template code is a problem: words and names only."""
    if _TEMPLATE_CODE.search(PLACEHOLDER.sub("", text)):
        reading.report(
            Problem(
                where,
                "holds template code, not only {{ name }} placeholders",
                "write words and placeholders; numbers and choices are made in generator/view.py",
            )
        )

    def value(match: re.Match[str]) -> str:
        if match[1] in values:
            return values[match[1]]
        known = ", ".join(sorted(values)) or "none"
        reading.report(
            Problem(where, f"unknown placeholder {match[0]}", f"use one of the page's: {known}")
        )
        return ""

    return PLACEHOLDER.sub(value, text)


# --- what templates place ---------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    latex: str
    mathml: str  # display MathML: the site's
    inline: bool = False

    @staticmethod
    def of(latex: str) -> Formula:
        return Formula(latex.strip(), fmt.mathml_block(latex))

    @staticmethod
    def inline_of(latex: str) -> Formula:
        return Formula(latex.strip(), fmt.mathml(latex), inline=True)


@dataclass(frozen=True)
class Code:
    """A Python block: as the site shows it, and as a notebook cell (whose stand-in for
    d2l is a cell of its own, so the import of d2l is left out)."""

    site: str

    @property
    def notebook(self) -> str:
        return "".join(line for line in self.site.splitlines(True) if line != D2L_IMPORT)


D2L_IMPORT = "from d2l import torch as d2l\n"


@dataclass(frozen=True)
class Choice(Generic[T]):
    """One version of a part of an atlas page, and the parameter choices it holds for.
    `attributes` mark it for the page script: empty when the part is the same for every
    choice; else its choices' keys, and `hidden` for all but the default's."""

    value: T
    keys: tuple[str, ...]
    shown: bool
    attributes: str


def by_choice(values: Sequence[tuple[str, T]]) -> tuple[Choice[T], ...]:
    """(key, value) for every choice, the default first, grouped by equal value."""
    groups: dict[Any, list[str]] = {}
    first: dict[Any, T] = {}
    for key, value in values:
        groups.setdefault(_hashable(value), []).append(key)
        first.setdefault(_hashable(value), value)
    alone = len(groups) == 1
    return tuple(
        Choice(first[h], tuple(keys), index == 0, "" if alone else _choice_attributes(keys, index))
        for index, (h, keys) in enumerate(groups.items())
    )


def _hashable(value: Any) -> Any:
    return repr(value)


def _choice_attributes(keys: Sequence[str], index: int) -> str:
    hidden = "" if index == 0 else " hidden data-search-exclude"
    return f' data-choices="{html.escape(" ".join(keys))}"{hidden}'


@dataclass(frozen=True)
class Image:
    """One choice's figure files, as addresses from the page."""

    stem: str  # the readout file without .json, for the page script
    light: str
    dark: str
    csv: str  # "" when the figure plots nothing to list
    width: int
    height: int
    alt: str
    attributes: str = ""  # its choices, for the page script (see Choice)


@dataclass(frozen=True)
class FigureView:
    id: str  # "figure-3": its anchor, and its name in the page's address
    caption: str  # "Figure 3. ReLU on the lesson's grid"
    images: tuple[Image, ...]  # the default's first
    data_separator: str
    data_label: str
    readout: bool = True  # has a readout file (a diagram has none: it plots no numbers)

    @property
    def data(self) -> str:
        return self.images[0].stem


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class Control:
    name: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Controls:
    """An atlas page's parameter controls, for the figure `figure`."""

    figure: str
    legend: str
    note: str
    controls: tuple[Control, ...]


@dataclass(frozen=True)
class PageView:
    """What every page has: its place, its title and description, and the words of the
    page script (for pages with figures)."""

    page: Page
    url: str  # below the site root: 'en/mlp/'
    title: str
    description: str
    front_matter: tuple[str, ...]  # more front matter lines (search boost, hidden toc)
    notebook: str  # the address of its notebook, '' if it has none
    notebook_label: str
    notebook_note: str
    script_words: Mapping[str, str] | None  # for docs/assets/javascripts/figures.js
    text: Words  # its own prose
    common: Words  # the strings every page may use
    labels: Words  # the atlas's shared labels
    sources: str  # what the site adapts, its licences, and what computed its numbers


# --- the view of every page -------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """What one language's pages need from elsewhere: the sources, the results, every
    page of the site (for links and titles) and the record of words read."""

    sources: SiteSources
    language: Language
    results: Results
    pages: Sequence[Page]
    reading: Reading

    @property
    def code(self) -> Mapping[str, str]:
        """The code templates by name (generator/templates/code), and the stand-in."""
        return self.sources.code

    @property
    def prefix(self) -> str:
        return self.sources.prefix(self.language)

    def words(self, stem: str, values: Values = {}) -> Words:  # noqa: B006 - never changed
        return self.reading.words(stem, values)

    def title(self, activation: Activation) -> str:
        """The activation's title in this language: its page's `title`."""
        return str(self.words(f"activations/{activation.name}")["title"])

    def link(self, page: Page, template: str, anchor: str = "") -> str:
        """A link from `page` to the page made with `template` (and an anchor on it),
        whether or not this build makes that page: a preview leaves some out, and MkDocs
        then reports the link instead of failing."""
        target = next(p for p in self.every_page if p.template == template)
        return page.link(target, anchor)

    @functools.cached_property
    def every_page(self) -> list[Page]:
        """Every page of the whole site, for links to the pages a preview leaves out."""
        return site_pages()

    def code_of(self, name: str, values: Values, words: Words | None = None) -> Code:
        """The code template `name` with `values` and the comments of `words`."""
        return render_code(name, self.code[name], values, words, self.reading)


def render_code(
    name: str, template: str, values: Values, words: Words | None, reading: Reading
) -> Code:
    """A code template with `values`; its comments, `{{ comment.<key> }}`, are the words
    `comment_<key>` of `words` (the page's own prose), a comment on a line of its own
    wrapped to the width of the code."""
    comments: dict[str, str] = {}
    if words is not None:
        template = _WHOLE_LINE_COMMENT.sub(lambda m: _wrapped(m, words), template)
        comments = {f"comment.{k}": str(words[f"comment_{k}"]) for k in COMMENT.findall(template)}
    where = f"generator/templates/code/{name}.py.j2"
    return Code(fill(template, {**values, **comments}, where, reading))


# A comment on a line of its own: `    # {{ comment.key }}`.
_WHOLE_LINE_COMMENT = re.compile(r"^( *# )\{\{\s*comment\.(\w+)\s*\}\}$", re.M)
# The widest line of code: beyond it a code block scrolls sideways on a laptop, where
# Material makes it focusable only once it has come into view.
CODE_WIDTH = 80


def _wrapped(match: re.Match[str], words: Words) -> str:
    """A whole-line comment's words, wrapped onto as many comment lines as they need."""
    prefix, text = match[1], str(words[f"comment_{match[2]}"])
    return textwrap.fill(text, CODE_WIDTH, initial_indent=prefix, subsequent_indent=prefix)


def page_views(site: Site) -> dict[str, PageView]:
    """Every page's view, by its output path; the problems met are in `site.reading`."""
    makers: dict[str, Callable[[Site, Page], PageView]] = {
        "index": home,
        "mlp": lesson,
        "activations": overview,
        "activation": activation_page,
        "exercises": exercises_page,
        "training": training_page,
    }
    return {page.output: makers[page.template](site, page) for page in site.pages}


def nav(language: Language, pages: Sequence[Page]) -> list[dict[str, Any]]:
    """The navigation: each page under its title; the activations in their own section
    after the overview's entry, each under its title in the language."""
    titles = language.site["nav"]
    entries: list[dict[str, Any]] = []
    section: list[dict[str, Any]] = []
    for page in pages:
        if page.activation is not None:
            title = language.prose[f"activations/{page.activation.name}"]["title"]
            section.append({title: page.output})
        elif page.template == "activations":
            section = [{titles["activations_overview"]: page.output}]
            entries.append({titles["activations"]: section})
        else:
            entries.append({titles[page.nav]: page.output})
    return entries


def _base(
    site: Site,
    page: Page,
    values: Values,
    with_figures: bool = True,
    front_matter: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The fields of `PageView` for `page`, its prose read with `values`."""
    values = {**site_values(site), **values}
    common = site.words("common", values)
    text = site.words(page.prose, values)
    url = site.prefix + page.url
    script = {"label": common.plot_label, "hint": common.plot_hint, "none": common.plot_none}
    return {
        "sources": str(common.sources),
        "page": page,
        "url": url,
        "title": text.title,
        "description": text.description,
        "front_matter": front_matter,
        "notebook": fmt.relative(page.notebook_file(site.language.code), url)
        if page.notebook
        else "",
        "notebook_label": common.notebook if page.notebook else "",
        "notebook_note": common.notebook_note if page.notebook else "",
        "script_words": script if with_figures else None,
        "text": text,
        "common": common,
        "labels": site.words("atlas", values),
    }


# The editions of *Dive into Deep Learning* this site adapts: the section's number and
# address in each, and its discussion thread (the PyTorch one).
D2L = {
    "en": (
        "5.1",
        "https://d2l.ai/chapter_multilayer-perceptrons/mlp.html",
        "https://discuss.d2l.ai/t/91",
    ),
    "zh": (
        "4.1",
        "https://zh.d2l.ai/chapter_multilayer-perceptrons/mlp.html",
        "https://discuss.d2l.ai/t/1796",
    ),
}
# The licence of the site's text and figures: the share-alike terms of what it adapts.
CONTENT_LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"


def site_values(site: Site) -> dict[str, str]:
    """What any page's words may quote: the sources and their addresses, the licence,
    and the versions of the packages that computed and drew the numbers."""
    # A release as its number: '2.13.0', not the wheel's local tag ('+cpu').
    versions = site.results.versions.items()
    values = {f"version.{name}": version.split("+")[0] for name, version in versions}
    for edition, (number, url, discussion) in D2L.items():
        values |= {
            f"d2l.{edition}.number": number,
            f"d2l.{edition}.url": url,
            f"d2l.{edition}.discussion": discussion,
        }
    return values | {"licence.content": CONTENT_LICENCE}


def copyright_notice(site: Site) -> str:
    """The footer of every page (Material's copyright line), as HTML: the licences and
    the versions that computed the numbers."""
    import markdown  # MkDocs' own Markdown: imported only where a footer is made

    text = str(site.words("common", site_values(site)).footer)
    html_text: str = markdown.markdown(text)
    return html_text.removeprefix("<p>").removesuffix("</p>")


def figure(
    site: Site,
    url: str,
    number: int,
    caption: str,
    images: Sequence[tuple[FigureRef, str, str]],
    csv: bool = True,
    readout: bool = True,
) -> FigureView:
    """Figure `number` of the page at `url`: (files, alt text, choice attributes) for
    each choice, the default's first."""
    common = site.words("common")
    return FigureView(
        id=f"figure-{number}",
        caption=f"{common.figure} {number}{common.caption_separator}{caption}",
        images=tuple(
            Image(
                stem=fmt.relative(ref.stem, url),
                light=fmt.relative(ref.light, url),
                dark=fmt.relative(ref.dark, url),
                csv=fmt.relative(ref.csv, url) if csv else "",
                width=ref.width,
                height=ref.height,
                alt=alt,
                attributes=attributes,
            )
            for ref, alt, attributes in images
        ),
        data_separator=common.data_separator,
        data_label=common.data_csv,
        readout=readout,
    )


def grid_values(grid: Grid, prefix: str = "grid") -> dict[str, str]:
    """A grid as the prose quotes it, a minus sign before negative numbers."""
    return {
        f"{prefix}.count": str(grid.count),
        f"{prefix}.first": fmt.minus(fmt.fixed(grid.first, 1)),
        f"{prefix}.last": fmt.minus(fmt.fixed(grid.last, 1)),
        f"{prefix}.start": fmt.minus(str(grid.start)),
        f"{prefix}.end": fmt.minus(str(grid.end)),
        f"{prefix}.per_unit": str(grid.per_unit),
        f"{prefix}.k_start": fmt.minus(str(grid.start * grid.per_unit)),
        f"{prefix}.k_end": fmt.minus(str(grid.end * grid.per_unit)),
    }


def property_values(atlas: Atlas) -> dict[str, str]:
    """The thresholds behind the atlas's table of properties, as its notes quote them."""
    leaky = by_name("leaky_relu")  # the notes name its slope as an example
    return {
        **grid_values(atlas.grid),
        "property.jump": fmt.short(JUMP_SLOPE / atlas.grid.per_unit),
        "property.centred": fmt.short(CENTRED),
        "property.saturated": fmt.short(SATURATED),
        "property.mean_refine": str(MEAN_REFINE),
        "leaky_relu.slope": fmt.short(float(leaky.params[0].value)),
    }


def figsize_values(figsize: tuple[float, float]) -> dict[str, str]:
    width, height = (f"{v:g}" for v in figsize)
    return {"figsize": f"({width}, {height})", "figsize.width": width, "figsize.height": height}


def joined(site: Site, items: Iterable[str]) -> str:
    """A list as the language writes one: '0, 1' or '0、1'."""
    return str(site.words("common").list_separator).join(items)


# --- the home page ----------------------------------------------------------------------


@dataclass(frozen=True)
class HomeView(PageView):
    lesson_link: str
    training_link: str
    atlas_link: str
    pdf: str  # the site as one PDF, '' without one


def home(site: Site, page: Page) -> HomeView:
    return HomeView(
        **_base(site, page, {}, with_figures=False),
        lesson_link=site.link(page, "mlp"),
        training_link=site.link(page, "training"),
        atlas_link=site.link(page, "activations"),
        pdf=site.sources.pdf_url(site.language),
    )


# --- the lesson -------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonActivation:
    """One of the lesson's activations as its section shows it."""

    name: str
    formula: Formula
    derivative: Formula
    forward: Code
    backward: Code
    function_figure: FigureView
    gradient_figure: FigureView


@dataclass(frozen=True)
class LessonView(PageView):
    setup: Code
    standin: Code
    fit: Code  # the best line against a small network, and its figure
    fit_figure: FigureView
    diagram: FigureView  # the 4-5-3 network
    shapes: tuple[tuple[Formula, Formula, str], ...]  # symbol, shape, meaning
    affine: Formula  # two layers without an activation
    collapse: Formula  # ... collapse into one
    collapse_code: Code  # ... checked by torch
    activation: Formula  # the hidden layer with its activation function
    stacking: Formula  # layers stacked, each with its own
    prelu: Formula
    acts: Mapping[str, LessonActivation]
    rows: tuple[tuple[str, ...], ...]  # the summary table
    exercises: str  # the exercise list (Markdown), each linked to its answer


# The lesson teaches the terms that the atlas and the exercises repeat: search lists it
# first. At a boost of 10 the exercises' "Vanishing gradients" heading still outranked
# it for "gradient" (search expands the query to the rarer "gradients"); 20 puts the
# lesson first in both languages.
LESSON_SEARCH_BOOST = ("search:", "  boost: 20")

# The section's notation, row vectors as in the book: a minibatch X of n examples with d
# inputs, h hidden units, q outputs.
_X, _H, _O = r"\mathbf{X}", r"\mathbf{H}", r"\mathbf{O}"
_W1, _B1 = r"\mathbf{W}^{(1)}", r"\mathbf{b}^{(1)}"
_W2, _B2 = r"\mathbf{W}^{(2)}", r"\mathbf{b}^{(2)}"
# Each symbol, its shape, and the key of the words that say what it is.
SHAPES = (
    (_X, r"n \times d", "shape_x"),
    (_H, r"n \times h", "shape_h"),
    (_W1, r"d \times h", "shape_w1"),
    (_B1, r"1 \times h", "shape_b1"),
    (_W2, r"h \times q", "shape_w2"),
    (_B2, r"1 \times q", "shape_b2"),
    (_O, r"n \times q", "shape_o"),
)
AFFINE = (
    rf"\begin{{array}}{{rl}} {_H} & = {_X}{_W1} + {_B1}, \\"
    rf" {_O} & = {_H}{_W2} + {_B2}. \end{{array}}"
)
COLLAPSE = (
    rf"{_O} = ({_X}{_W1} + {_B1}){_W2} + {_B2} = {_X}{_W1}{_W2} + {_B1}{_W2} + {_B2}"
    rf" = {_X}\mathbf{{W}} + \mathbf{{b}}"
)
ACTIVATION = (
    rf"\begin{{array}}{{rl}} {_H} & = \sigma({_X}{_W1} + {_B1}), \\"
    rf" {_O} & = {_H}{_W2} + {_B2}. \end{{array}}"
)
STACKING = (
    rf"\begin{{array}}{{rl}} \mathbf{{H}}^{{(1)}} & = \sigma_1({_X}{_W1} + {_B1}), \\"
    rf" \mathbf{{H}}^{{(2)}} & = \sigma_2(\mathbf{{H}}^{{(1)}}{_W2} + {_B2}), \\"
    r" & \;\;\vdots \end{array}"
)
PRELU = r"\operatorname{PReLU}(x) = \max(0, x) + \alpha \min(0, x)"


def lesson_values(lesson: Lesson) -> dict[str, str]:
    """The lesson's numbers as its prose quotes them."""
    values = {**grid_values(lesson.grid), **figsize_values(lesson.figsize)}
    for name, act in lesson.acts.items():
        p = act.props
        values |= {
            f"{name}.y_min": fmt.minus(fmt.short(p.y_min)),
            f"{name}.y_max": fmt.minus(fmt.short(p.y_max)),
            f"{name}.grad_max": fmt.minus(fmt.short(p.grad_max)),
            f"{name}.grad_at_zero": fmt.minus(fmt.short(p.grad_at_zero)),
            f"{name}.grad_argmax": fmt.sci(p.grad_argmax),
        }
    sigmoid, tanh = lesson.acts["sigmoid"].props, lesson.acts["tanh"].props
    values["tanh_sigmoid_ratio"] = fmt.short(tanh.grad_max / sigmoid.grad_max)
    for name, (low, high) in lesson.reaches.items():
        # from `high` on (and `low` down) the limit: stated outwards, never inside it
        values[f"{name}.reaches_high"] = fmt.short(fmt.at_most(high, 6, places=True), 6)
        values[f"{name}.reaches_low"] = fmt.minus(fmt.short(fmt.at_least(low, 6, places=True), 6))
    return values | section_values(lesson.section)


def section_values(first_half: Section) -> dict[str, str]:
    """The section's first half as its prose quotes it: the fit, the network and the
    collapse."""
    fit, collapse = first_half.fit, first_half.collapse
    d, h, q = MLP_SIZES
    seeds = len(fit.seeds)
    return {
        "fit.points": str(FIT_GRID.count),
        "fit.width": str(fit.width),
        "fit.steps": str(fit.steps),
        "fit.seeds": str(seeds),
        "fit.slope": fmt.sci(fit.slope_per_degree),
        "fit.intercept": fmt.short(fit.intercept, 2),
        "fit.line_mse": fmt.sci(fit.line_mse, 3),
        "fit.network_mse": fmt.sci(fit.network_mse),
        "fit.ratio": str(math.floor(fit.ratio)),
        "fit.worst_ratio": str(math.floor(fit.worst_ratio)),
        "fit.low": str(BODY_TEMPERATURE - TEMPERATURE_SCALE),
        "fit.middle": str(BODY_TEMPERATURE),
        "fit.high": str(BODY_TEMPERATURE + TEMPERATURE_SCALE),
        "mlp.d": str(d),
        "mlp.h": str(h),
        "mlp.q": str(q),
        "collapse.rows": str(collapse.rows),
        "collapse.seeds": str(len(collapse.seeds)),
        "collapse.linear_gap": fmt.sci(collapse.linear_gap),
        "collapse.linear_gap_max": fmt.sci(fmt.at_most(max(collapse.linear_gaps))),
        "collapse.relu_gap": fmt.short(collapse.relu_gap, 3),
        "collapse.relu_gap_min": fmt.short(fmt.at_least(min(collapse.relu_gaps), 2, True), 2),
        "collapse.best_gap": fmt.sci(fmt.at_most(collapse.best_gap)),
        "collapse.best_gap_min": fmt.sci(fmt.at_least(min(collapse.best_gaps))),
    }


def lesson(site: Site, page: Page) -> LessonView:
    lesson = site.results.lesson
    values = {
        **lesson_values(lesson),
        "atlas": site.link(page, "activations"),
        "training": site.link(page, "training"),
        "exercises": site.link(page, "exercises"),
        # the exercises the answers page adds from the other edition
        "others": str(len(answered(edition(site))) - len(EDITIONS[edition(site)])),
    }
    base = _base(site, page, values, front_matter=LESSON_SEARCH_BOOST)
    text, url = base["text"], base["url"]
    acts = {}
    numbers = itertools.count(1)
    fit_figure = figure(
        site, url, next(numbers), text.fit_caption, [(lesson.fit, text.fit_alt, "")]
    )
    diagram = figure(
        site,
        url,
        next(numbers),
        text.diagram_caption,
        [(lesson.diagram, text.diagram_alt, "")],
        csv=False,
        readout=False,
    )
    for index, (name, act) in enumerate(lesson.acts.items()):
        function_ref, gradient_ref = act.figures
        acts[name] = LessonActivation(
            name=name,
            formula=Formula.of(act.spec.formula),
            derivative=Formula.of(act.spec.derivative_formula),
            forward=_forward_code(site, lesson, act, first=index == 0),
            backward=_backward_code(site, lesson, act, clear=index > 0),
            function_figure=figure(
                site,
                url,
                next(numbers),
                text[f"{name}_caption"],
                [(function_ref, text[f"{name}_alt"], "")],
            ),
            gradient_figure=figure(
                site,
                url,
                next(numbers),
                text[f"{name}_grad_caption"],
                [(gradient_ref, text[f"{name}_grad_alt"], "")],
            ),
        )
    code_values = section.code_values(lesson.figsize)
    return LessonView(
        **base,
        setup=site.code_of("lesson_setup", {}),
        standin=Code(site.code["d2l_standin"]),
        fit=site.code_of("fit", code_values, text),
        fit_figure=fit_figure,
        diagram=diagram,
        shapes=tuple(
            (Formula.inline_of(symbol), Formula.inline_of(shape), text[key])
            for symbol, shape, key in SHAPES
        ),
        affine=Formula.of(AFFINE),
        collapse=Formula.of(COLLAPSE),
        collapse_code=site.code_of("collapse", code_values, text),
        activation=Formula.of(ACTIVATION),
        stacking=Formula.of(STACKING),
        prelu=Formula.of(PRELU),
        acts=acts,
        rows=tuple(_lesson_row(site, lesson, act, text) for act in lesson.acts.values()),
        exercises=_exercise_list(site, page, text),
    )


def _forward_code(site: Site, lesson: Lesson, act: Plotted, first: bool) -> Code:
    """The lesson's forward pass for one activation: apply it, plot it (the first also
    makes the grid)."""
    values = {
        "grid": f"x = {lesson.grid.code}\n" if first else "",
        "call": act.spec.call,
        "label": act.spec.label,
        **figsize_values(lesson.figsize),
    }
    return site.code_of("lesson_forward", values)


def _backward_code(site: Site, lesson: Lesson, act: Plotted, clear: bool) -> Code:
    """The lesson's backward pass: clear the old gradient (after the first), backward,
    plot."""
    comment = site.words("common").comment_clear_gradient
    values = {
        "clear": f"# {comment}\nx.grad.data.zero_()\n" if clear else "",
        "label": act.spec.grad_label,
        **figsize_values(lesson.figsize),
    }
    return site.code_of("lesson_backward", values)


def _lesson_row(site: Site, lesson: Lesson, act: Plotted, text: Words) -> tuple[str, ...]:
    p = act.props
    return (
        f"[{site.title(act.spec)}](#{act.spec.name})",
        f"{fmt.number(p.y_min)} … {fmt.number(p.y_max)}",
        fmt.number(p.grad_max),
        _lesson_where(lesson.grid, p.grad_max_at, text),
    )


def _lesson_where(grid: Grid, runs: Iterable[tuple[float, float]], text: Words) -> str:
    """Where the lesson's largest gradient is reached. The lesson's grid has no exact 0:
    its middle point is 4.4e-16, so a location there is named as the grid point nearest
    0, and a run that starts there holds every grid point x > 0."""
    found = []
    for first, last in runs:
        near_zero = abs(first) < 0.5 / grid.per_unit
        if first == last and near_zero:
            found.append(str(text.table_near_zero))
        elif first == last:
            found.append(f"x ≈ {fmt.number(first, 1)}")
        else:
            start = "0 <" if near_zero else f"{fmt.number(first, 1)} ≤"
            found.append(f"{start} x ≤ {fmt.number(last, 1)}")
    return "; ".join(found)


def _exercise_list(site: Site, page: Page, text: Words) -> str:
    """The lesson's exercises as the language's edition numbers them, each linked to its
    worked answer; a group's lead-in with its exercises indented beneath it."""
    questions = site.words("exercises")
    lines, group = [], ""
    for exercise in EDITIONS[edition(site)]:
        item = text.using(
            {
                "question": str(questions[f"{exercise.key}_question"]),
                "answer": site.link(page, "exercises", exercise.key),
            }
        ).exercise_item
        if exercise.group and exercise.group != group:
            lead = exercise.number.split(".")[0]
            lines.append(f"{lead}. {questions[f'{exercise.group}_question']}")
        number, indent = exercise.number.split(".")[-1], "    " if exercise.group else ""
        lines.append(f"{indent}{number}. " + str(item).replace("\n", "\n   " + indent))
        group = exercise.group
    return "\n".join(lines)


def edition(site: Site) -> str:
    """The edition of d2l whose numbering and exercises the language follows (site.yml's
    `edition`); an unknown one is a problem, and the English edition stands in."""
    chosen = str(site.language.site.get("edition", ""))
    if chosen not in EDITIONS:
        site.reading.report(
            Problem(
                f"docs/{site.language.code}/site.yml: key 'edition'",
                f"unknown edition {chosen!r}",
                f"choose the edition its exercises follow: {', '.join(EDITIONS)}",
            )
        )
        return "en"
    return chosen


# --- an atlas page ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationView(PageView):
    formulas: tuple[Choice[Formula], ...]
    derivative_intros: tuple[Choice[str], ...]
    derivatives: tuple[Choice[Formula], ...]
    parameters: tuple[Choice[tuple[str, ...]], ...]  # empty for a function without any
    code: tuple[Choice[Code], ...]
    figure: FigureView
    controls: Controls | None
    properties: tuple[Choice[tuple[tuple[str, str], ...]], ...]


def activation_values(site: Site, plotted: Plotted) -> dict[str, str]:
    """One choice of an activation's parameters, as its page's prose quotes it."""
    p, spec = plotted.props, plotted.spec
    values = {
        "title": site.title(spec),
        "act.y_min": fmt.minus(fmt.short(p.y_min, 6)),
        "act.y_max": fmt.minus(fmt.short(p.y_max, 6)),
        "act.grad_max": fmt.minus(fmt.short(p.grad_max, 6)),
        "act.corners": joined(site, (fmt.minus(fmt.short(c)) for c in p.corners)),
    }
    for param in spec.params:
        shown = fmt.short(param.value) if isinstance(param.value, float) else param.label
        values[f"param.{param.name}"] = fmt.minus(shown)
    return values


def fact_values(atlas: Atlas) -> dict[str, str]:
    """The atlas's facts beyond its tables (`Atlas.facts`), as its prose quotes them."""
    # each is a largest difference or a gradient: "at most", or exact
    return {f"fact.{name}": fmt.sci(fmt.at_most(value)) for name, value in atlas.facts.items()}


def _softplus_values(atlas: Atlas, entry: Plotted) -> dict[str, str]:
    """Where PyTorch's softplus switches to x itself (beta x > threshold) for each choice
    of beta, and the gap it leaves there, log(1 + exp(-threshold)) / beta."""
    params = {p.name: p for p in entry.spec.params}
    threshold, beta = float(params["threshold"].value), float(params["beta"].value)
    inside = [
        (choice, threshold / float(choice))
        for choice in params["beta"].choices
        if threshold / float(choice) < atlas.grid.end
    ]
    after = [x + 1 / atlas.grid.per_unit for _, x in inside]  # the next grid point
    return {
        "softplus.switch": fmt.short(threshold / beta),
        "softplus.gap": fmt.sci(math.log1p(math.exp(-threshold)) / beta),
        "softplus.inside": "".join(fmt.short(float(choice)) for choice, _ in inside),
        "softplus.inside_at": "".join(fmt.short(x) for _, x in inside),
        "softplus.inside_after": "".join(fmt.short(x) for x in after),
    }


# Values that one atlas page's prose quotes about its own function.
PAGE_VALUES: dict[str, Callable[[Atlas, Plotted], dict[str, str]]] = {"softplus": _softplus_values}


def activation_page(site: Site, page: Page) -> ActivationView:
    atlas = _atlas(site)
    assert page.activation is not None
    entry = atlas.entry(page.activation.name)
    choices = (entry, *entry.variants)
    atlas_values = {
        **property_values(atlas),
        **figsize_values(atlas.stacked_figsize),
        **fact_values(atlas),
        **(PAGE_VALUES[entry.spec.name](atlas, entry) if entry.spec.name in PAGE_VALUES else {}),
    }
    base = _base(site, page, {**atlas_values, **activation_values(site, entry)})
    labels: Words = base["labels"]
    text = {c.spec.key: labels.using(activation_values(site, c)) for c in choices}
    images = [
        (c.figures[0], str(text[c.spec.key].alt), a)
        for c, a in zip(choices, _attributes(choices), strict=True)
    ]
    url = base["url"]
    return ActivationView(
        **base,
        formulas=by_choice([(c.spec.key, Formula.of(c.spec.formula)) for c in choices]),
        derivative_intros=by_choice(
            [(c.spec.key, _derivative_intro(text[c.spec.key], c.props)) for c in choices]
        ),
        derivatives=by_choice(
            [(c.spec.key, Formula.of(c.spec.derivative_formula)) for c in choices]
        ),
        parameters=by_choice(
            [(c.spec.key, tuple(f"{p.name}={p.code}" for p in c.spec.params)) for c in choices]
        )
        if entry.spec.params
        else (),
        code=by_choice([(c.spec.key, _atlas_code(site, atlas, c.spec)) for c in choices]),
        figure=figure(site, url, 1, str(labels.caption), images),
        controls=_controls(site, entry, "figure-1"),
        properties=by_choice(
            [
                (c.spec.key, _property_rows(site, atlas.grid, c.props, text[c.spec.key]))
                for c in choices
            ]
        ),
    )


def _atlas(site: Site) -> Atlas:
    atlas = site.results.atlas
    assert atlas is not None, "an atlas page in a build without the atlas's results"
    return atlas


def _attributes(choices: Sequence[Plotted]) -> list[str]:
    """Each choice's figure marked with its key, the default shown (see `Choice`)."""
    if len(choices) == 1:
        return [""]
    return [_choice_attributes([c.spec.key], i) for i, c in enumerate(choices)]


def _derivative_intro(labels: Words, p: Properties) -> str:
    """The sentence before an activation's derivative: it names the corners or jumps."""
    if p.smoothness == "smooth":
        return str(labels.derivative_intro)
    return labels.plural(f"derivative_intro_{p.smoothness}", len(p.corners))


def _atlas_code(site: Site, atlas: Atlas, spec: Activation) -> Code:
    """The atlas's code for one activation: the grid, one forward and one backward pass,
    and one figure of two axes, the function above its gradient."""
    function, gradient = spec.legend
    code_grid = {
        "grid.count": str(atlas.grid.count),
        "grid.start": str(atlas.grid.start),
        "grid.end": str(atlas.grid.end),
        "grid.per_unit": str(atlas.grid.per_unit),
    }
    values = {
        "imports": "import torch.nn.functional as F\n" if spec.namespace != "torch" else "",
        "grid": atlas.grid.code,
        "call": spec.call,
        "function": function,
        "gradient": gradient,
        **figsize_values(atlas.stacked_figsize),
    }
    return site.code_of("atlas", values, site.words("atlas", code_grid))


def _controls(site: Site, entry: Plotted, figure_id: str) -> Controls | None:
    """A control for each parameter with choices; None for a function without any."""
    choosable = [param for param in entry.spec.params if param.choices]
    if not choosable:
        return None
    common, labels = site.words("common"), site.words("atlas")
    return Controls(
        figure=figure_id,
        legend=str(common.params_legend),
        note=str(labels.parameters_note),
        controls=tuple(
            Control(
                param.name,
                tuple(
                    Option(
                        label := param.choose(choice).label,
                        fmt.minus(label),
                        choice == param.value,
                    )
                    for choice in param.choices
                ),
            )
            for param in choosable
        ),
    )


def _property_rows(
    site: Site, grid: Grid, p: Properties, labels: Words
) -> tuple[tuple[str, str], ...]:
    """An activation's table of properties: (name, value) per row."""
    return tuple(zip(property_names(labels), property_cells(site, grid, p, labels), strict=True))


def property_names(labels: Words) -> tuple[str, ...]:
    keys = ("range", "monotonic", "zero_centred", "smooth", "grad_at_zero", "grad_max")
    return (*(str(labels[key]) for key in keys), str(labels.saturates))


def property_cells(site: Site, grid: Grid, p: Properties, labels: Words) -> tuple[str, ...]:
    """The cells of an activation's properties, as the tables print them."""
    yes_no = {True: str(labels["yes"]), False: str(labels["no"])}
    smooth = str(labels[f"smooth_{p.smoothness}"])
    if p.corners:
        corners = joined(site, (fmt.number(c) for c in p.corners))
        smooth += f"{labels.open}x = {corners}{labels.close}"
    return (
        f"{range_end(p.y_min)} … {range_end(p.y_max)}",
        yes_no[p.monotonic],
        f"{yes_no[p.zero_centred]}{labels.open}E = {fmt.number(p.normal_mean, 3)}{labels.close}",
        smooth,
        fmt.number(p.grad_at_zero),
        f"{fmt.number(p.grad_max)}{labels.open}{where(grid, p, labels)}{labels.close}",
        str(labels[f"saturates_{p.saturates}"]),
    )


def range_end(value: float) -> str:
    """An end of an output range: as the tables print numbers, but a value that is not 0
    and would round to it keeps its significant digits, so that a function that stays
    positive never shows 0 (softplus with beta = 5 reaches 1.3 x 10^-16 on the grid)."""
    shown = fmt.number(value, 3)
    return fmt.sci(value) if shown == "0" and value != 0 else shown


def where(grid: Grid, p: Properties, labels: Words) -> str:
    """Where the largest gradient is reached. A run that stops one grid point short of a
    corner is open there, for the gradient changes at the corner itself: "0 < x ≤ 7". A
    single point beside a corner is only the grid's nearest approach to it; a single
    point at the grid's edge is where the edge stops the function, and one at a corner is
    the value PyTorch gives the corner itself (SELU's at 0); any other single point is
    only the nearest grid point, within one step of the true place ("≈"), even at 0:
    where a maximum is exactly at 0 the prose derives it."""

    def beside(x: float, side: int) -> str:
        found = [c for c in p.corners if abs(x + side / grid.per_unit - c) < 1e-9]
        return "".join(fmt.number(c) for c in found)

    phrases = []
    for a, b in p.grad_max_at:
        left, right = beside(a, -1), beside(b, 1)
        if a == b and (left or right):
            phrases.append(f"x = {fmt.number(a)}{labels.beside_corner}{left or right}")
        elif a == b:
            exact = abs(a) == grid.end or a in p.corners
            phrases.append(f"x {'=' if exact else '≈'} {fmt.number(a)}")
        else:
            low = f"{left} <" if left else f"{fmt.number(a)} ≤"
            high = f"< {right}" if right else f"≤ {fmt.number(b)}"
            phrases.append(f"{low} x {high}")
    return str(labels.where_or).join(phrases)


# --- the atlas's overview ---------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    anchor: str
    heading: str
    text: str
    figure: FigureView


@dataclass(frozen=True)
class CompareOption:
    name: str
    title: str
    checked: bool


@dataclass(frozen=True)
class CompareView:
    """The reader's own comparison: any activations, function or gradient, drawn by the
    page script over empty axes that matplotlib drew (`Atlas.frames`)."""

    options: tuple[CompareOption, ...]
    figure_id: str
    caption: str
    config: Mapping[str, Any]  # for the page script: readout files, titles, frames


@dataclass(frozen=True)
class OverviewView(PageView):
    groups: tuple[Group, ...]
    compare: CompareView
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def overview_values(site: Site, atlas: Atlas) -> dict[str, str]:
    values = property_values(atlas)
    values["count.functions"] = str(len({entry.spec.torch_name for entry in atlas.entries}))
    values["count.pages"] = str(len(atlas.entries))
    for entry in atlas.entries:
        values[f"{entry.spec.name}.grad_max"] = fmt.number(entry.props.grad_max, 3)
    return values


def overview(site: Site, page: Page) -> OverviewView:
    atlas = _atlas(site)
    base = _base(site, page, overview_values(site, atlas), front_matter=("hide:", "  - toc"))
    text, labels, url = base["text"], base["labels"], base["url"]
    groups = tuple(
        Group(
            anchor=group.spec.name.replace("_", "-"),
            heading=str(text[f"{group.spec.name}_heading"]),
            text=str(text[f"{group.spec.name}_text"]),
            figure=figure(
                site,
                url,
                number,
                str(text[f"{group.spec.name}_heading"]),
                [(group.figure, str(text[f"{group.spec.name}_alt"]), "")],
            ),
        )
        for number, group in enumerate(atlas.groups, 1)
    )
    pages = {page.activation.name: page for page in site.pages if page.activation}
    return OverviewView(
        **base,
        groups=groups,
        compare=_compare(site, atlas, url, text, len(groups) + 1),
        columns=(str(text.table_name), *property_names(labels)),
        rows=tuple(
            (
                f"[{site.title(entry.spec)}]({page.link(pages[entry.spec.name])})",
                *property_cells(site, atlas.grid, entry.props, labels),
            )
            for entry in atlas.entries
        ),
    )


def _compare(site: Site, atlas: Atlas, url: str, text: Words, number: int) -> CompareView:
    default = [name for name in LESSON_ORDER if any(e.spec.name == name for e in atlas.entries)]
    frames: dict[str, list[dict[str, Any]]] = {"function": [], "gradient": []}
    for frame in atlas.frames:
        frames[frame.curve].append(
            {
                "figure": fmt.relative(frame.figure.stem, url),
                "ylim": frame.bounds,
                "width": frame.figure.width,
                "height": frame.figure.height,
            }
        )
    common = site.words("common")
    config = {
        "default": default,
        "data": {e.spec.name: fmt.relative(e.figures[0].stem, url) for e in atlas.entries},
        "titles": {e.spec.name: site.title(e.spec) for e in atlas.entries},
        "series": {"function": 0, "gradient": 1},
        "frames": frames,
        "alt": str(text.compare_alt),
    }
    return CompareView(
        options=tuple(
            CompareOption(e.spec.name, site.title(e.spec), e.spec.name in default)
            for e in atlas.entries
        ),
        figure_id=f"figure-{number}",
        caption=f"{common.figure} {number}{common.caption_separator}{text.compare_caption}",
        config=config,
    )


# --- the worked exercises ---------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseView:
    key: str  # its anchor
    heading: str
    question_label: str
    question: str
    formula: Formula
    answer: str
    code: Code
    figure: FigureView


@dataclass(frozen=True)
class ExercisesView(PageView):
    answer_label: str
    code_intro: str
    items: tuple[ExerciseView, ...]


def exercise_values(site: Site, atlas: Atlas) -> dict[str, str]:
    """The answers' numbers as the prose quotes them."""
    ex, grid, sci, short = atlas.exercises, atlas.grid, fmt.sci, fmt.short
    below = ex.depth_below
    return {
        **grid_values(grid),
        "prelu.alpha": short(ex.prelu_alpha),
        "prelu.deviation": sci(ex.prelu_deviation),
        "mlp.widths": joined(site, (str(w) for w in ex.mlp_widths)),
        "mlp.seed": str(ex.mlp_seed),
        "mlp.refine": str(ex.mlp_refine),
        "mlp.points": str((grid.count - 1) * ex.mlp_refine + 1),
        "mlp.per_unit": str(grid.per_unit * ex.mlp_refine),
        "mlp.breakpoints": str(len(ex.mlp_breakpoints)),
        "mlp.pieces": str(len(ex.mlp_breakpoints) + 1),
        "mlp.residual": sci(ex.mlp_residual),
        "mlp.max_step": sci(ex.mlp_max_step),
        "mlp.max_slope": sci(ex.mlp_max_slope, 3),
        "identity.deviation": sci(fmt.at_most(ex.identity_deviation)),
        "identity.deviation_f32": sci(ex.identity_deviation_f32),
        "batch.companions": str(ex.batch_companions),
        "batch.elementwise_gap": sci(ex.batch_elementwise_gap),
        "batch.gap": sci(fmt.at_most(ex.batch_gap, 3), 3),
        "batch.bound": short(ex.batch_bound, 3),
        "batch.single": sci(ex.batch_single),
        "swish.deviation": sci(ex.swish_deviation),
        "swish.betas": joined(site, (short(b) for b in ex.swish_betas)),
        "depth.count": str(len(ex.depth_grad)),
        "depth.grad_1": short(ex.depth_grad[0]),
        "depth.grad_5": sci(ex.depth_grad[4]),
        "depth.grad_10": sci(ex.depth_grad[9]),
        "depth.below": str(below),
        "depth.grad_before_below": sci(ex.depth_grad[below - 2]),
        "depth.factor": short(ex.depth_factor, 3),
        "depth.input": short(ex.depth_input, 3),
        **_linear_depth_values(site, ex.linear_depth),
        **_classes_values(ex.function_classes),
    }


def _linear_depth_values(site: Site, depth: LinearDepth) -> dict[str, str]:
    full = [error for k, error in zip(depth.widths, depth.errors, strict=True) if k >= depth.size]
    return {
        "linear.size": str(depth.size),
        "linear.layers": str(depth.layers),
        "linear.seeds": str(len(depth.seeds)),
        "linear.widths": joined(site, (str(k) for k in depth.widths)),
        "linear.stack_gap": fmt.sci(depth.stack_gap),
        "linear.stack_gap_max": fmt.sci(fmt.at_most(max(depth.stack_gaps))),
        **{
            f"linear.error_{k}": fmt.sci(error, 3)
            for k, error in zip(depth.widths, depth.errors, strict=True)
            if k < depth.size
        },
        "linear.error_full": fmt.sci(max(full)),
    }


def _classes_values(classes: FunctionClasses) -> dict[str, str]:
    return {
        "classes.hidden": str(classes.hidden),
        "classes.seeds": str(len(classes.seeds)),
        "classes.forward_gap": fmt.sci(classes.forward_gap),
        "classes.reverse_gap": fmt.sci(classes.reverse_gap),
        "classes.max_gap": fmt.sci(fmt.at_most(max(classes.forward_gaps + classes.reverse_gaps))),
    }


def exercises_page(site: Site, page: Page) -> ExercisesView:
    atlas = _atlas(site)
    base = _base(site, page, exercise_values(site, atlas))
    text, url = base["text"], base["url"]
    code_values = exercises.code_values(atlas.grid, atlas.figsize)
    items = []
    for number, (exercise, numbering) in enumerate(answered(edition(site)), 1):
        key = exercise.key
        label = "question" if numbering == edition(site) else "other_question"
        items.append(
            ExerciseView(
                key=key,
                heading=str(text[f"{key}_heading"]),
                question_label=str(text.using({"number": exercise.number})[label]),
                question=str(text[f"{key}_question"]),
                formula=Formula.of(atlas.exercises.formulas[key]),
                answer=str(text[f"{key}_answer"]),
                code=site.code_of(f"exercise_{key}", code_values, text),
                figure=figure(
                    site,
                    url,
                    number,
                    str(text[f"{key}_caption"]),
                    [(atlas.exercises.figures[key], str(text[f"{key}_alt"]), "")],
                ),
            )
        )
    return ExercisesView(
        **base,
        answer_label=str(text.answer),
        code_intro=str(text.code_intro),
        items=tuple(items),
    )


# --- the trained networks ---------------------------------------------------------------


@dataclass(frozen=True)
class TrainingControl:
    name: str  # as the address names it: activation, width, target
    legend: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class TrainingView(PageView):
    code: Code  # trains the default network, as the build does
    fit_figure: FigureView  # the default's, drawn; the script draws the other choices
    loss_figure: FigureView
    controls: tuple[TrainingControl, ...]
    config: Mapping[str, Any]  # for the page script: frames, data files, alt texts
    claims: tuple[str, ...]  # what holds for every seed, one sentence each
    limits: tuple[str, ...]  # what one run does not show


def training_values(site: Site, page: Trained) -> dict[str, str]:
    """The trained networks as their page's prose quotes them."""
    networks, claims, default = page.training, page.claims, page.default
    text = site.words("training")
    values = {
        "training.seeds": str(len(networks.seeds)),
        "training.seed_first": str(networks.seeds[0]),
        "training.seed_last": str(networks.seeds[-1]),
        "training.seed": str(networks.display_seed),
        "training.steps": str(networks.steps),
        "training.lr": fmt.short(networks.learning_rate),
        "training.points": str(TRAIN_GRID.count),
        "training.plot_points": str(PLOT_GRID.count),
        "training.between": str(PLOT_GRID.count - TRAIN_GRID.count),
        "training.loss_every": str(LOSS_EVERY),
        "training.widths": joined(site, (str(w) for w in networks.widths)),
        "training.widest": str(networks.widths[-1]),
        "training.shown_units": str(page.shown_units),
        "default.activation": _activation_name(text, default.activation),
        "default.units": _units(text, default.width),
        "default.target": str(text[f"name_target_{default.target}"]),
        "claim.straight": fmt.sci(fmt.at_most(claims.linear_is_straight.worst)),
        "claim.reaches_line": fmt.sci(fmt.at_most(claims.linear_reaches_best_line.worst)),
        "claim.ends_line": fmt.sci(claims.linear_ends_at_best_line.worst, 2),
        "claim.relu_gain": fmt.short(fmt.at_least(claims.relu_gain.worst, 1, True), 1),
        "claim.kinks": fmt.short(fmt.at_most(claims.kinks_fit_the_step.worst, 2, True), 2),
        "claim.beat_ratio": fmt.short(claims.all_beat_linear.worst, 3),
        "claim.beat_from": str(claims.all_beat_linear_from),
        "claim.beat_widths": joined(
            site, (str(w) for w in networks.widths if w >= (claims.all_beat_linear_from or 0))
        ),
        "claim.saturating": fmt.sci(fmt.at_most(claims.saturating_no_worse_than_line.worst)),
        "claim.relu_rise": fmt.short(fmt.at_most(claims.relu_falls_with_width.worst, 1, True), 1),
        "claim.ends_line_seeds": _on_seeds(text, claims.linear_ends_at_best_line),
        "claim.ends_line_by": fmt.sci(claims.linear_ends_at_best_line.bound),
        "training.adam_keeps": fmt.short(Adam.BETAS[1]),
        "claim.relu_rise_seeds": _on_seeds(text, claims.relu_falls_with_width),
        "claim.step_winners": str(text.step_or).join(
            dict.fromkeys(_activation_name(text, n) for n in claims.step_winners)
        ),
    }
    for name in PIECEWISE_LINEAR + SMOOTH:
        values[f"name.{name}"] = _activation_name(text, name)
    return values


def _activation_name(text: Words, name: str) -> str:
    """An activation as running text names it (`name_<activation>`: the atlas's titles
    are capitalised as headings)."""
    return str(text[f"name_{name}"])


def _on_seeds(text: Words, claim: Claim) -> str:
    """The seeds a claim fails on: 'on all 5 seeds', 'on 2 of the 5 seeds'."""
    total, count = len(claim.holds_for), claim.holds_for.count(False)
    words = text.using({"count": str(count), "total": str(total)})
    return str(words["on_all_seeds" if count == total else "on_some_seeds"])


def _units(text: Words, count: int) -> str:
    """'1 hidden unit', '8 hidden units', as the language writes them."""
    return text.using({"count": str(count)}).plural("units", count)


def training_page(site: Site, page: Page) -> TrainingView:
    trained = _trained(site)
    base = _base(site, page, training_values(site, trained))
    text, url = base["text"], base["url"]
    fit_ref, loss_ref = trained.figures
    default_key = _choice_key(trained.default)
    alts = {key: _training_alts(site, text, trained, choice) for choice, key in _keys(trained)}
    fit_figure = figure(site, url, 1, str(text.fit_caption), [(fit_ref, alts[default_key][0], "")])
    loss_figure = figure(
        site, url, 2, str(text.loss_caption), [(loss_ref, alts[default_key][1], "")]
    )
    code_values = training_code_values(trained.default)
    return TrainingView(
        **base,
        code=site.code_of("training", code_values, text),
        fit_figure=fit_figure,
        loss_figure=loss_figure,
        controls=_training_controls(site, text, trained),
        config=_training_config(site, trained, url, alts),
        claims=_claims(text, trained.claims),
        limits=_limits(text, trained.claims),
    )


def _trained(site: Site) -> Trained:
    found = site.results.training
    assert found is not None, "the trained networks' page in a build without its results"
    return found


def _choice_key(choice: Network) -> str:
    """A choice as the page script and the address name it: 'relu-8-risk'."""
    return f"{choice.activation}-{choice.width}-{choice.target}"


def _keys(trained: Trained) -> list[tuple[Network, str]]:
    return [(fit.choice, _choice_key(fit.choice)) for fit in trained.training.fits]


def _training_alts(site: Site, text: Words, trained: Trained, choice: Network) -> list[str]:
    """The alt texts of a choice's two figures: its fit and its loss."""
    values = {
        "activation": _activation_name(text, choice.activation),
        "units": _units(text, choice.width),
        "target": str(text[f"name_target_{choice.target}"]),
        "mse": fmt.sci(float(trained.fit_of(choice).loss[-1])),
    }
    words = text.using(values)
    fit_key = "fit_alt_units" if choice.width <= trained.shown_units else "fit_alt"
    return [str(words[fit_key]), str(words.loss_alt)]


def _training_controls(site: Site, text: Words, trained: Trained) -> tuple[TrainingControl, ...]:
    """A choice each of the activation, the width and the target, the default selected."""
    networks, default = trained.training, trained.default
    return (
        TrainingControl(
            "activation",
            str(text.choose_activation),
            tuple(
                Option(name, _activation_name(text, name), name == default.activation)
                for name in networks.activations
            ),
        ),
        TrainingControl(
            "width",
            str(text.choose_width),
            tuple(Option(str(w), str(w), w == default.width) for w in networks.widths),
        ),
        TrainingControl(
            "target",
            str(text.choose_target),
            tuple(
                Option(name, str(text[f"target_{name}"]), name == default.target)
                for name in networks.targets
            ),
        ),
    )


def _training_config(
    site: Site, trained: Trained, url: str, alts: Mapping[str, list[str]]
) -> dict[str, Any]:
    """What the page script needs to draw any choice: the frames it draws on (by target for
    the fit; one for the loss), each choice's data files and its figures' alt texts."""

    def frame(ref: FigureRef) -> dict[str, Any]:
        return {"figure": fmt.relative(ref.stem, url), "width": ref.width, "height": ref.height}

    return {
        "names": ["activation", "width", "target"],
        "default": _choice_key(trained.default),
        "frames": {
            "fit": {t: frame(ref) for t, ref in trained.frames.items() if t != "loss"},
            "loss": frame(trained.frames["loss"]),
        },
        "data": {
            _choice_key(choice): [fmt.relative(stem, url) for stem in stems]
            for choice, stems in trained.data.items()
        },
        "alt": dict(alts),
    }


def _claims(text: Words, claims: Claims) -> tuple[str, ...]:
    """A sentence for each candidate claim that holds for every seed; the others are left
    unsaid."""
    holding = {
        "claim_straight": claims.linear_is_straight.holds,
        "claim_reaches_line": claims.linear_reaches_best_line.holds,
        "claim_relu_gain": claims.relu_gain.holds,
        "claim_kinks": claims.kinks_fit_the_step.holds,
        "claim_beat": claims.all_beat_linear.holds and claims.all_beat_linear_from is not None,
        "claim_saturating": claims.saturating_no_worse_than_line.holds,
    }
    return tuple(str(text[key]) for key, holds in holding.items() if holds)


def _limits(text: Words, claims: Claims) -> tuple[str, ...]:
    """What a reader might read off one run but which some seed contradicts."""
    failing = {
        "limit_ends_line": not claims.linear_ends_at_best_line.holds,
        "limit_relu_width": not claims.relu_falls_with_width.holds,
        "limit_step_best": not claims.step_best.holds,
    }
    return tuple(str(text[key]) for key, fails in failing.items() if fails)
