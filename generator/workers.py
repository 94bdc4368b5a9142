"""Worker processes for the work that can run side by side: drawing figures, and the
MkDocs build of each language.

The workers fork from a server process that the build starts first thing. While the main
process reads the sources and imports torch, the server imports matplotlib and MkDocs
and loads jieba's Chinese dictionary (`preload`), so every worker starts with them
loaded. The server is a fresh interpreter, never a copy of this process and whatever
threads torch started in it. Results come back in submission order, so the output is
the same bytes as doing the work one item after another, which is what happens on a
single core.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What drawing a figure needs, and what a MkDocs build needs (see generator/mkdocs_site.py).
FIGURE_MODULES = ("matplotlib.figure", "matplotlib.backends.backend_svg", "generator.figures")
MKDOCS_MODULES = (
    "mkdocs.commands.build",
    "mkdocs.config",
    "material.plugins.search.plugin",
    "generator.jieba_dictionary",
)


class Workers:
    """A pool of worker processes, made on first use; one process per core."""

    def __init__(self, preload: Iterable[str] = (), processes: int | None = None) -> None:
        self.processes = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        if self.processes > 1:
            # Effective once per process: a server already running keeps what it loaded.
            multiprocessing.set_forkserver_preload(list(preload))
            multiprocessing.forkserver.ensure_running()  # returns at once; loads meanwhile

    def submit(
        self, function: Callable[[Item], Result], items: Iterable[Item]
    ) -> Callable[[], list[Result]]:
        """Start `function` over `items` in the workers; the call returned waits for the
        results, in the order of `items`. Work still running when the workers close is
        waited for there."""
        work = list(items)
        futures = self._futures(function, work)
        if futures is None:
            return lambda: [function(item) for item in work]
        return lambda: [future.result() for future in futures]

    @contextmanager
    def started(
        self, function: Callable[[Item], Result], items: Iterable[Item]
    ) -> Iterator[Callable[[], list[Result]]]:
        """`submit`, as a block: leaving it waits for every started item, even on an
        error or Ctrl-C, so no worker is still writing when the caller cleans up."""
        work = list(items)
        futures = self._futures(function, work)
        if futures is None:
            yield lambda: [function(item) for item in work]
            return
        try:
            yield lambda: [future.result() for future in futures]
        finally:
            for future in futures:
                future.cancel()
            wait(futures)

    def _futures(
        self, function: Callable[[Item], Result], work: list[Item]
    ) -> list[Future[Result]] | None:
        """`function` submitted for every item; None where the work runs in this process."""
        if self.processes == 1 or not work:
            return None
        pool = self._started_pool()
        return [pool.submit(function, item) for item in work]

    def _started_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


def in_this_process() -> Workers:
    """Workers that do everything in the calling process, one item after another."""
    return Workers(processes=1)
