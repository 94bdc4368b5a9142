"""What an atlas page says of an activation, read off its trace (generator/properties.py)."""

from __future__ import annotations

import numpy as np
import pytest

from generator import compute, properties, registry
from generator.registry import Grid


def _of(name: str, grid: Grid) -> properties.Properties:
    (trace,) = compute.traces([registry.by_name(name)], grid)
    return properties.properties_of(trace)


def test_relu_on_the_lessons_float32_grid_has_one_corner() -> None:
    """Every step of the float32 grid is a little over 0.1: one corner, not dozens,
    named at a neighbour of 0 (the grid has no exact 0)."""
    relu = _of("relu", registry.LESSON_GRID)
    assert relu.smoothness == "kink" and len(relu.corners) == 1 and abs(relu.corners[0]) <= 0.11


@pytest.mark.parametrize("name", ["gelu", "mish", "silu", "elu"])
def test_smooth_functions_stay_smooth_on_a_coarser_grid(name: str) -> None:
    coarse = _of(name, Grid(start=-7, end=7, per_unit=10, exact=True))
    assert (coarse.smoothness, coarse.corners) == ("smooth", ())


def test_corners_are_named_at_the_rounder_neighbour() -> None:
    relu6 = _of("relu6", registry.ATLAS_GRID)
    assert (relu6.smoothness, relu6.corners) == ("kink", (0.0, 6.0))
    hardshrink = _of("hardshrink", registry.ATLAS_GRID)
    assert (hardshrink.smoothness, hardshrink.corners) == ("jump", (-0.5, 0.5))


def test_monotonicity_and_the_mean() -> None:
    tanh, gelu = _of("tanh", registry.ATLAS_GRID), _of("gelu", registry.ATLAS_GRID)
    assert tanh.monotonic and not gelu.monotonic
    assert tanh.zero_centred and abs(tanh.normal_mean) < 1e-12  # odd: its mean is 0
    assert not gelu.zero_centred and gelu.normal_mean > properties.CENTRED


def test_the_largest_gradient_and_where_it_is_reached() -> None:
    sigmoid = _of("sigmoid", registry.ATLAS_GRID)
    assert sigmoid.grad_max == 0.25 and sigmoid.grad_max_at == ((0.0, 0.0),)
    hardtanh = _of("hardtanh", registry.ATLAS_GRID)
    assert hardtanh.grad_max == 1 and hardtanh.grad_max_at == ((-0.98, 0.98),)


def test_saturation_is_read_at_each_end() -> None:
    x = compute.points(registry.ATLAS_GRID).numpy()
    expected = {
        "both": np.exp(-(x**2)),
        "left": 1 / (1 + np.exp(-x)),
        "right": 1 / (1 + np.exp(x)),
        "no": np.ones_like(x),
    }
    for saturates, grad in expected.items():
        trace = compute.Trace(registry.by_name("relu"), registry.ATLAS_GRID, x, x, grad, 0.0, 0.0)
        assert properties.properties_of(trace).saturates == saturates


@pytest.mark.parametrize(
    ("name", "monotonic", "centred", "smooth", "saturates"),
    [
        ("relu", True, False, "kink", "left"),
        ("tanh", True, True, "smooth", "both"),
        ("gelu", False, False, "smooth", "left"),
        ("selu", True, True, "kink", "left"),
        ("hardshrink", True, True, "jump", "no"),
    ],
)
def test_properties_are_read_off_the_data(
    name: str, monotonic: bool, centred: bool, smooth: str, saturates: str
) -> None:
    p = _of(name, registry.ATLAS_GRID)
    assert (p.monotonic, p.zero_centred, p.smoothness, p.saturates) == (
        monotonic,
        centred,
        smooth,
        saturates,
    )


def test_corners_and_the_largest_gradient() -> None:
    relu6 = _of("relu6", registry.ATLAS_GRID)
    assert relu6.corners == (0.0, 6.0) and relu6.grad_at_zero == 0.0
    gelu = _of("gelu", registry.ATLAS_GRID)
    assert gelu.grad_max == pytest.approx(1.129, abs=1e-3)
    assert gelu.grad_max_at == ((1.42, 1.42),)
