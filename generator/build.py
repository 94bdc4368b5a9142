"""The recipe: read, compute, render, then write and let MkDocs build each language.

Everything is gathered in memory first. The writing happens in a staging folder beside
the target (generator/staging.py), swapped into place only when every step succeeded, so
a failed build leaves the previous `site/` as it was.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator import content, mkdocs_site, notebooks, pages, registry, results, staging, view
from generator.cache import Cache
from generator.errors import BuildFailed, Problem, fail_if_any


@dataclass(frozen=True)
class Settings:
    """Where the build reads from and writes to."""

    root: Path  # the project: mkdocs.yml, docs/, generator/templates
    site_dir: Path  # the finished site
    work_dir: Path  # the generated Markdown of every language, for reading
    cache_dir: Path  # results by the hash of their inputs; compiled theme templates
    pages: frozenset[str] | None = None  # a preview of these pages only (None: all)


@dataclass(frozen=True)
class Built:
    """What a build made from what, for a preview to bring up to date (generator/preview.py)."""

    sources: content.SiteSources
    found: results.Results
    made: dict[str, Made]  # by language code
    notebooks: dict[str, bytes]  # by path below the site root


def build(
    settings: Settings, builders: mkdocs_site.Builders, found: results.Results | None = None
) -> Built:
    """Build the site, every language, into `settings.site_dir`; `builders` are the
    MkDocs workers, started by the caller before torch is imported. `found`: the results
    of an earlier build, when the code that computes them has not changed since."""
    # 1. Read the configuration, every language's prose and the registry, check the
    #    installed packages, and the PDFs of the site a previous `make pdf` kept; stop on
    #    faults.
    with step("read") as note:
        fail_if_any(registry.validate(registry.ACTIVATIONS, registry.GRIDS))
        fail_if_any(content.version_problems(settings.root))
        sources = read_sources(settings)
        site = content.site_pages(settings.pages)
        note(f"{len(sources.languages)} languages, {len(site)} pages each")

    # 2. Every activation through torch, forward and backward, checked, with its
    #    figures; from the cache when none of their inputs changed.
    with step("compute") as note:
        if found is None:
            with_atlas = settings.pages is None or content.ATLAS_PAGES in settings.pages
            with_training = settings.pages is None or content.TRAINING_PAGE in settings.pages
            found = results.results(Cache(settings.cache_dir), with_atlas, with_training)
        drawn = f"{found.drawn} figures drawn" if found.drawn else "all from the cache"
        note(f"{len(found.files)} files, {drawn}")

    # 3. Every page of every language: its view, with every string a reader sees made
    #    once, then its Markdown.
    with step("pages") as note:
        made = make_pages(
            pages.make_environment(templates(settings)),
            sources,
            found,
            site,
            settings.pages is None,
        )
        note(f"{sum(len(m.markdown) for m in made.values())} pages")

    # 4. In a staging folder: each language's Markdown, built by its MkDocs worker while
    #    the notebooks are made here; then the figures; then the swap into place.
    with step("mkdocs") as note, staging.staged(settings.site_dir, settings.work_dir) as stage:
        started = []
        notebook_files: dict[str, bytes] = {}
        try:
            for language in sources.languages:
                docs_dir = _write_docs(
                    settings.root, stage.docs / language.code, made[language.code].markdown
                )
                config = mkdocs_site.language_config(
                    sources,
                    language,
                    made[language.code].nav,
                    made[language.code].copyright_notice,
                    docs_dir,
                    stage.languages / language.code,
                    bool(settings.pages),
                )
                builders.start(
                    language.code,
                    settings.root / "mkdocs.yml",
                    config,
                    settings.cache_dir / "templates",
                    _source_date_epoch(settings.root),
                )
                started.append(language.code)
            for language in sources.languages:
                notebook_files |= make_notebooks(settings, sources, language, made)
        finally:
            problems = builders.results(started)  # never leave a worker writing
        fail_if_any(problems)
        for language in sources.languages:  # the default language at the root
            (stage.languages / language.code).rename(stage.site / sources.prefix(language))
        write_files(stage.site, found.files | notebook_files | _pdf_files(settings, sources))
        note(f"{len(started)} languages, {len(list(stage.site.rglob('*.html')))} HTML files")
    print(f"site ready in {settings.site_dir}")
    return Built(sources, found, made, notebook_files)


def read_sources(settings: Settings) -> content.SiteSources:
    """Every language's prose and settings, mkdocs.yml and the code templates, with the
    PDFs a previous `make pdf` kept."""
    sources = content.load_sources(settings.root)
    return dataclasses.replace(sources, pdfs=frozenset(_kept_pdfs(settings.work_dir, sources)))


def templates(settings: Settings) -> Path:
    return settings.root / "generator" / "templates"


def make_notebooks(
    settings: Settings,
    sources: content.SiteSources,
    language: content.Language,
    made: dict[str, Made],
) -> dict[str, bytes]:
    """The notebooks of one language's pages, by path below the site root."""
    environment = notebooks.make_environment(templates(settings))
    views = made[language.code].views
    return notebooks.notebooks(environment, language.code, views, sources.code["d2l_standin"])


@dataclass(frozen=True)
class Made:
    """One language's pages: their views, their Markdown and the navigation."""

    views: dict[str, view.PageView]
    markdown: dict[str, str]
    nav: list[dict[str, Any]]
    copyright_notice: str  # the footer's


def make_pages(
    environment: jinja2.Environment,
    sources: content.SiteSources,
    found: results.Results,
    site: list[content.Page],
    complete: bool,
    languages: Sequence[content.Language] | None = None,
) -> dict[str, Made]:
    """Every page of every language (or of `languages`); fails once, listing every
    problem of every page. `complete`: `site` is the whole site, so a prose key that no
    page read is a problem."""
    made: dict[str, Made] = {}
    problems: list[Problem] = []
    for language in sources.languages if languages is None else languages:
        reading = view.Reading(language)
        language_site = view.Site(sources, language, found, site, reading)
        views = view.page_views(language_site)
        footer = view.copyright_notice(language_site)
        try:
            markdown = pages.render_views(environment, views)
        except BuildFailed as failure:
            problems += failure.problems
            continue
        problems += reading.problems
        if complete:  # every page was made: a key none of them read is unused
            problems += reading.unused()
        made[language.code] = Made(views, markdown, view.nav(language, site), footer)
    fail_if_any(problems)
    return made


def _write_docs(root: Path, docs_dir: Path, rendered: dict[str, str]) -> Path:
    """The MkDocs folder of one language: generated pages plus the shared assets."""
    shutil.copytree(root / "docs" / "assets", docs_dir / "assets")
    for path, text in rendered.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return docs_dir


def _kept_pdfs(work_dir: Path, sources: content.SiteSources) -> set[str]:
    """The languages whose PDF of the site a previous `make pdf` left."""
    codes = (language.code for language in sources.languages)
    return {code for code in codes if content.kept_pdf(work_dir, code).is_file()}


def _pdf_files(settings: Settings, sources: content.SiteSources) -> dict[str, bytes]:
    """The kept PDFs by their path below the site root: beside each language's home."""
    return {
        sources.prefix(language) + sources.pdf_url(language): content.kept_pdf(
            settings.work_dir, language.code
        ).read_bytes()
        for language in sources.languages
        if language.code in sources.pdfs
    }


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH, or else the last commit's time: the sitemap's dates depend on
    the sources, not the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "0"
    return out.stdout.strip() or "0"


@contextmanager
def step(name: str) -> Iterator[Callable[[str], None]]:
    """Time one step and print one line: its name, what it produced, how long it took."""
    details: list[str] = []
    start = time.perf_counter()
    yield details.append
    elapsed = time.perf_counter() - start
    print(f"{name:<8} {'; '.join(details):<60} {elapsed:6.2f} s", flush=True)
