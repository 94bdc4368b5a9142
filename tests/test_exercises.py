"""The exercises answered by computation (generator/exercises.py): their answers hold,
for every seed where a seed is drawn, and each edition's exercises are answered in its
order. tests/test_section.py runs the code the page shows for the English edition's
exercises 1 and 5.2; tests/test_page_code.py runs every exercise's code against its CSV."""

from __future__ import annotations

import pytest
import torch

from generator import exercises, registry, section

# A difference of rounding only, in these computations of a few dozen float64 operations
# on numbers of order 1.
ROUNDING = 1e-14


@pytest.fixture(scope="module")
def answers() -> exercises.Exercises:
    return exercises.compute_exercises(registry.ATLAS_GRID, registry.ATLAS_FIGSIZE)[0]


def test_exercise_answers_hold() -> None:
    ex, charts = exercises.compute_exercises(registry.ATLAS_GRID, registry.ATLAS_FIGSIZE)
    assert ex.prelu_deviation == 0.0 and ex.swish_deviation < 1e-12
    assert ex.identity_deviation < 1e-14 and ex.identity_deviation_f32 < 1e-6
    assert all(g <= b for g, b in zip(ex.depth_grad, ex.depth_bound, strict=True))
    assert ex.depth_grad[0] == pytest.approx(0.25)
    assert len(ex.mlp_breakpoints) >= 1 and ex.mlp_residual < 1e-12
    step = 1 / (registry.ATLAS_GRID.per_unit * ex.mlp_refine)
    assert ex.mlp_max_step <= ex.mlp_max_slope * step * (1 + 1e-9)
    assert sorted(charts) == sorted(exercises.FORMULAS)  # a figure for every exercise
    assert ex.batch_elementwise_gap == 0.0 and ex.batch_gap > 0.1 and ex.batch_single == 0.0


def test_the_batch_normalised_relu_is_batchnorm_then_relu() -> None:
    x = torch.linspace(-3, 3, 13, dtype=torch.float64)
    others = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64)
    mine = exercises.batch_normalised_relu(x, others)
    for i, value in enumerate(x):
        batch = torch.cat([value[None], others])[:, None]
        expected = torch.nn.functional.batch_norm(batch, None, None, training=True, eps=1e-5)
        assert torch.allclose(mine[i], expected[0, 0].relu(), rtol=0, atol=1e-12)


def test_depth_adds_nothing_and_a_narrow_layer_caps_the_rank(answers: exercises.Exercises) -> None:
    depth = answers.linear_depth
    assert max(depth.stack_gaps) < ROUNDING
    assert depth.capped
    # Eckart-Young: the truncated SVD's distance is the root of the dropped squares.
    assert depth.eckart_young_gap < ROUNDING
    for k, error, values in zip(depth.widths, depth.errors, depth.singular_values, strict=True):
        if k < depth.size:
            assert error > 0.01, k  # a narrow network cannot reach the single layer's map
            assert max(values[k:]) < ROUNDING, k  # rank k: the rest is rounding
        else:
            assert error < ROUNDING, k


def test_tanh_and_sigmoid_networks_match_both_ways_for_every_seed(
    answers: exercises.Exercises,
) -> None:
    classes = answers.function_classes
    assert max(classes.forward_gaps + classes.reverse_gaps) < ROUNDING


# --- The map between tanh and sigmoid networks ------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_the_maps_hold_for_networks_with_several_inputs_and_outputs(seed: int) -> None:
    """Built as torch modules (nn.Linear keeps W transposed), with d, h, q of the diagram:
    the tanh network and its sigmoid image compute the same function, and back; mapping
    there and back gives the weights exactly (they are halved and doubled)."""
    import torch
    from torch import nn

    d, h, q = section.MLP_SIZES
    generator = torch.Generator().manual_seed(100 + seed)

    def draw(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, dtype=torch.float64, generator=generator)

    def module(params: exercises.Params, activation: nn.Module) -> nn.Module:
        W1, b1, W2, b2 = params
        first, last = nn.Linear(d, h, dtype=torch.float64), nn.Linear(h, q, dtype=torch.float64)
        with torch.no_grad():
            for layer, W, b in ((first, W1, b1), (last, W2, b2)):
                layer.weight.copy_(W.T)
                layer.bias.copy_(b)
        return nn.Sequential(first, activation, last)

    X = draw(50, d)
    tanh_params = (draw(d, h), draw(h), draw(h, q), draw(q))
    sigmoid_params = (draw(d, h), draw(h), draw(h, q), draw(q))
    with torch.no_grad():
        for params, there, start, end in (
            (tanh_params, exercises.tanh_to_sigmoid, nn.Tanh(), nn.Sigmoid()),
            (sigmoid_params, exercises.sigmoid_to_tanh, nn.Sigmoid(), nn.Tanh()),
        ):
            gap = (module(params, start)(X) - module(there(params), end)(X)).abs().max()
            assert gap < ROUNDING
    again = exercises.sigmoid_to_tanh(exercises.tanh_to_sigmoid(tanh_params))
    for original, back in zip(tanh_params[:3], again[:3], strict=True):
        assert torch.equal(original, back)
    assert torch.allclose(tanh_params[3], again[3], rtol=0, atol=ROUNDING)


def test_without_the_bias_shift_the_networks_differ_by_a_constant() -> None:
    """The hint of exercise 5.2: scaling the weights is not enough; what is left over is
    the constant sum of W2 over the hidden units, which only a bias can absorb."""
    import torch

    generator = torch.Generator().manual_seed(7)
    shapes = [(1, 5), (5,), (5, 1), (1,)]
    W1, b1, W2, b2 = (torch.randn(*s, dtype=torch.float64, generator=generator) for s in shapes)
    W1s, b1s, W2s, _ = exercises.tanh_to_sigmoid((W1, b1, W2, b2))
    scaled = (W1s, b1s, W2s, b2)
    X = torch.linspace(-3, 3, 61, dtype=torch.float64)[:, None]
    gap = exercises.mlp(X, torch.tanh, (W1, b1, W2, b2)) - exercises.mlp(X, torch.sigmoid, scaled)
    assert W2.sum().abs() > 0.1
    assert torch.allclose(gap, -W2.sum(dim=0).expand_as(gap), rtol=0, atol=ROUNDING)


# --- The exercises of each edition ------------------------------------------------------


def test_each_editions_exercises_have_answers_in_the_editions_order() -> None:
    english = [e.key for e in exercises.EXERCISES_EN]
    chinese = [e.key for e in exercises.EXERCISES_ZH]
    assert set(english) == set(exercises.FORMULAS) and len(english) == len(exercises.FORMULAS)
    assert [k for k in english if k in chinese] == chinese  # the same order, four of them
    assert [e.number for e in exercises.EXERCISES_EN] == [
        "1", "2", "3", "4", "5.1", "5.2", "6", "7",
    ]  # fmt: skip
    assert [e.number for e in exercises.EXERCISES_ZH] == ["1", "2", "3", "4"]
    # The Chinese page answers its four, then the English edition's others, by their number.
    page = [(e.number, numbering) for e, numbering in exercises.answered("zh")]
    assert page == [("1", "zh"), ("2", "zh"), ("3", "zh"), ("4", "zh"),
                    ("1", "en"), ("3", "en"), ("5.2", "en"), ("7", "en")]  # fmt: skip
