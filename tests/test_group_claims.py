# ruff: noqa: RUF002 -- the minus sign the pages print
"""What the overview says about each group of activations is true of every member.

Each test is one sentence of docs/<lang>/activations.yml (both languages say the same),
checked against every member's plotted numbers: a claim about "all four" must hold for
all four, and an exception the sentence names must really be one.
"""

from __future__ import annotations

import numpy as np
import pytest

from generator import registry
from tests.conftest import BuiltSite


class Curve:
    """One activation's plotted numbers, from its CSV."""

    def __init__(self, built_site: BuiltSite, name: str) -> None:
        path = built_site.site / f"figures/activations/{name}.csv"
        table = np.loadtxt(path, delimiter=",", skiprows=1)
        self.x, self.y, self.grad = table[:, 0], table[:, 1], table[:, 2]

    def at(self, x: float) -> int:
        return int(np.flatnonzero(self.x == x)[0])


@pytest.fixture(scope="module")
def curves(built_site: BuiltSite) -> dict[str, Curve]:
    return {a.name: Curve(built_site, a.name) for a in registry.ACTIVATIONS}


def _members(group: str) -> tuple[str, ...]:
    return next(c.members for c in registry.COMPARISONS if c.name == group)


def test_relu_family_passes_positive_inputs_unchanged_relu6_up_to_6(
    curves: dict[str, Curve],
) -> None:
    """relu_family_text: "pass positive inputs through unchanged (ReLU6 only up to 6,
    where it caps them)", and "their gradients are 1 for positive inputs (ReLU6's only
    below 6, and 0 beyond)"."""
    for name in _members("relu_family"):
        c = curves[name]
        top = 6 if name == "relu6" else c.x[-1]
        inside = (c.x > 0) & (c.x < top)
        assert np.array_equal(c.y[inside], c.x[inside]), name
        assert np.all(c.grad[inside] == 1), name
        if name == "relu6":
            assert np.all(c.y[c.x >= 6] == 6) and np.all(c.grad[c.x > 6] == 0)


def test_relu_family_negative_side(curves: dict[str, Curve]) -> None:
    """relu_family_text: "ReLU discards them, leaky ReLU keeps a small slope, and ELU
    bends smoothly towards −1", and "apart from ELU's, [the gradients] jump between
    constant values"."""
    negative = curves["relu"].x < 0
    assert np.all(curves["relu"].y[negative] == 0)
    assert np.all(
        (curves["leaky_relu"].grad[negative] > 0) & (curves["leaky_relu"].grad[negative] < 0.1)
    )
    elu = curves["elu"]
    assert np.all(elu.y > -1) and elu.y[0] < -0.999 and np.all(np.diff(elu.y[negative]) > 0)
    for name in _members("relu_family"):
        distinct = len(np.unique(curves[name].grad))
        assert (distinct > 3) == (name == "elu"), name


def test_smooth_family(curves: dict[str, Curve], built_site: BuiltSite) -> None:
    """smooth_text: "All four are smooth everywhere, and the first three dip slightly
    below zero, so they are not monotonic. The gradients of those three rise a little
    above 1 ...; softplus's gradient is the sigmoid and stays below 1"."""
    from generator import results
    from generator.cache import Cache

    atlas = results.results(Cache(built_site.cache)).atlas
    assert atlas is not None
    gated, smooth_relu = _members("smooth")[:3], _members("smooth")[3]
    assert smooth_relu == "softplus"
    for name in _members("smooth"):
        assert atlas.entry(name).props.smoothness == "smooth", name
    for name in gated:
        assert curves[name].y.min() < 0 and not atlas.entry(name).props.monotonic, name
        assert 1 < curves[name].grad.max() < 1.2, name
    softplus = curves["softplus"]
    assert softplus.y.min() > 0 and softplus.grad.max() < 1
    assert np.allclose(softplus.grad, 1 / (1 + np.exp(-softplus.x)), rtol=0, atol=1e-12)


def test_squashing_family(curves: dict[str, Curve]) -> None:
    """saturating_text: "squash every input into a bounded interval. Their gradients are
    largest at the origin (hardtanh's equally on the whole of (−1, 1)) and vanish
    towards both ends (hardtanh's is exactly 0 beyond ±1) ... Softsign ... its gradient
    vanishes much more slowly than the others'"."""
    members = _members("saturating")
    for name in members:
        c = curves[name]
        assert np.all(np.abs(c.y) <= 1), name
        assert c.grad[c.at(0.0)] == c.grad.max(), name
        assert max(abs(c.grad[0]), abs(c.grad[-1])) < 0.05, name
    hardtanh = curves["hardtanh"]
    inside = (hardtanh.x > -1) & (hardtanh.x < 1)
    assert np.all(hardtanh.grad[inside] == hardtanh.grad.max())
    assert np.all(hardtanh.grad[np.abs(hardtanh.x) > 1] == 0)
    softsign_end = curves["softsign"].grad[-1]
    assert all(softsign_end > 10 * curves[n].grad[-1] for n in members if n != "softsign")
