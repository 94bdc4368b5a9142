"""One MkDocs build per language, from the shared mkdocs.yml plus the language's settings.

Material recommends separate builds over one multi-language build: each language gets its
own search index (with jieba segmenting Chinese), its interface strings and its 404 page.
The language switch (`extra.alternate`) links relatively, so the site works under any
base path. Each language's output is kept with a fingerprint of what MkDocs read for it,
so an edit to one language's prose builds that language alone.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import atlas, cache
from generator.content import ATLAS_PAGES, PAGES, Language, SiteSources
from generator.errors import Problem
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
    epoch: str  # SOURCE_DATE_EPOCH: the sitemap's dates
    template_cache: Path | None = None  # compiled theme templates, kept between builds


def make_job(
    config_file: Path, overrides: dict[str, Any], label: str, template_cache: Path | None
) -> Job:
    """A build whose dates come from SOURCE_DATE_EPOCH, or else the last commit's time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or _commit_time(config_file.parent)
    return Job(config_file, overrides, label, epoch, template_cache)


def build_language(job: Job) -> list[Problem]:
    """Run `mkdocs build` (strict) for one language; every warning it logged is a problem."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ["SOURCE_DATE_EPOCH"] = job.epoch
    _quiet_jieba()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    with _collected_warnings() as warnings, _compiled_templates_kept(job.template_cache):
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


# What a language's MkDocs output depends on besides its docs folder and settings.
_MKDOCS_DISTRIBUTIONS = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "pygments",
    "jieba",
)


def fingerprint(job: Job) -> str:
    """A hash of everything MkDocs reads for `job`: the docs folder, the settings (not
    the folders' own paths), mkdocs.yml, the theme overrides, the dates, the versions of
    MkDocs and its plugins, and this module."""
    root = job.config_file.parent
    settings = {k: v for k, v in job.overrides.items() if k not in ("docs_dir", "site_dir")}
    docs = Path(job.overrides["docs_dir"])
    return cache.key_of(
        json.dumps(settings, sort_keys=True),
        job.epoch,
        cache.versions(*_MKDOCS_DISTRIBUTIONS),
        Path(__file__).read_bytes(),
        job.config_file.read_bytes(),
        json.dumps(_hashes(docs), sort_keys=True),
        json.dumps(_hashes(root / "docs" / "overrides"), sort_keys=True),
    )


class KeptSites:
    """Each language's last MkDocs output, with the fingerprint of what it was built
    from, so a language whose pages and settings did not change is not built again.

    `folder` holds `<code>/` (the output) and `<code>.json` (the fingerprint and the
    SHA-256 of every file); an output that does not match its record is built again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def restore(self, job: Job, key: str, target: Path) -> bool:
        """Copy the kept output of `job` to `target` if it was built from `key`."""
        record_file = self.folder / f"{job.label}.json"
        try:
            record = json.loads(record_file.read_text("utf-8"))
            kept = self.folder / job.label
            if record["key"] != key or record["files"] != _hashes(kept):
                return False
        except (OSError, ValueError, KeyError, TypeError):
            return False
        link_tree(kept, target)
        shutil.copy2(record_file, target.with_name(record_file.name))  # kept again
        return True

    @staticmethod
    def record(job: Job, key: str, output: Path) -> None:
        """Write the record of a fresh output, next to it."""
        record = {"key": key, "files": _hashes(output)}
        output.with_name(f"{job.label}.json").write_text(json.dumps(record, sort_keys=True))


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links (nothing rewrites these files in place); where the
    two folders are on different file systems, as copies."""

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link, dirs_exist_ok=True)


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


@contextmanager
def _compiled_templates_kept(folder: Path | None) -> Iterator[None]:
    """Keep the theme's compiled templates between builds, in Jinja's bytecode cache.

    MkDocs makes a new Jinja environment for each build (and Material's search plugin
    more, for its translations), so every build compiles Material's templates again:
    about a second of a small build. The cache checks each template's source, so an
    edited override is compiled afresh; a damaged file is a miss.
    """
    if folder is None:
        yield
        return
    import jinja2
    from mkdocs.theme import Theme

    folder.mkdir(parents=True, exist_ok=True)
    compiled = jinja2.FileSystemBytecodeCache(str(folder))
    make_env = Theme.get_env

    def get_env(theme: Theme) -> jinja2.Environment:
        env = make_env(theme)
        env.bytecode_cache = compiled
        return env

    Theme.get_env = get_env  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Theme.get_env = make_env  # type: ignore[method-assign]


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
