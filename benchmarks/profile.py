"""Where the project's build time goes: what its heavy imports cost on their own.

Each import runs in a fresh interpreter of the project's venv, timed on the wall clock
(median of a few runs, the bare interpreter start subtracted) and with `-X importtime`,
whose top-level lines name the modules that cost the most.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.project import STEP_LINE

# What the build's steps import, by step (generator/compute.py, figures.py, mkdocs_site.py).
IMPORTS: tuple[tuple[str, str], ...] = (
    ("compute", "import torch"),
    (
        "figures",
        "import matplotlib; from matplotlib.figure import Figure; "
        "from matplotlib.backends.backend_svg import FigureCanvasSVG",
    ),
    (
        "mkdocs",
        "from mkdocs.commands.build import build; from mkdocs.config import load_config; "
        "import material.plugins.search.plugin",
    ),
    ("mkdocs", "import jieba; jieba.initialize()"),
    ("read, pages", "import yaml, jinja2, latex2mathml.converter"),
)

LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)$")


@dataclass(frozen=True)
class ImportCost:
    step: str
    statement: str
    wall: float  # seconds, interpreter start subtracted
    peak_bytes: int  # peak RSS of the interpreter after the imports
    heaviest: list[tuple[str, float]]  # top-level modules by cumulative seconds


PEAK = "; import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def _wall(python: Path, code: str, env: dict[str, str], runs: int) -> tuple[float, int]:
    """Median wall time of running `code`, and the interpreter's peak RSS in bytes."""
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(python), "-c", code + PEAK], env=env, check=True, capture_output=True, text=True
        )
        times.append(time.perf_counter() - start)
        peak = max(peak, int(done.stdout.split()[-1]) * 1024)  # KiB on Linux
    return statistics.median(times), peak


def _top_level(python: Path, code: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [str(python), "-X", "importtime", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    costs: dict[str, float] = {}
    for line in done.stderr.splitlines():
        found = LINE.match(line)
        if found and len(found[3]) <= 1:  # one space before a top-level module's name
            costs[found[4]] = int(found[2]) / 1e6
    return costs


def import_costs(
    python: Path, env: dict[str, str], runs: int = 3
) -> tuple[float, list[ImportCost]]:
    """The bare interpreter's start-up time, and the cost of each group of imports."""
    bare, _ = _wall(python, "pass", env, runs)
    startup = set(_top_level(python, "pass", env))
    costs = []
    for step, statement in IMPORTS:
        wall, peak = _wall(python, statement, env, runs)
        modules = _top_level(python, statement, env)
        heavy = sorted(
            ((name, seconds) for name, seconds in modules.items() if name not in startup),
            key=lambda item: -item[1],
        )
        costs.append(ImportCost(step, statement, wall - bare, peak, heavy[:3]))
    return bare, costs


@dataclass(frozen=True)
class StepCost:
    step: str  # a step of the build, or the time before its first step line
    seconds: float | None  # the step's own timing (None: not a step)
    imports: float  # top-level imports that finished while it ran
    heaviest: list[tuple[str, float]]


def build_breakdown(python: Path, copy: Path, env: dict[str, str]) -> tuple[float, list[StepCost]]:
    """One clean build with `-X importtime`: each step's time and the imports inside it.

    The build prints a line at the end of every step, and importtime a line as each import
    finishes; read from one stream, each import falls in the step that ran it.
    """
    start = time.perf_counter()
    done = subprocess.run(
        [str(python), "-u", "-X", "importtime", "-m", "generator", "build"],
        cwd=copy,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wall = time.perf_counter() - start
    costs: list[StepCost] = []
    pending: dict[str, float] = {}
    for line in done.stdout.splitlines():
        found = LINE.match(line)
        if found:
            if len(found[3]) <= 1:
                root = found[4].split(".")[0]
                pending[root] = pending.get(root, 0.0) + int(found[2]) / 1e6
            continue
        step = STEP_LINE.match(line)
        if step:
            name = step["name"] if costs else f"start-up (module imports, untimed), {step['name']}"
            costs.append(_step_cost(name, float(step["seconds"]), pending))
            pending = {}
    if pending:
        costs.append(_step_cost("after the last step", None, pending))
    return wall, costs


def _step_cost(name: str, seconds: float | None, imports: dict[str, float]) -> StepCost:
    heavy = sorted(imports.items(), key=lambda item: -item[1])
    return StepCost(name, seconds, sum(imports.values()), heavy[:4])
