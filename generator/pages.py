"""Pages as strings: the results and one language's prose, through Jinja, into Markdown.

Nothing here touches the disk except the template loader. The language is data: every
language renders the same templates, each with its own prose tables.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from latex2mathml.converter import convert as latex_to_mathml

from generator.content import ATLAS_LABELS, SHARED_PROSE, Language, Page, SiteSources
from generator.errors import BuildFailed, Problem, fail_if_any
from generator.results import Results

TEMPLATES = Path(__file__).parent / "templates"


def render_language(
    environment: jinja2.Environment,
    sources: SiteSources,
    language: Language,
    results: Results,
    pages: list[Page],
    complete: bool,
) -> dict[str, str]:
    """One language's pages, as {path inside its docs folder: Markdown}; fails once,
    listing every problem of every page. `complete`: `pages` is the whole site, so a
    prose key that none of them read is a problem too."""
    tables = ProseTables(language)
    rendered: dict[str, str] = {}
    problems: list[Problem] = []
    for page in pages:
        context = page_context(sources, language, page, results)
        try:
            rendered[page.output] = render_page(
                environment, f"{page.template}.md.j2", context, tables.of(page)
            )
        except BuildFailed as failure:
            problems.extend(failure.problems)
    problems += tables.render_problems()
    if complete and len(rendered) == len(pages):  # unused means something only then
        problems += tables.unused_problems()
    fail_if_any(problems)
    return rendered


def page_context(
    sources: SiteSources, language: Language, page: Page, results: Results
) -> dict[str, Any]:
    """The data a page's template and prose see: its language, its URL, and the lesson's
    or the atlas's results (`grid` and `figsize` are the ones its figures use)."""
    lesson, atlas = results.lesson, results.atlas
    context: dict[str, Any] = {
        "lang": language.code,
        "page_url": sources.prefix(language) + page.url,
        "pdf": sources.pdf_url(language),  # the site as one PDF, from the home page
        "acts": lesson.acts,
        "atlas": atlas,
        "grid": lesson.grid,
        "figsize": lesson.figsize,
    }
    if page.template in ("activation", "activations", "exercises") and atlas is not None:
        context |= {"grid": atlas.grid, "figsize": atlas.figsize}
    if page.activation is not None and atlas is not None:
        context["act"] = atlas.entry(page.activation.name)
    return context


class ProseTables:
    """One language's prose tables, each made once, so that a key is known to be unused
    only if no page read it."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.made: dict[str, ProseTable] = {}

    def get(self, stem: str) -> ProseTable:
        if stem not in self.made:
            self.made[stem] = ProseTable(self.language.source(stem), self.language.prose[stem])
        return self.made[stem]

    def of(self, page: Page) -> dict[str, ProseTable]:
        """A page's tables: its own prose, the shared strings and the atlas's labels."""
        return {
            "prose": self.get(page.prose),
            "common": self.get(SHARED_PROSE),
            "labels": self.get(ATLAS_LABELS),
        }

    def render_problems(self) -> list[Problem]:
        return [p for table in self.made.values() for p in table.render_problems()]

    def unused_problems(self) -> list[Problem]:
        return [p for table in self.made.values() for p in table.unused_problems()]


@dataclass
class ProseTable(Mapping[str, Any]):
    """One language's prose for one page, read from `source`.

    Values are Markdown that may hold Jinja expressions (`{{ grid.count }}`), rendered on
    first use with the page's data, so numbers in sentences come from the computation.
    A missing key renders as an empty string and is remembered, so one render reports
    every missing key at once; keys never read are reported as unused.
    """

    source: str  # file the prose came from, for messages
    entries: Mapping[str, Any]
    context: dict[str, Any] = field(default_factory=dict)
    environment: jinja2.Environment | None = None
    used: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        if key not in self.entries:
            if key not in self.missing:
                self.missing.append(key)
            return ""
        value = self.entries[key]
        if not isinstance(value, str):
            return value
        if self.environment is not None and "{" in value:
            try:
                value = _prose_template(self.environment, value).render(self.context)
            except jinja2.TemplateError as error:
                where = f"{self.source}: key '{key}'"
                self.errors.append(Problem(where, _describe(error), "fix the {{ ... }} in it"))
                return ""
        return join_cjk_lines(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def using(self, **names: Any) -> ProseTable:
        """This table with its prose rendered with `names` added to the page's data (an
        atlas page's sentences for another choice of its parameters). It shares this
        table's record of keys read, missing and failed."""
        return replace(self, context={**self.context, **names})

    def __len__(self) -> int:
        return len(self.entries)

    def render_problems(self) -> list[Problem]:
        """Keys the render asked for and did not find, and expressions that failed."""
        missing = [
            Problem(f"{self.source}: key '{key}'", "missing", "add this key's text")
            for key in self.missing
        ]
        return missing + self.errors

    def unused_problems(self) -> list[Problem]:
        """Keys no render read; ask only after every page that uses the table rendered."""
        return [
            Problem(
                f"{self.source}: key '{key}'",
                "no template uses this key",
                "remove it, or use it in a template",
            )
            for key in sorted(set(self.entries) - self.used)
        ]


@functools.lru_cache(maxsize=4096)
def _prose_template(environment: jinja2.Environment, source: str) -> jinja2.Template:
    """A prose value compiled once per environment: shared keys (the common table's,
    the atlas labels) are read on every page, and compiling is most of rendering."""
    return environment.from_string(source)


# Chinese, Japanese and Korean characters, with their full-width punctuation.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n?[ \\t]*(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Remove line breaks and spaces between two CJK characters.

    Translators wrap long lines in the prose files; in English a line break reads as a
    space, but browsers also render it as a space between Chinese characters, where
    none belongs.
    """
    return _CJK_BREAK.sub("", text)


def make_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """The Jinja environment for Markdown pages: strict, no HTML escaping.

    Template comments are `{## ... ##}`: Markdown's heading anchors (`## Title {#id}`)
    would otherwise open a Jinja comment.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        comment_start_string="{##",
        comment_end_string="##}",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["mathml"] = mathml
    environment.filters["mathml_block"] = mathml_block
    environment.filters["fixed"] = fixed
    environment.filters["short"] = short
    environment.filters["relative"] = relative
    environment.filters["sci"] = sci
    return environment


def render_page(
    environment: jinja2.Environment,
    template: str,
    context: Mapping[str, Any],
    prose: Mapping[str, ProseTable],
) -> str:
    """Render one page; a template fault fails at once.

    Prose faults (missing keys, broken expressions) are collected in the tables: ask
    them with `ProseTable.render_problems()` once every page has rendered.
    """
    full_context = {**context, **prose}
    for table in prose.values():
        table.context = full_context
        table.environment = environment
    try:
        return environment.get_template(template).render(full_context)
    except jinja2.TemplateError as error:
        where = _template_location(error, template)
        raise BuildFailed([Problem(where, _describe(error), "fix the template")]) from error


def _describe(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template syntax error: {error.message}"
    if isinstance(error, jinja2.UndefinedError):
        return f"undefined name: {error.message}"
    return f"template error: {error}"


def _template_location(error: jinja2.TemplateError, template: str) -> str:
    """'generator/templates/x.md.j2:12' for the template line the error happened on."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{_shown(error.filename)}:{error.lineno}"
    location = f"generator/templates/{template}"
    frame = error.__traceback__
    while frame is not None:  # Jinja rewrites tracebacks to point at template lines
        filename = frame.tb_frame.f_code.co_filename
        if filename == "<template>":  # a template without a file (tests' DictLoader)
            filename = template
        if filename.endswith(".j2"):
            location = f"{_shown(filename)}:{frame.tb_lineno}"
        frame = frame.tb_next
    return location


def _shown(filename: str) -> str:
    path = Path(filename)
    return f"generator/templates/{path.name}" if path.parent.name in ("templates", "") else filename


def mathml(latex: str) -> str:
    """TeX to inline MathML, at build time: the browser renders it without scripts."""
    return _tidy_mathml(latex_to_mathml(latex))


def mathml_block(latex: str) -> str:
    """TeX to display MathML, as its own block of the Markdown page. A chain of equalities
    (two or more "=" outside any group) is set one step a line, aligned at the "=", so it
    fits a phone's width. The formula is left out of the search index: its MathML reads
    there as a run of symbols."""
    tex = latex.strip()
    lines = _aligned(tex)
    markup = latex_to_mathml(lines, display="block")
    if lines != tex:
        markup = markup.replace("<mtable>", '<mtable class="aligned">', 1)
    return _tidy_mathml(markup.replace("<math ", "<math data-search-exclude ", 1))


_TEX_GROUP = re.compile(r"\\(?:left|right|begin|end)\b|\\.|[{}=]")


def _aligned(latex: str) -> str:
    """A chain `a = b = c` as `a = b`, `= c` on lines aligned at the "=" (latex2mathml
    renders an `array`, not `aligned`); anything else unchanged, such as equations set
    side by side with `\\quad` (`f = g,\\quad u = v`)."""
    depth, cuts = 0, []
    for found in _TEX_GROUP.finditer(latex):
        token = found.group()
        if token in ("{", "\\left", "\\begin"):
            depth += 1
        elif token in ("}", "\\right", "\\end"):
            depth -= 1
        elif token == "=" and depth == 0:
            cuts.append(found.start())
    if len(cuts) < 2 or "&" in latex or r"\quad" in latex:
        return latex  # one equality; already aligned; or several equations side by side
    ends = [*cuts[1:], len(latex)]
    steps = [latex[start + 1 : end].strip() for start, end in zip(cuts, ends, strict=True)]
    lines = [f"{latex[: cuts[0]].strip()} & {{}} = {steps[0]}"]
    lines += [f"& {{}} = {step}" for step in steps[1:]]
    return r"\begin{array}{rl} " + r" \\ ".join(lines) + r" \end{array}"


_NAMED_OPERATOR = re.compile(r"<mo>([A-Za-z]+)</mo>")
_SIGN_AFTER_OPENING = re.compile(r"(<mo[^>]*>&#x00028;</mo>|<mo>&#x0003D;</mo>)<mo>&#x02212;</mo>")


def _tidy_mathml(markup: str) -> str:
    """Two fixes to latex2mathml's output, so browsers space formulas as TeX would.

    Named functions (`\\operatorname{ReLU}`, `\\max`) come out as operators, which get an
    operator's spacing: 'ReLU (x)'. They are identifiers. And a minus right after an
    opening parenthesis or '=' is a sign, not a subtraction.
    """
    markup = _NAMED_OPERATOR.sub(r"<mi>\1</mi>", markup)
    return _SIGN_AFTER_OPENING.sub(r'\1<mo form="prefix">&#x02212;</mo>', markup)


def fixed(value: float, digits: int = 1) -> str:
    """`value` with `digits` decimals, never '-0.0'."""
    text = f"{value:.{digits}f}"
    return text[1:] if re.fullmatch(r"-0\.?0*", text) else text


def short(value: float, digits: int = 4) -> str:
    """`value` rounded to `digits` decimals, without trailing zeros: 0.25, 1, -8."""
    text = f"{round(value, digits) + 0.0:g}"
    return "0" if text == "-0" else text


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_TIMES, _MINUS = "\N{MULTIPLICATION SIGN}", "\N{MINUS SIGN}"


def sci(value: float, digits: int = 2) -> str:
    """`value` to `digits` significant digits, as a reader writes it: '0.25', '0',
    '5.6 × 10⁻¹⁶', '−3.1 × 10⁻⁹' (a real minus; powers of ten below 10⁻³ or from 10⁴).
    A value near a whole number it does not equal keeps enough digits to show it: 0.9996
    is '0.9996', not '1'."""  # noqa: RUF002
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    power = int(exponent)
    if -3 <= power < 4:
        text = f"{value:.{digits}g}"
        if float(text) != value and float(text).is_integer() and digits < 15:
            return sci(value, digits + 1)  # never round onto a whole number not reached
    else:
        text = f"{mantissa.rstrip('0').rstrip('.')} {_TIMES} 10"
        text += str(power).translate(_SUPERSCRIPT)
    return _MINUS + text[1:] if text.startswith("-") else text


def relative(site_path: str, page_url: str) -> str:
    """A site-root path as seen from the page at `page_url` ('en/mlp/'): '../../x'."""
    depth = page_url.count("/")
    return "../" * depth + site_path
