"""The lesson's exercises, answered by computation: numbers and a figure for each.

Every answer is computed in float64 with torch, on the atlas's grid where a grid is
needed, and drawn in the look of d2l.plot.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.compute import points
from generator.figures import Chart, FigureRef, Panel, Series
from generator.registry import Grid

if TYPE_CHECKING:
    import torch

# The slopes of PReLU's negative half and the β of Swish that the exercises look at.
PRELU_ALPHA = 0.25
SWISH_BETAS = (0.5, 1.0, 2.0, 10.0)
# Depths of the sigmoid stack, and the seed and widths of the random ReLU network.
DEPTHS = 20
MLP_SEED = 0
MLP_WIDTHS = (1, 8, 8, 1)
# The network is evaluated on a grid ten times finer than the atlas's, to find its kinks.
MLP_REFINE = 10
# The minibatch exercise: each input x shares a batch with this many other examples,
# drawn with this seed, once for batch A and once for batch B; BatchNorm's epsilon.
BATCH_COMPANIONS = 3
BATCH_SEED = 1
BATCH_EPS = 1e-5


@dataclass(frozen=True)
class Exercise:
    """One exercise: its key names its anchor, its prose (`<key>_question`, ...), its
    code template (code/exercise_<key>.py.j2), its formula and its figure."""

    key: str
    extra: bool = False  # not one of the lesson's own exercises


# The exercises in the order the page answers them: the lesson's, then the extra ones.
EXERCISES = (
    Exercise("prelu"),
    Exercise("mlp"),
    Exercise("identity"),
    Exercise("minibatch"),
    Exercise("swish", extra=True),
    Exercise("depth", extra=True),
)

# The formula each answer states, in LaTeX.
FORMULAS = {
    "prelu": (
        r"\frac{d}{dx}\operatorname{PReLU}(x) = "
        r"\begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}"
    ),
    "mlp": (
        r"f(x) = \mathbf{W}_3 \operatorname{ReLU}\left(\mathbf{W}_2 \operatorname{ReLU}"
        r"\left(\mathbf{W}_1 x + \mathbf{b}_1\right) + \mathbf{b}_2\right) + \mathbf{b}_3"
    ),
    "identity": (
        r"\tanh(x) + 1 = \frac{1 - \exp(-2x)}{1 + \exp(-2x)} + 1 = \frac{2}{1 + \exp(-2x)}"
        r" = 2 \operatorname{sigmoid}(2x)"
    ),
    "swish": (
        r"\frac{d}{dx}\, x \operatorname{sigmoid}(\beta x) = \operatorname{sigmoid}(\beta x)"
        r" + \beta x \operatorname{sigmoid}(\beta x)"
        r"\left(1 - \operatorname{sigmoid}(\beta x)\right)"
    ),
    "minibatch": (
        r"f(x_i) = \operatorname{ReLU}\left(\frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}"
        r"\right),\quad \mu_B = \frac{1}{n}\sum_{j \in B} x_j,\;"
        r"\sigma_B^2 = \frac{1}{n}\sum_{j \in B} (x_j - \mu_B)^2"
    ),
    "depth": (
        r"\frac{d z_d}{d x} = \prod_{k=1}^{d} \operatorname{sigmoid}'(z_{k-1}) \le 0.25^d,"
        r"\quad z_0 = x,\; z_k = \operatorname{sigmoid}(z_{k-1})"
    ),
}


@dataclass(frozen=True)
class Exercises:
    prelu_deviation: float  # max |autograd - analytic| of PReLU's derivative
    identity_deviation: float  # max |tanh(x) + 1 - 2 sigmoid(2x)| in float64
    identity_deviation_f32: float  # the same in float32
    swish_deviation: float  # max |autograd - analytic| over the β's
    depth_grad: tuple[float, ...]  # d/dx of the sigmoid stack at x = 0, by depth
    depth_bound: tuple[float, ...]  # 0.25 ** depth
    depth_below: int  # the first depth whose gradient is below 1e-6
    mlp_breakpoints: tuple[float, ...]
    mlp_residual: float  # largest distance of the output from its piecewise-linear fit
    mlp_max_step: float  # largest change of the output between neighbouring points
    mlp_max_slope: float  # largest |slope| of any piece
    batch_elementwise_gap: float  # max |ReLU(x) in batch A - in batch B|: 0
    batch_gap: float  # the same for the batch-normalised ReLU
    batch_single: float  # max |output| of the batch-normalised ReLU in batches of one
    figures: dict[str, FigureRef]

    # The settings, so the prose can quote them.
    prelu_alpha: float = PRELU_ALPHA
    swish_betas: tuple[float, ...] = SWISH_BETAS
    mlp_seed: int = MLP_SEED
    mlp_widths: tuple[int, ...] = MLP_WIDTHS
    mlp_refine: int = MLP_REFINE
    batch_companions: int = BATCH_COMPANIONS
    batch_seed: int = BATCH_SEED
    depths: int = DEPTHS
    batch_eps: float = BATCH_EPS

    @property
    def formulas(self) -> dict[str, str]:
        return FORMULAS

    @property
    def batch_bound(self) -> float:
        """The most a value standardised within a batch of n can be: sqrt(n - 1)
        (Samuelson's inequality, with the batch's own, biased, variance)."""
        return math.sqrt(self.batch_companions)

    @property
    def depth_factor(self) -> float:
        """What one more sigmoid layer multiplies the gradient by, deep in the stack."""
        return float(self.depth_grad[-1] / self.depth_grad[-2])

    @property
    def depth_input(self) -> float:
        """The input of the deep layers: the value sigmoid's iterates of 0 settle at,
        where sigmoid'(z) = s (1 - s) with s = sigmoid(z) equals depth_factor."""
        return 0.5 + math.sqrt(0.25 - self.depth_factor)


def compute_exercises(
    grid: Grid, figsize: tuple[float, float]
) -> tuple[Exercises, dict[str, Chart]]:
    """Every answer, and the chart of each answer's figure by exercise (`prelu`, ...).

    The answers' `figures` are left empty, for the caller to fill once they are drawn.
    """
    x = points(grid)
    charts: dict[str, Chart] = {}
    prelu, charts["prelu"] = _prelu(x, figsize)
    identity, identity32, charts["identity"] = _identity(x, figsize)
    swish, charts["swish"] = _swish(x, figsize)
    grads, bound, charts["depth"] = _depth(figsize)
    mlp, charts["mlp"] = _mlp(grid, figsize)
    batch, charts["minibatch"] = _minibatch(x, figsize)
    below = next((d + 1 for d, g in enumerate(grads) if abs(g) < 1e-6), 0)
    answers = Exercises(
        prelu, identity, identity32, swish, grads, bound, below, *mlp, *batch, figures={}
    )
    return answers, charts


def _grad(function: object, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """The function's values and autograd's elementwise gradient at x (from `y.sum()`:
    see generator/compute.py)."""
    leaf = x.detach().clone().requires_grad_()
    y = function(leaf)  # type: ignore[operator]
    y.sum().backward()
    assert leaf.grad is not None
    return y.detach().numpy(), leaf.grad.numpy()


def _prelu(x: torch.Tensor, figsize: tuple[float, float]) -> tuple[float, Chart]:
    import torch.nn.functional as F

    y, autograd = _grad(lambda t: F.prelu(t, t.new_tensor([PRELU_ALPHA])), x)
    analytic = np.where(x.numpy() > 0, 1.0, PRELU_ALPHA)
    panel = Panel(
        (
            Series(y, "prelu", "prelu(x)"),
            Series(autograd, "grad_autograd", "autograd"),
            Series(analytic, "grad_analytic", "analytic"),
        )
    )
    return float(np.abs(autograd - analytic).max()), Chart(x.numpy(), (panel,), "x", figsize)


def _identity(x: torch.Tensor, figsize: tuple[float, float]) -> tuple[float, float, Chart]:
    left = (x.tanh() + 1).numpy()
    right = (2 * (2 * x).sigmoid()).numpy()
    x32 = x.float()
    gap32 = (x32.tanh() + 1 - 2 * (2 * x32).sigmoid()).abs().max()
    curves = Panel(
        (
            Series(left, "tanh_plus_1", "tanh(x) + 1"),
            Series(right, "two_sigmoid_2x", "2 sigmoid(2x)"),
        )
    )
    gap = Panel((Series(left - right, "difference", "difference"),), "difference")
    chart = Chart(x.numpy(), (curves, gap), "x", (figsize[0], 2 * figsize[1]))
    return float(np.abs(left - right).max()), float(gap32), chart


def _swish(x: torch.Tensor, figsize: tuple[float, float]) -> tuple[float, Chart]:
    series, worst = [], 0.0
    for beta in SWISH_BETAS:
        _, autograd = _grad(lambda t, b=beta: t * (b * t).sigmoid(), x)
        s = (beta * x).sigmoid()
        analytic = (s + beta * x * s * (1 - s)).numpy()
        worst = max(worst, float(np.abs(autograd - analytic).max()))
        series.append(Series(autograd, f"grad_swish_beta_{beta:g}", f"β = {beta:g}"))
    panel = Panel(tuple(series), "grad of swish")
    return worst, Chart(x.numpy(), (panel,), "x", figsize)


def _depth(figsize: tuple[float, float]) -> tuple[tuple[float, ...], tuple[float, ...], Chart]:
    import torch

    grads = []
    for depth in range(1, DEPTHS + 1):
        x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        y = x
        for _ in range(depth):
            y = y.sigmoid()
        (grad,) = torch.autograd.grad(y.sum(), x)
        grads.append(float(grad))
    depths = np.arange(1, DEPTHS + 1, dtype=np.float64)
    bound = 0.25**depths
    panel = Panel(
        (
            Series(np.array(grads), "gradient", "gradient at 0"),
            Series(bound, "bound", "0.25^depth"),
        ),
        "gradient",
        yscale="log",
    )
    return tuple(grads), tuple(bound.tolist()), Chart(depths, (panel,), "depth", figsize)


def _mlp(
    grid: Grid, figsize: tuple[float, float]
) -> tuple[tuple[tuple[float, ...], float, float, float], Chart]:
    """A random ReLU network on a fine grid: where its slope changes, and how straight
    it is between those points."""
    import torch

    torch.manual_seed(MLP_SEED)
    layers: list[torch.nn.Module] = []
    for n_in, n_out in itertools.pairwise(MLP_WIDTHS):
        layers += [torch.nn.Linear(n_in, n_out, dtype=torch.float64), torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])
    x = points(Grid(grid.start, grid.end, grid.per_unit * MLP_REFINE, exact=True))
    with torch.no_grad():
        y = net(x[:, None])[:, 0].numpy()
        breaks = _breakpoints(x.numpy(), y)
        marks = net(torch.tensor(breaks, dtype=torch.float64)[:, None])[:, 0].numpy()
    residual = _piecewise_residual(x.numpy(), y, breaks)
    slopes = np.diff(y) / np.diff(x.numpy())
    panel = Panel(
        (
            Series(y[::MLP_REFINE], "mlp", "network output"),
            Series(marks, "", "breakpoints", x=np.array(breaks)),
        ),
        "output",
        formats=("-", "mo"),
    )
    numbers = (breaks, residual, float(np.abs(np.diff(y)).max()), float(np.abs(slopes).max()))
    return numbers, Chart(x.numpy()[::MLP_REFINE], (panel,), "x", figsize)


def batch_normalised_relu(x: torch.Tensor, others: torch.Tensor) -> torch.Tensor:
    """ReLU after normalising over a minibatch (BatchNorm in training mode, no scale or
    shift): for each x, the batch is x itself and the examples `others`."""
    batch = _batches(x, others)
    mean = batch.mean(dim=1)
    variance = batch.var(dim=1, unbiased=False)
    return ((x - mean) / (variance + BATCH_EPS).sqrt()).relu()


def _batches(x: torch.Tensor, others: torch.Tensor) -> torch.Tensor:
    """One batch per x: a row of x followed by `others`."""
    import torch

    return torch.cat([x[:, None], others.expand(len(x), -1)], dim=1)


def _minibatch(
    x: torch.Tensor, figsize: tuple[float, float]
) -> tuple[tuple[float, float, float], Chart]:
    """The same inputs in two minibatches, A and B, with different companions: an
    elementwise ReLU gives each x the same output in both; a ReLU after normalising over
    the batch does not, and in a batch of one it gives 0 whatever x is."""
    import torch

    generator = torch.Generator().manual_seed(BATCH_SEED)
    companions = torch.randn(2, BATCH_COMPANIONS, dtype=torch.float64, generator=generator)
    in_a, in_b = (batch_normalised_relu(x, others) for others in companions)
    single = batch_normalised_relu(x, x.new_empty(0))
    # The elementwise ReLU applied to each whole batch, x's entry read back.
    elementwise_a, elementwise_b = (_batches(x, others).relu()[:, 0] for others in companions)
    gaps = (
        float((elementwise_a - elementwise_b).abs().max()),
        float((in_a - in_b).abs().max()),
        float(single.abs().max()),
    )
    elementwise = elementwise_a
    panel = Panel(
        (
            Series(elementwise.numpy(), "relu", "ReLU, any batch"),
            Series(in_a.numpy(), "batch_a", "normalised in batch A"),
            Series(in_b.numpy(), "batch_b", "normalised in batch B"),
        ),
        "output",
    )
    return gaps, Chart(x.numpy(), (panel,), "x", figsize)


def _breakpoints(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """Where two neighbouring straight pieces meet: each change of slope between grid
    intervals, placed exactly at the intersection of the two lines."""
    slopes = np.diff(y) / np.diff(x)
    found = []
    i = 0
    while i < len(slopes) - 2:
        if abs(slopes[i + 1] - slopes[i]) > 1e-9:
            # the kink is inside interval i+1; left line through x[i], right through x[i+2]
            j = i + 2 if abs(slopes[i + 2] - slopes[i + 1]) > 1e-9 else i + 1
            s_left, s_right = slopes[i], slopes[j]
            x_cross = (y[j] - y[i] + s_left * x[i] - s_right * x[j]) / (s_left - s_right)
            found.append(float(x_cross))
            i = j
        else:
            i += 1
    return tuple(found)


def _piecewise_residual(x: np.ndarray, y: np.ndarray, breaks: tuple[float, ...]) -> float:
    """The largest distance of the output from a straight line fitted to each piece
    (grid points next to a breakpoint excluded)."""
    edges = [x[0] - 1, *breaks, x[-1] + 1]
    worst = 0.0
    step = x[1] - x[0]
    for left, right in itertools.pairwise(edges):
        inside = (x > left + step) & (x < right - step)
        if inside.sum() >= 2:
            line = np.polyfit(x[inside], y[inside], 1)
            worst = max(worst, float(np.abs(np.polyval(line, x[inside]) - y[inside]).max()))
    return worst
