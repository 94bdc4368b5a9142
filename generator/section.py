"""The section's first half, computed: why a line cannot follow a U-shaped risk, the MLP
of the section's diagram, how two linear layers collapse into one, and the two exercises
of the English edition the site did not answer yet (linear depth; the function classes
of sigmoid and tanh networks). Values and charts only: pages, words and files are made
elsewhere.

Each computation is, op for op, the code its page shows (templates/code/<name>.py.j2).
Run after the d2l stand-in, that code prints and plots these very numbers, bit for bit;
tests/test_section.py runs it. A claim about a seeded computation is computed for every
seed of `SEEDS`, so a page can state what holds for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from generator.compute import points
from generator.figures import Chart, FigureRef, Network, Panel, Series, network_svg
from generator.registry import TARGETS, Grid

if TYPE_CHECKING:
    import torch

# The seeds every seeded claim is checked on; the figures and the pages' code use the
# first.
SEEDS = tuple(range(8))

# The fit: the registry's `risk` target on x = k/50, k = -50..50 (exact points, 0 among
# them), plotted against the temperature t = 37 + 3x (34 to 40 °C). A one-hidden-layer
# ReLU network of this width, trained full-batch with Adam for this many steps at this
# learning rate, brings its mean squared error hundreds of times below the best line's
# for every seed of `SEEDS` (tests/test_section.py checks it); fewer steps or units
# leave some seeds far behind the others.
FIT_GRID = Grid(-1, 1, 50, exact=True)
BODY_TEMPERATURE = 37  # °C, where the risk is lowest
TEMPERATURE_SCALE = 3  # °C per unit of x
FIT_WIDTH = 32
FIT_STEPS = 300
FIT_LR = 0.02

# The MLP of the section's diagram and of the collapse: d inputs, h hidden units, q
# outputs; the collapse is checked on a minibatch of n rows.
MLP_SIZES = (4, 5, 3)
BATCH_ROWS = 8

# Exercise 1 (linear depth): a stack of this many square linear layers of this size,
# folded into one; and networks size -> k -> size for each middle width k, which the
# figure shows up to past the size (wider than the size gains nothing).
LINEAR_SIZE = 4
LINEAR_LAYERS = 5
LINEAR_WIDTHS = (1, 2, 3, 4, 5, 6)

# Exercise 5.2 (function classes): one hidden layer of this many units, 1 input and 1
# output so that the networks can be drawn on the exercises' grid.
CLASSES_HIDDEN = 5

# The diagram of the 4-5-3 MLP, in mathtext only (no words: the caption names the layers).
MLP_DIAGRAM = Network(
    layers=tuple(
        tuple(f"${name}_{i}$" for i in range(1, size + 1))
        for name, size in zip("xho", MLP_SIZES, strict=True)
    ),
    notes=tuple(f"${name} = {size}$" for name, size in zip("dhq", MLP_SIZES, strict=True)),
)


@dataclass(frozen=True)
class Fit:
    """The best line and a small ReLU network against the U-shaped risk."""

    slope: float  # of the least-squares line, per unit of x: zero up to rounding
    intercept: float  # the mean of the target
    line_mse: float  # mean squared error of the line on the grid
    constant_mse: float  # that of the best constant, the target's mean: the same
    network_mses: tuple[float, ...]  # the network's, for each seed of `seeds`
    seeds: tuple[int, ...] = SEEDS
    width: int = FIT_WIDTH
    steps: int = FIT_STEPS
    lr: float = FIT_LR

    @property
    def network_mse(self) -> float:
        """The figure's network (the first seed)."""
        return self.network_mses[0]

    @property
    def ratio(self) -> float:
        """How many times the figure's network beats the line, in mean squared error."""
        return self.line_mse / self.network_mse

    @property
    def worst_ratio(self) -> float:
        """The same for the worst seed: 'at least this many times' holds for every seed."""
        return self.line_mse / max(self.network_mses)

    @property
    def slope_per_degree(self) -> float:
        return self.slope / TEMPERATURE_SCALE


@dataclass(frozen=True)
class Collapse:
    """Two linear layers against the one layer they collapse into, on a minibatch: the
    largest absolute difference, without and with a ReLU between them, for each seed."""

    linear_gaps: tuple[float, ...]  # rounding only
    relu_gaps: tuple[float, ...]  # far from zero: no single layer computes this
    seeds: tuple[int, ...] = SEEDS
    sizes: tuple[int, ...] = MLP_SIZES
    rows: int = BATCH_ROWS

    @property
    def linear_gap(self) -> float:
        return self.linear_gaps[0]

    @property
    def relu_gap(self) -> float:
        return self.relu_gaps[0]


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
class Section:
    fit: Fit
    collapse: Collapse
    linear_depth: LinearDepth
    function_classes: FunctionClasses
    figures: dict[str, FigureRef]  # by chart key, filled in once they are drawn


def compute_section(grid: Grid, figsize: tuple[float, float]) -> tuple[Section, dict[str, Chart]]:
    """Every number, and the chart of each figure by key (`fit`, `linear_depth`,
    `function_classes`). `grid` is the exercises' grid (the function classes are drawn on
    it) and `figsize` one axes' size; the fit has its own grid, `FIT_GRID`.

    The answers' `figures` are left empty, for the caller to fill once they are drawn.
    """
    charts: dict[str, Chart] = {}
    fit, charts["fit"] = _fit_all(figsize)
    depth, charts["linear_depth"] = _linear_depth_all(figsize)
    classes, charts["function_classes"] = _classes_all(grid, figsize)
    gaps = [collapse_gaps(seed) for seed in SEEDS]
    collapse = Collapse(tuple(g[0] for g in gaps), tuple(g[1] for g in gaps))
    return Section(fit, collapse, depth, classes, figures={}), charts


def diagram_svg() -> bytes:
    """The light SVG of the 4-5-3 MLP; its dark variant is `figures.recolour` of it."""
    return network_svg(MLP_DIAGRAM)


def code_values(grid: Grid, figsize: tuple[float, float]) -> dict[str, str]:
    """What the pages' code (templates/code/*.py.j2) puts in place of each `{{ name }}`:
    Python source text, for the grid and figure size `compute_section` was given."""
    d, h, q = MLP_SIZES
    return {
        "seed": repr(SEEDS[0]),
        "figsize": repr(figsize),
        "fit_points": FIT_GRID.points_code,
        "body_temperature": repr(BODY_TEMPERATURE),
        "temperature_scale": repr(TEMPERATURE_SCALE),
        "fit_width": repr(FIT_WIDTH),
        "fit_steps": repr(FIT_STEPS),
        "fit_lr": repr(FIT_LR),
        "d": repr(d),
        "h": repr(h),
        "q": repr(q),
        "n": repr(BATCH_ROWS),
        "linear_size": repr(LINEAR_SIZE),
        "linear_layers": repr(LINEAR_LAYERS),
        "linear_widths": repr(list(LINEAR_WIDTHS)),
        "classes_hidden": repr(CLASSES_HIDDEN),
        "classes_points": grid.points_code,
    }


# The page code of each computation: templates/code/<name>.py.j2.
CODE = ("fit", "collapse", "linear_depth", "function_classes")


@dataclass(frozen=True)
class Numbered:
    """An exercise as an edition numbers it, and the key of its answer: a chart key of
    generator/exercises.py (`prelu`, ...) or of this module (`linear_depth`, ...)."""

    number: str
    key: str


# Each edition's exercises of the section, in its order. The English edition (5.1) has
# seven, the fifth in two parts; the Chinese edition (4.1) has four of them.
EXERCISES_EN = (
    Numbered("1", "linear_depth"),
    Numbered("2", "prelu"),
    Numbered("3", "swish"),
    Numbered("4", "mlp"),
    Numbered("5.1", "identity"),
    Numbered("5.2", "function_classes"),
    Numbered("6", "minibatch"),
    Numbered("7", "depth"),
)
EXERCISES_ZH = (
    Numbered("1", "prelu"),
    Numbered("2", "mlp"),
    Numbered("3", "identity"),
    Numbered("4", "minibatch"),
)


# --- The fit ---------------------------------------------------------------------------


def risk(x: torch.Tensor) -> torch.Tensor:
    """The registry's `risk` target."""
    (target,) = (t for t in TARGETS if t.name == "risk")
    return target.function(x)  # type: ignore[no-any-return]


def best_line(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The least-squares line through (x, y): slope and intercept, as 0-d tensors."""
    import torch

    design = torch.stack([x, torch.ones_like(x)], dim=1)
    slope, intercept = torch.linalg.lstsq(design, y[:, None]).solution[:, 0]
    return slope, intercept


def fitted_network(x: torch.Tensor, y: torch.Tensor, seed: int) -> torch.Tensor:
    """The output on x of the page's ReLU network, trained on (x, y) from `seed`."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    net = nn.Sequential(
        nn.Linear(1, FIT_WIDTH, dtype=torch.float64),
        nn.ReLU(),
        nn.Linear(FIT_WIDTH, 1, dtype=torch.float64),
    )
    optimizer = torch.optim.Adam(net.parameters(), lr=FIT_LR)
    for _ in range(FIT_STEPS):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(net(x[:, None])[:, 0], y)
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
    with torch.no_grad():
        output: torch.Tensor = net(x[:, None])[:, 0]
    return output


def _mse(estimate: torch.Tensor, y: torch.Tensor) -> float:
    return float(((estimate - y) ** 2).mean().item())


def _fit_all(figsize: tuple[float, float]) -> tuple[Fit, Chart]:
    x = points(FIT_GRID)
    y = risk(x)
    t = BODY_TEMPERATURE + TEMPERATURE_SCALE * x
    slope, intercept = best_line(x, y)
    line = slope * x + intercept
    outputs = [fitted_network(x, y, seed) for seed in SEEDS]
    fit = Fit(
        slope=slope.item(),
        intercept=intercept.item(),
        line_mse=_mse(line, y),
        constant_mse=_mse(y.mean().expand_as(y), y),
        network_mses=tuple(_mse(output, y) for output in outputs),
    )
    panel = Panel(
        (
            Series(y.numpy(), "risk", "target"),
            Series(line.numpy(), "line", "best line"),
            Series(outputs[0].numpy(), "network", "ReLU network"),
        ),
        "risk",
    )
    return fit, Chart(t.numpy(), (panel,), "t (°C)", figsize)


# --- The collapse ----------------------------------------------------------------------


def collapse_gaps(seed: int) -> tuple[float, float]:
    """Two seeded linear layers d -> h -> q, and the one layer d -> q with
    W = W1 W2 and b = b1 W2 + b2 (the section's row-vector notation, O = XW + b): the
    largest difference of their outputs on a seeded minibatch, and of the collapsed
    layer's from the two layers with a ReLU between them."""
    import torch
    from torch import nn

    d, h, q = MLP_SIZES
    torch.manual_seed(seed)
    layer1 = nn.Linear(d, h, dtype=torch.float64)
    layer2 = nn.Linear(h, q, dtype=torch.float64)
    X = torch.randn(BATCH_ROWS, d, dtype=torch.float64)
    # nn.Linear computes X @ weight.T + bias: W is weight.T (in x out), b is bias.
    W1, b1 = layer1.weight.T, layer1.bias
    W2, b2 = layer2.weight.T, layer2.bias
    collapsed = nn.Linear(d, q, dtype=torch.float64)
    with torch.no_grad():
        collapsed.weight.copy_((W1 @ W2).T)
        collapsed.bias.copy_(b1 @ W2 + b2)
        linear = (layer2(layer1(X)) - collapsed(X)).abs().max().item()
        relu = (layer2(torch.relu(layer1(X))) - collapsed(X)).abs().max().item()
    return linear, relu


# --- Exercise 1: linear depth ----------------------------------------------------------


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
    chart = Chart(widths, (ranks, errors), "width k of the middle layer", _stacked(figsize))
    return depth, chart


def _stacked(figsize: tuple[float, float]) -> tuple[float, float]:
    """Two axes of `figsize` stacked: a page's code draws them as two figures."""
    return figsize[0], 2 * figsize[1]


# --- Exercise 5.2: the function classes of sigmoid and tanh networks --------------------

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
