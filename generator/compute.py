"""Run activations through torch: the forward pass, the backward pass, and checks.

`lesson_traces` follows the lesson's code exactly: one input tensor shared by every
activation, and the old gradient cleared (`x.grad.data.zero_()`) before each new backward
pass, because PyTorch adds new gradients to whatever `x.grad` already holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.errors import Problem, fail_if_any
from generator.registry import Activation, Domain, entry_line

if TYPE_CHECKING:
    import torch

# Largest allowed gap between autograd and the analytic derivative (float32 arithmetic).
GRADIENT_TOLERANCE = 1e-6


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
        y.backward(torch.ones_like(x), retain_graph=True)
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


def check_traces(traces: Sequence[Trace]) -> None:
    """Refuse non-finite values and gradients that disagree with the analytic derivative."""
    problems = []
    for trace in traces:
        problem = _non_finite(trace) or _gradient_mismatch(trace)
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


def _gradient_mismatch(trace: Trace) -> Problem | None:
    import torch

    x = torch.from_numpy(trace.x)
    analytic = trace.activation.derivative(x).numpy()
    deviation = np.abs(analytic - trace.grad)
    worst = int(np.argmax(deviation))
    if deviation[worst] <= GRADIENT_TOLERANCE:
        return None
    return Problem(
        _where(trace.activation),
        f"autograd's gradient differs from the analytic derivative by {deviation[worst]:.3g}"
        f" at x = {trace.x[worst]:.4g} (tolerance {GRADIENT_TOLERANCE:g})",
        "correct the entry's `derivative` (or its torch function)",
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
