"""Pages as strings: each page's view, placed by its Jinja template into Markdown.

Nothing here formats a number or chooses a word: the views (generator/view.py) hold
every string ready, and the templates only place them. The same templates make the
notebooks: `parts` names the macros that place a page's parts, the site's
(templates/parts/site.md.j2) or a notebook's (templates/parts/notebook.md.j2).
Nothing here touches the disk except the template loader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import jinja2

from generator.errors import BuildFailed, Problem, fail_if_any
from generator.view import PageView

TEMPLATES = Path(__file__).parent / "templates"
SITE_PARTS = "parts/site.md.j2"


def render_views(environment: jinja2.Environment, views: Mapping[str, PageView]) -> dict[str, str]:
    """Every page of one language, as {path inside its docs folder: Markdown}; fails
    once, listing every template fault."""
    rendered: dict[str, str] = {}
    problems: list[Problem] = []
    for output, view in views.items():
        try:
            rendered[output] = render_page(environment, view)
        except BuildFailed as failure:
            problems.extend(failure.problems)
    fail_if_any(problems)
    return rendered


def make_environment(templates: Path = TEMPLATES, parts: str = SITE_PARTS) -> jinja2.Environment:
    """The Jinja environment for Markdown pages: strict, no HTML escaping; `parts` is
    the template of macros that place a page's parts (see the module's docstring).

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
    environment.globals["parts"] = parts
    return environment


def render_page(environment: jinja2.Environment, view: PageView) -> str:
    """Render one page's view with its template; a template fault fails at once.
    Faults of the words (missing keys, unknown placeholders) are in the view's reading."""
    template = f"{view.page.template}.md.j2"
    context = {"page": view, "text": view.text, "common": view.common, "labels": view.labels}
    try:
        return tidy(environment.get_template(template).render(context))
    except jinja2.TemplateError as error:
        where = _template_location(error, template)
        raise BuildFailed([Problem(where, _describe(error), "fix the template")]) from error


# What the notebook's parts put around each code block, so that generator/notebooks.py
# can cut a page into cells: the ASCII record separator, which no prose or code holds.
CELL = "\x1e"
# A code block, kept as it is: fenced for the site, between two CELL marks for a notebook.
_CODE = re.compile(rf"(^ *```.*?^ *```$|{CELL}.*?{CELL})", re.S | re.M)
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(markdown: str) -> str:
    """One blank line wherever the templates' parts left several, outside code blocks
    (where blank lines are the code's own)."""
    pieces = _CODE.split(markdown)
    return "".join(p if i % 2 else _BLANK_LINES.sub("\n\n", p) for i, p in enumerate(pieces))


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
    """A template's file as the project names it: 'generator/templates/parts/site.md.j2'."""
    path = Path(filename).as_posix()
    if "/templates/" in path:
        return "generator/templates/" + path.rsplit("/templates/", 1)[1]
    return path if "/" in path else f"generator/templates/{path}"
