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
from pathlib import Path

import jinja2

from generator import (
    atlas,
    cache,
    content,
    mkdocs_site,
    pages,
    plan,
    products,
    registry,
    staging,
    workers,
)
from generator.content import PAGES, Language, SiteSources
from generator.errors import BuildFailed, Problem, fail_if_any
from generator.plan import Settings


def build(settings: Settings, pool: workers.Workers | None = None) -> None:
    """Build the whole site, both languages, into `settings.site_dir`.

    `pool`: worker processes started early by `plan.start_workers` (made here if None).
    """
    with pool or plan.start_workers(settings) as started:
        _build(settings, cache.Cache(settings.cache_dir), started)
    print(f"site ready in {settings.site_dir}")


def _build(settings: Settings, store: cache.Cache, pool: workers.Workers) -> None:
    # 1. Read the configuration, every language's prose and the registry; stop on faults.
    with _step("read") as note:
        fail_if_any(registry.validate(registry.ACTIVATIONS, registry.DOMAINS))
        sources = content.load_sources(settings.root)
        codes = [language.code for language in sources.languages]
        note(f"{len(codes)} languages: {', '.join(codes)}")

    # 2. The lesson's activations through torch, forward and backward, and their figures
    #    (both colour schemes, with CSVs); from the cache when none of their inputs changed.
    with _step("lesson") as note:
        lesson, drawn = products.lesson(store, pool.submit)
        note(
            f"{len(lesson.facts)} activations on {lesson.grid.count} points, "
            f"{len(lesson.files)} files, " + _drawn(drawn)
        )

    # 3. The atlas: every activation in float64, checked, with its properties and figure,
    #    the overview's comparisons and the worked exercises; cached likewise.
    with _step("atlas") as note:
        book, drawn = products.atlas(store, pool.submit) if settings.with_atlas else (None, 0)
        files = {**lesson.files, **(book.files if book else {})}
        note(
            "left out of this preview"
            if book is None
            else f"{len(book.entries)} activations, {len(book.files)} files, " + _drawn(drawn)
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

    # 5. Each language's MkDocs build, in a staging folder that replaces the previous
    #    output only if every language built; a language whose pages and settings did not
    #    change is copied from the last build instead. Meanwhile, 6. the notebooks.
    with _step("mkdocs") as note, staging.staged(settings.site_dir, settings.work_dir) as stage:
        jobs = _language_jobs(settings, sources, rendered, stage)
        with _languages_built(settings, sources, jobs, stage, pool) as built:
            files.update(_notebooks(sources, data, book))  # while MkDocs runs
        _write_files(stage.site, files)
        unchanged = [job.label for job in jobs if job.label not in built]
        note(
            f"built {', '.join(built) or 'none'}"
            + (f" (unchanged: {', '.join(unchanged)})" if unchanged else "")
            + f"; {len(list(stage.site.rglob('*.html')))} HTML files"
        )


@contextmanager
def _languages_built(
    settings: Settings,
    sources: SiteSources,
    jobs: list[mkdocs_site.Job],
    stage: staging.Stage,
    pool: workers.Workers,
) -> Iterator[list[str]]:
    """Build, in the workers, the languages whose MkDocs input changed, and copy the kept
    output of the others; the block runs meanwhile. On leaving, every language's output
    is in place in the staged site (the default language at its root), or the build
    fails with MkDocs' problems."""
    kept = mkdocs_site.KeptSites(settings.work_dir / "languages")
    keys = {job.label: mkdocs_site.fingerprint(job) for job in jobs}
    stale = [j for j in jobs if not kept.restore(j, keys[j.label], stage.languages / j.label)]
    with pool.started(mkdocs_site.build_language, stale) as results:
        yield [job.label for job in stale]
        fail_if_any([problem for found in results() for problem in found])
    for job in stale:
        kept.record(job, keys[job.label], stage.languages / job.label)
    for language in sources.languages:
        prefix = mkdocs_site.language_prefix(language, sources.default)
        mkdocs_site.link_tree(stage.languages / language.code, stage.site / prefix)


def _drawn(count: int) -> str:
    return f"{count} figures drawn, gradients checked" if count else "all from the cache"


def _notebooks(
    sources: SiteSources, data: dict[str, object], book: atlas.Atlas | None
) -> dict[str, bytes]:
    """A Jupyter notebook of the lesson and of every atlas page, in each language."""
    with _step("notebook") as note:
        from generator import notebooks

        books = notebooks.site_notebooks(sources, data, book)
        note(f"{len(books)} notebooks")
    return books


def _language_jobs(
    settings: Settings,
    sources: SiteSources,
    rendered: dict[str, dict[str, str]],
    stage: staging.Stage,
) -> list[mkdocs_site.Job]:
    """Every language's MkDocs folder, written, and the settings of its build."""
    jobs = []
    for language in sources.languages:
        docs_dir = _write_docs(settings.root, stage.docs / language.code, rendered[language.code])
        overrides = mkdocs_site.language_overrides(
            sources, language, docs_dir, stage.languages / language.code, settings.pages
        )
        config_file = settings.root / "mkdocs.yml"
        templates = settings.cache_dir / "templates"
        jobs.append(mkdocs_site.make_job(config_file, overrides, language.code, templates))
    return jobs


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
