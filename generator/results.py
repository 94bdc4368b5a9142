"""What torch and matplotlib produce for the site, as values: each activation's
properties and figures, the overview's comparisons, the worked exercises and the trained
networks, plus the figures' files (SVG in both colour schemes, CSV and the trained
networks' JSON) by their path below the site root.

Making them imports torch and matplotlib, which is most of a build's time, so `results`
keeps each part (the lesson's, the atlas's, the trained networks') in the cache under a
hash of every input:
the source of the generator modules that make them (the registry among them) and the
versions of torch, matplotlib and numpy. An edit to prose or templates reuses both and
imports neither torch nor matplotlib; an edit to any of those modules computes again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from generator import cache, registry, training
from generator.exercises import Exercises
from generator.figures import Chart, FigureRef
from generator.properties import Properties
from generator.registry import Activation, Comparison, Grid
from generator.section import Section
from generator.training import Choice, Claims, Fit, Training

if TYPE_CHECKING:
    from generator.compute import Trace

FIGURES_DIR = "figures"
# The lower limits of the lesson's squashing functions (the upper one is 1 for both):
# where each first gives exactly that, in float32, is a fact the lesson states.
LOWER_LIMIT = {"sigmoid": 0.0, "tanh": -1.0}

# The modules whose source each part of the cached results depends on, and the packages.
_COMMON = ("errors", "registry", "compute", "figures", "results")
_MODULES = {
    "lesson": (*_COMMON, "properties", "section"),
    "atlas": (*_COMMON, "properties", "exercises"),
    "training": (*_COMMON, "training"),
}
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
    # Where sigmoid and tanh first give exactly their lower and upper limits in float32,
    # the lesson's precision: (the x from which down, the x from which up), by name.
    reaches: dict[str, tuple[float, float]]


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
class Trained:
    """The trained networks' page: every choice's networks, the page's figures and
    frames, and what holds for every seed."""

    training: Training  # the display seed's networks and every seed's errors
    default: Choice  # the choice the page opens with, trained as its code trains it
    figures: tuple[FigureRef, FigureRef]  # the default's fit and loss, drawn
    frames: dict[str, FigureRef]  # empty axes: the fit's by target, and "loss"
    data: dict[Choice, tuple[str, str]]  # each choice's data files' stems: fit, loss
    claims: Claims
    shown_units: int  # the widest hidden layer whose units the fit figure draws
    default_fit: Fit  # the default's network, trained as the page's code trains it

    def fit_of(self, choice: Choice) -> Fit:
        """A choice's network as the page shows it: the default's is the code's own."""
        return self.default_fit if choice == self.default else self.training.fit(choice)


@dataclass(frozen=True)
class Results:
    lesson: Lesson
    atlas: Atlas | None  # None in a preview without the atlas
    training: Trained | None  # None in a preview without the trained networks' page
    files: dict[str, bytes]  # by path below the site root
    drawn: int  # figures drawn by this build (0: every part came from the cache)
    versions: dict[str, str]  # of the packages that computed and drew (NAMED_PACKAGES)


Made = tuple[object, dict[str, bytes]]  # a part of the results, and its files


def results(store: cache.Cache, with_atlas: bool = True, with_training: bool = True) -> Results:
    """The lesson's results, and (if asked for) the atlas's and the trained networks', from
    `store` where it has them: each part under the hash of the modules it comes from."""
    files: dict[str, bytes] = {}
    drawn = 0
    parts: dict[str, object] = {}
    makers: dict[str, Callable[[], Made]] = {"lesson": lesson}
    if with_atlas:
        makers["atlas"] = atlas
    if with_training:
        makers["training"] = trained
    keys = {
        name: cache.key_of(name, cache.source_of(*_MODULES[name]), cache.versions(*_PACKAGES))
        for name in makers
    }
    kept: dict[str, Made | None] = {name: store.get(key) for name, key in keys.items()}
    missing = [name for name, value in kept.items() if value is None]
    made = _made({name: makers[name] for name in missing})
    for name in makers:
        found = made[name] if name in missing else kept[name]
        assert found is not None
        parts[name], more = found
        files |= more
        if name in missing:
            drawn += sum(path.endswith(".svg") and "-dark" not in path for path in more)
            store.put(keys[name], found)
    atlas_part, training_part = parts.get("atlas"), parts.get("training")
    assert isinstance(parts["lesson"], Lesson) and isinstance(atlas_part, Atlas | None)
    assert isinstance(training_part, Trained | None)
    versions = dict(part.split("==") for part in cache.versions(*NAMED_PACKAGES).split(","))
    return Results(parts["lesson"], atlas_part, training_part, files, drawn, versions)


# The part made in a process of its own when others are made too: the networks train on
# one thread, so the second core draws the atlas meanwhile, and the two processes' peaks
# of memory stay apart.
APART = "training"


def _made(makers: dict[str, Callable[[], Made]]) -> dict[str, Made]:
    """Each part `makers` make, `APART` in a process of its own if there are others."""
    if APART not in makers or len(makers) == 1:
        return {name: make() for name, make in makers.items()}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: a fresh interpreter, not a copy of this one with torch's threads in it
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        apart = pool.submit(makers[APART])
        made = {name: make() for name, make in makers.items() if name != APART}
        return made | {APART: apart.result()}


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
    reaches = {
        t.activation.name: (
            compute.reaches(t.activation, LOWER_LIMIT[t.activation.name], -1.0),
            compute.reaches(t.activation, 1.0, 1.0),
        )
        for t in traces[1:]
    }
    lesson = Lesson(
        grid,
        figsize,
        acts,
        first_half,
        refs[f"{FIGURES_DIR}/mlp/fit"],
        diagram,
        reaches,
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
        facts=_facts(defaults, grid),
    )
    return book, files


def _facts(defaults: dict[str, Trace], grid: Grid) -> dict[str, float]:
    """Numbers of single traces that an atlas page's prose quotes: how far GELU's tanh
    approximation strays from GELU on the grid (GELU traced here if the atlas has not),
    and hardswish's gradient at its corners, where PyTorch's convention changed between
    releases."""
    import numpy as np

    from generator import compute

    facts: dict[str, float] = {}
    if "gelu_tanh" in defaults:
        gelu = defaults.get("gelu") or compute.traces([registry.by_name("gelu")], grid)[0]
        gap = np.abs(gelu.y - defaults["gelu_tanh"].y).max()
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


# The trained networks' page draws each hidden unit's share of the output up to this
# width: beyond it the shares crowd into a grey band that hides the fit.
SHOWN_UNITS = 16
TRAINING_DIR = f"{FIGURES_DIR}/training"


def trained() -> tuple[Trained, dict[str, bytes]]:
    """Every choice of the trained networks' page trained, its default again as the page's
    code trains it, the default's figures, the empty frames the page script draws the
    other choices on, and each choice's numbers."""
    from generator import figures, training

    networks = training.train_all()
    default = training.train_one(*astuple(training.DEFAULT))
    fit_frames, loss_frame = _training_frames(networks)
    charts = {
        f"{TRAINING_DIR}/fit": _fit_chart(default, fit_frames[default.choice.target]),
        f"{TRAINING_DIR}/loss": _loss_chart(default.loss, loss_frame, every=1),
    }
    x = charts[f"{TRAINING_DIR}/fit"].x
    for target, ylim in fit_frames.items():
        charts[f"{TRAINING_DIR}/frame-fit-{target}"] = _frame(x, "x", "y", ylim, "linear")
    steps = np.arange(networks.steps + 1, dtype=np.float64)
    charts[f"{TRAINING_DIR}/frame-loss"] = _frame(steps, "step", "loss", loss_frame, "log")
    files, refs = figures.render(charts)
    data: dict[Choice, tuple[str, str]] = {}
    for fit in networks.fits:
        chosen = default if fit.choice == default.choice else fit
        choice = chosen.choice
        stem = f"{TRAINING_DIR}/{choice.activation}-{choice.width}-{choice.target}"
        data[fit.choice] = (f"{stem}-fit", f"{stem}-loss")
        fit_chart = _fit_chart(chosen, fit_frames[fit.choice.target])
        loss_chart = _loss_chart(chosen.loss, loss_frame, every=training.LOSS_EVERY)
        for data_stem, chart in zip(data[fit.choice], (fit_chart, loss_chart), strict=True):
            files[f"{data_stem}.json"] = figures.data_file(chart)
            files[f"{data_stem}.csv"] = figures.chart_csv(chart)
    frames = {target: refs[f"{TRAINING_DIR}/frame-fit-{target}"] for target in fit_frames}
    frames["loss"] = refs[f"{TRAINING_DIR}/frame-loss"]
    page = Trained(
        training=networks,
        default=default.choice,
        figures=(refs[f"{TRAINING_DIR}/fit"], refs[f"{TRAINING_DIR}/loss"]),
        frames=frames,
        data=data,
        claims=training.find_claims(networks),
        shown_units=SHOWN_UNITS,
        default_fit=default,
    )
    return page, files


# The look of the trained networks' figures: the target and the network as d2l.plot draws
# its first two curves, each hidden unit's share thin and grey; one axes of the lesson's.
TARGET_COLOUR, NETWORK_COLOUR, UNIT_COLOUR = "#1f77b4", "#bf00bf", "#8a8a8a"
UNIT_WIDTH = 0.8
TRAINING_FIGSIZE = registry.LESSON_FIGSIZE
# x from -1 to 1 by halves: matplotlib's own quarters, labelled -1.00 to 1.00, run into
# each other at this size.
TRAINING_XTICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


def training_code_values(choice: Choice) -> dict[str, str]:
    """The values the page's code is written with: the choice's (training.code_values),
    and the figures' size and the look of the hidden units' shares as the build draws them."""
    return training.code_values(choice) | {
        "figsize": repr(TRAINING_FIGSIZE),
        "unit_colour": UNIT_COLOUR,
        "unit_width": repr(UNIT_WIDTH),
        "xticks": repr(list(TRAINING_XTICKS)),
    }


def _fit_chart(fit: Fit, ylim: tuple[float, float]) -> Chart:
    """A network's fit: the target, the network's output and, for a hidden layer of at
    most SHOWN_UNITS units, each unit's share of the output."""
    from generator import compute, figures

    grid = compute.points(training.PLOT_GRID)
    target = next(t.function for t in registry.TARGETS if t.name == fit.choice.target)
    x, y = grid.numpy(), target(grid).numpy()
    series = [
        figures.Series(y, "target", "target", colour=TARGET_COLOUR),
        figures.Series(fit.output, "network", "network", colour=NETWORK_COLOUR),
    ]
    if fit.choice.width <= SHOWN_UNITS:
        series += [
            figures.Series(
                share, f"unit_{j + 1}", "", colour=UNIT_COLOUR, width=UNIT_WIDTH, quiet=True
            )
            for j, share in enumerate(fit.contributions)
        ]
    formats = ("-", "--", *("-",) * (len(series) - 2))
    return figures.Chart(
        x,
        (figures.Panel(tuple(series), "y", formats=formats, ylim=ylim),),
        "x",
        TRAINING_FIGSIZE,
        xlim=_margins(x),
        xticks=TRAINING_XTICKS,
    )


def _loss_chart(loss: np.ndarray, ylim: tuple[float, float], every: int) -> Chart:
    """A network's training loss, after every `every`-th step, on a log axis."""
    from generator import figures

    steps = np.arange(len(loss), dtype=np.float64)[::every]
    panel = figures.Panel(
        (figures.Series(loss[::every], "loss", "", colour=TARGET_COLOUR),),
        "loss",
        yscale="log",
        ylim=ylim,
    )
    return figures.Chart(
        steps, (panel,), "step", TRAINING_FIGSIZE, xlim=_margins(steps), xname="step"
    )


def _frame(
    x: np.ndarray, xlabel: str, ylabel: str, ylim: tuple[float, float], yscale: str
) -> Chart:
    """Empty axes, as a chart of the same limits draws them, for the script's curves."""
    from generator import figures

    panel = figures.Panel((), ylabel, yscale=yscale, ylim=ylim)
    xticks = TRAINING_XTICKS if xlabel == "x" else None
    return figures.Chart(x, (panel,), xlabel, TRAINING_FIGSIZE, xlim=_margins(x), xticks=xticks)


def _margins(x: np.ndarray) -> tuple[float, float]:
    """matplotlib's own x limits for data spanning x: 5 % beyond either end."""
    span = float(x[-1] - x[0])
    return float(x[0]) - 0.05 * span, float(x[-1]) + 0.05 * span


def _training_frames(
    networks: Training,
) -> tuple[dict[str, tuple[float, float]], tuple[float, float]]:
    """The fixed y-axes of the trained networks' figures, so that switching choices keeps
    the axes still: for each target, what holds the target and every network's output
    (to the next quarter); for the loss, the decades that hold every loss."""
    fit_frames = {}
    for target in networks.targets:
        fits = [f for f in networks.fits if f.choice.target == target]
        low = min(min(f.output.min() for f in fits), 0.0)
        high = max(max(f.output.max() for f in fits), 1.0)
        fit_frames[target] = (math.floor(low * 4) / 4, math.ceil(high * 4) / 4)
    losses = np.concatenate([f.loss for f in networks.fits])
    positive = losses[losses > 0]
    loss_frame = (
        10.0 ** math.floor(math.log10(positive.min())),
        10.0 ** math.ceil(math.log10(losses.max())),
    )
    return fit_frames, loss_frame
