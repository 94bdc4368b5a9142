"""The lesson's exercises, answered by computation: numbers and a figure for each.

Every answer is computed in float64 with torch, on the atlas's grid where a grid is
needed, and drawn in the look of d2l.plot.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.compute import points
from generator.figures import Chart, FigureRef, Panel, Series
from generator.registry import SEEDS, Grid

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

# The English edition's exercise 1 (linear depth): a stack of this many square linear
# layers of this size, folded into one; and networks size -> k -> size for each middle
# width k, which the figure shows up to past the size (wider than the size gains nothing).
LINEAR_SIZE = 4
LINEAR_LAYERS = 5
LINEAR_WIDTHS = (1, 2, 3, 4, 5, 6)

# Its exercise 5.2 (function classes): one hidden layer of this many units, 1 input and 1
# output so that the networks can be drawn on the exercises' grid.
CLASSES_HIDDEN = 5
# The networks of both are drawn with this many rows in the minibatch of exercise 1.
BATCH_ROWS = 8


@dataclass(frozen=True)
class Numbered:
    """An exercise as an edition numbers it, and the key of its answer: a chart key of
    this module (`prelu`, `linear_depth`, ...). Exercises of one `group` share a lead-in
    (the English edition's 5: "Sigmoid and tanh are very similar", then 5.1 and 5.2)."""

    number: str
    key: str
    group: str = ""


# Each edition's exercises of the section, in its order. The English edition (5.1) has
# seven, the fifth in two parts; the Chinese edition (4.1) has four of them.
EXERCISES_EN = (
    Numbered("1", "linear_depth"),
    Numbered("2", "prelu"),
    Numbered("3", "swish"),
    Numbered("4", "mlp"),
    Numbered("5.1", "identity", group="sigmoid_tanh"),
    Numbered("5.2", "function_classes", group="sigmoid_tanh"),
    Numbered("6", "minibatch"),
    Numbered("7", "depth"),
)
EXERCISES_ZH = (
    Numbered("1", "prelu"),
    Numbered("2", "mlp"),
    Numbered("3", "identity"),
    Numbered("4", "minibatch"),
)
# By edition, as a language's site.yml names the one it follows (`edition`).
EDITIONS = {"en": EXERCISES_EN, "zh": EXERCISES_ZH}


def answered(edition: str) -> tuple[tuple[Numbered, str], ...]:
    """Every exercise the exercises page answers, in the order of `edition`'s own, then
    the others the English edition adds, each with the edition whose numbering it keeps."""
    own = EDITIONS[edition]
    keys = {exercise.key for exercise in own}
    others = tuple((e, "en") for e in EXERCISES_EN if e.key not in keys)
    return tuple((e, edition) for e in own) + others


# The formula each answer states, in LaTeX.
FORMULAS = {
    # one column: two aligned columns would be as wide as both widest halves together,
    # wider than a phone
    "linear_depth": (
        r"\begin{array}{l} (\mathbf{X}\mathbf{W}_1 + \mathbf{b}_1)\mathbf{W}_2 + \mathbf{b}_2"
        r" = \mathbf{X}(\mathbf{W}_1\mathbf{W}_2) + (\mathbf{b}_1\mathbf{W}_2 + \mathbf{b}_2),"
        r" \\ \operatorname{rank}(\mathbf{W}_1\mathbf{W}_2) \le"
        r" \min(\operatorname{rank}\,\mathbf{W}_1, \operatorname{rank}\,\mathbf{W}_2) \le k"
        r" \end{array}"
    ),
    "prelu": (
        r"\frac{d}{dx}\operatorname{PReLU}(x) = "
        r"\begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}"
    ),
    "swish": (
        r"\begin{array}{rl} \frac{d}{dx}\, x\, s(x) & = s(x) + \beta x\, s(x)\left(1 - s(x)\right),"
        r" \\ s(x) & = \operatorname{sigmoid}(\beta x) \end{array}"
    ),
    "mlp": (
        r"f(x) = \mathbf{W}_3 \operatorname{ReLU}\left(\mathbf{W}_2 \operatorname{ReLU}"
        r"\left(\mathbf{W}_1 x + \mathbf{b}_1\right) + \mathbf{b}_2\right) + \mathbf{b}_3"
    ),
    "identity": (
        r"\tanh(x) + 1 = \frac{1 - \exp(-2x)}{1 + \exp(-2x)} + 1 = \frac{2}{1 + \exp(-2x)}"
        r" = 2 \operatorname{sigmoid}(2x)"
    ),
    "function_classes": (
        r"\begin{array}{rl} \tanh(z) & = 2 \operatorname{sigmoid}(2z) - 1, \\"
        r" \mathbf{W}_1' = 2\mathbf{W}_1, & \mathbf{b}_1' = 2\mathbf{b}_1, \\"
        r" \mathbf{W}_2' = 2\mathbf{W}_2, & \mathbf{b}_2' = \mathbf{b}_2 - \mathbf{1}\mathbf{W}_2"
        r" \end{array}"
    ),
    "minibatch": (
        r"\begin{array}{rl} f(x_i) & = \operatorname{ReLU}\left(\frac{x_i - \mu_B}"
        r"{\sqrt{\sigma_B^2 + \epsilon}}\right), \\ \mu_B & = \frac{1}{n}\sum_{j \in B} x_j,"
        r" \\ \sigma_B^2 & = \frac{1}{n}\sum_{j \in B} (x_j - \mu_B)^2 \end{array}"
    ),
    "depth": (
        r"\begin{array}{rl} \frac{d z_d}{d x} & = \prod_{k=1}^{d}"
        r" \operatorname{sigmoid}'(z_{k-1}) \le 0.25^d, \\ z_0 & = x,\quad"
        r" z_k = \operatorname{sigmoid}(z_{k-1}) \end{array}"
    ),
}


@dataclass(frozen=True)
class LinearDepth:
    """Exercise 1: depth adds nothing to a linear network, and a narrow layer takes away.

    With the figure's seed: a stack of linear layers folded into one layer (the largest
    difference of their outputs on a minibatch); the rank of the end-to-end map of a
    network size -> k -> size for each middle width k, and its singular values; the
    rank of one size -> size layer's map A; and, for each k, the smallest distance
    (Frobenius) from A that a size -> k -> size network can reach: the truncated SVD
    (Eckart-Young), whose distance is the root of the sum of the squared singular
    values it drops.
    """

    stack_gaps: tuple[float, ...]  # per seed
    ranks: tuple[tuple[int, ...], ...]  # per seed, per width
    single_ranks: tuple[int, ...]  # per seed
    singular_values: tuple[tuple[float, ...], ...]  # the figure seed's maps, per width
    target_singular_values: tuple[float, ...]  # of A, largest first
    errors: tuple[float, ...]  # per width: |A - best size -> k -> size map|_F
    eckart_young_gap: float  # max over widths of |error - root of the dropped squares|
    seeds: tuple[int, ...] = SEEDS
    size: int = LINEAR_SIZE
    layers: int = LINEAR_LAYERS
    widths: tuple[int, ...] = LINEAR_WIDTHS

    @property
    def stack_gap(self) -> float:
        return self.stack_gaps[0]

    @property
    def capped(self) -> bool:
        """For every seed, the rank is min(k, size): the middle width caps it, and a
        single layer reaches the full rank."""
        expected = tuple(min(k, self.size) for k in self.widths)
        return all(r == expected for r in self.ranks) and set(self.single_ranks) == {self.size}


@dataclass(frozen=True)
class FunctionClasses:
    """Exercise 5.2: every tanh network is a sigmoid network and back (see
    `tanh_to_sigmoid`, `sigmoid_to_tanh`): the largest difference of their outputs on
    the grid, for each seed, both ways."""

    forward_gaps: tuple[float, ...]  # a tanh network against the sigmoid one it maps to
    reverse_gaps: tuple[float, ...]  # a sigmoid network against its tanh network
    seeds: tuple[int, ...] = SEEDS
    hidden: int = CLASSES_HIDDEN

    @property
    def forward_gap(self) -> float:
        return self.forward_gaps[0]

    @property
    def reverse_gap(self) -> float:
        return self.reverse_gaps[0]


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
    linear_depth: LinearDepth
    function_classes: FunctionClasses
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


def code_values(grid: Grid, figsize: tuple[float, float], seed: int = SEEDS[0]) -> dict[str, str]:
    """The constants of the exercises' code (templates/code/exercise_*.py.j2) as Python
    source, for each `{{ name }}` of the code; `seed`: the one the pages show of the
    English edition's exercises 1 and 5.2."""
    fine = grid.per_unit * MLP_REFINE
    layers = [
        f"    nn.Linear({n_in}, {n_out}, dtype=torch.float64),"
        + (" nn.ReLU()," if i < len(MLP_WIDTHS) - 2 else "")
        for i, (n_in, n_out) in enumerate(itertools.pairwise(MLP_WIDTHS))
    ]
    return {
        "grid": grid.code,
        "points": grid.points_code,
        "figsize": repr(figsize),
        "prelu.alpha": repr(PRELU_ALPHA),
        "mlp.seed": str(MLP_SEED),
        "mlp.layers": "\n".join(layers),
        "mlp.start": str(grid.start * fine),
        "mlp.end": str(grid.end * fine + 1),
        "mlp.fine": str(fine),
        "mlp.refine": str(MLP_REFINE),
        "batch.eps": repr(BATCH_EPS),
        "batch.seed": str(BATCH_SEED),
        "batch.companions": str(BATCH_COMPANIONS),
        "swish.betas": repr(list(SWISH_BETAS)),
        "depth.end": str(DEPTHS + 1),
        "seed": repr(seed),
        "n": repr(BATCH_ROWS),
        "linear_size": repr(LINEAR_SIZE),
        "linear_layers": repr(LINEAR_LAYERS),
        "linear_widths": repr(list(LINEAR_WIDTHS)),
        "classes_hidden": repr(CLASSES_HIDDEN),
        "classes_points": grid.points_code,
    }


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
    linear_depth, charts["linear_depth"] = _linear_depth_all(figsize)
    classes, charts["function_classes"] = _classes_all(grid, figsize)
    below = next((d + 1 for d, g in enumerate(grads) if abs(g) < 1e-6), 0)
    answers = Exercises(
        prelu,
        identity,
        identity32,
        swish,
        grads,
        bound,
        below,
        *mlp,
        *batch,
        linear_depth=linear_depth,
        function_classes=classes,
        figures={},
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
    return (
        tuple(grads),
        tuple(bound.tolist()),
        Chart(depths, (panel,), "depth", figsize, xname="depth"),
    )


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


# --- The English edition's exercise 1: linear depth -------------------------------


@dataclass(frozen=True)
class _DepthRun:
    stack_gap: float
    ranks: tuple[int, ...]
    single_rank: int
    maps: tuple[torch.Tensor, ...]  # each width's end-to-end map
    target: torch.Tensor  # the single layer's map A
    errors: tuple[float, ...]


def _linear_depth(seed: int) -> _DepthRun:
    """The page's code for exercise 1, with `seed`."""
    import torch
    from torch import nn

    n = LINEAR_SIZE
    torch.manual_seed(seed)
    X = torch.randn(BATCH_ROWS, n, dtype=torch.float64)
    layers = [nn.Linear(n, n, dtype=torch.float64) for _ in range(LINEAR_LAYERS)]
    stack = nn.Sequential(*layers)
    with torch.no_grad():
        # (XW + b)W' + b' = X(WW') + (bW' + b'): fold the layers in, one by one.
        W = torch.eye(n, dtype=torch.float64)
        b = torch.zeros(n, dtype=torch.float64)
        for layer in layers:
            W, b = W @ layer.weight.T, b @ layer.weight.T + layer.bias
        stack_gap = (stack(X) - (X @ W + b)).abs().max().item()
        maps, ranks = [], []
        for k in LINEAR_WIDTHS:
            first = nn.Linear(n, k, dtype=torch.float64)
            second = nn.Linear(k, n, dtype=torch.float64)
            maps.append(first.weight.T @ second.weight.T)
            ranks.append(int(torch.linalg.matrix_rank(maps[-1]).item()))
        A = nn.Linear(n, n, dtype=torch.float64).weight.T
        U, S, Vh = torch.linalg.svd(A)
        errors = [
            torch.linalg.matrix_norm(A - (U[:, :k] * S[:k]) @ Vh[:k]).item() for k in LINEAR_WIDTHS
        ]
        single = int(torch.linalg.matrix_rank(A).item())
    # Detached: a view of a parameter keeps its `requires_grad`, even made under no_grad.
    maps = [m.detach() for m in maps]
    return _DepthRun(stack_gap, tuple(ranks), single, tuple(maps), A.detach(), tuple(errors))


def _linear_depth_all(figsize: tuple[float, float]) -> tuple[LinearDepth, Chart]:
    import torch

    runs = [_linear_depth(seed) for seed in SEEDS]
    run = runs[0]
    singular = torch.linalg.svdvals(run.target)
    dropped = [float(singular[k:].square().sum().sqrt()) for k in LINEAR_WIDTHS]
    depth = LinearDepth(
        stack_gaps=tuple(r.stack_gap for r in runs),
        ranks=tuple(r.ranks for r in runs),
        single_ranks=tuple(r.single_rank for r in runs),
        singular_values=tuple(tuple(torch.linalg.svdvals(m).tolist()) for m in run.maps),
        target_singular_values=tuple(singular.tolist()),
        errors=run.errors,
        eckart_young_gap=max(abs(e - d) for e, d in zip(run.errors, dropped, strict=True)),
    )
    widths = np.array(LINEAR_WIDTHS, dtype=np.float64)
    n = LINEAR_SIZE
    ranks = Panel(
        (
            Series(np.array(run.ranks, dtype=np.float64), "rank", f"{n} → k → {n}"),
            Series(np.full(len(widths), float(run.single_rank)), "single_rank", f"{n} → {n}"),
        ),
        "rank",
        formats=("o-", "ms--"),
    )
    errors = Panel((Series(np.array(run.errors), "error", ""),), "smallest error", formats=("o-",))
    chart = Chart(
        widths, (ranks, errors), "width k of the middle layer", _stacked(figsize), xname="k"
    )
    return depth, chart


def _stacked(figsize: tuple[float, float]) -> tuple[float, float]:
    """Two axes of `figsize` stacked: a page's code draws them as two figures."""
    return figsize[0], 2 * figsize[1]


# --- Its exercise 5.2: the function classes of sigmoid and tanh networks --------------

# A one-hidden-layer network's parameters in the section's row-vector notation, for
# O = activation(X W1 + b1) W2 + b2: W1 (d, h), b1 (h), W2 (h, q), b2 (q).
Params = tuple["torch.Tensor", "torch.Tensor", "torch.Tensor", "torch.Tensor"]


def mlp(
    X: torch.Tensor, activation: Callable[[torch.Tensor], torch.Tensor], params: Params
) -> torch.Tensor:
    """O = activation(X W1 + b1) W2 + b2."""
    W1, b1, W2, b2 = params
    return activation(X @ W1 + b1) @ W2 + b2


def tanh_to_sigmoid(params: Params) -> Params:
    """The sigmoid network that computes what the tanh network with `params` computes:
    tanh(z) = 2 sigmoid(2z) - 1, so tanh(XW1 + b1)W2 + b2
    = sigmoid(X(2W1) + 2b1)(2W2) + (b2 - 1W2), where 1W2 sums W2 over the hidden units."""
    W1, b1, W2, b2 = params
    return 2 * W1, 2 * b1, 2 * W2, b2 - W2.sum(dim=0)


def sigmoid_to_tanh(params: Params) -> Params:
    """The tanh network that computes what the sigmoid network with `params` computes:
    sigmoid(z) = (tanh(z/2) + 1)/2, so sigmoid(XV1 + c1)V2 + c2
    = tanh(X(V1/2) + c1/2)(V2/2) + (c2 + 1V2/2)."""
    V1, c1, V2, c2 = params
    return V1 / 2, c1 / 2, V2 / 2, c2 + V2.sum(dim=0) / 2


def _random_params(hidden: int) -> Params:
    """Seeded parameters of a network 1 -> hidden -> 1 (the global generator's next)."""
    import torch

    shapes = [(1, hidden), (hidden,), (hidden, 1), (1,)]
    W1, b1, W2, b2 = (torch.randn(*shape, dtype=torch.float64) for shape in shapes)
    return W1, b1, W2, b2


def _classes(x: torch.Tensor, seed: int) -> tuple[torch.Tensor, torch.Tensor, float]:
    """The page's code for exercise 5.2, with `seed`: a tanh network's output on x and
    its sigmoid network's; and a sigmoid network's largest difference from its tanh one."""
    import torch

    torch.manual_seed(seed)
    tanh_params = _random_params(CLASSES_HIDDEN)
    X = x[:, None]
    tanh_net = mlp(X, torch.tanh, tanh_params)[:, 0]
    sigmoid_net = mlp(X, torch.sigmoid, tanh_to_sigmoid(tanh_params))[:, 0]
    sigmoid_params = _random_params(CLASSES_HIDDEN)
    back = mlp(X, torch.sigmoid, sigmoid_params) - mlp(
        X, torch.tanh, sigmoid_to_tanh(sigmoid_params)
    )
    return tanh_net, sigmoid_net, back.abs().max().item()


def _classes_all(grid: Grid, figsize: tuple[float, float]) -> tuple[FunctionClasses, Chart]:
    x = points(grid)
    runs = [_classes(x, seed) for seed in SEEDS]
    classes = FunctionClasses(
        forward_gaps=tuple((tanh - sigmoid).abs().max().item() for tanh, sigmoid, _ in runs),
        reverse_gaps=tuple(reverse for *_, reverse in runs),
    )
    tanh, sigmoid, _ = runs[0]
    outputs = Panel(
        (
            Series(tanh.numpy(), "tanh_network", "tanh network"),
            Series(sigmoid.numpy(), "sigmoid_network", "sigmoid network"),
        ),
        "output",
    )
    gap = Panel((Series((tanh - sigmoid).numpy(), "difference", ""),), "difference")
    return classes, Chart(x.numpy(), (outputs, gap), "x", _stacked(figsize))
