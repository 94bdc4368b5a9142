"""Property tests: autograd agrees with every registry derivative, anywhere in the domain."""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import registry

DOMAIN = registry.LESSON_DOMAIN
KINK_MARGIN = 1e-6


@settings(max_examples=200, deadline=None)
@given(
    activation=st.sampled_from(registry.ACTIVATIONS),
    point=st.floats(min_value=DOMAIN.start, max_value=DOMAIN.end, allow_nan=False),
)
def test_autograd_matches_the_analytic_derivative_in_float64(
    activation: registry.Activation, point: float
) -> None:
    if any(abs(point - kink) < KINK_MARGIN for kink in activation.kinks):
        return  # the derivative jumps here; which side autograd takes is a convention
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    getattr(torch, activation.torch_name)(x).backward()
    assert x.grad is not None
    expected = activation.derivative(x.detach())
    assert torch.allclose(x.grad, expected, rtol=1e-12, atol=1e-12), (
        f"{activation.name} at x = {point}: autograd {float(x.grad)} != {float(expected)}"
    )
