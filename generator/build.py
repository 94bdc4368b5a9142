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
from collections.abc import Callable, Iterator
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


def build(settings: Settings, builders: mkdocs_site.Builders) -> None:
    """Build the site, every language, into `settings.site_dir`; `builders` are the
    MkDocs workers, started by the caller before torch is imported."""
    # 1. Read the configuration, every language's prose and the registry, check the
    #    installed packages, and the PDFs of the site a previous `make pdf` kept; stop on
    #    faults.
    with _step("read") as note:
        fail_if_any(registry.validate(registry.ACTIVATIONS, registry.GRIDS))
        fail_if_any(content.version_problems(settings.root))
        sources = content.load_sources(settings.root)
        pdfs = _kept_pdfs(settings.work_dir, sources)
        sources = dataclasses.replace(sources, pdfs=frozenset(pdfs))
        site = content.site_pages(settings.pages)
        note(f"{len(sources.languages)} languages, {len(site)} pages each")

    # 2. Every activation through torch, forward and backward, checked, with its
    #    figures; from the cache when none of their inputs changed.
    with _step("compute") as note:
        with_atlas = settings.pages is None or content.ATLAS_PAGES in settings.pages
        found = results.results(Cache(settings.cache_dir), with_atlas)
        drawn = f"{found.drawn} figures drawn" if found.drawn else "all from the cache"
        note(f"{len(found.files)} files, {drawn}")

    # 3. Every page of every language: its view, with every string a reader sees made
    #    once, then its Markdown.
    with _step("pages") as note:
        templates = settings.root / "generator" / "templates"
        made = make_pages(
            pages.make_environment(templates), sources, found, site, settings.pages is None
        )
        note(f"{sum(len(m.markdown) for m in made.values())} pages")

    # 4. In a staging folder: each language's Markdown, built by its MkDocs worker while
    #    the notebooks are made here; then the figures; then the swap into place.
    with _step("mkdocs") as note, staging.staged(settings.site_dir, settings.work_dir) as stage:
        started = []
        files = dict(found.files)
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
            notebook_env = notebooks.make_environment(templates)
            for language in sources.languages:
                files |= notebooks.notebooks(
                    notebook_env,
                    language.code,
                    made[language.code].views,
                    sources.code["d2l_standin"],
                )
        finally:
            problems = builders.results(started)  # never leave a worker writing
        fail_if_any(problems)
        for language in sources.languages:  # the default language at the root
            (stage.languages / language.code).rename(stage.site / sources.prefix(language))
        _write_files(stage.site, files | _pdf_files(sources, pdfs))
        note(f"{len(started)} languages, {len(list(stage.site.rglob('*.html')))} HTML files")
    print(f"site ready in {settings.site_dir}")


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
) -> dict[str, Made]:
    """Every page of every language; fails once, listing every problem of every page.
    `complete`: `site` is the whole site, so a prose key that no page read is a problem."""
    made: dict[str, Made] = {}
    problems: list[Problem] = []
    for language in sources.languages:
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


def _kept_pdfs(work_dir: Path, sources: content.SiteSources) -> dict[str, bytes]:
    """The PDFs of the site a previous `make pdf` left, by language code."""
    found = {}
    for language in sources.languages:
        path = content.kept_pdf(work_dir, language.code)
        if path.is_file():
            found[language.code] = path.read_bytes()
    return found


def _pdf_files(sources: content.SiteSources, pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """The kept PDFs by their path below the site root: beside each language's home."""
    return {
        sources.prefix(language) + sources.pdf_url(language): pdfs[language.code]
        for language in sources.languages
        if language.code in pdfs
    }


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
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
def _step(name: str) -> Iterator[Callable[[str], None]]:
    """Time one step and print one line: its name, what it produced, how long it took."""
    details: list[str] = []
    start = time.perf_counter()
    yield details.append
    elapsed = time.perf_counter() - start
    print(f"{name:<8} {'; '.join(details):<60} {elapsed:6.2f} s", flush=True)
