import dataclasses

import numpy as np
import pytest
import torch

from generator import compute, registry
from generator.errors import BuildFailed


@pytest.fixture(scope="module")
def traces() -> dict[str, compute.Trace]:
    done = compute.traces(registry.lesson_activations(), registry.LESSON_GRID)
    return {t.activation.name: t for t in done}


def test_grid_is_the_lessons_arange(traces: dict[str, compute.Trace]) -> None:
    grid = registry.LESSON_GRID
    expected = torch.arange(-8.0, 8.0, 0.1).numpy()
    assert np.array_equal(traces["relu"].x, expected)
    assert eval(grid.code, {"torch": torch}).detach().numpy().tolist() == expected.tolist()
    assert grid.count == len(expected) == 160
    assert grid.first == float(expected[0]) and round(grid.last, 4) == round(float(expected[-1]), 4)


def test_the_atlas_grid_code_makes_the_atlas_points() -> None:
    grid = registry.ATLAS_GRID
    made = eval(grid.code, {"torch": torch}).detach()
    assert made.dtype == torch.float64 and torch.equal(made, compute.points(grid))
    assert grid.count == len(made) and (grid.first, grid.last) == (-7.0, 7.0)


def test_each_gradient_is_its_own(traces: dict[str, compute.Trace]) -> None:
    x = torch.from_numpy(traces["sigmoid"].x)
    sigmoid_only = (torch.sigmoid(x) * (1 - torch.sigmoid(x))).numpy()
    accumulated = traces["relu"].grad + sigmoid_only
    np.testing.assert_allclose(traces["sigmoid"].grad, sigmoid_only, atol=1e-7)
    assert not np.allclose(traces["sigmoid"].grad, accumulated)
    tanh_only = 1 - np.tanh(traces["tanh"].x) ** 2
    np.testing.assert_allclose(traces["tanh"].grad, tanh_only, atol=1e-6)


def test_a_grid_too_coarse_to_see_a_corner_is_refused() -> None:
    """hardsigmoid's gradient jumps by 1/6 at ±3: on a grid of step 0.1 that is a slope
    of 1.7, no jump, while a grid ten times finer sees both corners."""
    coarse = registry.Grid(start=-7, end=7, per_unit=10, exact=True)
    with pytest.raises(BuildFailed, match=r"'hardsigmoid'.*gradient jumps 0 times.*2 times"):
        compute.traces([registry.by_name("hardsigmoid")], coarse)


def test_a_wrong_derivative_fails_naming_the_activation() -> None:
    wrong = dataclasses.replace(registry.by_name("sigmoid"), derivative=lambda x: x.sigmoid())
    with pytest.raises(BuildFailed) as failure:
        compute.traces([wrong], registry.LESSON_GRID)
    message = str(failure.value)
    assert "'sigmoid'" in message and "differs from the analytic derivative by" in message
    # the largest deviation of sigmoid against s(1 - s): at the right end of the grid
    assert "0.99" in message


def test_non_finite_values_are_refused() -> None:
    log = dataclasses.replace(registry.by_name("relu"), name="log", torch_name="log")
    with pytest.raises(BuildFailed, match=r"'log'.*forward pass gives nan"):
        compute.traces([log], registry.LESSON_GRID)
