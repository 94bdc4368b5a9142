"""One MkDocs build per language, from the shared mkdocs.yml plus the language's settings.

Material recommends separate builds over one multi-language build: each language gets its
own search index (with jieba segmenting Chinese), its interface strings and its 404 page.
The language switch (`extra.alternate`) links relatively, so the site works under any
base path.
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import atlas
from generator.content import ATLAS_PAGES, PAGES, Language, SiteSources
from generator.errors import Problem, fail_if_any
from generator.registry import ACTIVATIONS


def language_prefix(language: Language, default: Language) -> str:
    """Where a language lives below the site root: '' for the default, 'en/' otherwise."""
    return "" if language.code == default.code else f"{language.code}/"


def language_overrides(
    sources: SiteSources,
    language: Language,
    docs_dir: Path,
    site_dir: Path,
    subset: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The settings that differ per language, merged over mkdocs.yml.

    `subset` names the pages of a partial preview build (None: the whole site); links
    to pages left out are then reported, not fatal.
    """
    base = sources.mkdocs_config
    site = language.site
    theme = copy.deepcopy(base["theme"])
    theme["language"] = site.get("theme_language", language.code)
    for palette, name in zip(theme.get("palette", []), site["palette"].values(), strict=False):
        palette["toggle"]["name"] = name
    here = language_prefix(language, sources.default)
    back = "../" * here.count("/")  # from this language's root to the site root
    alternate = [
        {
            "name": other.site["language_name"],
            "lang": other.code,
            "link": back + language_prefix(other, sources.default),
        }
        for other in sources.languages
    ]
    extra = {**copy.deepcopy(base.get("extra", {})), "alternate": alternate}
    extra["not_found"] = site["not_found"]
    site_url = os.environ.get("SITE_URL", "").rstrip("/")
    # The 404 page is served at any depth, so its links cannot be relative.
    extra["home_url"] = f"{site_url}/{here}"
    nav = [{site["nav"][p.name]: p.output} for p in PAGES if subset is None or p.included(subset)]
    if subset is None or ATLAS_PAGES in subset:
        nav += atlas.nav(site["nav"], ACTIVATIONS)
    overrides = {
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "site_name": site["site_name"],
        "site_description": site["site_description"],
        "theme": theme,
        "extra": extra,
        "nav": nav,
        **({} if subset is None else {"validation": {"links": {"not_found": "info"}}}),
    }
    if site_url:
        overrides["site_url"] = f"{site_url}/{here}"
    return overrides


@dataclass(frozen=True)
class Job:
    """One language's MkDocs build: the shared config file plus the language's settings."""

    config_file: Path
    overrides: dict[str, Any]
    label: str  # the language code, for messages


def build_languages(jobs: list[Job]) -> None:
    """Run every language's build at once, one process each; fail with all their problems.

    Each build writes only into its own site folder, so the output is the same bytes as
    building one language after the other. Processes come from a fork server: a clean
    process, not a copy of this one with whatever threads it runs.
    """
    if len(jobs) == 1 or (os.cpu_count() or 1) == 1:
        problems = [p for job in jobs for p in build_language(job)]
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=len(jobs), mp_context=context) as pool:
            problems = [p for found in pool.map(build_language, jobs) for p in found]
    fail_if_any(problems)


def build_language(job: Job) -> list[Problem]:
    """Run `mkdocs build` (strict) for one language; every warning it logged is a problem."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", _commit_time(job.config_file.parent))
    _quiet_jieba()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    with _collected_warnings() as warnings:
        try:
            config = load_config(str(job.config_file), strict=True, **job.overrides)
            build(config)
        except (Abort, ConfigurationError) as error:
            if not warnings:
                warnings.append(str(error))
    return [
        Problem(
            f"mkdocs ({job.label})",
            message,
            "fix the link or setting it names (pages come from generator/templates "
            f"and docs/{job.label}/)",
        )
        for message in warnings
    ]


def _commit_time(root: Path) -> str:
    """The last commit's time, so the sitemap's dates depend on the sources, not the clock."""
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


def _quiet_jieba() -> None:
    """jieba (Chinese search segmentation) logs its dictionary loading at INFO level."""
    try:
        import jieba
    except ModuleNotFoundError:
        return
    jieba.setLogLevel(logging.WARNING)


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collected_warnings() -> Iterator[list[str]]:
    """Capture MkDocs' warnings instead of letting them print half a story."""
    logger = logging.getLogger("mkdocs")
    messages: list[str] = []
    handler = _ListHandler(messages)
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved
