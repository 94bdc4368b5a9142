"""Figures as bytes: SVG plots in the look of d2l.plot, and the CSV of what they plot.

Every figure is drawn once, on its own `matplotlib.figure.Figure` (never pyplot's global
current figure), in the light colour scheme; its dark variant is the same SVG recoloured.
Material shows the `#only-light` variant in its light palette and the `#only-dark` one in
its dark palette.
"""

from __future__ import annotations

import io
import itertools
import json
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


@dataclass(frozen=True)
class Layout:
    """Where matplotlib put each axes, in the SVG's own units (points) measured from the
    cropped view box's top-left corner; and the view box's size."""

    box: tuple[float, float]
    axes: tuple[tuple[float, float, float, float], ...]  # left, top, right, bottom


def _svg_bytes(figure: Any) -> tuple[bytes, Layout]:
    """The SVG of `figure`, cropped to its contents plus a margin, as `bbox_inches="tight"`
    crops; but drawn once, where matplotlib draws twice (once to measure, once to write),
    and the crop is the SVG's view box. With it, where each axes landed in that drawing
    (the SVG backend draws at 72 dots per inch, so display units are the SVG's points)."""
    measured: list[tuple[Any, list[Any]]] = []
    draw = figure.draw

    def draw_and_measure(renderer: Any) -> None:
        draw(renderer)
        boxes = [axes.bbox.frozen() for axes in figure.axes]
        measured.append((figure.get_tightbbox(renderer).padded(_PAD_INCHES), boxes))

    figure.draw = draw_and_measure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    tight, boxes = measured[0]
    height = figure.get_figheight() * _POINTS
    left, top = tight.x0 * _POINTS, height - tight.y1 * _POINTS
    layout = Layout(
        (tight.width * _POINTS, tight.height * _POINTS),
        tuple((b.x0 - left, height - b.y1 - top, b.x1 - left, height - b.y0 - top) for b in boxes),
    )
    return lean_svg(_cropped(buffer.getvalue(), tight, figure.get_figheight())), layout


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


def _column(values: np.ndarray) -> list[str]:
    """Each value as `_shortest` writes it. For doubles, Python's repr is the same
    shortest decimal, written ten times faster, but for those it writes with an
    exponent."""
    if values.dtype != np.float64:
        return [_shortest(v) for v in values]
    return [_shortest(np.float64(v)) if "e" in (text := repr(v)) else text for v in values.tolist()]


@dataclass(frozen=True)
class FigureRef:
    """One figure's files below the site root (`<stem>.svg`, `<stem>-dark.svg`,
    `<stem>.csv` and the readout file `<stem>.json`) and its size in CSS pixels."""

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

    @property
    def readout(self) -> str:
        return f"{self.stem}.json"


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
    colour: str = ""  # its own colour and line width, where the format gives none
    width: float = 0.0
    quiet: bool = False  # drawn and listed, but left out of the readout (a unit's share)


@dataclass(frozen=True)
class Panel:
    """One axes of a chart: up to four curves in d2l.plot's formats, with a legend."""

    series: tuple[Series, ...]
    ylabel: str = ""
    yscale: str = "linear"
    formats: tuple[str, ...] = D2L_FORMATS
    ylim: tuple[float, float] | None = None  # matplotlib's own limits when None


@dataclass(frozen=True)
class Chart:
    """d2l.plot(x, [y1, y2, ...], legend=[...]), one axes per panel, stacked."""

    x: np.ndarray
    panels: tuple[Panel, ...]
    xlabel: str
    figsize: tuple[float, float]
    xlim: tuple[float, float] | None = None  # matplotlib's own limits when None
    xticks: tuple[float, ...] | None = None  # matplotlib's own ticks when None
    xname: str = "x"  # the CSV's name of the first column: what x holds


def draw(chart: Chart) -> tuple[bytes, bytes]:
    """Draw `chart` in the look of d2l.plot, in the light colours: its SVG, and its
    readout file (see `readout`)."""
    with _new_figure(chart.figsize) as figure:
        all_axes = figure.subplots(len(chart.panels), 1, sharex=True, squeeze=False)[:, 0]
        lines = []
        for axes, panel in zip(all_axes, chart.panels, strict=True):
            if len(panel.series) > len(panel.formats):
                raise ValueError(f"{len(panel.series)} curves, {len(panel.formats)} formats")
            drawn = []
            for series, fmt in zip(panel.series, panel.formats, strict=False):
                x = chart.x if series.x is None else series.x
                drawn += axes.plot(x, series.y, fmt, **_style_of(series))
            lines += drawn
            axes.set_ylabel(panel.ylabel)
            axes.set_yscale(panel.yscale)
            if panel.ylim is not None:
                axes.set_ylim(panel.ylim)
            named = [
                (line, s.legend) for line, s in zip(drawn, panel.series, strict=True) if s.legend
            ]
            if named:
                axes.legend(*zip(*named, strict=True))
            axes.grid()
        all_axes[-1].set_xlabel(chart.xlabel)
        if chart.xlim is not None:
            all_axes[-1].set_xlim(chart.xlim)
        if chart.xticks is not None:
            all_axes[-1].set_xticks(chart.xticks)
        svg, layout = _svg_bytes(figure)
        return svg, readout(chart, layout, all_axes, lines)


def _style_of(series: Series) -> dict[str, Any]:
    """The keyword arguments of a series' own colour and width, for `axes.plot`."""
    style: dict[str, Any] = {}
    if series.colour:
        style["color"] = series.colour
    if series.width:
        style["linewidth"] = series.width
    return style


def chart_csv(chart: Chart) -> bytes:
    """The numbers `chart` draws: x, then one column per curve (`x,gelu,grad_gelu`).

    Values are written as the shortest decimal that reads back to the same float, so the
    CSV holds exactly the plotted numbers.
    """
    columns = [series for panel in chart.panels for series in panel.series if series.column]
    header = ",".join([chart.xname, *(series.column for series in columns)])
    rows = zip(_column(chart.x), *(_column(np.asarray(s.y)) for s in columns), strict=True)
    return ("\n".join([header, *(",".join(row) for row in rows)]) + "\n").encode()


# Decimals of the values a readout shows (and its file holds) on a linear axes: the atlas
# tables' precision. A log axes shows significant digits instead, as many as this.
READOUT_DECIMALS = 4
READOUT_DIGITS = 4


def readout(chart: Chart, layout: Layout, all_axes: Sequence[Any], lines: Sequence[Any]) -> bytes:
    """The readout file of a drawn chart (JSON), read by the page script: the chart's x
    and every curve of its CSV, rounded to what the readout shows, and each axes' map
    from data to the SVG's view box, taken from matplotlib's own limits and placement.

    Values on a linear axes are whole numbers of 10^-q, as the first and then the
    differences between neighbours: exact, and a straight piece of a curve compresses
    to almost nothing.
    """
    panels = []
    for axes, (left, top, right, bottom) in zip(all_axes, layout.axes, strict=True):
        log = axes.get_yscale() == "log"
        x0, x1 = axes.get_xlim()
        y0, y1 = (np.log10(limit) if log else limit for limit in axes.get_ylim())
        ax, ay = (right - left) / (x1 - x0), (top - bottom) / (y1 - y0)
        panels.append(
            {
                "x": [_scale(ax), _round(left - ax * x0)],
                "y": [_scale(ay), _round(bottom - ay * y0)],
                "log": log,
                "box": [_round(v) for v in (left, top, right, bottom)],
            }
        )
    drawn = iter(lines)
    series = []
    for index, panel in enumerate(chart.panels):
        for s, line in zip(panel.series, drawn, strict=False):
            if not s.column:
                continue
            style = (_hex(line.get_color()), line.get_linestyle(), line.get_linewidth())
            series.append(_series_entry(s, panel, index, style))
    data = {
        "box": [_round(v) for v in layout.box],
        "xlabel": chart.xlabel,
        "x": _quantised(chart.x, _x_decimals(chart.x)),
        "panels": panels,
        "series": series,
    }
    return json.dumps(data, separators=(",", ":")).encode()


def _series_entry(
    s: Series, panel: Panel, index: int, style: tuple[str, str, float]
) -> dict[str, Any]:
    """A curve as a readout or data file holds it: its label, panel and look (colour,
    dash and width as matplotlib draws it) and its values at the readout's precision."""
    colour, dash, width = style
    entry: dict[str, Any] = {
        "label": s.legend or panel.ylabel or s.column,
        "panel": index,
        "colour": colour,
        "dash": dash,
        "width": _round(width),
    }
    if s.quiet:
        entry["quiet"] = True
    # A log axis, or a curve that fixed decimals would show as zeros only (a difference
    # of 10^-16), reads in significant digits.
    if panel.yscale == "log" or np.abs(s.y).max() < 0.5 * 10**-READOUT_DECIMALS:
        entry |= {"sig": READOUT_DIGITS, "v": [_significant(v) for v in s.y]}
    else:
        entry |= _quantised(s.y, READOUT_DECIMALS)
    return entry


def data_file(chart: Chart) -> bytes:
    """A chart's numbers for the page script to draw over an empty frame of the same
    axes (see `frame_chart`), without a drawing of its own: its x and every curve of its
    CSV, as the readout file holds them. Every curve has its own colour and width (a
    format gives the dash: "-", "--", "-." or ":")."""
    series = [
        _series_entry(s, panel, index, (s.colour, fmt, s.width))
        for index, panel in enumerate(chart.panels)
        for s, fmt in zip(panel.series, panel.formats, strict=False)
        if s.column
    ]
    data = {
        "xlabel": chart.xlabel,
        "x": _quantised(chart.x, _x_decimals(chart.x)),
        "series": series,
    }
    return json.dumps(data, separators=(",", ":")).encode()


def _round(value: float) -> float:
    """A position in points, to a thousandth: far below what a screen shows."""
    return round(float(value), 3)


def _scale(value: float) -> float:
    """Points per unit of data, to six significant digits: an axis of 500 steps would
    carry a thousandth's error to a tenth of a point at its far end."""
    return float(f"{value:.6g}")


def _hex(colour: Any) -> str:
    from matplotlib.colors import to_hex

    return str(to_hex(colour))


def _significant(value: float) -> float:
    return float(f"{value:.{READOUT_DIGITS - 1}e}")


def _quantised(values: np.ndarray, decimals: int) -> dict[str, Any]:
    """`values` rounded to `decimals` (as Python rounds: the nearest, exactly), as whole
    numbers of 10^-decimals: the first, then each one's difference from the one before."""
    whole = [round(round(float(v), decimals) * 10**decimals) for v in values]
    return {"q": decimals, "d": [whole[0], *np.diff(whole).tolist()] if whole else []}


def _x_decimals(x: np.ndarray) -> int:
    """The fewest decimals (at most 6) that show every grid point to within 10^-5, the
    lesson's single-precision points among them (-7.9000001 is -7.9)."""
    for decimals in range(7):
        if np.all(np.abs(np.round(x, decimals) - x) <= 1e-5):
            return decimals
    return 6


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
    """Every chart drawn in both colour schemes, with its CSV (if it plots anything) and
    its readout file: the files by site path and the figures by stem (a path below the
    site root without its extension)."""
    files: dict[str, bytes] = {}
    refs: dict[str, FigureRef] = {}
    for stem, chart in charts.items():
        light, numbers = draw(chart)
        ref = FigureRef(stem, *svg_size(light))
        files |= {ref.light: light, ref.dark: recolour(light), ref.readout: numbers}
        if any(series.column for panel in chart.panels for series in panel.series):
            files[ref.csv] = chart_csv(chart)
        refs[stem] = ref
    return files, refs


def render_drawing(stem: str, light: bytes) -> tuple[dict[str, bytes], FigureRef]:
    """A drawing that plots no numbers (a diagram): its SVG in both colour schemes, with
    no CSV and no readout file."""
    ref = FigureRef(stem, *svg_size(light))
    return {ref.light: light, ref.dark: recolour(light)}, ref


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
    """An atlas page's figure: the function above, its gradient below, each on its own
    axes (a gradient's features, such as GELU's dip to -0.17, would flatten on the
    function's scale), labelled as the lesson labels them."""
    function, gradient = trace.activation.legend
    name = trace.activation.name
    return Chart(
        trace.x,
        (
            Panel((Series(trace.y, name, ""),), function),
            Panel((Series(trace.grad, f"grad_{name}", ""),), gradient),
        ),
        "x",
        figsize,
    )


# The bounds a comparison frame's y-axis may have (and their negatives): a frame spans
# the nearest of them that hold every chosen curve, and 0. A few sizes, so that a few
# frames serve every choice of curves.
FRAME_BOUNDS = (0.0, 0.25, 1.0, 1.25, 2.0, 8.0)


def frame_bounds(low: float, high: float) -> tuple[float, float]:
    """The frame bounds nearest outside [min(low, 0), max(high, 0)] (see FRAME_BOUNDS)."""
    ladder = sorted({*FRAME_BOUNDS, *(-b for b in FRAME_BOUNDS)})
    below = [b for b in ladder if b <= min(low, 0.0)]
    above = [b for b in ladder if b >= max(high, 0.0)]
    return (below[-1] if below else low), (above[0] if above else high)


def frame_chart(
    x: np.ndarray, ylabel: str, bounds: tuple[float, float], figsize: tuple[float, float]
) -> Chart:
    """Empty axes for curves the reader chooses (the overview's comparison): x as the
    atlas figures show it, y from `bounds` with matplotlib's margin of 5% either side."""
    (x0, x1), (y0, y1) = (x[0], x[-1]), bounds
    xlim = (x0 - MARGIN * (x1 - x0), x1 + MARGIN * (x1 - x0))
    ylim = (y0 - MARGIN * (y1 - y0), y1 + MARGIN * (y1 - y0))
    return Chart(x, (Panel((), ylabel, ylim=ylim),), "x", figsize, xlim=xlim)


MARGIN = 0.05  # matplotlib's axes.xmargin and axes.ymargin


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


@dataclass(frozen=True)
class Network:
    """A fully connected network drawn as the lesson draws one: its layers of units from
    the inputs at the bottom to the outputs at the top, each unit a labelled circle with
    an arrow to every unit of the layer above, and a note beside each layer.

    Labels and notes are matplotlib mathtext (`$x_1$`): the SVG keeps no words, which
    belong to the page's caption in the reader's language (DejaVu Sans, which measures
    the text, has no Chinese glyphs)."""

    layers: tuple[tuple[str, ...], ...]  # each layer's unit labels, inputs first
    notes: tuple[str, ...]  # one per layer, to the right of the widest layer
    unit: float = 0.27  # a unit's radius, in inches
    across: float = 0.78  # between the centres of neighbouring units, in inches
    between: float = 1.3  # between the centres of neighbouring layers, in inches
    fontsize: float = 16  # of labels and notes, in points (a subscript is 0.7 of it)


def network_svg(network: Network) -> bytes:
    """Draw `network` on its own figure, in the light colours, cropped like a chart: the
    SVG. Its dark variant is `recolour` of it, as for charts: every line and letter is in
    the light scheme's text colour (the arrows' heads are open, as a filled black head
    would be written without a fill for `recolour` to change) and every unit is filled
    with the legend's background, which hides the ends of the arrows behind it."""
    widest = max(len(layer) for layer in network.layers)
    width = widest * network.across + 1.4  # the notes take about an inch to the right
    height = (len(network.layers) - 1) * network.between + 2 * network.unit
    with _new_figure((width, height)) as figure:
        layers = _units(network, widest)
        for below, above in itertools.pairwise(layers):
            for start in below:
                for end in above:
                    _arrow(figure, start, end, network.unit)
        for layer in layers:
            for unit in layer:
                _unit(figure, unit, network)
        for note, layer in zip(network.notes, layers, strict=False):
            x, y = widest * network.across + network.unit, layer[0][1][1]
            _text(figure, (x, y), note, network.fontsize, ha="left")
        return _svg_bytes(figure)[0]


Unit = tuple[str, tuple[float, float]]  # a unit's label and its centre in inches


def _units(network: Network, widest: int) -> list[list[Unit]]:
    """Each layer's units, with their centres measured from the figure's bottom left;
    every layer is centred on the widest one."""
    layers = []
    for index, labels in enumerate(network.layers):
        left = (widest - len(labels) + 1) * network.across / 2
        y = network.unit + index * network.between
        layers.append([(label, (left + i * network.across, y)) for i, label in enumerate(labels)])
    return layers


def _unit(figure: Any, unit: Unit, network: Network) -> None:
    from matplotlib.patches import Circle

    label, centre = unit
    circle = Circle(
        centre,
        network.unit,
        transform=figure.dpi_scale_trans,
        zorder=2,
        facecolor=LIGHT.legend,
        edgecolor=LIGHT.text,
        linewidth=1.2,
    )
    circle.set_gid(f"unit-{_gid(label)}")
    figure.add_artist(circle)
    _text(figure, centre, label, network.fontsize, ha="center")


def _text(figure: Any, at: tuple[float, float], text: str, size: float, ha: str) -> None:
    figure.text(
        *at, text, transform=figure.dpi_scale_trans, fontsize=size, ha=ha, va="center", zorder=3
    )


def _arrow(figure: Any, start: Unit, end: Unit, radius: float) -> None:
    from matplotlib.patches import FancyArrowPatch

    # shrinkA and shrinkB are in points: the arrow runs from circle edge to circle edge.
    arrow = FancyArrowPatch(
        start[1],
        end[1],
        transform=figure.dpi_scale_trans,
        arrowstyle="->, head_length=0.5, head_width=0.25",
        mutation_scale=10,
        shrinkA=radius * _POINTS,
        shrinkB=radius * _POINTS,
        color=LIGHT.text,
        linewidth=0.8,
        zorder=1,
    )
    arrow.set_gid(f"arrow-{_gid(start[0])}-{_gid(end[0])}")
    figure.add_artist(arrow)


def _gid(label: str) -> str:
    """An SVG id from a mathtext label: '$x_1$' -> 'x1'."""
    return re.sub(r"[^A-Za-z0-9]", "", label)
