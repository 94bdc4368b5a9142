"""Run activations through torch: the forward pass, the backward pass, and checks.

Each activation gets its own leaf tensor on the grid. The lesson's code shares one `x`
and clears `x.grad` between activations (gradients accumulate); a fresh leaf gives the
same numbers, bit for bit (the tests run the pages' code and compare).

Every backward pass here starts from `y.sum()`, where the pages' code passes
`torch.ones_like(x)` to `y.backward`: the same vector-Jacobian product, bit for bit, but a
tensor argument makes PyTorch import sympy for a shape check, a large share of a build
(benchmarks/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.errors import Problem, fail_if_any
from generator.registry import Activation, Grid, entry_line

if TYPE_CHECKING:
    import torch

# Largest allowed gap between autograd and the analytic derivative, by the grid's dtype.
# In float64 most entries agree to a few units in the last place; PyTorch's hardsigmoid
# backward multiplies by a single-precision 1/6, which is 5e-9 off, so the bound sits
# just above that.
TOLERANCE = {"float32": 1e-6, "float64": 1e-8}

# A change between neighbouring grid points of more than this many times the step is a
# jump, not a slope. The steepest continuous curve the site computes rises by 2 per unit
# (ELU's gradient with alpha = 2 just left of 0; softsign's gradient next to 0), so on a
# grid of step 0.02 it moves by 0.04 at most, below the threshold of 0.1; the smallest
# corner, hardsigmoid's, jumps by 1/6. On a coarser grid a corner that small reads as a
# slope: `check` compares each curve's jumps with those on a grid `REFINE` times finer.
JUMP_SLOPE = 5.0
REFINE = 10


@dataclass(frozen=True)
class Trace:
    """One activation evaluated on a grid: inputs, outputs and autograd's gradient."""

    activation: Activation
    grid: Grid
    x: np.ndarray
    y: np.ndarray
    grad: np.ndarray
    grad_at_zero: float  # autograd's gradient at exactly x = 0, in the grid's dtype
    normal_mean: float  # E[f(Z)] for a standard normal Z (see `normal_mean`)


def points(grid: Grid) -> torch.Tensor:
    """The grid's points, as the pages' code makes them (see `Grid.code`)."""
    import torch  # imported here: importing this module stays cheap

    if grid.exact:
        ks = torch.arange(grid.start * grid.per_unit, grid.end * grid.per_unit + 1)
        return ks.to(torch.float64) / grid.per_unit
    return torch.arange(float(grid.start), float(grid.end), 1 / grid.per_unit)


def traces(activations: Sequence[Activation], grid: Grid) -> list[Trace]:
    """Each activation's forward and backward pass on `grid`, checked (see `check`)."""
    fail_if_any([p for a in activations if (p := _unknown_function(a))])
    found = [_trace(activation, grid) for activation in activations]
    check(found)
    return found


def _trace(activation: Activation, grid: Grid, with_mean: bool = True) -> Trace:
    x = points(grid).requires_grad_()
    y = activation.forward(x)
    y.sum().backward()  # the pages: y.backward(torch.ones_like(x))
    assert x.grad is not None
    zero = x.new_zeros(1).requires_grad_()
    activation.forward(zero).sum().backward()
    assert zero.grad is not None
    return Trace(
        activation,
        grid,
        _array(x),
        _array(y),
        _array(x.grad),
        float(zero.grad),
        normal_mean(activation, grid) if with_mean else float("nan"),
    )


# E[f(Z)] is integrated on a grid this many times finer than the plotted one: the
# trapezoid rule errs by about step * jump * density / 2 at a jump in the function
# (threshold's), 0.002 on the atlas's own grid, 2e-5 on this one.
MEAN_REFINE = 100


def normal_mean(activation: Activation, grid: Grid) -> float:
    """E[f(Z)], Z standard normal, by the trapezoid rule in float64 on a grid
    `MEAN_REFINE` times finer than `grid` (±7 holds all but 3e-12 of the distribution)."""
    import torch

    fine = Grid(grid.start, grid.end, grid.per_unit * MEAN_REFINE, exact=True)
    x = points(fine)
    with torch.no_grad():
        y = activation.forward(x).numpy()
    x_ = x.numpy()
    density = np.exp(-0.5 * x_**2) / np.sqrt(2 * np.pi)
    return float(np.trapezoid(density * y, x_) / np.trapezoid(density, x_))


def check(found: Sequence[Trace]) -> None:
    """Refuse non-finite values, gradients that differ from the analytic derivative and,
    in float64, gradients that gradcheck's finite differences refute away from corners.
    Every activation's first fault is reported."""
    problems = []
    for trace in found:
        problem = (
            _non_finite(trace)
            or _gradient_mismatch(trace)
            or _too_coarse(trace)
            or (_gradcheck_problem(trace) if trace.grid.exact else None)
        )
        if problem:
            problems.append(problem)
    fail_if_any(problems)


def _where(activation: Activation) -> str:
    chosen = "" if activation.is_default else f" with {activation.key}"
    line = entry_line(activation.name)
    return f"generator/registry.py:{line}: activation '{activation.name}'{chosen}"


def _unknown_function(activation: Activation) -> Problem | None:
    import importlib

    if callable(getattr(importlib.import_module(activation.namespace), activation.torch_name, 0)):
        return None
    return Problem(
        _where(activation),
        f"unknown torch function {activation.namespace}.{activation.torch_name}",
        f"use the name of a function in {activation.namespace} (e.g. relu)",
    )


def _non_finite(trace: Trace) -> Problem | None:
    for label, values in (("forward", trace.y), ("backward", trace.grad)):
        bad = ~np.isfinite(values)
        if bad.any():
            where = float(trace.x[np.argmax(bad)])
            return Problem(
                _where(trace.activation),
                f"the {label} pass gives {values[np.argmax(bad)]} at x = {where:.4g}",
                "choose a grid where the function is finite, or fix the entry",
            )
    return None


def _gradient_mismatch(trace: Trace) -> Problem | None:
    import torch

    tolerance = TOLERANCE[trace.grid.dtype]
    analytic = trace.activation.analytic(torch.from_numpy(trace.x)).numpy()
    deviation = np.abs(analytic - trace.grad)
    worst = int(np.argmax(deviation))
    if deviation[worst] <= tolerance:
        return None
    return Problem(
        _where(trace.activation),
        f"autograd's gradient differs from the analytic derivative by {deviation[worst]:.3g}"
        f" at x = {trace.x[worst]:.4g} (tolerance {tolerance:g})",
        "correct the entry's `derivative` (or its torch function)",
    )


def jumps(values: np.ndarray, grid: Grid) -> np.ndarray:
    """Indices i where values[i] -> values[i + 1] jumps on `grid` (see JUMP_SLOPE)."""
    return np.flatnonzero(np.abs(np.diff(values)) > JUMP_SLOPE / grid.per_unit)


def smooth_points(trace: Trace, margin: float = 0.1) -> np.ndarray:
    """The grid points farther than `margin` from every jump of the function or gradient."""
    corners = np.concatenate([jumps(trace.y, trace.grid), jumps(trace.grad, trace.grid)])
    keep = np.ones(len(trace.x), dtype=bool)
    for i in corners:
        keep &= np.abs(trace.x - trace.x[i]) > margin
        keep &= np.abs(trace.x - trace.x[i + 1]) > margin
    return trace.x[keep]


def _too_coarse(trace: Trace) -> Problem | None:
    """A grid too coarse to tell the curve's corners and jumps from steep slopes: on a
    grid `REFINE` times finer, the function or its gradient jumps a different number of
    times than on this one."""
    fine = Grid(trace.grid.start, trace.grid.end, trace.grid.per_unit * REFINE, exact=True)
    finer = _trace(trace.activation, fine, with_mean=False)
    for label, coarse_values, fine_values in (
        ("function", trace.y, finer.y),
        ("gradient", trace.grad, finer.grad),
    ):
        seen, there = len(jumps(coarse_values, trace.grid)), len(jumps(fine_values, fine))
        if seen != there:
            return Problem(
                _where(trace.activation),
                f"on a grid of step 1/{trace.grid.per_unit} its {label} jumps {seen} times, "
                f"on one {REFINE} times finer {there} times: the grid cannot tell its "
                "corners from steep slopes",
                "give the grid more points per unit (generator/registry.py)",
            )
    return None


def _gradcheck_problem(trace: Trace, every: int = 25) -> Problem | None:
    """torch.autograd.gradcheck (autograd against finite differences) on every
    `every`-th smooth grid point."""
    import torch

    inputs = torch.from_numpy(smooth_points(trace)[::every].copy()).requires_grad_()
    check = torch.autograd.gradcheck
    if check(trace.activation.forward, (inputs,), raise_exception=False, fast_mode=True):
        return None
    return Problem(
        _where(trace.activation),
        "torch.autograd.gradcheck finds that autograd disagrees with finite differences",
        "check the entry's torch function and parameters",
    )


def _array(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().numpy().copy()


def reaches(activation: Activation, limit: float, side: float, far: float = 100.0) -> float:
    """The float32 x nearest 0 on `side` (+1 or -1) from which `activation` gives exactly
    `limit` in float32, found by bisection over the float32 numbers between 0 and
    `side * far` (it approaches `limit` there): where sigmoid and tanh, which never reach
    their limits, round onto them."""
    import torch

    def bits(value: float) -> int:
        return int(torch.tensor([value], dtype=torch.float32).view(torch.int32))

    def value(word: int) -> torch.Tensor:  # |x| grows with the word
        return side * torch.tensor([word], dtype=torch.int32).view(torch.float32)

    low, top = bits(0.0), bits(far)
    while top - low > 1:  # value(low) misses the limit, value(top) is on it
        middle = (low + top) // 2
        if float(activation.forward(value(middle))) == limit:
            top = middle
        else:
            low = middle
    return float(value(top))
