"""Nothing half-written: build into a folder beside the target, swap in on success.

`staged()` hands the build a fresh folder next to the site folder, holding `site/` and
`docs/` (the generated Markdown). Only when the block finishes without an error are they
moved into place; an error, Ctrl-C or SIGTERM leaves the previous output untouched and
removes the staging folder. A lock serialises builds sharing one work folder, so two
builds started together run one after the other instead of interleaving.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.errors import BuildFailed, Problem


@dataclass(frozen=True)
class Stage:
    site: Path  # the finished site
    docs: Path  # each language's generated MkDocs folder
    languages: Path  # each language's MkDocs output, to be moved into `site`


@contextmanager
def staged(site_dir: Path, work_dir: Path) -> Iterator[Stage]:
    """A staging folder whose contents replace `site_dir` and `work_dir/docs` on success."""
    folder = _make_folders(site_dir, work_dir)
    with _lock(work_dir / ".lock"), _sigterm_interrupts():
        stage = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-staging-", dir=folder))
        try:
            yield Stage(stage / "site", stage / "docs", stage / "languages")
            with _signals_held():  # both swaps happen, or neither does
                _swap(stage / "docs", work_dir / "docs")
                _swap(stage / "site", site_dir)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _make_folders(site_dir: Path, work_dir: Path) -> Path:
    try:
        for folder in (site_dir.parent, work_dir):
            folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(dir=site_dir.parent)
        os.rmdir(probe)
    except OSError as error:
        raise BuildFailed(
            [
                Problem(
                    str(error.filename or site_dir),
                    f"cannot write the output folder ({error.strerror})",
                    "choose a writable --site-dir/--work-dir or fix the permissions",
                )
            ]
        ) from error
    return site_dir.parent


def _swap(new: Path, target: Path) -> None:
    """Move `new` to `target`; the old tree is deleted only once the new one is in place."""
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    shutil.move(new, target)
    shutil.rmtree(old, ignore_errors=True)


def locked(work_dir: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of the builds sharing `work_dir`, held for the block."""
    return _lock(work_dir / ".lock")


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build to finish (lock: {path})", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Delay Ctrl-C and SIGTERM until the block is done."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Treat SIGTERM like Ctrl-C, so the staging folder is cleaned up either way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
