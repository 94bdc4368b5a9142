"""The recipe: gather everything in memory first, then write, then let MkDocs render.

This is the only module that writes files. It stages the whole site in a folder beside
the target and swaps it into place only when every step succeeded, so a failed build
leaves the previous `site/` as it was.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import atlas, cache, content, mkdocs_site, pages, products, registry, staging
from generator.content import PAGES, Language, SiteSources
from generator.errors import BuildFailed, Problem, fail_if_any


@dataclass(frozen=True)
class Settings:
    """Where the build reads from and writes to."""

    root: Path  # the project: mkdocs.yml, docs/, generator/templates
    site_dir: Path  # the finished site
    work_dir: Path  # scratch space: generated Markdown and the staged site
    cache_dir: Path  # figures and numbers by the hash of their inputs
    pages: frozenset[str] | None = None  # a preview of these pages only (None: all)

    @property
    def with_atlas(self) -> bool:
        return self.pages is None or content.ATLAS_PAGES in self.pages


def build(settings: Settings) -> None:
    """Build the whole site, both languages, into `settings.site_dir`."""
    # 1. Read the configuration, every language's prose and the registry; stop on faults.
    with _step("read") as note:
        fail_if_any(registry.validate(registry.ACTIVATIONS, registry.DOMAINS))
        sources = content.load_sources(settings.root)
        codes = [language.code for language in sources.languages]
        note(f"{len(codes)} languages: {', '.join(codes)}")

    # 2. The lesson's activations through torch, forward and backward, and their figures
    #    (both colour schemes, with CSVs); from the cache when none of their inputs changed.
    store = cache.Cache(settings.cache_dir)
    with _step("lesson") as note:
        lesson, hit = products.lesson(store)
        note(
            f"{len(lesson.facts)} activations on {lesson.grid.count} points, "
            f"{len(lesson.files)} files" + (" (cached)" if hit else ", gradients checked")
        )

    # 3. The atlas: every activation in float64, checked, with its properties and figure,
    #    the overview's comparisons and the worked exercises; cached likewise.
    with _step("atlas") as note:
        book, hit = products.atlas(store) if settings.with_atlas else (None, False)
        files = {**lesson.files, **(book.files if book else {})}
        note(
            "left out of this preview"
            if book is None
            else f"{len(book.entries)} activations, {len(book.files)} files"
            + (" (cached)" if hit else ", gradients checked")
        )

    # 4. Render every page of every language to Markdown.
    with _step("pages") as note:
        environment = pages.make_environment(settings.root / "generator" / "templates")
        acts = {
            a.name: pages.ActivationPage(a, lesson.facts[a.name], *lesson.refs[a.name])
            for a in registry.lesson_activations()
        }
        data = {
            "domain": registry.LESSON_DOMAIN,
            "figsize": registry.LESSON_FIGSIZE,
            "grid": lesson.grid,
            "acts": acts,
        }
        rendered = _render_all(environment, sources, data, book, settings.pages)
        note(f"{sum(len(p) for p in rendered.values())} pages")

    # 5. A Jupyter notebook of the lesson and of every atlas page, in each language.
    with _step("notebook") as note:
        from generator import notebooks

        books = notebooks.site_notebooks(sources, data, book)
        files.update(books)
        note(f"{len(books)} notebooks")

    # 6. Write each language's MkDocs folder and run MkDocs on it, all in a staging
    #    folder that replaces the previous output only if every language built.
    with _step("mkdocs") as note, staging.staged(settings.site_dir, settings.work_dir) as stage:
        _build_sites(settings, sources, rendered, stage)
        _write_files(stage.site, files)
        note(f"{len(list(stage.site.rglob('*.html')))} HTML files")
    print(f"site ready in {settings.site_dir}")


def _build_sites(
    settings: Settings,
    sources: SiteSources,
    rendered: dict[str, dict[str, str]],
    stage: staging.Stage,
) -> None:
    """Every language's MkDocs folder, built at once, then placed: default at the root."""
    jobs = []
    for language in sources.languages:
        docs_dir = _write_docs(settings.root, stage.docs / language.code, rendered[language.code])
        site_dir = stage.languages / language.code  # each build cleans its own folder
        overrides = mkdocs_site.language_overrides(
            sources, language, docs_dir, site_dir, settings.pages
        )
        jobs.append(mkdocs_site.Job(settings.root / "mkdocs.yml", overrides, language.code))
    mkdocs_site.build_languages(jobs)
    for language in sources.languages:
        prefix = mkdocs_site.language_prefix(language, sources.default)
        (stage.languages / language.code).rename(stage.site / prefix)


def _render_all(
    environment: jinja2.Environment,
    sources: SiteSources,
    data: dict[str, object],
    book: atlas.Atlas | None,
    subset: frozenset[str] | None,
) -> dict[str, dict[str, str]]:
    """Every page of every language; fails once, listing every problem of every page."""
    rendered: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for language in sources.languages:
        prefix = mkdocs_site.language_prefix(language, sources.default)
        rendered[language.code] = _render_language(
            environment, language, prefix, data, problems, subset
        )
        if book is None:
            continue
        try:
            rendered[language.code].update(
                atlas.render_language(environment, language, prefix, book)
            )
        except BuildFailed as failure:
            problems.extend(failure.problems)
    fail_if_any(problems)
    return rendered


def _render_language(
    environment: jinja2.Environment,
    language: Language,
    prefix: str,
    data: dict[str, object],
    problems: list[Problem],
    subset: frozenset[str] | None,
) -> dict[str, str]:
    """One language's pages, as {path inside its docs folder: Markdown}."""
    where = f"docs/{language.code}"
    common = pages.ProseTable(f"{where}/{content.SHARED_PROSE}.yml", language.prose["common"])
    tables = [common]
    result = {}
    for page in PAGES:
        if subset is not None and not page.included(subset):
            continue
        prose = pages.ProseTable(f"{where}/{page.name}.yml", language.prose[page.name])
        tables.append(prose)
        context = {**data, "lang": language.code, "page_url": prefix + page.url}
        try:
            result[page.output] = pages.render_page(
                environment, f"{page.name}.md.j2", context, {"prose": prose, "common": common}
            )
        except BuildFailed as failure:
            problems.extend(failure.problems)
    problems.extend(p for table in tables for p in table.render_problems())
    if len(result) == len(PAGES):  # unused keys mean something only if every page rendered
        problems.extend(p for table in tables for p in table.unused_problems())
    return result


def _write_docs(root: Path, docs_dir: Path, rendered: dict[str, str]) -> Path:
    """The MkDocs folder of one language: generated pages plus the shared assets."""
    shutil.copytree(root / "docs" / "assets", docs_dir / "assets")
    for path, text in rendered.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return docs_dir


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@contextmanager
def _step(name: str) -> Iterator[Callable[[str], None]]:
    """Time one step and print one line: its name, what it produced, how long it took."""
    details: list[str] = []
    start = time.perf_counter()
    yield details.append
    elapsed = time.perf_counter() - start
    print(f"{name:<8} {'; '.join(details):<60} {elapsed:6.2f} s", flush=True)
