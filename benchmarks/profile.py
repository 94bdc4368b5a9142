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
    heaviest: list[tuple[str, float]]  # top-level modules by cumulative seconds


def _wall(python: Path, code: str, env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(python), "-c", code], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    bare = _wall(python, "pass", env, runs)
    startup = set(_top_level(python, "pass", env))
    costs = []
    for step, statement in IMPORTS:
        wall = _wall(python, statement, env, runs) - bare
        modules = _top_level(python, statement, env)
        heavy = sorted(
            ((name, seconds) for name, seconds in modules.items() if name not in startup),
            key=lambda item: -item[1],
        )
        costs.append(ImportCost(step, statement, wall, heavy[:3]))
    return bare, costs
