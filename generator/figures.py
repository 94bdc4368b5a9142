"""Figures as bytes: SVG plots in the look of d2l.plot, and the CSV of what they plot.

Every figure is drawn on its own `matplotlib.figure.Figure` (never pyplot's global current
figure), once for the light colour scheme and once for the dark one: Material shows the
`#only-light` variant in its light palette and the `#only-dark` one in its dark palette.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from generator.compute import Trace


@dataclass(frozen=True)
class Scheme:
    """Colours of one page background; the curve keeps matplotlib's default blue."""

    name: str  # "light" or "dark"
    text: str  # labels, ticks and axes
    grid: str
    legend: str = "inherit"  # the legend's background ("inherit": the axes', transparent)


LIGHT = Scheme(name="light", text="#000000", grid="#b0b0b0")
# Material's slate background is about #1e2129; these greys contrast with it.
DARK = Scheme(name="dark", text="#e3e5ea", grid="#5d6170", legend="#1e2129")
SCHEMES = (LIGHT, DARK)

# Settings that make the SVG small and byte-stable: text stays text (not glyph paths),
# element ids come from a fixed salt, and no creation date is written.
_STABLE_SVG: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "activation-atlas",
    "font.family": "DejaVu Sans",
}


@dataclass(frozen=True)
class Plot:
    """One d2l.plot call: x against y with the given axis labels."""

    x: np.ndarray
    y: np.ndarray
    xlabel: str
    ylabel: str
    figsize: tuple[float, float]


def plot_svg(plot: Plot, scheme: Scheme) -> bytes:
    """Draw `plot` as d2l.plot would (one solid line, a grid) and return the SVG bytes."""
    with _new_figure(plot.figsize, scheme) as figure:
        axes = figure.add_subplot()
        axes.plot(plot.x, plot.y, "-")
        axes.set_xlabel(plot.xlabel)
        axes.set_ylabel(plot.ylabel)
        axes.grid()
        return _svg_bytes(figure)


@contextmanager
def _new_figure(figsize: tuple[float, float], scheme: Scheme) -> Iterator[Any]:
    """An explicit SVG `Figure` (never pyplot's current one), drawn in `scheme`'s colours."""
    import matplotlib  # imported here: a build that draws nothing never pays for it
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_style(scheme)):  # type: ignore[arg-type]
        figure = Figure(figsize=figsize)
        FigureCanvasSVG(figure)
        yield figure


def _style(scheme: Scheme) -> dict[str, Any]:
    return {
        **_STABLE_SVG,
        "text.color": scheme.text,
        "axes.labelcolor": scheme.text,
        "axes.edgecolor": scheme.text,
        "xtick.color": scheme.text,
        "ytick.color": scheme.text,
        "grid.color": scheme.grid,
        "legend.facecolor": scheme.legend,
        "legend.edgecolor": scheme.grid,
    }


def _svg_bytes(figure: Any) -> bytes:
    """The SVG of `figure`, cropped to its contents plus a margin, as `bbox_inches="tight"`
    crops; but drawn once, where matplotlib draws twice (once to measure, once to write),
    and the crop is the SVG's view box."""
    tight: list[Any] = []
    draw = figure.draw

    def draw_and_measure(renderer: Any) -> None:
        draw(renderer)
        tight.append(figure.get_tightbbox(renderer).padded(_PAD_INCHES))

    figure.draw = draw_and_measure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    return lean_svg(_cropped(buffer.getvalue(), tight[0], figure.get_figheight()))


_PAD_INCHES = 0.1  # matplotlib's savefig.pad_inches, the margin of a tight crop
_POINTS = 72  # per inch: the SVG's unit
_SVG_SIZE = re.compile(rb'width="[\d.]+pt" height="[\d.]+pt" viewBox="[\d. ]+"')


def _cropped(svg: bytes, box: Any, figure_height: float) -> bytes:
    """Crop the SVG to `box` (inches from the figure's bottom left) by its view box."""
    left, top = box.x0 * _POINTS, (figure_height - box.y1) * _POINTS
    width, height = box.width * _POINTS, box.height * _POINTS
    size = (
        f'width="{width:.2f}pt" height="{height:.2f}pt" '
        f'viewBox="{left:.2f} {top:.2f} {width:.2f} {height:.2f}"'
    )
    return _SVG_SIZE.sub(size.encode(), svg, count=1)


_GEOMETRY = re.compile(rb'( (?:d|x|y|transform|viewBox)=")([^"]*)(")')
_LONG_DECIMAL = re.compile(rb"(-?\d+\.\d{3,})")


def lean_svg(svg: bytes) -> bytes:
    """Round coordinates to 1/100 pt: matplotlib writes 6 decimals, which only add bytes."""

    def rounded(number: re.Match[bytes]) -> bytes:
        return (b"%.2f" % float(number[1])).rstrip(b"0").rstrip(b".")

    def attribute(match: re.Match[bytes]) -> bytes:
        return match[1] + _LONG_DECIMAL.sub(rounded, match[2]) + match[3]

    return _GEOMETRY.sub(attribute, svg)


def plot_csv(plot: Plot) -> bytes:
    """The numbers `plot` draws, one row per point, headed `x` and the y label.

    Values are written as the shortest decimal that reads back to the same float32, so
    the CSV holds exactly the plotted numbers.
    """
    lines = [f"x,{plot.ylabel}"]
    for x, y in zip(plot.x, plot.y, strict=True):
        lines.append(f"{_shortest(x)},{_shortest(y)}")
    return ("\n".join(lines) + "\n").encode()


def _shortest(value: np.floating) -> str:
    return np.format_float_positional(value, unique=True, trim="0")


@dataclass(frozen=True)
class FigureRef:
    """Where one figure's files live, relative to the site root, and its size in px."""

    light: str
    dark: str
    csv: str
    width: int
    height: int


FIGURES_DIR = "figures"


def lesson_plots(trace: Trace, figsize: tuple[float, float]) -> dict[str, Plot]:
    """The lesson's two figures of one activation (forward, gradient), by file stem."""
    act = trace.activation
    stem = f"{FIGURES_DIR}/mlp/{act.name}"
    return {
        stem: Plot(trace.x, trace.y, "x", act.label, figsize),
        f"{stem}-grad": Plot(trace.x, trace.grad, "x", act.grad_label, figsize),
    }


def lesson_refs(name: str, refs: dict[str, FigureRef]) -> tuple[FigureRef, FigureRef]:
    """The forward and gradient figure of the lesson's activation called `name`."""
    stem = f"{FIGURES_DIR}/mlp/{name}"
    return refs[stem], refs[f"{stem}-grad"]


def svg_size(svg: bytes) -> tuple[int, int]:
    """The SVG's width and height in CSS pixels (matplotlib writes points)."""
    found = re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        raise ValueError("SVG without a width and height in points")
    return round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3)


# d2l.plot's line formats, in order: solid, magenta dashes, green dash-dots, red dots.
D2L_FORMATS = ("-", "m--", "g-.", "r:")


@dataclass(frozen=True)
class Series:
    """One curve: its values on the chart's x, its CSV column and its legend entry."""

    y: np.ndarray
    column: str  # "" for a curve that is drawn but not written to the CSV
    legend: str
    x: np.ndarray | None = None  # its own x, for marks drawn over the chart's curves


@dataclass(frozen=True)
class Panel:
    """One axes of a chart: up to four curves in d2l.plot's formats, with a legend."""

    series: tuple[Series, ...]
    ylabel: str = ""
    yscale: str = "linear"
    formats: tuple[str, ...] = D2L_FORMATS


@dataclass(frozen=True)
class Chart:
    """d2l.plot(x, [y1, y2, ...], legend=[...]), one axes per panel, stacked."""

    x: np.ndarray
    panels: tuple[Panel, ...]
    xlabel: str
    figsize: tuple[float, float]


def chart_svg(chart: Chart, scheme: Scheme) -> bytes:
    """Draw `chart` in the look of d2l.plot and return the SVG bytes."""
    with _new_figure(chart.figsize, scheme) as figure:
        all_axes = figure.subplots(len(chart.panels), 1, sharex=True, squeeze=False)[:, 0]
        for axes, panel in zip(all_axes, chart.panels, strict=True):
            for series, fmt in zip(panel.series, panel.formats, strict=False):
                axes.plot(chart.x if series.x is None else series.x, series.y, fmt)
            axes.set_ylabel(panel.ylabel)
            axes.set_yscale(panel.yscale)
            axes.legend([series.legend for series in panel.series])
            axes.grid()
        all_axes[-1].set_xlabel(chart.xlabel)
        return _svg_bytes(figure)


def chart_csv(chart: Chart) -> bytes:
    """The numbers `chart` draws: `x`, then one column per curve (`x,gelu,grad_gelu`)."""
    columns = [series for panel in chart.panels for series in panel.series if series.column]
    lines = [",".join(["x", *(series.column for series in columns)])]
    for i, x in enumerate(chart.x):
        lines.append(",".join([_shortest(x), *(_shortest(s.y[i]) for s in columns)]))
    return ("\n".join(lines) + "\n").encode()


def recolour(svg: bytes, light: Scheme, dark: Scheme) -> bytes:
    """The dark variant of a light SVG, by swapping its scheme colours.

    Drawing a chart twice costs twice the time, and the two drawings differ only in the
    colours of text, axes, grid and legend box: the light drawing leaves text black by
    default (no fill at all), so every text element gets the dark scheme's fill first in
    its style, where a fill matplotlib wrote itself still comes later and wins.
    """
    text = svg.decode()
    for old, new in ((light.text, dark.text), (light.grid, dark.grid), ("#ffffff", dark.legend)):
        text = text.replace(old, new)
    text = text.replace('<text style="', f'<text style="fill: {dark.text}; ')
    return text.replace("<text>", f'<text style="fill: {dark.text}">').encode()


# Anything this module draws: one d2l.plot call with one curve, or a chart of several.
Drawing = Plot | Chart


def light_svg(drawing: Drawing) -> bytes:
    """The light-scheme SVG of `drawing`; a worker process can run this on its own."""
    if isinstance(drawing, Plot):
        return plot_svg(drawing, LIGHT)
    return chart_svg(drawing, LIGHT)


def drawing_csv(drawing: Drawing) -> bytes:
    return plot_csv(drawing) if isinstance(drawing, Plot) else chart_csv(drawing)


# Starts a function over a list of drawings; the call it returns waits for the results.
Submit = Callable[[Callable[[Drawing], bytes], list[Drawing]], Callable[[], list[bytes]]]


def when_asked(
    function: Callable[[Drawing], bytes], drawings: list[Drawing]
) -> Callable[[], list[bytes]]:
    """The plain Submit: draw one figure after another, in this process, when asked."""
    return lambda: [function(drawing) for drawing in drawings]


def start_drawing(
    drawings: Mapping[str, Drawing], submit: Submit | None = None
) -> Callable[[], tuple[dict[str, bytes], dict[str, FigureRef]]]:
    """Start drawing (through `submit`: in worker processes); the call returned waits and
    gives every drawing in both colour schemes with its CSV, as files and refs by stem.

    The dark variant is the light one recoloured, which costs a string replace, not a
    drawing.
    """
    stems = list(drawings)
    lights = (submit or when_asked)(light_svg, [drawings[stem] for stem in stems])

    def finish() -> tuple[dict[str, bytes], dict[str, FigureRef]]:
        files: dict[str, bytes] = {}
        refs: dict[str, FigureRef] = {}
        for stem, light in zip(stems, lights(), strict=True):
            files[f"{stem}.svg"] = light
            files[f"{stem}-dark.svg"] = recolour(light, LIGHT, DARK)
            files[f"{stem}.csv"] = drawing_csv(drawings[stem])
            width, height = svg_size(light)
            refs[stem] = FigureRef(f"{stem}.svg", f"{stem}-dark.svg", f"{stem}.csv", width, height)
        return files, refs

    return finish


def atlas_chart(trace: Trace, figsize: tuple[float, float]) -> Chart:
    """An atlas page's figure: the function ('-') and its gradient ('m--'), one axes."""
    act = trace.activation
    panel = Panel(
        (
            Series(trace.y, act.atlas_label, act.atlas_legend[0]),
            Series(trace.grad, act.atlas_grad_label, act.atlas_legend[1]),
        )
    )
    return Chart(trace.x, (panel,), "x", figsize)


def comparison_chart(traces: Sequence[Trace], figsize: tuple[float, float]) -> Chart:
    """Up to four activations on one axes, their gradients on a second one below."""
    functions = Panel(
        tuple(Series(t.y, t.activation.atlas_label, t.activation.name) for t in traces),
        "f(x)",
    )
    gradients = Panel(
        tuple(Series(t.grad, t.activation.atlas_grad_label, t.activation.name) for t in traces),
        "f'(x)",
    )
    return Chart(traces[0].x, (functions, gradients), "x", figsize)


def atlas_stem(name: str) -> str:
    """Where the atlas page of the activation called `name` keeps its figure."""
    return f"{FIGURES_DIR}/activations/{name}"


def comparison_stem(name: str) -> str:
    return f"{FIGURES_DIR}/activations/compare-{name}"
