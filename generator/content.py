"""The hand-written inputs, and where every page of the site lives.

Layout, per language code `xx` listed under `extra.languages` in mkdocs.yml:

    docs/xx/site.yml    the language's site settings (name in the switch, site name, nav)
    docs/xx/common.yml  strings every page may use
    docs/xx/<page>.yml  the prose of each page, one Markdown string per key
    docs/xx/atlas.yml   labels shared by the atlas's pages
    docs/xx/activations/<name>.yml   the prose of each activation's page

Only this module knows the layout: the prose files, and the pages each language has, with
their templates and where MkDocs finds them (`site_pages`); everything after it works on
`Language` and `Page` values.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Problem, fail_if_any

if TYPE_CHECKING:  # the registry is read where needed: the command line starts without it
    from generator.registry import Activation

# Keys every docs/<lang>/site.yml must set.
SITE_KEYS = (
    "language_name",
    "site_name",
    "site_description",
    "nav",
    "permalink_title",
    "palette",
    "not_found",
)

SHARED_PROSE = "common"  # docs/<lang>/common.yml: strings every page may use
ATLAS_LABELS = "atlas"  # docs/<lang>/atlas.yml: labels shared by the atlas's pages
ATLAS_PAGES = "activations"  # the atlas, its overview and the exercises, in `--pages`
TRAINING_PAGE = "training"  # the networks trained at build, in `--pages`
PAGE_NAMES = ("mlp", TRAINING_PAGE, ATLAS_PAGES)  # what `--pages` accepts
# The code the pages show, with {{ name }} placeholders for the values the view fills in;
# and the stand-in for d2l.plot that the lesson shows and every notebook brings.
CODE = "generator/templates/code"
STANDIN = "generator/templates/d2l_standin.py"


@dataclass(frozen=True)
class Page:
    """A generated page: its template, its prose file and where MkDocs finds it."""

    template: str  # generator/templates/<template>.md.j2
    prose: str  # docs/<lang>/<prose>.yml
    output: str  # path inside each language's docs folder
    nav: str  # its title's key in site.yml's `nav` ("": the activation's own title)
    activation: Activation | None = None  # an atlas page's activation
    notebook: bool = False  # has a Jupyter notebook of itself

    @property
    def url(self) -> str:
        """The page's URL relative to its language's root: 'mlp/' or ''."""
        return self.output.removesuffix("index.md")

    def notebook_file(self, language: str) -> str:
        """Where its notebook lives below the site root: 'notebooks/en/activations/elu.ipynb'."""
        return f"notebooks/{language}/{self.prose}.ipynb"

    def link(self, target: Page, anchor: str = "") -> str:
        """A Markdown link from this page to `target` (and an anchor on it), as MkDocs
        resolves links: relative to this page's file."""
        path = posixpath.relpath(target.output, posixpath.dirname(self.output) or ".")
        return path + (f"#{anchor}" if anchor else "")


def site_pages(
    subset: frozenset[str] | None = None, activations: Sequence[Activation] | None = None
) -> list[Page]:
    """Every page of one language, in reading order; with `subset`, a preview of those
    pages (`PAGE_NAMES`) and the home page; `activations`: the registry's by default."""
    from generator.registry import ACTIVATIONS

    activations = ACTIVATIONS if activations is None else activations
    pages = [Page("index", "index", "index.md", "index")]
    if subset is None or "mlp" in subset:
        pages.append(Page("mlp", "mlp", "mlp/index.md", "mlp", notebook=True))
    if subset is None or TRAINING_PAGE in subset:
        pages.append(Page("training", "training", "training/index.md", "training", notebook=True))
    if subset is None or ATLAS_PAGES in subset:
        pages.append(
            Page("activations", "activations", "activations/index.md", "activations_overview")
        )
        pages += [
            Page(
                "activation",
                f"activations/{a.name}",
                f"activations/{a.name}/index.md",
                "",
                activation=a,
                notebook=True,
            )
            for a in activations
        ]
        pages.append(
            Page("exercises", "exercises", "exercises/index.md", "exercises", notebook=True)
        )
    return pages


@dataclass(frozen=True)
class Language:
    """One language's content: its code, site settings and prose tables by file stem."""

    code: str
    site: dict[str, Any]
    prose: dict[str, dict[str, Any]]

    def source(self, stem: str) -> str:
        """The prose file of `stem`, for messages: 'docs/en/mlp.yml'."""
        return f"docs/{self.code}/{stem}.yml"


@dataclass(frozen=True)
class SiteSources:
    """Everything hand-written the build reads: config and every language."""

    mkdocs_config: dict[str, Any]
    languages: tuple[Language, ...]  # the first is the default, served at the site root
    code: Mapping[str, str]  # the pages' code templates by name (`CODE`), and the stand-in
    pdfs: frozenset[str] = frozenset()  # languages with a PDF of the site (`pdf_url`)

    @property
    def default(self) -> Language:
        return self.languages[0]

    def prefix(self, language: Language) -> str:
        """Where a language lives below the site root: '' for the default, 'en/' else."""
        return "" if language.code == self.default.code else f"{language.code}/"

    def pdf_url(self, language: Language) -> str:
        """The language's PDF of the whole site, from its home page; '' if there is none."""
        return f"pdf/{language.code}.pdf" if language.code in self.pdfs else ""


def kept_pdf(work_dir: Path, code: str) -> Path:
    """Where `python -m tools.pdf` keeps a language's PDF between builds: the build
    copies it into the site and links it from the home page when it exists."""
    return work_dir / "pdf" / f"{code}.pdf"


def language_codes(root: Path) -> list[str]:
    """The language codes mkdocs.yml lists, read quickly; [] if it cannot be read (the
    build's first step then reports why)."""
    codes = _languages(read_yaml(root / "mkdocs.yml", root, []))
    return [str(code) for code in codes] if isinstance(codes, list) else []


def _languages(config: dict[str, Any]) -> Any:
    """mkdocs.yml's `extra.languages`, whatever it holds; None where there is none."""
    extra = config.get("extra")
    return extra.get("languages") if isinstance(extra, dict) else None


def load_sources(root: Path) -> SiteSources:
    """Read mkdocs.yml and every language's files; fail listing every problem found."""
    problems: list[Problem] = []
    config = read_yaml(root / "mkdocs.yml", root, problems)
    codes = _languages(config)
    if not codes or not isinstance(codes, list):
        problems.append(
            Problem(
                "mkdocs.yml: key 'extra.languages'",
                "missing or not a list",
                "list the language codes, default first (e.g. [zh, en])",
            )
        )
        fail_if_any(problems)
    languages = tuple(_load_language(root, str(code), problems) for code in codes)
    fail_if_any(problems)
    return SiteSources(config, languages, read_code(root))


def read_code(root: Path) -> dict[str, str]:
    """The code templates (`CODE`/<name>.py.j2, by name) and the d2l stand-in."""
    code = {
        path.name.removesuffix(".py.j2"): path.read_text(encoding="utf-8")
        for path in sorted((root / CODE).glob("*.py.j2"))
    }
    code["d2l_standin"] = (root / STANDIN).read_text(encoding="utf-8")
    return code


def _load_language(root: Path, code: str, problems: list[Problem]) -> Language:
    folder = root / "docs" / code
    if not folder.is_dir():
        problems.append(
            Problem(
                f"docs/{code}/",
                f"language '{code}' is listed in mkdocs.yml but has no folder",
                f"create docs/{code}/ with site.yml and the prose files",
            )
        )
        return Language(code, {}, {})
    site = read_yaml(folder / "site.yml", root, problems)
    for key in SITE_KEYS:
        if key not in site:
            problems.append(Problem(f"docs/{code}/site.yml: key '{key}'", "missing", "add it"))
    stems = [SHARED_PROSE, ATLAS_LABELS, *(page.prose for page in site_pages())]
    prose = {stem: read_yaml(folder / f"{stem}.yml", root, problems) for stem in stems}
    return Language(code, site, prose)


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> dict[str, Any]:
    """A YAML mapping from `path`; on any fault, record a problem and return {}."""
    import yaml  # imported here: the command line starts without third-party packages

    shown = path.relative_to(root).as_posix()
    # libyaml's loader where PyYAML has it: the same values, parsed several times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        problems.append(Problem(shown, "file not found", "create it"))
        return {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(Problem(f"{shown}{line}", f"YAML syntax error: {reason}", "fix it"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(shown, "is not a mapping of keys to text", "fix it"))
        return {}
    return data


def version_problems(root: Path) -> list[Problem]:
    """Every dependency of pyproject.toml that is missing or older than its lower bound:
    the site's numbers and bytes depend on these versions (see pyproject.toml)."""
    import tomllib
    from importlib import metadata

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    problems = []
    for requirement in project["dependencies"]:
        name, _, oldest = str(requirement).partition(">=")
        name, oldest = name.strip(), oldest.split(",")[0].strip()
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = ""
        if not installed or (oldest and _release(installed) < _release(oldest)):
            found = f"{name} {installed} is installed" if installed else f"{name} is missing"
            problems.append(
                Problem(
                    f"pyproject.toml: dependency '{name}'",
                    f"{found}; the build is tested with {oldest} and later",
                    "run `make site`, which installs the pinned versions into .venv",
                )
            )
    return problems


def _release(version: str) -> tuple[int, ...]:
    """The numeric release of a version: '2.13.0+cpu' -> (2, 13, 0)."""
    found = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in found[0].split(".")) if found else ()
