"""One MkDocs build per language, from the shared mkdocs.yml plus the language's settings.

Material recommends separate builds over one multi-language build: each language gets its
own search index (with jieba segmenting Chinese), its interface strings and its 404 page.
The language switch (`extra.alternate`) links relatively, so the site works under any
base path.

Each language is built by its own worker process (`Builders`), started when the build
starts: while the build imports torch and computes, the workers import MkDocs and, for
Chinese, load jieba's dictionary, and then build the languages side by side. `make serve`
keeps them between rebuilds. A worker that gives no answer in time is stopped and
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


def build_language(config_file: str, settings: dict[str, Any], templates: str) -> list[str]:
    """Run `mkdocs build` (strict) for one language; every warning it logs is a problem.

    `templates`: a folder that keeps the theme's compiled templates between builds.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    with _collected_warnings() as warnings, _compiled_templates_kept(Path(templates)):
        try:
            build(load_config(config_file, strict=True, **settings))
        except (Abort, ConfigurationError) as error:
            if not warnings:
                warnings.append(str(error))
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
    for line in jobs:
        job = json.loads(line)
        os.environ["SOURCE_DATE_EPOCH"] = job["epoch"]
        try:
            warnings = build_language(job["config_file"], job["settings"], job["templates"])
        except Exception as error:  # a fault in a theme override or plugin, say
            warnings = [f"MkDocs stopped: {type(error).__name__}: {error}"]
        answers.write(json.dumps(warnings) + "\n")
        answers.flush()


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
