"""Figures as bytes: SVG plots in the look of d2l.plot, and the CSV of what they plot.

Every figure is drawn once, on its own `matplotlib.figure.Figure` (never pyplot's global
current figure), in the light colour scheme; its dark variant is the same SVG recoloured.
Material shows the `#only-light` variant in its light palette and the `#only-dark` one in
its dark palette.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from generator.compute import Trace


@dataclass(frozen=True)
class Scheme:
    """Colours of one page background; the curves keep matplotlib's default colours."""

    text: str  # labels, ticks and axes
    grid: str
    legend: str  # the legend's background


LIGHT = Scheme(text="#000000", grid="#b0b0b0", legend="#ffffff")
# Material's slate background is about #1e2129; these greys contrast with it.
DARK = Scheme(text="#e3e5ea", grid="#5d6170", legend="#1e2129")

# Settings that make the SVG small and byte-stable: text stays text (not glyph paths),
# element ids come from a fixed salt, and no creation date is written.
_STABLE_SVG: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "activation-atlas",
    "font.family": "DejaVu Sans",
}


@contextmanager
def _new_figure(figsize: tuple[float, float]) -> Iterator[Any]:
    """An explicit SVG `Figure` (never pyplot's current one), in the light colours."""
    import matplotlib  # imported here: a build that draws nothing never pays for it
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_style(LIGHT)):  # type: ignore[arg-type]
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
        "legend.facecolor": "inherit",  # the axes': transparent
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


def _shortest(value: np.floating) -> str:
    return np.format_float_positional(value, unique=True, trim="0")


@dataclass(frozen=True)
class FigureRef:
    """One figure's files below the site root (`<stem>.svg`, `<stem>-dark.svg`,
    `<stem>.csv`) and its size in CSS pixels."""

    stem: str
    width: int
    height: int

    @property
    def light(self) -> str:
        return f"{self.stem}.svg"

    @property
    def dark(self) -> str:
        return f"{self.stem}-dark.svg"

    @property
    def csv(self) -> str:
        return f"{self.stem}.csv"


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


def chart_svg(chart: Chart) -> bytes:
    """Draw `chart` in the look of d2l.plot, in the light colours, and return the SVG."""
    with _new_figure(chart.figsize) as figure:
        all_axes = figure.subplots(len(chart.panels), 1, sharex=True, squeeze=False)[:, 0]
        for axes, panel in zip(all_axes, chart.panels, strict=True):
            for series, fmt in zip(panel.series, panel.formats, strict=False):
                axes.plot(chart.x if series.x is None else series.x, series.y, fmt)
            axes.set_ylabel(panel.ylabel)
            axes.set_yscale(panel.yscale)
            if any(series.legend for series in panel.series):
                axes.legend([series.legend for series in panel.series])
            axes.grid()
        all_axes[-1].set_xlabel(chart.xlabel)
        return _svg_bytes(figure)


def chart_csv(chart: Chart) -> bytes:
    """The numbers `chart` draws: `x`, then one column per curve (`x,gelu,grad_gelu`).

    Values are written as the shortest decimal that reads back to the same float, so the
    CSV holds exactly the plotted numbers.
    """
    columns = [series for panel in chart.panels for series in panel.series if series.column]
    lines = [",".join(["x", *(series.column for series in columns)])]
    for i, x in enumerate(chart.x):
        lines.append(",".join([_shortest(x), *(_shortest(s.y[i]) for s in columns)]))
    return ("\n".join(lines) + "\n").encode()


def recolour(svg: bytes) -> bytes:
    """The dark variant of a light SVG, by swapping its colours.

    Drawing a chart twice costs twice the time, and the two drawings differ only in the
    colours of text, axes, grid and legend box: the light drawing leaves text black by
    default (no fill at all), so every text element gets the dark scheme's fill first in
    its style, where a fill matplotlib wrote itself still comes later and wins.
    """
    text = svg.decode()
    for light, dark in (
        (LIGHT.text, DARK.text),
        (LIGHT.grid, DARK.grid),
        (LIGHT.legend, DARK.legend),
    ):
        text = text.replace(light, dark)
    text = text.replace('<text style="', f'<text style="fill: {DARK.text}; ')
    return text.replace("<text>", f'<text style="fill: {DARK.text}">').encode()


def render(charts: dict[str, Chart]) -> tuple[dict[str, bytes], dict[str, FigureRef]]:
    """Every chart drawn in both colour schemes, with its CSV: the files by site path
    and the figures by stem (a path below the site root without its extension)."""
    files: dict[str, bytes] = {}
    refs: dict[str, FigureRef] = {}
    for stem, chart in charts.items():
        light = chart_svg(chart)
        ref = FigureRef(stem, *svg_size(light))
        files |= {ref.light: light, ref.dark: recolour(light), ref.csv: chart_csv(chart)}
        refs[stem] = ref
    return files, refs


def lesson_charts(trace: Trace, figsize: tuple[float, float]) -> tuple[Chart, Chart]:
    """The lesson's two figures of one activation, as d2l.plot draws them: the function,
    and its gradient, each one curve with its y label and no legend."""
    act = trace.activation
    return (
        _one_curve(trace.x, trace.y, act.label, figsize),
        _one_curve(trace.x, trace.grad, act.grad_label, figsize),
    )


def _one_curve(x: np.ndarray, y: np.ndarray, ylabel: str, figsize: tuple[float, float]) -> Chart:
    return Chart(x, (Panel((Series(y, ylabel, ""),), ylabel),), "x", figsize)


def atlas_chart(trace: Trace, figsize: tuple[float, float]) -> Chart:
    """An atlas page's figure: the function ('-') and its gradient ('m--'), one axes."""
    act = trace.activation
    function, gradient = act.legend
    panel = Panel(
        (Series(trace.y, act.name, function), Series(trace.grad, f"grad_{act.name}", gradient))
    )
    return Chart(trace.x, (panel,), "x", figsize)


def comparison_chart(traces: Sequence[Trace], figsize: tuple[float, float]) -> Chart:
    """Up to four activations on one axes, their gradients on a second one below."""
    functions = Panel(
        tuple(Series(t.y, t.activation.name, t.activation.name) for t in traces), "f(x)"
    )
    gradients = Panel(
        tuple(Series(t.grad, f"grad_{t.activation.name}", t.activation.name) for t in traces),
        "f'(x)",
    )
    return Chart(traces[0].x, (functions, gradients), "x", figsize)
