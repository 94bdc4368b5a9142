"""The registry: its entries, its checks, and its derivatives against autograd."""

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import registry


def test_names_are_unique_and_lesson_order_is_known() -> None:
    names = [a.name for a in registry.ACTIVATIONS]
    assert len(names) == len(set(names))
    assert [a.name for a in registry.lesson_activations()] == list(registry.LESSON_ORDER)


def test_labels_follow_the_lesson() -> None:
    relu = registry.by_name("relu")
    assert (relu.label, relu.grad_label) == ("relu(x)", "grad of relu")


def test_unknown_name_lists_the_known_ones() -> None:
    try:
        registry.by_name("swishy")
    except KeyError as error:
        assert "relu" in str(error)
    else:
        raise AssertionError("by_name accepted an unknown activation")


def test_the_registry_imports_without_torch() -> None:
    import subprocess
    import sys

    code = "import sys, generator.registry, generator.pages; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


GRID = registry.ATLAS_GRID
STEP = 1e-7  # how close to a point we look for a jump in the derivative
TOLERANCE = 1e-8  # the build's float64 tolerance (hardsigmoid's 1/6 is a float32 in torch)


def _derivative(activation: registry.Activation, point: float) -> float:
    return float(activation.analytic(torch.tensor(point, dtype=torch.float64)))


def _near_a_kink(activation: registry.Activation, point: float) -> bool:
    """The analytic derivative jumps within STEP of `point`: one-sided conventions differ."""
    left, right = _derivative(activation, point - STEP), _derivative(activation, point + STEP)
    return abs(left - right) > 1e-5


@settings(max_examples=300, deadline=None)
@given(
    activation=st.sampled_from(registry.ACTIVATIONS),
    point=st.floats(min_value=GRID.start, max_value=GRID.end, allow_nan=False),
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


def test_a_comparison_of_more_curves_than_formats_is_refused() -> None:
    group = registry.Comparison("many", ("relu", "sigmoid", "tanh", "elu", "selu"))
    problems = registry.validate(registry.ACTIVATIONS, registry.GRIDS, [group])
    assert [p.what for p in problems] == ["5 members, more than d2l.plot's 4 line formats"]


def test_a_comparison_of_unknown_activations_is_refused() -> None:
    group = registry.Comparison("typo", ("relu", "rleu"))
    problems = registry.validate(registry.ACTIVATIONS, registry.GRIDS, [group])
    assert [p.what for p in problems] == ["unknown activation 'rleu'"]
