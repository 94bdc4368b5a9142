"""What torch and matplotlib produce for the site, as values: each activation's
properties and figures, the overview's comparisons and the worked exercises, plus the
figures' files (SVG in both colour schemes, and CSV) by their path below the site root.

Making them imports torch and matplotlib, which is most of a build's time, so `results`
keeps the lesson's part and the atlas's part in the cache under a hash of every input:
the source of the generator modules that make them (the registry among them) and the
versions of torch, matplotlib and numpy. An edit to prose or templates reuses both and
imports neither torch nor matplotlib; an edit to any of those modules computes again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from generator import cache, registry
from generator.exercises import Exercises
from generator.figures import Chart, FigureRef
from generator.properties import Properties
from generator.registry import Activation, Comparison, Grid
from generator.section import Section

if TYPE_CHECKING:
    from generator.compute import Trace

FIGURES_DIR = "figures"

# The modules whose source the cached results depend on, and the packages.
_MODULES = ("registry", "compute", "properties", "exercises", "section", "figures", "results")
_PACKAGES = ("torch", "matplotlib", "numpy")
# The packages whose versions a page names: the ones that computed and drew its numbers.
NAMED_PACKAGES = ("torch", "matplotlib")


@dataclass(frozen=True)
class Plotted:
    """One activation as a page shows it: its entry, its properties and its figures
    (the lesson: the function's and the gradient's; an atlas page: both in one)."""

    spec: Activation
    props: Properties
    figures: tuple[FigureRef, ...]
    # The other choices of its parameters, each with its own properties and figure
    # (atlas pages only; see Activation.variants).
    variants: tuple[Plotted, ...] = ()


@dataclass(frozen=True)
class Lesson:
    grid: Grid
    figsize: tuple[float, float]
    acts: dict[str, Plotted]  # by name, in the lesson's order
    section: Section  # the section's first half: the fit and the collapse
    fit: FigureRef  # the best line against a small network
    diagram: FigureRef  # the 4-5-3 network (no CSV, no readout: it plots no numbers)
    # Where sigmoid and tanh first give exactly 1 in float32, the lesson's precision.
    reaches_one: dict[str, float]


@dataclass(frozen=True)
class Group:
    """One comparison figure of the overview."""

    spec: Comparison
    figure: FigureRef


@dataclass(frozen=True)
class Frame:
    """Empty axes for the overview's comparison of curves the reader chooses."""

    curve: str  # "function" or "gradient"
    bounds: tuple[float, float]  # the y-axis holds curves within these
    figure: FigureRef


@dataclass(frozen=True)
class Atlas:
    grid: Grid
    figsize: tuple[float, float]  # one axes (the exercises' figures)
    stacked_figsize: tuple[float, float]  # an atlas page's figure
    entries: tuple[Plotted, ...]
    groups: tuple[Group, ...]
    frames: tuple[Frame, ...]  # smallest first, for each curve
    exercises: Exercises
    facts: dict[str, float]  # numbers the atlas's prose quotes beyond the table (`_facts`)

    def entry(self, name: str) -> Plotted:
        """The activation called `name` (for numbers quoted in prose)."""
        return next(entry for entry in self.entries if entry.spec.name == name)


@dataclass(frozen=True)
class Results:
    lesson: Lesson
    atlas: Atlas | None  # None in a preview of the lesson alone
    files: dict[str, bytes]  # by path below the site root
    drawn: int  # figures drawn by this build (0: every part came from the cache)
    versions: dict[str, str]  # of the packages that computed and drew (NAMED_PACKAGES)


def results(store: cache.Cache, with_atlas: bool = True) -> Results:
    """The lesson's and (if asked for) the atlas's results, from `store` where it has them."""
    files: dict[str, bytes] = {}
    drawn = 0
    parts: dict[str, object] = {}
    for name, make in (("lesson", lesson), ("atlas", atlas))[: 2 if with_atlas else 1]:
        key = cache.key_of(name, cache.source_of(*_MODULES), cache.versions(*_PACKAGES))
        found = store.get(key)
        if found is None:
            found = make()
            drawn += sum(path.endswith(".json") for path in found[1])  # one per figure
            store.put(key, found)
        parts[name], more = found
        files |= more
    atlas_part = parts.get("atlas")
    assert isinstance(parts["lesson"], Lesson) and isinstance(atlas_part, Atlas | None)
    versions = dict(part.split("==") for part in cache.versions(*NAMED_PACKAGES).split(","))
    return Results(parts["lesson"], atlas_part, files, drawn, versions)


def lesson() -> tuple[Lesson, dict[str, bytes]]:
    """The lesson's activations on its grid, checked, with two figures each; the
    section's first half: the fit, the collapse and the diagram."""
    from generator import compute, figures, properties, section

    grid, figsize = registry.LESSON_GRID, registry.LESSON_FIGSIZE
    traces = compute.traces(registry.lesson_activations(), grid)
    charts: dict[str, Chart] = {}
    for trace in traces:
        stem = f"{FIGURES_DIR}/mlp/{trace.activation.name}"
        charts[stem], charts[f"{stem}-grad"] = figures.lesson_charts(trace, figsize)
    first_half, charts[f"{FIGURES_DIR}/mlp/fit"] = section.compute_section(figsize)
    files, refs = figures.render(charts)
    diagram_files, diagram = figures.render_drawing(
        f"{FIGURES_DIR}/mlp/network", section.diagram_svg()
    )
    files |= diagram_files
    acts = {}
    for trace in traces:
        stem = f"{FIGURES_DIR}/mlp/{trace.activation.name}"
        figures_of = (refs[stem], refs[f"{stem}-grad"])
        acts[trace.activation.name] = Plotted(
            trace.activation, properties.properties_of(trace), figures_of
        )
    reaches_one = {t.activation.name: compute.reaches_one(t.activation) for t in traces[1:]}
    lesson = Lesson(
        grid,
        figsize,
        acts,
        first_half,
        refs[f"{FIGURES_DIR}/mlp/fit"],
        diagram,
        reaches_one,
    )
    return lesson, files


def atlas(
    activations: Sequence[Activation] = registry.ACTIVATIONS,
    comparisons: Sequence[Comparison] = registry.COMPARISONS,
) -> tuple[Atlas, dict[str, bytes]]:
    """Every activation on the atlas's grid in float64, checked (against its analytic
    derivative and by gradcheck), with its properties and figure; the comparisons; the
    worked exercises."""
    from generator import compute, figures, properties
    from generator.exercises import compute_exercises

    grid, figsize = registry.ATLAS_GRID, registry.ATLAS_FIGSIZE
    stacked = registry.STACKED_FIGSIZE
    choices = {a.name: a.variants() for a in activations}
    traces = compute.traces([v for variants in choices.values() for v in variants], grid)
    folder = f"{FIGURES_DIR}/activations"

    def stem(trace: Trace) -> str:
        index = choices[trace.activation.name].index(trace.activation)
        return f"{folder}/{trace.activation.name}" + (f"-{index}" if index else "")

    charts = {stem(t): figures.atlas_chart(t, stacked) for t in traces}
    defaults = {t.activation.name: t for t in traces if t.activation.is_default}
    for c in comparisons:
        members = [defaults[n] for n in c.members]
        charts[f"{folder}/compare-{c.name}"] = figures.comparison_chart(members, stacked)
    frames = _frames(list(defaults.values()))
    for curve, bounds, chart in frames:
        charts[_frame_stem(curve, bounds)] = chart
    answers, worked = compute_exercises(grid, figsize)
    charts |= {f"{FIGURES_DIR}/exercises/{key}": chart for key, chart in worked.items()}
    files, refs = figures.render(charts)
    plotted = [Plotted(t.activation, properties.properties_of(t), (refs[stem(t)],)) for t in traces]
    entries = tuple(
        replace(entry, variants=tuple(p for p in plotted if p.spec.name == name and p is not entry))
        for entry in plotted
        if (name := entry.spec.name) and entry.spec.is_default
    )
    book = Atlas(
        grid=grid,
        figsize=figsize,
        stacked_figsize=stacked,
        entries=entries,
        groups=tuple(Group(c, refs[f"{folder}/compare-{c.name}"]) for c in comparisons),
        frames=tuple(
            Frame(curve, bounds, refs[_frame_stem(curve, bounds)]) for curve, bounds, _ in frames
        ),
        exercises=replace(
            answers, figures={key: refs[f"{FIGURES_DIR}/exercises/{key}"] for key in worked}
        ),
        facts=_facts(defaults),
    )
    return book, files


def _facts(defaults: dict[str, Trace]) -> dict[str, float]:
    """Numbers of single traces that an atlas page's prose quotes: how far GELU's tanh
    approximation strays from GELU on the grid, and hardswish's gradient at its corners,
    where PyTorch's convention changed between releases."""
    import numpy as np

    facts: dict[str, float] = {}
    if {"gelu", "gelu_tanh"} <= set(defaults):
        gap = np.abs(defaults["gelu"].y - defaults["gelu_tanh"].y).max()
        facts["gelu_tanh.gap"] = float(gap)
    if "hardswish" in defaults:
        trace = defaults["hardswish"]
        for corner, name in ((-3.0, "minus_3"), (3.0, "3")):
            (index,) = np.flatnonzero(trace.x == corner)
            facts[f"hardswish.grad_at_{name}"] = float(trace.grad[index])
    return facts


def _frame_stem(curve: str, bounds: tuple[float, float]) -> str:
    return f"{FIGURES_DIR}/activations/frame-{curve}-{bounds[0]:g}-{bounds[1]:g}"


def _frames(traces: Sequence[Trace]) -> list[tuple[str, tuple[float, float], Chart]]:
    """The overview comparison's frames: for the functions and for the gradients, every
    y-axis that some choice of curves needs (the bounds of the lowest and the highest),
    smallest first."""
    from generator import figures

    found = []
    for curve, ylabel, values in (
        ("function", "f(x)", [t.y for t in traces]),
        ("gradient", "f'(x)", [t.grad for t in traces]),
    ):
        bounds = [figures.frame_bounds(float(v.min()), float(v.max())) for v in values]
        lows, highs = {b[0] for b in bounds}, {b[1] for b in bounds}
        pairs = sorted(
            ((lo, hi) for lo in lows for hi in highs if lo < hi), key=lambda b: (b[1] - b[0], b[0])
        )
        x = traces[0].x
        found += [
            (curve, pair, figures.frame_chart(x, ylabel, pair, registry.COMPARE_FIGSIZE))
            for pair in pairs
        ]
    return found
