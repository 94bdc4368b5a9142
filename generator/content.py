"""Read the hand-written inputs: the language list and each language's prose.

Layout, per language code `xx` listed under `extra.languages` in mkdocs.yml:

    docs/xx/site.yml    the language's site settings (name in the switch, site name, nav)
    docs/xx/<page>.yml  the prose of each page, one Markdown string per key

Only this module knows the layout; everything after it works on `Language` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, fail_if_any

# Keys every docs/<lang>/site.yml must set.
SITE_KEYS = ("language_name", "site_name", "site_description", "nav", "palette", "not_found")


@dataclass(frozen=True)
class Page:
    """A generated page: its prose file and template, and where MkDocs finds it."""

    name: str  # prose file docs/<lang>/<name>.yml and template <name>.md.j2
    output: str  # path inside each language's docs folder

    def included(self, subset: frozenset[str]) -> bool:
        """Whether a preview build of `subset` has this page (the home page always)."""
        return self.name == "index" or self.name in subset

    @property
    def url(self) -> str:
        """The page's URL relative to its language's root: 'mlp/' or ''."""
        return self.output.removesuffix("index.md")


PAGES = (Page("index", "index.md"), Page("mlp", "mlp/index.md"))
ATLAS_PAGES = "activations"  # the atlas, its overview and the exercises, in `--pages`
PAGE_NAMES = ("mlp", ATLAS_PAGES)  # what `--pages` accepts
SHARED_PROSE = "common"  # docs/<lang>/common.yml: strings every page may use


@dataclass(frozen=True)
class Language:
    """One language's content: its code, site settings and prose tables by file stem."""

    code: str
    site: dict[str, Any]
    prose: dict[str, dict[str, Any]]
    folder: Path


@dataclass(frozen=True)
class SiteSources:
    """Everything hand-written the build reads: config and every language."""

    root: Path
    mkdocs_config: dict[str, Any]
    languages: tuple[Language, ...]  # the first is the default, served at the site root

    @property
    def default(self) -> Language:
        return self.languages[0]


def load_sources(root: Path) -> SiteSources:
    """Read mkdocs.yml and every language's files; fail listing every problem found."""
    problems: list[Problem] = []
    config = read_yaml(root / "mkdocs.yml", root, problems)
    codes = config.get("extra", {}).get("languages") if isinstance(config, dict) else None
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
    return SiteSources(root, config, languages)


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
        return Language(code, {}, {}, folder)
    site = read_yaml(folder / "site.yml", root, problems)
    for key in SITE_KEYS:
        if key not in site:
            problems.append(Problem(f"docs/{code}/site.yml: key '{key}'", "missing", "add it"))
    stems = [SHARED_PROSE, *(page.name for page in PAGES), *atlas_stems()]
    prose = {stem: read_yaml(folder / f"{stem}.yml", root, problems) for stem in stems}
    return Language(code, site, prose, folder)


def atlas_stems() -> list[str]:
    """The atlas's prose files: labels shared by its pages, the overview, the exercises,
    and one file per activation in the registry (docs/<lang>/activations/<name>.yml)."""
    from generator.registry import ACTIVATIONS

    return ["atlas", "activations", "exercises", *(f"activations/{a.name}" for a in ACTIVATIONS)]


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> dict[str, Any]:
    """A YAML mapping from `path`; on any fault, record a problem and return {}."""
    import yaml  # imported here: the command line starts without third-party packages

    shown = path.relative_to(root).as_posix()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
