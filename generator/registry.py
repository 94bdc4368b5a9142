"""The activations, as data.

One frozen `Activation` per function: which torch function computes it, its analytic
derivative, the LaTeX of both and the lesson's plot labels. Its title, like every word
a reader sees, is in each language's prose (docs/<lang>/activations/<name>.yml). Adding
an activation is one entry in `ACTIVATIONS` plus its prose in each language. This module
imports no torch: the derivatives use tensor methods only, so the registry can be read
(and hashed) cheaply.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.errors import Problem

# A torch tensor; typed loosely so that importing the registry never imports torch.
Tensor = Any


@dataclass(frozen=True)
class Grid:
    """The x values a figure is computed on: `per_unit` points per unit from `start` to
    `end`, and the torch code that makes them.

    The lesson's grid is the lesson's own `torch.arange(start, end, 1 / per_unit)`: float32,
    `end` left out. An exact grid (the atlas's) is every k / per_unit from `start` to `end`,
    both included, in float64: each point is the float nearest to k / per_unit, so 0 and
    every corner at a multiple of 1 / per_unit lie on the grid.
    """

    start: int
    end: int
    per_unit: int
    exact: bool = False

    @property
    def count(self) -> int:
        return (self.end - self.start) * self.per_unit + (1 if self.exact else 0)

    @property
    def first(self) -> float:
        return float(self.start)

    @property
    def last(self) -> float:
        return self.end if self.exact else self.start + (self.count - 1) / self.per_unit

    @property
    def dtype(self) -> str:
        return "float64" if self.exact else "float32"

    @property
    def points_code(self) -> str:
        """The pages' code for the grid's points."""
        if self.exact:
            ks = f"{self.start * self.per_unit}, {self.end * self.per_unit + 1}"
            return f"torch.arange({ks}, dtype=torch.float64) / {self.per_unit}"
        return f"torch.arange({float(self.start)}, {float(self.end)}, {1 / self.per_unit})"

    @property
    def code(self) -> str:
        """The pages' code for the grid, as a leaf tensor that records gradients."""
        if self.exact:
            return f"({self.points_code}).requires_grad_()"
        return self.points_code.removesuffix(")") + ", requires_grad=True)"


# The lesson's own grid: torch.arange(-8.0, 8.0, 0.1), 160 points. Every lesson figure
# shares it, so the curves can be compared at a glance and the page's code reproduces them.
LESSON_GRID = Grid(start=-8, end=8, per_unit=10)

# The lesson's figure size in inches, as passed to d2l.plot.
LESSON_FIGSIZE = (5, 2.5)

# The atlas's grid, shared by every atlas page: -7 to 7 in steps of 0.02, in float64.
# PyTorch's own activation images use -7..7: wide enough to show ReLU6's cap at 6, the
# corners of hardsigmoid and hardswish at ±3 and the saturation of sigmoid and tanh, yet
# narrow enough that the kinks near 0 stay visible. Points k/50 are exact, so 0 and every
# kink lie on the grid (the gradient at 0 is read off the data), and a step of 0.02 is
# fine enough to tell a jump in the gradient from a steep but smooth change.
ATLAS_GRID = Grid(start=-7, end=7, per_unit=50, exact=True)

# Every grid the site computes on, for the registry's checks.
GRIDS: tuple[Grid, ...] = (LESSON_GRID, ATLAS_GRID)

# The size of one axes of the atlas, in inches: the lesson's figure size.
ATLAS_FIGSIZE = LESSON_FIGSIZE

# Two axes stacked, each of the atlas's size: an atlas page's function above its
# gradient, and the overview's groups (functions above, gradients below).
STACKED_FIGSIZE = (5, 5)

# The overview's frame for curves the reader chooses to compare: one axes, a little
# taller than the atlas's, as it may hold two dozen curves.
COMPARE_FIGSIZE = (ATLAS_FIGSIZE[0], 3.0)


Value = float | bool | str


@dataclass(frozen=True)
class Param:
    """One keyword argument the atlas passes to the torch function, stated on its page,
    and the values a reader can choose for it there (`choices`, the default among them).
    Each choice is computed and checked at build like the default."""

    name: str
    value: Value
    shown: str = ""  # how the page's code writes the default, when repr() reads badly (1/3)
    tensor: bool = False  # passed as a one-element float64 tensor (PReLU's weight)
    choices: tuple[Value, ...] = ()
    default: Value | None = None  # the registry's value, when `value` is another choice

    @property
    def is_default(self) -> bool:
        return self.default is None or self.value == self.default

    @property
    def code(self) -> str:
        """The page's code for the value: '1.0', "'tanh'", 'torch.tensor([0.25], ...)'."""
        text = self.shown if self.shown and self.is_default else repr(self.value)
        return f"torch.tensor([{text}], dtype=torch.float64)" if self.tensor else text

    @property
    def label(self) -> str:
        """The value as the page's control and URL name it: '0.5', '1/8', 'tanh'."""
        if self.shown and self.is_default:
            return self.shown
        return self.value if isinstance(self.value, str) else repr(self.value)

    def choose(self, value: Value) -> Param:
        """This parameter set to another of its choices."""
        return replace(
            self, value=value, default=self.value if self.default is None else self.default
        )


@dataclass(frozen=True)
class Activation:
    """One activation function and everything the site says about it."""

    name: str  # slug for files and anchors, e.g. "relu"
    torch_name: str  # the function in the `torch` namespace, e.g. "relu" for torch.relu
    formula: str  # LaTeX of the function
    derivative_formula: str  # LaTeX of its derivative
    # The analytic derivative, from tensor methods only; it takes the parameters as
    # keyword arguments, as the torch function does.
    derivative: Callable[..., Tensor]
    # Where the atlas finds the function: "torch" or "torch.nn.functional" (written F.).
    namespace: str = "torch"
    params: tuple[Param, ...] = ()  # keyword arguments, each stated on the atlas page

    @property
    def call(self) -> str:
        """The pages' code for one forward pass: 'torch.relu(x)', 'F.elu(x, alpha=1.0)'."""
        prefix = "F" if self.namespace == "torch.nn.functional" else self.namespace
        args = "".join(f", {p.name}={p.code}" for p in self.params)
        return f"{prefix}.{self.torch_name}(x{args})"

    def forward(self, x: Tensor) -> Tensor:
        """Apply the function, with its parameters, as the pages' code does."""
        import importlib

        function = getattr(importlib.import_module(self.namespace), self.torch_name)
        kwargs = {p.name: x.new_tensor([p.value]) if p.tensor else p.value for p in self.params}
        return function(x, **kwargs)

    def analytic(self, x: Tensor) -> Tensor:
        """The analytic derivative at `x`, with this entry's parameter values."""
        return self.derivative(x, **{p.name: p.value for p in self.params})

    @property
    def is_default(self) -> bool:
        """The registry's entry itself, not one of its variants."""
        return all(p.is_default for p in self.params)

    @property
    def key(self) -> str:
        """The chosen values, as the page's controls and URL write them:
        'min_val=-2.0&max_val=1.0' ('' for an entry with nothing to choose)."""
        return "&".join(f"{p.name}={p.label}" for p in self.params if p.choices)

    def variants(self) -> tuple[Activation, ...]:
        """The entry with every combination of its parameters' choices (itself among
        them, first of all): what a reader can pick on its page."""
        options = [p.choices or (p.value,) for p in self.params]
        found = [self]
        for values in itertools.product(*options):
            variant = self.choosing(values)
            if not variant.is_default:
                found.append(variant)
        return tuple(found)

    def choosing(self, values: Iterable[Value]) -> Activation:
        """The entry with its parameters set to `values`, in order. Where another entry
        is this very function with these values as its own (GELU with
        approximate='tanh' is GELU (tanh)), its formulas are the ones that hold."""
        params = tuple(p.choose(v) for p, v in zip(self.params, values, strict=True))
        chosen = replace(self, params=params)
        for twin in ACTIVATIONS:
            same = (twin.namespace, twin.torch_name) == (self.namespace, self.torch_name)
            if same and [p.value for p in twin.params] == [p.value for p in params]:
                return replace(
                    chosen, formula=twin.formula, derivative_formula=twin.derivative_formula
                )
        return chosen

    @property
    def label(self) -> str:
        """The lesson's y-axis label of the function: 'relu(x)'."""
        return f"{self.torch_name}(x)"

    @property
    def grad_label(self) -> str:
        """The lesson's y-axis label of the gradient: 'grad of relu'."""
        return f"grad of {self.torch_name}"

    @property
    def legend(self) -> tuple[str, str]:
        """An atlas figure's legend, in the lesson's words: 'gelu_tanh(x)', 'grad of gelu_tanh'."""
        return f"{self.name}(x)", f"grad of {self.name}"

    def __reduce__(self) -> tuple[Callable[..., Activation], tuple[str, tuple[Value, ...]]]:
        """Pickled by name and parameter values (its derivative is a lambda): the cache
        stores results that name their activation, keyed by this module's source."""
        return _by_name_and_values, (self.name, tuple(p.value for p in self.params))


ACTIVATIONS: tuple[Activation, ...] = (
    Activation(
        name="relu",
        torch_name="relu",
        formula=r"\operatorname{ReLU}(x) = \max(x, 0)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{ReLU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
        ),
        # PyTorch takes the left derivative, 0, at x = 0.
        derivative=lambda x: (x > 0).to(x.dtype),
    ),
    Activation(
        name="sigmoid",
        torch_name="sigmoid",
        formula=r"\operatorname{sigmoid}(x) = \frac{1}{1 + \exp(-x)}",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{sigmoid}(x) = \frac{\exp(-x)}{(1 + \exp(-x))^2}"
            r" = \operatorname{sigmoid}(x)\left(1 - \operatorname{sigmoid}(x)\right)"
        ),
        derivative=lambda x: x.sigmoid() * (1 - x.sigmoid()),
    ),
    Activation(
        name="tanh",
        torch_name="tanh",
        formula=r"\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}",
        derivative_formula=r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)",
        derivative=lambda x: 1 - x.tanh() ** 2,
    ),
)


def _on(mask: Tensor) -> Tensor:
    """1.0 where `mask` holds, else 0.0, in float64 (the atlas's precision)."""
    return mask.double()


def _normal_pdf(x: Tensor) -> Tensor:
    return (-0.5 * x * x).exp() / math.sqrt(2 * math.pi)


def _softplus(x: Tensor) -> Tensor:
    """log(1 + exp(x)) without overflow."""
    return x.clamp(min=0) + (-x.abs()).exp().log1p()


def _gelu_tanh_grad(x: Tensor) -> Tensor:
    k = math.sqrt(2 / math.pi)
    t = (k * (x + 0.044715 * x**3)).tanh()
    return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * k * (1 + 3 * 0.044715 * x**2)


def _gelu_grad(x: Tensor, approximate: str) -> Tensor:
    if approximate == "tanh":
        return _gelu_tanh_grad(x)
    return 0.5 * (1 + (x / math.sqrt(2)).erf()) + x * _normal_pdf(x)


def _mish_grad(x: Tensor) -> Tensor:
    t = _softplus(x).tanh()
    return t + x * (1 - t**2) * x.sigmoid()


# SELU's constants, from Klambauer et al. (2017), as PyTorch writes them.
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

_F = "torch.nn.functional"

# The atlas: the lesson's three, then every other elementwise activation of
# torch.nn.functional, each with the parameters its page states.
ACTIVATIONS = (
    *ACTIVATIONS,
    Activation(
        name="leaky_relu",
        torch_name="leaky_relu",
        formula=r"\operatorname{LeakyReLU}(x) = \max(x, 0) + \alpha \min(x, 0)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{LeakyReLU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}"
        ),
        derivative=lambda x, negative_slope: negative_slope + (1 - negative_slope) * _on(x > 0),
        namespace=_F,
        params=(Param("negative_slope", 0.01, choices=(0.01, 0.05, 0.1, 0.2, 0.3)),),
    ),
    Activation(
        name="prelu",
        torch_name="prelu",
        formula=r"\operatorname{PReLU}(x) = \max(x, 0) + a \min(x, 0)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{PReLU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}"
        ),
        derivative=lambda x, weight: weight + (1 - weight) * _on(x > 0),
        namespace=_F,
        params=(Param("weight", 0.25, tensor=True, choices=(0.1, 0.25, 0.5, 1.0)),),
    ),
    Activation(
        name="rrelu",
        torch_name="rrelu",
        formula=r"\operatorname{RReLU}(x) = \max(x, 0) + \frac{l + u}{2} \min(x, 0)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{RReLU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ \frac{l + u}{2} & x \le 0 \end{cases}"
        ),
        # In evaluation (training=False) the slope is fixed at the bounds' mean.
        derivative=lambda x, lower, upper, training: (
            (lower + upper) / 2 + (1 - (lower + upper) / 2) * _on(x > 0)
        ),
        namespace=_F,
        params=(
            Param("lower", 1 / 8, "1/8", choices=(0.0, 1 / 8, 0.2)),
            Param("upper", 1 / 3, "1/3", choices=(0.25, 1 / 3, 0.5)),
            Param("training", False),
        ),
    ),
    Activation(
        name="elu",
        torch_name="elu",
        formula=(
            r"\operatorname{ELU}(x) = "
            r"\begin{cases} x & x > 0 \\ \alpha (\exp(x) - 1) & x \le 0 \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{ELU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ \alpha \exp(x) & x \le 0 \end{cases}"
        ),
        derivative=lambda x, alpha: _on(x > 0) + _on(x <= 0) * alpha * x.exp(),
        namespace=_F,
        params=(Param("alpha", 1.0, choices=(0.5, 1.0, 1.5, 2.0)),),
    ),
    Activation(
        name="selu",
        torch_name="selu",
        formula=(
            r"\operatorname{SELU}(x) = \lambda "
            r"\begin{cases} x & x > 0 \\ \alpha (\exp(x) - 1) & x \le 0 \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{SELU}(x) = "
            r"\begin{cases} \lambda & x > 0 \\ \lambda \alpha \exp(x) & x \le 0 \end{cases}"
        ),
        derivative=lambda x: SELU_SCALE * (_on(x > 0) + _on(x <= 0) * SELU_ALPHA * x.exp()),
        namespace=_F,
    ),
    Activation(
        name="celu",
        torch_name="celu",
        formula=r"\operatorname{CELU}(x) = \max(x, 0) + \min(0, \alpha (\exp(x / \alpha) - 1))",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{CELU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ \exp(x / \alpha) & x \le 0 \end{cases}"
        ),
        derivative=lambda x, alpha: _on(x > 0) + _on(x <= 0) * (x / alpha).exp(),
        namespace=_F,
        params=(Param("alpha", 1.0, choices=(0.5, 1.0, 1.5, 2.0)),),
    ),
    Activation(
        name="gelu",
        torch_name="gelu",
        formula=r"\operatorname{GELU}(x) = x \, \Phi(x) = \frac{x}{2}\left(1 + "
        r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        derivative_formula=r"\frac{d}{dx}\operatorname{GELU}(x) = \Phi(x) + x \, \varphi(x)",
        derivative=_gelu_grad,
        namespace=_F,
        params=(Param("approximate", "none", choices=("none", "tanh")),),
    ),
    Activation(
        name="gelu_tanh",
        torch_name="gelu",
        formula=(
            r"\operatorname{GELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh(u)\right),\quad "
            r"u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{GELU}_{\tanh}(x) = \frac{1 + \tanh(u)}{2} + "
            r"\frac{x}{2}\left(1 - \tanh^2(u)\right)\sqrt{2/\pi}\,(1 + 0.134145\,x^2)"
        ),
        derivative=_gelu_grad,
        namespace=_F,
        params=(Param("approximate", "tanh", choices=("none", "tanh")),),
    ),
    Activation(
        name="silu",
        torch_name="silu",
        formula=r"\operatorname{SiLU}(x) = x \operatorname{sigmoid}(x) = \frac{x}{1 + \exp(-x)}",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{SiLU}(x) = "
            r"\operatorname{sigmoid}(x)\left(1 + x\left(1 - \operatorname{sigmoid}(x)\right)\right)"
        ),
        derivative=lambda x: x.sigmoid() * (1 + x * (1 - x.sigmoid())),
        namespace=_F,
    ),
    Activation(
        name="mish",
        torch_name="mish",
        formula=r"\operatorname{Mish}(x) = x \tanh(\operatorname{softplus}(x))",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{Mish}(x) = \tanh(s) + "
            r"x \left(1 - \tanh^2(s)\right) \operatorname{sigmoid}(x),\quad "
            r"s = \operatorname{softplus}(x)"
        ),
        derivative=_mish_grad,
        namespace=_F,
    ),
    Activation(
        name="softplus",
        torch_name="softplus",
        # PyTorch switches to x itself where beta x exceeds the threshold: the formulas say so.
        formula=(
            r"\operatorname{softplus}(x) = \begin{cases} \frac{1}{\beta} \log(1 + \exp(\beta x))"
            r" & \beta x \le \mathrm{threshold} \\ x & \beta x > \mathrm{threshold} \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{softplus}(x) = \begin{cases}"
            r" \operatorname{sigmoid}(\beta x) & \beta x \le \mathrm{threshold}"
            r" \\ 1 & \beta x > \mathrm{threshold} \end{cases}"
        ),
        # Beyond βx > threshold PyTorch returns x itself, whose derivative is 1.
        derivative=lambda x, beta, threshold: (
            (beta * x).sigmoid().where(beta * x <= threshold, 1.0)
        ),
        namespace=_F,
        params=(
            Param("beta", 1.0, choices=(0.5, 1.0, 2.0, 5.0)),
            # Not offered as a choice: below βx = 20 the switch to x leaves a jump of up
            # to 0.007 inside the grid, too small to see, which the checks rightly refuse.
            Param("threshold", 20.0),
        ),
    ),
    Activation(
        name="softsign",
        torch_name="softsign",
        formula=r"\operatorname{softsign}(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"\frac{d}{dx}\operatorname{softsign}(x) = \frac{1}{(1 + |x|)^2}",
        derivative=lambda x: 1 / (1 + x.abs()) ** 2,
        namespace=_F,
    ),
    Activation(
        name="hardtanh",
        torch_name="hardtanh",
        formula=r"\operatorname{hardtanh}(x) = \min(\max(x, a), b)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{hardtanh}(x) = "
            r"\begin{cases} 1 & a < x < b \\ 0 & x \notin (a, b) \end{cases}"
        ),
        derivative=lambda x, min_val, max_val: _on((x > min_val) & (x < max_val)),
        namespace=_F,
        params=(
            Param("min_val", -1.0, choices=(-2.0, -1.0, -0.5)),
            Param("max_val", 1.0, choices=(0.5, 1.0, 2.0)),
        ),
    ),
    Activation(
        name="relu6",
        torch_name="relu6",
        formula=r"\operatorname{ReLU}\mathrm{6}(x) = \min(\max(x, 0), 6)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{ReLU}\mathrm{6}(x) = "
            r"\begin{cases} 1 & 0 < x < 6 \\ 0 & x \notin (0, 6) \end{cases}"
        ),
        derivative=lambda x: _on((x > 0) & (x < 6)),
        namespace=_F,
    ),
    Activation(
        name="hardsigmoid",
        torch_name="hardsigmoid",
        formula=r"\operatorname{hardsigmoid}(x) = \frac{\operatorname{ReLU}\mathrm{6}(x + 3)}{6}",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{hardsigmoid}(x) = "
            r"\begin{cases} 1/6 & |x| < 3 \\ 0 & |x| \ge 3 \end{cases}"
        ),
        derivative=lambda x: _on((x > -3) & (x < 3)) / 6,
        namespace=_F,
    ),
    Activation(
        name="hardswish",
        torch_name="hardswish",
        formula=(
            r"\operatorname{hardswish}(x) = x \, "
            r"\frac{\operatorname{ReLU}\mathrm{6}(x + 3)}{6}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{hardswish}(x) = \begin{cases} 0 & x \le -3 \\ "
            r"x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}"
        ),
        derivative=lambda x: _on((x > -3) & (x < 3)) * (x / 3 + 0.5) + _on(x >= 3),
        namespace=_F,
    ),
    Activation(
        name="logsigmoid",
        torch_name="logsigmoid",
        formula=r"\operatorname{logsigmoid}(x) = \log \frac{1}{1 + \exp(-x)}",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{logsigmoid}(x) = 1 - \operatorname{sigmoid}(x)"
        ),
        derivative=lambda x: 1 - x.sigmoid(),
        namespace=_F,
    ),
    Activation(
        name="tanhshrink",
        torch_name="tanhshrink",
        formula=r"\operatorname{tanhshrink}(x) = x - \tanh(x)",
        derivative_formula=r"\frac{d}{dx}\operatorname{tanhshrink}(x) = \tanh^2(x)",
        derivative=lambda x: x.tanh() ** 2,
        namespace=_F,
    ),
    Activation(
        name="softshrink",
        torch_name="softshrink",
        formula=(
            r"\operatorname{softshrink}(x) = \begin{cases} x - \lambda & x > \lambda \\ "
            r"x + \lambda & x < -\lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{softshrink}(x) = "
            r"\begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        derivative=lambda x, lambd: _on(x.abs() > lambd),
        namespace=_F,
        params=(Param("lambd", 0.5, choices=(0.2, 0.5, 1.0, 2.0)),),
    ),
    Activation(
        name="hardshrink",
        torch_name="hardshrink",
        formula=(
            r"\operatorname{hardshrink}(x) = "
            r"\begin{cases} x & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{hardshrink}(x) = "
            r"\begin{cases} 1 & |x| > \lambda \\ 0 & |x| \le \lambda \end{cases}"
        ),
        derivative=lambda x, lambd: _on(x.abs() > lambd),
        namespace=_F,
        params=(Param("lambd", 0.5, choices=(0.2, 0.5, 1.0, 2.0)),),
    ),
    Activation(
        name="threshold",
        torch_name="threshold",
        formula=(
            r"\operatorname{threshold}(x) = "
            r"\begin{cases} x & x > \theta \\ v & x \le \theta \end{cases}"
        ),
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{threshold}(x) = "
            r"\begin{cases} 1 & x > \theta \\ 0 & x \le \theta \end{cases}"
        ),
        derivative=lambda x, threshold, value: _on(x > threshold),
        namespace=_F,
        params=(
            Param("threshold", 1.0, choices=(-1.0, 0.0, 1.0, 2.0)),
            Param("value", 0.0, choices=(-1.0, 0.0, 1.0)),
        ),
    ),
)

# The lesson walks through these, in this order, on one shared input tensor.
LESSON_ORDER: tuple[str, ...] = ("relu", "sigmoid", "tanh")


def by_name(name: str) -> Activation:
    """The registry entry called `name`; KeyError names the known ones."""
    for activation in ACTIVATIONS:
        if activation.name == name:
            return activation
    known = ", ".join(a.name for a in ACTIVATIONS)
    raise KeyError(f"no activation named {name!r} in the registry (known: {known})")


def _by_name_and_values(name: str, values: tuple[Value, ...]) -> Activation:
    entry = by_name(name)
    return entry if values == tuple(p.value for p in entry.params) else entry.choosing(values)


def lesson_activations() -> tuple[Activation, ...]:
    """The lesson's activations, in the lesson's order."""
    return tuple(by_name(name) for name in LESSON_ORDER)


# d2l.plot draws at most four curves on one axes, one in each of its line formats.
CURVES_PER_PANEL = 4


@dataclass(frozen=True)
class Comparison:
    """A group the atlas overview draws together: at most `CURVES_PER_PANEL`."""

    name: str  # slug; the overview's prose has `<name>_heading` and `<name>_text`
    members: tuple[str, ...]


COMPARISONS: tuple[Comparison, ...] = (
    Comparison("relu_family", ("relu", "leaky_relu", "elu", "relu6")),
    Comparison("smooth", ("gelu", "silu", "mish", "softplus")),
    Comparison("saturating", ("sigmoid", "tanh", "hardtanh", "softsign")),
)


# The seeds on which every claim about a seeded computation (a random network, a
# training run) is checked: a page states only what holds for each of them. Figures
# and the pages' code use the first.
SEEDS: tuple[int, ...] = tuple(range(5))


@dataclass(frozen=True)
class Target:
    """A function a small network is fitted to: its values on the input x in [-1, 1],
    from tensor methods only (like the derivatives above)."""

    name: str  # slug for files, anchors and prose keys
    function: Callable[[Tensor], Tensor]


# The targets the section's networks are fitted to, on x in [-1, 1]. `risk` stands for
# the lesson's example of risk against body temperature, x = (t - 37 °C) / 3: an
# illustrative score, lowest at 37 °C and rising on both sides, not medical data; no
# straight line can follow it. `sine` is smooth; `step` jumps at 0.
TARGETS: tuple[Target, ...] = (
    Target("risk", lambda x: x**2),
    Target("sine", lambda x: (math.pi * x).sin()),
    Target("step", lambda x: (x > 0).to(x.dtype)),
)


def validate(
    activations: Iterable[Activation],
    grids: Iterable[Grid],
    comparisons: Iterable[Comparison] = COMPARISONS,
) -> list[Problem]:
    """Every fault of the registry's entries, grids and comparisons that can be seen
    without torch."""
    problems = []
    seen: set[str] = set()
    for activation in activations:
        where = f"{_SOURCE}:{entry_line(activation.name)}: activation '{activation.name}'"
        if activation.name in seen:
            problems.append(Problem(where, "duplicate name", "give each entry its own name"))
        seen.add(activation.name)
        for field_name in ("torch_name", "formula", "derivative_formula"):
            if not str(getattr(activation, field_name)).strip():
                problems.append(Problem(where, f"missing {field_name}", "fill it in"))
        for param in activation.params:
            if param.choices and param.value not in param.choices:
                problems.append(
                    Problem(
                        where,
                        f"parameter {param.name}'s value {param.value!r} is not among its choices",
                        "add it to `choices`",
                    )
                )
            if len(set(param.choices)) != len(param.choices):
                problems.append(
                    Problem(where, f"parameter {param.name} repeats a choice", "list each once")
                )
    for comparison in comparisons:
        where = f"{_SOURCE}: comparison '{comparison.name}'"
        if len(comparison.members) > CURVES_PER_PANEL:
            problems.append(
                Problem(
                    where,
                    f"{len(comparison.members)} members, more than d2l.plot's "
                    f"{CURVES_PER_PANEL} line formats",
                    f"split it into groups of {CURVES_PER_PANEL} at most",
                )
            )
        for member in sorted(set(comparison.members) - seen):
            problems.append(Problem(where, f"unknown activation '{member}'", "use an entry's name"))
    for grid in grids:
        if not grid.start < grid.end:
            problems.append(
                Problem(f"{_SOURCE}: {grid}", "the grid's start is not below its end", "swap them")
            )
        if not grid.per_unit > 0:
            problems.append(
                Problem(f"{_SOURCE}: {grid}", "per_unit is not positive", "use a whole number > 0")
            )
    return problems


_SOURCE = "generator/registry.py"


def entry_line(name: str) -> int:
    """The line of registry.py where the entry called `name` starts (0 if not found)."""
    text = Path(__file__).read_text(encoding="utf-8")
    found = re.search(rf'^\s*name="{re.escape(name)}"', text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 0
