"""What the atlas says about each activation, read off its computed trace.

Every property is a plain function of the numbers the figure plots (the atlas grid,
float64), so the table on a page and the curve above it can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.compute import Trace, jumps

# |mean output| below this, for a standard normal input, counts as zero-centred.
CENTRED = 0.01
# |gradient| below this at an end of the domain counts as saturated at that end.
SATURATED = 0.05
# Rounding slack when comparing neighbouring outputs for monotonicity.
FLAT = 1e-12


@dataclass(frozen=True)
class Properties:
    """One activation's row of the atlas's table."""

    y_min: float
    y_max: float
    monotonic: bool  # never decreasing, or never increasing, across the domain
    normal_mean: float  # E[f(Z)] for Z ~ N(0, 1), by quadrature (compute.normal_mean)
    smoothness: str  # "smooth", "kink" (a jump in the gradient) or "jump" (in the function)
    corners: tuple[float, ...]  # where the gradient or the function jumps
    grad_at_zero: float  # autograd's gradient at exactly x = 0
    grad_max: float
    grad_max_at: tuple[tuple[float, float], ...]  # the intervals where it is reached
    saturates: str  # "both", "left", "right" or "no"

    @property
    def zero_centred(self) -> bool:
        return abs(self.normal_mean) < CENTRED

    @property
    def grad_argmax(self) -> float:
        """The first grid point where the gradient is largest."""
        return self.grad_max_at[0][0]


def properties_of(trace: Trace) -> Properties:
    x, y, grad = trace.x, trace.y, trace.grad
    function_jumps, gradient_jumps = jumps(y, trace.grid), jumps(grad, trace.grid)
    return Properties(
        y_min=float(y.min()),
        y_max=float(y.max()),
        monotonic=bool(np.all(np.diff(y) >= -FLAT) or np.all(np.diff(y) <= FLAT)),
        normal_mean=trace.normal_mean,
        smoothness="jump" if len(function_jumps) else "kink" if len(gradient_jumps) else "smooth",
        corners=_corners(x, np.union1d(function_jumps, gradient_jumps)),
        grad_at_zero=trace.grad_at_zero,
        grad_max=float(grad.max()),
        grad_max_at=_runs(x, grad >= grad.max() - FLAT),
        saturates=_saturation(grad),
    )


def _runs(x: np.ndarray, mask: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The runs of neighbouring grid points where `mask` holds, as (first x, last x)."""
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return tuple((float(x[a]), float(x[b])) for a, b in zip(starts, stops, strict=True))


def _corners(x: np.ndarray, steps: np.ndarray) -> tuple[float, ...]:
    """Each jump lies between x[i] and x[i + 1]; of the two, name the rounder number.

    PyTorch gives a corner point the value of one side or the other, so the jump shows
    next to it on either side; the corner itself is the point with the shorter decimal.
    """
    found = (min(x[i], x[i + 1], key=lambda v: len(f"{v:.10g}")) for i in steps)
    return tuple(sorted({float(v) for v in found}))


def _saturation(grad: np.ndarray) -> str:
    left, right = abs(grad[0]) < SATURATED, abs(grad[-1]) < SATURATED
    return {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
        (bool(left), bool(right)), "no"
    )
