"""One MkDocs build per language, from the shared mkdocs.yml plus the language's settings.

Material recommends separate builds over one multi-language build: each language gets its
own search index (with jieba segmenting Chinese), its interface strings and its 404 page.
The language switch (`extra.alternate`) links relatively, so the site works under any
base path.

Each language is built by its own worker process (`Builders`), started when the build
starts: while the build imports torch and computes, the workers import MkDocs and, for
Chinese, load jieba's dictionary, and then build the languages side by side. `make serve`
keeps them between rebuilds, and with them what each one's last build made (`Kept`): an
edit that changes only some pages' Markdown rebuilds those pages and the search index,
not the language (`rebuild_pages`). A worker that gives no answer in time is stopped and
reported, so a hung worker cannot hang the build.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from generator.content import Language, SiteSources
from generator.errors import Problem

# Search splits words at these: spaces and punctuation, and inside code at the dots and
# underscores of names, so `x.grad.data.zero_()` is found by `x.grad`, `grad` and `zero_`
# (the query is split the same way). A dot before a digit stays: 0.25 is one word.
_CODE_SEPARATOR = r"""\s\-_,:;!=\[\]()"`/"""
_SEPARATOR = rf"[{_CODE_SEPARATOR}]+|\.(?!\d)"
# Chinese: also the mark jieba's segmentation inserts (\u200b), the ideographic space and
# the enumeration comma, the full stop and the full-width punctuation, escaped.
_ZH_MARKS = r"\u200b\u3000\u3001\u3002\uff0c\uff0e\uff1f\uff01\uff1b\uff1a\uff08\uff09"
_SEPARATOR_ZH = rf"[{_CODE_SEPARATOR}{_ZH_MARKS}]+|\.(?!\d)"


def language_config(
    sources: SiteSources,
    language: Language,
    nav: list[dict[str, Any]],
    copyright_notice: str,
    docs_dir: Path,
    site_dir: Path,
    preview: bool,
) -> dict[str, Any]:
    """The settings that differ per language, merged over mkdocs.yml: `nav` and the
    footer's `copyright_notice` (HTML) are the view's. In a `preview` (some pages only),
    links to the pages left out are reported, not fatal."""
    base, site = sources.mkdocs_config, language.site
    theme = copy.deepcopy(base["theme"])
    theme["language"] = site.get("theme_language", language.code)
    for palette, name in zip(theme.get("palette", []), site["palette"].values(), strict=False):
        palette["toggle"]["name"] = name
    here = sources.prefix(language)
    back = "../" * here.count("/")  # from this language's root to the site root
    alternate = [
        {"name": o.site["language_name"], "lang": o.code, "link": back + sources.prefix(o)}
        for o in sources.languages
    ]
    site_url = os.environ.get("SITE_URL", "").rstrip("/")
    # The 404 page is served at any depth, so its links cannot be relative.
    extra = {**copy.deepcopy(base.get("extra", {})), "alternate": alternate}
    extra |= {"not_found": site["not_found"], "home_url": f"{site_url}/{here}"}
    # The colour scheme is kept for the site root, shared by every language
    # (partials/javascripts/base.html).
    extra["site_root"] = back
    separator = _SEPARATOR_ZH if language.code.startswith("zh") else _SEPARATOR
    config = {
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "site_name": site["site_name"],
        "site_description": site["site_description"],
        "theme": theme,
        "extra": extra,
        "nav": nav,
        "copyright": copyright_notice,
        "plugins": _with_search_separator(base.get("plugins", []), separator),
        "markdown_extensions": _with_permalink_title(
            base.get("markdown_extensions", []), site["permalink_title"]
        ),
        **({"validation": {"links": {"not_found": "info"}}} if preview else {}),
    }
    if site_url:
        config["site_url"] = f"{site_url}/{here}"
    return config


def _with_permalink_title(extensions: list[Any], title: str) -> list[Any]:
    """mkdocs.yml's Markdown extensions, the heading links' tooltip in the language."""
    result: list[Any] = []
    for extension in extensions:
        name = extension if isinstance(extension, str) else next(iter(extension))
        settings = {} if isinstance(extension, str) else dict(extension[name] or {})
        if name == "toc":
            settings["permalink_title"] = title
        result.append({name: settings} if settings else name)
    return result


def _with_search_separator(plugins: list[Any], separator: str) -> list[Any]:
    """mkdocs.yml's plugins, with the search plugin's word separator set."""
    result: list[Any] = []
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        settings = {} if isinstance(plugin, str) else dict(plugin[name] or {})
        if name == "search":
            settings.setdefault("separator", separator)
            # Material's Chinese default adds an English stemmer, which cuts code names
            # (arange -> arang) so that a prefix search for them finds nothing.
            settings.setdefault("pipeline", ["stopWordFilter"])
        result.append({name: settings} if settings else name)
    return result


def build_language(
    config_file: str, settings: dict[str, Any], templates: str
) -> tuple[list[str], Kept | None]:
    """Run `mkdocs build` (strict) for one language; every warning it logs is a problem.
    Also what the build made, for `rebuild_pages` (None if it failed).

    `templates`: a folder that keeps the theme's compiled templates between builds.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    kept = None
    with _collected_warnings() as warnings, _compiled_templates_kept(Path(templates)):
        try:
            config = load_config(config_file, strict=True, **settings)
            kept = Kept()
            config.plugins[KEPT] = kept  # type: ignore[assignment]
            build(config)
        except (Abort, ConfigurationError) as error:
            if not warnings:
                warnings.append(str(error))
    return warnings, None if warnings else kept


KEPT = "generator/kept"


class Kept:
    """A plugin that keeps what a language's build made, for `rebuild_pages`: the
    configuration, files, navigation and Jinja environment, and each page's entries of
    the search index, in the order of the pages. It runs after the search plugin, which
    adds a page's entries when the page is built. (MkDocs registers a plugin's `on_`
    methods, whatever its class: this module leaves MkDocs unimported until a worker
    needs it.)"""

    def __init__(self) -> None:
        self.entries: dict[str, list[dict[str, Any]]] = {}  # by the page's source path
        self.counted = 0  # entries of the index already assigned to a page

    def on_config(self, config: Any) -> Any:
        self.config = config
        self.search = config.plugins["material/search"]
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        self.files = files
        return files

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self.nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        self.env = env
        return env

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        index = self.search.search_index.entries
        self.entries[page.file.src_uri] = index[self.counted :]
        self.counted = len(index)
        return context


def rebuild_pages(kept: Kept, pages: Sequence[str], docs_dir: str, site_dir: str) -> list[str]:
    """Build again the pages `pages` (source paths) of the language `kept` holds, their
    Markdown read from `docs_dir`, into `site_dir`, with the search index of the whole
    language: what `mkdocs build` writes for them, when nothing else changed (not the
    navigation, the settings or the assets). The warnings, as `build_language`'s."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    config, files = kept.config, kept.files
    with _collected_warnings() as warnings:
        config["site_dir"] = site_dir
        chosen = [files.get_file_from_path(path) for path in pages]
        for file in chosen:
            file.src_dir, file.dest_dir = docs_dir, site_dir
            for derived in ("abs_src_path", "abs_dest_path"):  # cached from the old folders
                file.__dict__.pop(derived, None)
            _populate_page(file.page, config, files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:  # links into the rebuilt pages' anchors, from every page
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        kept.search.search_index.entries, kept.counted = [], 0
        for file in chosen:
            _build_page(file.page, config, doc_files, kept.nav, kept.env)
        index = [entry for file in doc_files for entry in kept.entries[file.src_uri]]
        kept.search.search_index.entries = index
        kept.search.on_post_build(config=config)
    return warnings


# How long a worker may take to load MkDocs and build its language before the build
# stops waiting for it: a whole language builds in a second or two, so this is a
# fault, not a slow machine.
WORKER_TIMEOUT = 120.0


class Builders:
    """A worker process per language, each running `build_language` on request."""

    def __init__(self, codes: Sequence[str] = (), timeout: float = WORKER_TIMEOUT) -> None:
        """Start the workers of `codes` now, so they load while the caller works."""
        self.workers: dict[str, subprocess.Popen[str]] = {}
        self.timeout = timeout
        for code in codes:
            self._worker(code)

    def command(self, code: str) -> list[str]:
        """The worker's command line."""
        return [sys.executable, "-m", "generator.mkdocs_site", code]

    def _worker(self, code: str) -> subprocess.Popen[str]:
        """The running worker of `code`, started if there is none (or it stopped)."""
        worker = self.workers.get(code)
        if worker is None or worker.poll() is not None:
            environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            environment["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
            worker = self.workers[code] = subprocess.Popen(
                self.command(code),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=environment,
            )
        return worker

    def start(
        self, code: str, config_file: Path, settings: dict[str, Any], templates: Path, epoch: str
    ) -> None:
        """Start building one language (`build_language`), with SOURCE_DATE_EPOCH set to
        `epoch`; `results` waits for it."""
        job = {
            "config_file": str(config_file),
            "settings": settings,
            "templates": str(templates),
            "epoch": epoch,
        }
        self._send(code, job)

    def start_pages(self, code: str, pages: Sequence[str], docs_dir: Path, site_dir: Path) -> None:
        """Start building some pages of one language again (`rebuild_pages`), on what its
        last build made; `results` waits for it. A worker without a last build (or a
        new one) answers that the language needs a whole build."""
        self._send(
            code, {"pages": list(pages), "docs_dir": str(docs_dir), "site_dir": str(site_dir)}
        )

    def _send(self, code: str, job: dict[str, Any]) -> None:
        worker = self._worker(code)
        assert worker.stdin is not None
        worker.stdin.write(json.dumps(job) + "\n")
        worker.stdin.flush()

    def results(self, codes: Sequence[str]) -> list[Problem]:
        """Wait for the languages started, each for `timeout` seconds at most; every
        warning of theirs, as problems."""
        deadline = time.monotonic() + self.timeout
        problems = []
        for code in codes:
            line = self._answer(code, deadline)
            if line is None:
                problems.append(
                    Problem(
                        f"mkdocs ({code})",
                        f"its MkDocs worker gave no answer within {self.timeout:g} s of being "
                        "asked to build the language, and was stopped",
                        "run the build again; if it stops here again, run it with --debug",
                    )
                )
                continue
            warnings = json.loads(line) if line else ["its MkDocs worker stopped"]
            problems += [
                Problem(
                    f"mkdocs ({code})",
                    message,
                    "fix the link or setting it names (pages come from generator/templates "
                    f"and docs/{code}/)",
                )
                for message in warnings
            ]
        return problems

    def _answer(self, code: str, deadline: float) -> str | None:
        """The worker's answer line ('' if it stopped), or None if none came in time (the
        worker is then stopped, and started afresh when next needed)."""
        worker = self.workers[code]
        assert worker.stdout is not None
        ready, _, _ = select.select([worker.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            worker.kill()
            worker.wait()
            return None
        return worker.stdout.readline()

    def close(self) -> None:
        """Stop the workers, waiting for them, so none is still writing afterwards."""
        for worker in self.workers.values():
            worker.kill()
            worker.wait()

    def __enter__(self) -> Builders:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _serve_jobs(code: str, jobs: IO[str], answers: IO[str]) -> None:
    """A worker's life: load MkDocs (and jieba for Chinese), then build every job it is
    sent, one JSON line in, the list of warnings as one JSON line out."""
    import mkdocs.commands.build
    import mkdocs.config  # noqa: F401

    if code.startswith("zh"):
        _load_jieba()
    kept = None  # what the last build made, while nothing failed since
    for line in jobs:
        job = json.loads(line)
        try:
            if "pages" not in job:
                os.environ["SOURCE_DATE_EPOCH"] = job["epoch"]
                warnings, kept = build_language(
                    job["config_file"], job["settings"], job["templates"]
                )
            elif kept is None:
                warnings = [NO_LAST_BUILD]
            else:
                warnings = rebuild_pages(kept, job["pages"], job["docs_dir"], job["site_dir"])
                kept = None if warnings else kept
        except Exception as error:  # a fault in a theme override or plugin, say
            warnings, kept = [f"MkDocs stopped: {type(error).__name__}: {error}"], None
        answers.write(json.dumps(warnings) + "\n")
        answers.flush()


# A worker's answer to a request for some pages when it has no build to add them to.
NO_LAST_BUILD = "no whole build of the language to update: build it whole"


def _load_jieba() -> None:
    """Load jieba's Chinese dictionary (Material's search segments Chinese with it)."""
    try:
        import jieba
    except ModuleNotFoundError:
        return
    jieba.setLogLevel(logging.WARNING)  # it logs the loading at INFO level
    jieba.initialize()


@contextmanager
def _compiled_templates_kept(folder: Path) -> Iterator[None]:
    """Keep the theme's compiled templates between builds, in Jinja's bytecode cache.

    MkDocs makes a new Jinja environment for each build (and Material's search plugin
    more, for its translations), so every build compiles Material's templates again: a
    share of every language's build that benchmarks/RESULTS.md measures. The cache checks
    each template's source, so an edited override is compiled afresh; a damaged file is a
    miss.
    """
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


if __name__ == "__main__":
    answers, sys.stdout = sys.stdout, sys.stderr  # whatever MkDocs prints stays apart
    try:
        _serve_jobs(sys.argv[1], sys.stdin, answers)
    except KeyboardInterrupt:  # Ctrl-C reaches the workers too; the build reports it
        sys.exit(130)
