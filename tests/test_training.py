"""The trained networks: the page's code, the batch that trains every choice, the claims.

The page's code (templates/code/training.py.j2) is run as the site runs page code, after
the d2l stand-in, and must draw `train_one`'s numbers bit for bit. The batch must start
from nn.Linear's parameters, agree with `train_one`, and give each choice the same
numbers whatever else it trains alongside, on any thread count, run after run.
"""

from __future__ import annotations

import json
import pickle
import sys
import types
from typing import Any

import jinja2
import numpy as np
import pytest
import torch

from generator import content, training, view
from generator.compute import points
from generator.errors import BuildFailed
from generator.figures import READOUT_DECIMALS, READOUT_DIGITS, _quantised, _significant
from generator.registry import SEEDS, TARGETS
from generator.results import training_code_values
from generator.training import Choice
from tests.conftest import ROOT

TEMPLATES = ROOT / "generator" / "templates"
STANDIN = (TEMPLATES / "d2l_standin.py").read_text(encoding="utf-8")

# A batch small enough for the fast tests: every target, and activations, widths and
# seeds that exercise the lesson's functions, the identity, an atlas function and the
# filler (5 networks per width, 5 * 41 units: neither a multiple of 16).
SMALL: dict[str, Any] = {
    "activations": ("none", "relu", "sigmoid", "softplus"),
    "widths": (1, 8, 32),
    "seeds": (0, 4),
    "steps": 60,
}


@pytest.fixture(scope="module")
def small() -> training.Training:
    return training.train_all(**SMALL)


# ---------------------------------------------------------------------------------------
# The page's code


def _render(choice: Choice) -> str:
    """The page's code for `choice`, as the English page would show it."""
    english = next(lang for lang in content.load_sources(ROOT).languages if lang.code == "en")
    reading = view.Reading(english)
    template = (TEMPLATES / "code" / "training.py.j2").read_text(encoding="utf-8")
    words = reading.words("training", {})
    code = view.render_code("training", template, training_code_values(choice), words, reading)
    assert reading.problems == [], reading.problems
    return code.site


def _run(code: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[np.ndarray, np.ndarray]]:
    """Run the page's code after the d2l stand-in, as the site's page-code test does;
    every curve it draws, as (x, y)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = []

    def show() -> None:
        for axes in plt.gcf().axes:
            for line in axes.lines:
                curves.append((np.asarray(line.get_xdata()), np.asarray(line.get_ydata())))
        plt.close("all")

    monkeypatch.setattr(plt, "show", show)
    namespace: dict[str, Any] = {}
    exec(compile(STANDIN, "d2l_standin.py", "exec"), namespace)
    d2l = types.ModuleType("d2l")
    d2l.torch = types.SimpleNamespace(plot=namespace["plot"], plt=plt)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "d2l", d2l)
    exec(compile(code, "training.py", "exec"), {})
    return curves


def test_the_template_has_only_placeholders() -> None:
    text = (TEMPLATES / "code" / "training.py.j2").read_text(encoding="utf-8")
    tree = jinja2.Environment().parse(text)
    plain = (jinja2.nodes.Template, jinja2.nodes.Output, jinja2.nodes.TemplateData)
    kinds = {type(node) for node in tree.find_all(jinja2.nodes.Node)}
    assert kinds <= {*plain, jinja2.nodes.Name, jinja2.nodes.Getattr}, "only placeholders"
    owners = [node.node for node in tree.find_all(jinja2.nodes.Getattr)]
    assert all(isinstance(o, jinja2.nodes.Name) and o.name == "comment" for o in owners), (
        "only {{ comment.key }}"
    )
    names = {node.name for node in tree.find_all(jinja2.nodes.Name)} - {"comment"}
    assert names == set(training_code_values(training.DEFAULT))


@pytest.mark.parametrize(
    "choice",
    [training.DEFAULT, Choice("none", 2, "sine"), Choice("leaky_relu", 4, "step")],
    ids=lambda choice: f"{choice.activation}-{choice.width}-{choice.target}",
)
def test_the_page_code_draws_train_ones_numbers(
    choice: Choice, monkeypatch: pytest.MonkeyPatch
) -> None:
    curves = _run(_render(choice), monkeypatch)
    fit = training.train_one(choice.activation, choice.width, choice.target)
    x = points(training.PLOT_GRID).numpy()
    target = next(t for t in TARGETS if t.name == choice.target).function(
        points(training.PLOT_GRID)
    )
    assert len(curves) == 3 + choice.width  # the target, the fit, each share; the loss
    (x1, y_target), (x2, y_fit), *shares, (steps, losses) = curves
    assert np.array_equal(x1, x) and np.array_equal(x2, x)
    assert np.array_equal(y_target, target.numpy())
    assert np.array_equal(y_fit, fit.output)
    for (x_unit, share), expected in zip(shares, fit.contributions, strict=True):
        assert np.array_equal(x_unit, x)
        assert np.array_equal(share, expected)
    assert np.array_equal(steps, np.arange(training.STEPS + 1))
    assert np.array_equal(losses, fit.loss)


@pytest.mark.parametrize("grid", [training.TRAIN_GRID, training.PLOT_GRID])
def test_the_targets_code_gives_the_registrys_values(grid: Any) -> None:
    x = points(grid)
    for target in TARGETS:
        code = eval(training.TARGET_CODE[target.name], {"torch": torch, "x": x})
        assert torch.equal(code, target.function(x)), target.name


def test_the_contributions_add_up_to_the_output() -> None:
    fit = training.train_one("tanh", 4, "sine", steps=20)
    assert fit.contributions.shape == (4, training.PLOT_GRID.count)
    assert np.abs(fit.contributions.sum(axis=0) + fit.bias - fit.output).max() < 1e-14


# ---------------------------------------------------------------------------------------
# The batch


def test_the_batch_starts_from_nn_linears_parameters() -> None:
    layout = training._Layout(("relu", "none"), (1, 8), ("risk", "step"), (0, 3, 7))
    w1, b1, w2, b2 = training._initial(layout)
    for activation in layout.activations:
        for width in layout.widths:
            for target in layout.targets:
                for seed in layout.seeds:
                    torch.manual_seed(seed)
                    first, _, last = training.network(activation, width)
                    assert isinstance(first, torch.nn.Linear) and isinstance(last, torch.nn.Linear)
                    a = layout.activations.index(activation)
                    n = layout.network(width, target, seed)
                    units = slice(layout.first_unit(width, n), layout.first_unit(width, n) + width)
                    assert torch.equal(w1[a, units, 0], first.weight[:, 0])
                    assert torch.equal(b1[a, units, 0], first.bias)
                    assert torch.equal(w2[a, units, 0], last.weight[0])
                    assert torch.equal(b2[a, n], last.bias)


# Choices of every activation the batch trains, with every target and widths from 1 to
# 64; over all the display seed's choices the largest difference is 2.4e-6 (see
# test_every_choice_agrees_with_train_one), as Adam amplifies a last-bit difference.
AGREEING = [
    training.DEFAULT,
    Choice("none", 8, "step"),
    Choice("sigmoid", 1, "sine"),
    Choice("tanh", 8, "sine"),
    Choice("softplus", 32, "risk"),
    Choice("leaky_relu", 64, "step"),
    Choice("hardtanh", 4, "sine"),
    Choice("silu", 2, "risk"),
]


def test_the_batch_agrees_with_train_one() -> None:
    # A choice's numbers do not depend on the rest of the batch (see the next test), so a
    # batch of these choices gives the full batch's numbers for them.
    batch = training.train_all(
        activations=tuple(dict.fromkeys(c.activation for c in AGREEING)),
        widths=tuple(sorted({c.width for c in AGREEING})),
        seeds=(training.DISPLAY_SEED,),
    )
    gaps = training.agreement(batch, AGREEING)
    assert max(gaps.values()) < 1e-8, gaps


@pytest.mark.parametrize("widths", [(1,), (32,)])
def test_a_choice_does_not_depend_on_the_rest_of_the_batch(
    small: training.Training, widths: tuple[int, ...]
) -> None:
    # Other activations, widths and seeds: other fillers and neighbours. Alone, the three
    # width-1 networks of an activation need filler: without it their last values would
    # go through scalar code and differ in the last bit.
    alone = training.train_all(
        activations=("softplus", "none"), widths=widths, seeds=(0,), steps=SMALL["steps"]
    )
    for fit in alone.fits:
        other = small.fit(fit.choice)
        for field in ("output", "contributions", "loss"):
            assert np.array_equal(getattr(fit, field), getattr(other, field)), fit.choice
        assert fit.bias == other.bias


def test_training_is_deterministic_on_any_thread_count(small: training.Training) -> None:
    threads = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        again = training.train_all(**SMALL)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(threads)
    assert pickle.dumps(again) == pickle.dumps(small)


def test_a_network_without_activation_draws_a_straight_line(small: training.Training) -> None:
    a = small.activations.index("none")
    outputs = small.outputs[:, a].reshape(-1, len(small.x))
    assert max(training.line_residual(small.x, y) for y in outputs) < training.STRAIGHT
    # and no line does better than the least-squares one
    best = np.array([small.best_line_mse[t] for t in small.targets])
    assert (small.lowest_mse[:, a] >= best - 1e-15).all()


def test_the_results_hold_every_seed_and_choice(small: training.Training) -> None:
    shape = (len(small.seeds), len(small.activations), len(small.widths), len(small.targets))
    assert small.final_mse.shape == small.lowest_mse.shape == shape
    assert small.outputs.shape == (*shape, training.PLOT_GRID.count)
    assert [fit.choice for fit in small.fits] == training.choices(
        small.activations, small.widths, small.targets
    )
    for fit in small.fits:
        assert fit.loss.shape == (SMALL["steps"] + 1,)
        assert fit.contributions.shape == (fit.choice.width, training.PLOT_GRID.count)
        seed = small.seeds.index(small.display_seed)
        a, w, t = (
            small.activations.index(fit.choice.activation),
            small.widths.index(fit.choice.width),
            small.targets.index(fit.choice.target),
        )
        assert fit.final_mse == small.final_mse[seed, a, w, t]
        assert np.array_equal(fit.output, small.outputs[seed, a, w, t])


def test_unknown_names_are_reported_together() -> None:
    with pytest.raises(BuildFailed) as failed:
        training.train_all(activations=("relu", "swish"), widths=(0, 4), targets=("wave",))
    assert len(failed.value.problems) == 3


# ---------------------------------------------------------------------------------------
# The claims


def _synthetic(final: np.ndarray) -> training.Training:
    """A Training whose networks ended with the errors `final`, linear ones on a line."""
    x = points(training.PLOT_GRID).numpy()
    outputs = np.broadcast_to(0.5 * x, (*final.shape, len(x))).copy()
    return training.Training(
        activations=training.ACTIVATIONS,
        widths=training.WIDTHS,
        targets=training.TARGET_NAMES,
        seeds=(0, 1, 2),
        display_seed=0,
        steps=0,
        learning_rate=0.0,
        x=x,
        fits=(),
        final_mse=final,
        lowest_mse=final.copy(),
        outputs=outputs,
        best_line_mse={t: 0.1 for t in training.TARGET_NAMES},
    )


def _errors() -> np.ndarray:
    """Every activation 0.1 / width, ReLU's falling 2x per width, none at the line."""
    shape = (3, len(training.ACTIVATIONS), len(training.WIDTHS), len(training.TARGET_NAMES))
    final = np.empty(shape)
    widths = np.array(training.WIDTHS, dtype=float)
    final[...] = (0.1 / widths)[None, None, :, None]
    final[:, training.ACTIVATIONS.index("none")] = 0.1
    return final


def test_claims_are_decided_on_every_seed() -> None:
    final = _errors()
    relu = training.ACTIVATIONS.index("relu")
    final[1, relu, 3, 2] = final[1, relu, 2, 2] * 1.5  # seed 1: width 8 worse than 4
    claims = training.find_claims(_synthetic(final))
    assert claims.relu_falls_with_width.holds_for == (True, False, True)
    assert claims.relu_falls_with_width.where[1] == Choice("relu", 8, "step")
    assert claims.relu_falls_with_width.values[1] == pytest.approx(1.5)
    assert claims.relu_gain.holds and claims.relu_gain.worst == pytest.approx(64)
    assert claims.linear_is_straight.holds and claims.linear_ends_at_best_line.holds
    # every activation ties at 0.1 at width 1: none beats "none" there
    assert claims.all_beat_linear_from == 2 and claims.all_beat_linear.holds


def test_a_claim_that_fails_on_one_seed_fails() -> None:
    final = _errors()
    step, widest = training.TARGET_NAMES.index("step"), len(training.WIDTHS) - 1
    final[:, :, widest, step] = 0.01
    final[:, training.ACTIVATIONS.index("none"), widest, step] = 0.1
    final[:2, training.ACTIVATIONS.index("relu"), widest, step] = 0.001
    final[2, training.ACTIVATIONS.index("tanh"), widest, step] = 0.0005
    final[2, training.ACTIVATIONS.index("sigmoid"), 0, 0] = 0.2  # worse than the line
    claims = training.find_claims(_synthetic(final))
    assert claims.step_winners == ("relu", "relu", "tanh")
    assert claims.step_best.holds_for == (True, True, False)
    assert not claims.kinks_fit_the_step.holds  # leaky ReLU ties with the smooth ones
    assert claims.saturating_no_worse_than_line.holds_for == (True, True, False)
    assert claims.saturating_no_worse_than_line.where[2] == Choice("sigmoid", 1, "risk")


def test_claims_need_their_activations(small: training.Training) -> None:
    with pytest.raises(BuildFailed):
        training.find_claims(small)


@pytest.fixture(scope="module")
def full() -> training.Training:
    """The whole training, as the build makes it."""
    return training.train_all()


@pytest.mark.slow
def test_the_claims_of_the_full_training(full: training.Training) -> None:
    claims = training.find_claims(full)
    for name in claims.__dataclass_fields__:
        claim = getattr(claims, name)
        if isinstance(claim, training.Claim):
            assert len(claim.values) == len(claim.where) == len(SEEDS), name
    assert claims.linear_is_straight.holds
    assert claims.relu_gain.holds


# ---------------------------------------------------------------------------------------
# Budget and determinism of the whole training


def _payload(fit: training.Fit) -> bytes:
    """A choice's plotted values as the readout files encode them: a linear axes' curves
    in whole 10^-4 (first value, then differences), a log axes' in 4 significant digits."""
    data = {
        "output": _quantised(fit.output, READOUT_DECIMALS),
        "units": [_quantised(c, READOUT_DECIMALS) for c in fit.contributions],
        "bias": round(fit.bias, READOUT_DECIMALS),
        "loss": {
            "sig": READOUT_DIGITS,
            "v": [_significant(v) for v in fit.loss[:: training.LOSS_EVERY]],
        },
    }
    return json.dumps(data, separators=(",", ":")).encode()


@pytest.mark.slow
def test_the_whole_training_is_deterministic_and_small(full: training.Training) -> None:
    assert pickle.dumps(training.train_all()) == pickle.dumps(full)
    sizes = {fit.choice: len(_payload(fit)) for fit in full.fits}
    assert len(sizes) == len(training.choices())
    assert sizes[training.DEFAULT] <= 25_000
    assert sum(sizes.values()) <= 2_500_000


@pytest.mark.slow
def test_the_batch_agrees_with_train_one_on_every_activation_and_target(
    full: training.Training,
) -> None:
    """Every activation on every target, at the narrowest and the widest width: the
    batch's networks are the page's code's, but for the order of their sums."""
    widths = (training.WIDTHS[0], training.WIDTHS[-1])
    chosen = [c for c in training.choices() if c.width in widths]
    assert {c.activation for c in chosen} == set(training.ACTIVATIONS)
    gaps = training.agreement(full, chosen)
    assert max(gaps.values()) < 1e-5
