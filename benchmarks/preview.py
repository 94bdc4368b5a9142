"""The preview's edit-to-page time: how long after a prose edit the served page has it.

A preview server (`python -m generator serve` for the project, `mkdocs serve` for the
peer) is started once and left to build; then, run after run, a sentence is added to
the Chinese lesson and the served page is fetched every 20 ms until it carries the
sentence. That is when a browser reloaded by the server's live-reload script shows it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

POLL = 0.02  # seconds between fetches
TIMEOUT = 120.0  # seconds: a first build, or a rebuild, that takes longer is a failure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def edit_latencies(
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    url: str,
    edit: Callable[[int], str],
    runs: int,
) -> list[float]:
    """Seconds from each edit (`edit(run)` returns the sentence it added) to the page at
    `url` serving it."""
    server = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the server and its workers, ended together
    )
    try:
        _wait_for(url, "", server)
        times = []
        for run in range(runs):
            time.sleep(1.0)  # let the watcher settle after the last rebuild
            sentence = edit(run)
            start = time.perf_counter()
            _wait_for(url, sentence, server)
            times.append(time.perf_counter() - start)
        return times
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the preview server stopped: {server.args!r}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL)
    raise RuntimeError(f"{url} did not show {text!r} within {TIMEOUT:.0f} s")
