# ruff: noqa: RUF001 -- the report prints typographic signs (times, en dash) on purpose
"""Time a sequence of commands and find the peak memory of its largest process.

Each measurement runs in a fresh child Python (the runner below), which times the commands
and then reads `getrusage(RUSAGE_CHILDREN).ru_maxrss`: the peak resident set of the
largest process among all its descendants (make, python, a Jupyter kernel, a worker
process...); the runner adopts and waits for descendants whose parent exited first.
Meanwhile the parent polls the process tree with psutil, only to name that process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

RUNNER = """\
import ctypes, json, os, resource, subprocess, sys, time
steps, log = json.loads(sys.argv[1]), sys.argv[2]
# PR_SET_CHILD_SUBREAPER: a descendant that outlives its parent (a fork server whose
# parent exited) comes back to this process, is waited for and so counted below.
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
status = 0
with open(log, "ab") as out:
    start = time.perf_counter()
    for command, cwd in steps:
        status = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
        if status:
            break
    seconds = time.perf_counter() - start
while True:  # the orphans, after the clock stopped: the commands had returned
    try:
        os.wait()
    except ChildProcessError:
        break
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
print(json.dumps({"seconds": seconds, "peak": peak, "status": status}))
"""

POLL_SECONDS = 0.1

Step = tuple[Sequence[str], Path]


class CommandFailed(RuntimeError):
    """A timed command exited non-zero; the message names the log to read."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_bytes: int  # peak RSS of the largest process
    peak_name: str  # that process, as the poller saw it ("" if it was too short-lived)
    log: str  # everything the commands printed


def run(steps: Sequence[Step], env: dict[str, str], log: Path) -> Sample:
    """Run `steps` in order, timed as one; raise CommandFailed if one fails."""
    log.write_bytes(b"")
    encoded = json.dumps([[list(command), str(cwd)] for command, cwd in steps])
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, encoded, str(log)],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    largest = _poll_largest(runner)
    output, _ = runner.communicate()
    result = json.loads(output)
    text = log.read_text(encoding="utf-8", errors="replace")
    if result["status"] or runner.returncode:
        tail = "\n".join(text.splitlines()[-30:])
        raise CommandFailed(f"{_describe(steps)} failed (log: {log}):\n{tail}")
    peak = int(result["peak"])
    if not largest[1]:
        name = "too short to sample"
    elif largest[0] < 0.8 * peak:  # the poller missed the peak: name what it saw, marked
        name = f"{largest[1]}, sampled"
    else:
        name = largest[1]
    return Sample(float(result["seconds"]), peak, name, text)


def _poll_largest(runner: subprocess.Popen[str]) -> tuple[int, str]:
    """Poll the runner's descendants until it exits; the largest RSS seen and its process."""
    best = (0, "")
    try:
        parent = psutil.Process(runner.pid)
    except psutil.NoSuchProcess:
        return best
    while runner.poll() is None:
        try:
            children = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        for child in children:
            try:
                rss = child.memory_info().rss
                if rss > best[0]:
                    best = (rss, _name(child))
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        time.sleep(POLL_SECONDS)
    return best


def _name(process: psutil.Process) -> str:
    """A short name: the program and, for Python, the module or script it runs."""
    command = process.cmdline()
    if not command:
        return str(process.name())
    program = Path(command[0]).name
    if program.startswith("python") and len(command) > 1:
        rest = command[1:]
        if rest[0] == "-m" and len(rest) > 1:
            return f"{program} -m {rest[1]}"
        return f"{program} {Path(rest[0]).name}"
    return program


def _describe(steps: Sequence[Step]) -> str:
    return " && ".join(" ".join(command) for command, _ in steps)


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    peak_bytes: int
    peak_name: str

    def span(self) -> str:
        return f"{self.median:.2f} s [{self.low:.2f}–{self.high:.2f}]"


def summarize(samples: Sequence[Sample]) -> Summary:
    times = [s.seconds for s in samples]
    top = max(samples, key=lambda s: s.peak_bytes)
    return Summary(statistics.median(times), min(times), max(times), top.peak_bytes, top.peak_name)


def mib(count: int) -> str:
    return f"{count / 2**20:.0f} MiB"
