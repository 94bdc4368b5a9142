"""Figures as bytes: SVG plots in the look of d2l.plot, and the CSV of what they plot.

Every figure is drawn on its own `matplotlib.figure.Figure` (never pyplot's global current
figure), once for the light colour scheme and once for the dark one: Material shows the
`#only-light` variant in its light palette and the `#only-dark` one in its dark palette.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
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


LIGHT = Scheme(name="light", text="#000000", grid="#b0b0b0")
# Material's slate background is about #1e2129; these greys contrast with it.
DARK = Scheme(name="dark", text="#e3e5ea", grid="#5d6170")
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
    import matplotlib  # imported here: a build that draws nothing never pays for it
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    style: dict[str, Any] = {
        **_STABLE_SVG,
        "text.color": scheme.text,
        "axes.labelcolor": scheme.text,
        "axes.edgecolor": scheme.text,
        "xtick.color": scheme.text,
        "ytick.color": scheme.text,
        "grid.color": scheme.grid,
    }
    with matplotlib.rc_context(style):  # type: ignore[arg-type]
        figure = Figure(figsize=plot.figsize)
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        axes.plot(plot.x, plot.y, "-")
        axes.set_xlabel(plot.xlabel)
        axes.set_ylabel(plot.ylabel)
        axes.grid()
        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            transparent=True,
            metadata={"Date": None, "Creator": None},
        )
    return lean_svg(buffer.getvalue())


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


def lesson_figures(
    traces: Sequence[Trace], figsize: tuple[float, float]
) -> tuple[dict[str, bytes], dict[str, tuple[FigureRef, FigureRef]]]:
    """The lesson's two figures per activation (forward, gradient), as files and refs.

    Returns {path under the site root: bytes} and, per activation, the refs of its
    forward and gradient figures.
    """
    files: dict[str, bytes] = {}
    refs: dict[str, tuple[FigureRef, FigureRef]] = {}
    for trace in traces:
        act = trace.activation
        forward = Plot(trace.x, trace.y, "x", act.label, figsize)
        gradient = Plot(trace.x, trace.grad, "x", act.grad_label, figsize)
        refs[act.name] = (
            _add(files, f"{FIGURES_DIR}/mlp/{act.name}", forward),
            _add(files, f"{FIGURES_DIR}/mlp/{act.name}-grad", gradient),
        )
    return files, refs


def _add(files: dict[str, bytes], stem: str, plot: Plot) -> FigureRef:
    light, dark = (plot_svg(plot, scheme) for scheme in SCHEMES)
    files[f"{stem}.svg"] = light
    files[f"{stem}-dark.svg"] = dark
    files[f"{stem}.csv"] = plot_csv(plot)
    width, height = svg_size(light)
    return FigureRef(f"{stem}.svg", f"{stem}-dark.svg", f"{stem}.csv", width, height)


def svg_size(svg: bytes) -> tuple[int, int]:
    """The SVG's width and height in CSS pixels (matplotlib writes points)."""
    found = re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    if found is None:
        raise ValueError("SVG without a width and height in points")
    return round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3)
