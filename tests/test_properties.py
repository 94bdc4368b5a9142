"""Property tests: autograd agrees with every registry derivative, anywhere in the domain."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import registry

DOMAIN = registry.ATLAS_DOMAIN
STEP = 1e-7  # how close to a point we look for a jump in the derivative
TOLERANCE = 1e-8  # the build's float64 tolerance (hardsigmoid's 1/6 is a float32 in torch)


def _derivative(activation: registry.Activation, point: float) -> float:
    return float(activation.derivative(torch.tensor(point, dtype=torch.float64)))


def _near_a_kink(activation: registry.Activation, point: float) -> bool:
    """The analytic derivative jumps within STEP of `point`: one-sided conventions differ."""
    left, right = _derivative(activation, point - STEP), _derivative(activation, point + STEP)
    return abs(left - right) > 1e-5


@settings(max_examples=300, deadline=None)
@given(
    activation=st.sampled_from(registry.ACTIVATIONS),
    point=st.floats(min_value=DOMAIN.start, max_value=DOMAIN.end, allow_nan=False),
)
def test_autograd_matches_the_analytic_derivative_in_float64(
    activation: registry.Activation, point: float
) -> None:
    if _near_a_kink(activation, point):
        return
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    activation.forward(x).sum().backward()
    assert x.grad is not None
    expected = _derivative(activation, point)
    assert abs(float(x.grad) - expected) <= TOLERANCE, (
        f"{activation.name} at x = {point}: autograd {float(x.grad)} != analytic {expected}"
    )
