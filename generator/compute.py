"""Run activations through torch: the forward pass, the backward pass, and checks.

`lesson_traces` follows the lesson's code: one input tensor shared by every activation,
and the old gradient cleared (`x.grad.data.zero_()`) before each new backward pass,
because PyTorch adds new gradients to whatever `x.grad` already holds.

Every backward pass here starts from `y.sum()`, where the pages' code passes
`torch.ones_like(x)` to `y.backward`: the same vector-Jacobian product, bit for bit (the
tests run the pages' code and compare), but a tensor argument makes PyTorch import sympy
for a shape check, 0.8 s of a build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.errors import Problem, fail_if_any
from generator.registry import Activation, Domain, Span, entry_line

if TYPE_CHECKING:
    import torch

# Largest allowed gap between autograd and the analytic derivative (float32 arithmetic).
GRADIENT_TOLERANCE = 1e-6

# The same in the atlas's float64 arithmetic. Most entries agree to a few units in the
# last place; PyTorch's hardsigmoid backward multiplies by a single-precision 1/6, which
# is 5e-9 off, so the bound sits just above that.
ATLAS_TOLERANCE = 1e-8

# A change between neighbouring grid points larger than this is a jump, not a slope: on
# the atlas's 0.02 grid a smooth activation's gradient moves by at most 0.04 (softsign's,
# next to 0), while the smallest corner, hardsigmoid's, jumps by 1/6.
JUMP = 0.1


@dataclass(frozen=True)
class Trace:
    """One activation evaluated on a grid: inputs, outputs and autograd's gradient."""

    activation: Activation
    x: np.ndarray
    y: np.ndarray
    grad: np.ndarray


def lesson_traces(activations: Sequence[Activation], domain: Domain) -> list[Trace]:
    """Forward and backward passes, in order, exactly as the lesson's code runs them."""
    import torch  # imported here: importing this module stays cheap

    fail_if_any([p for a in activations if (p := _unknown_function(a))])
    x = torch.arange(domain.start, domain.end, domain.step, requires_grad=True)
    traces = []
    for activation in activations:
        if x.grad is not None:
            x.grad.data.zero_()  # gradients accumulate: clear the previous activation's
        y = getattr(torch, activation.torch_name)(x)
        y.sum().backward()  # the lesson: y.backward(torch.ones_like(x), retain_graph=True)
        assert x.grad is not None
        traces.append(Trace(activation, _array(x), _array(y), _array(x.grad)))
    check_traces(traces)
    return traces


def gradient_at(activation: Activation, point: float) -> float:
    """Autograd's gradient of `activation` at exactly `point` (float32, like the lesson)."""
    import torch

    x = torch.tensor(point, requires_grad=True)
    getattr(torch, activation.torch_name)(x).backward()
    assert x.grad is not None
    return float(x.grad)


def check_traces(traces: Sequence[Trace], tolerance: float = GRADIENT_TOLERANCE) -> None:
    """Refuse non-finite values and gradients that disagree with the analytic derivative."""
    problems = []
    for trace in traces:
        problem = _non_finite(trace) or _gradient_mismatch(trace, tolerance)
        if problem:
            problems.append(problem)
    fail_if_any(problems)


def _where(activation: Activation) -> str:
    return f"generator/registry.py:{entry_line(activation.name)}: activation '{activation.name}'"


def _unknown_function(activation: Activation) -> Problem | None:
    import torch

    if callable(getattr(torch, activation.torch_name, None)):
        return None
    return Problem(
        _where(activation),
        f"unknown torch function torch.{activation.torch_name}",
        "use the name of a function in the torch namespace (e.g. relu)",
    )


def _non_finite(trace: Trace) -> Problem | None:
    for label, values in (("forward", trace.y), ("backward", trace.grad)):
        bad = ~np.isfinite(values)
        if bad.any():
            where = float(trace.x[np.argmax(bad)])
            return Problem(
                _where(trace.activation),
                f"the {label} pass gives {values[np.argmax(bad)]} at x = {where:.4g}",
                "choose a domain where the function is finite, or fix the entry",
            )
    return None


def _gradient_mismatch(trace: Trace, tolerance: float = GRADIENT_TOLERANCE) -> Problem | None:
    import torch

    x = torch.from_numpy(trace.x)
    analytic = trace.activation.derivative(x).numpy()
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


def atlas_points(span: Span) -> torch.Tensor:
    """The atlas's grid as the pages' code builds it: exact multiples of 1 / per_unit."""
    import torch

    ks = torch.arange(span.start * span.per_unit, span.end * span.per_unit + 1)
    return ks.to(torch.float64) / span.per_unit


def atlas_traces(activations: Sequence[Activation], span: Span) -> list[Trace]:
    """Each activation's forward and backward pass on the atlas grid, in float64, checked
    (see `check_atlas`)."""
    traces = [atlas_trace(activation, span) for activation in activations]
    check_atlas(traces)
    return traces


def check_atlas(traces: Sequence[Trace]) -> None:
    """Refuse non-finite values, gradients that differ from the analytic derivative and,
    away from corners and jumps, gradients that gradcheck's finite differences refute.
    Every activation's first fault is reported."""
    problems = []
    for trace in traces:
        problem = (
            _non_finite(trace)
            or _gradient_mismatch(trace, ATLAS_TOLERANCE)
            or _gradcheck_problem(trace)
        )
        if problem:
            problems.append(problem)
    fail_if_any(problems)


def atlas_trace(activation: Activation, span: Span) -> Trace:
    x = atlas_points(span).requires_grad_()
    y = activation.forward(x)
    y.sum().backward()  # the pages: y.backward(torch.ones_like(x))
    assert x.grad is not None
    return Trace(activation, _array(x), _array(y), _array(x.grad))


def jumps(values: np.ndarray) -> np.ndarray:
    """Indices i where values[i] -> values[i + 1] jumps (see JUMP)."""
    return np.flatnonzero(np.abs(np.diff(values)) > JUMP)


def smooth_points(trace: Trace, margin: float = 0.1) -> np.ndarray:
    """The grid points farther than `margin` from every jump of the function or gradient."""
    corners = np.concatenate([jumps(trace.y), jumps(trace.grad)])
    keep = np.ones(len(trace.x), dtype=bool)
    for i in corners:
        keep &= np.abs(trace.x - trace.x[i]) > margin
        keep &= np.abs(trace.x - trace.x[i + 1]) > margin
    return trace.x[keep]


def _gradcheck_problem(trace: Trace, every: int = 25) -> Problem | None:
    """torch.autograd.gradcheck (autograd against finite differences) on every
    `every`-th smooth grid point."""
    import torch

    points = torch.from_numpy(smooth_points(trace)[::every].copy()).requires_grad_()
    check = torch.autograd.gradcheck
    if check(trace.activation.forward, (points,), raise_exception=False, fast_mode=True):
        return None
    return Problem(
        f"generator/registry.py: activation '{trace.activation.name}'",
        "torch.autograd.gradcheck finds that autograd disagrees with finite differences",
        "check the entry's torch function and parameters",
    )


def _array(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().numpy().copy()


@dataclass(frozen=True)
class Grid:
    """What the lesson's `torch.arange` call produced."""

    count: int
    first: float
    last: float


@dataclass(frozen=True)
class Facts:
    """Numbers the prose quotes about one activation, read off its trace."""

    y_min: float
    y_max: float
    grad_max: float
    grad_argmax: float  # the x where the gradient is largest
    grad_at_zero: float  # autograd's gradient at exactly x = 0


def grid_of(trace: Trace) -> Grid:
    return Grid(count=len(trace.x), first=float(trace.x[0]), last=float(trace.x[-1]))


def facts_of(trace: Trace) -> Facts:
    peak = int(np.argmax(trace.grad))
    return Facts(
        y_min=float(trace.y.min()),
        y_max=float(trace.y.max()),
        grad_max=float(trace.grad[peak]),
        grad_argmax=float(trace.x[peak]),
        grad_at_zero=gradient_at(trace.activation, 0.0),
    )
