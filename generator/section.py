"""The section's first half, computed: why a line cannot follow a U-shaped risk, the MLP
of the section's diagram, and how two linear layers collapse into one. Values and charts
only: pages, words and files are made elsewhere.

Each computation is, op for op, the code its page shows (templates/code/<name>.py.j2).
Run after the d2l stand-in, that code prints and plots these very numbers, bit for bit;
tests/test_section.py runs it. A claim about a seeded computation is computed for every
seed of `registry.SEEDS`, so a page can state what holds for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.compute import points
from generator.figures import Chart, Network, Panel, Series, network_svg
from generator.registry import SEEDS, TARGETS, Grid
from generator.training import Adam

if TYPE_CHECKING:
    import torch

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
    relu_gaps: tuple[float, ...]  # far from zero: the collapsed layer no longer matches
    best_gaps: tuple[float, ...]  # nor does the best one: no single layer computes this
    seeds: tuple[int, ...] = SEEDS
    sizes: tuple[int, ...] = MLP_SIZES
    rows: int = BATCH_ROWS

    @property
    def linear_gap(self) -> float:
        return self.linear_gaps[0]

    @property
    def relu_gap(self) -> float:
        return self.relu_gaps[0]

    @property
    def best_gap(self) -> float:
        return self.best_gaps[0]


@dataclass(frozen=True)
class Section:
    fit: Fit
    collapse: Collapse


def compute_section(figsize: tuple[float, float]) -> tuple[Section, Chart]:
    """Every number of the section's first half, and the fit's chart (`figsize`: one
    axes' size; the fit has its own grid, `FIT_GRID`)."""
    fit, chart = _fit_all(figsize)
    gaps = [collapse_gaps(seed) for seed in SEEDS]
    linear, relu, best = (tuple(column) for column in zip(*gaps, strict=True))
    collapse = Collapse(linear, relu, best)
    return Section(fit, collapse), chart


def diagram_svg() -> bytes:
    """The light SVG of the 4-5-3 MLP; its dark variant is `figures.recolour` of it."""
    return network_svg(MLP_DIAGRAM)


def code_values(figsize: tuple[float, float], seed: int = SEEDS[0]) -> dict[str, str]:
    """The constants of the section's code (templates/code/fit.py.j2, collapse.py.j2) as
    Python source, for each `{{ name }}` of the code; `seed`: the one the page shows."""
    d, h, q = MLP_SIZES
    return {
        "seed": repr(seed),
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
    }


# --- The fit ---------------------------------------------------------------------------


def risk(x: torch.Tensor) -> torch.Tensor:
    """The registry's `risk` target."""
    (target,) = (t for t in TARGETS if t.name == "risk")
    return target.function(x)  # type: ignore[no-any-return]


def best_line(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The least-squares line through (x, y): slope and intercept, as 0-d tensors. In
    closed form, with sums only: a LAPACK solver's last bits can depend on where its
    arrays lie in memory, and the page's code must give the build's numbers exactly."""
    dx, dy = x - x.mean(), y - y.mean()
    slope = (dx * dy).sum() / (dx * dx).sum()
    return slope, y.mean() - slope * x.mean()


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
    optimizer = Adam(net.parameters(), lr=FIT_LR)  # torch.optim.Adam's arithmetic
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
    return fit, Chart(t.numpy(), (panel,), "t (°C)", figsize, xname="t")


# --- The collapse ----------------------------------------------------------------------


def collapse_gaps(seed: int) -> tuple[float, float, float]:
    """Two seeded linear layers d -> h -> q, and the one layer d -> q with
    W = W1 W2 and b = b1 W2 + b2 (the section's row-vector notation, O = XW + b): the
    largest difference of their outputs on a seeded minibatch, of the collapsed layer's
    from the two layers with a ReLU between them, and of the single layer that fits those
    best (least squares) from them."""
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
        with_relu = layer2(torch.relu(layer1(X)))
        relu = (with_relu - collapsed(X)).abs().max().item()
        A = torch.cat([X, torch.ones(BATCH_ROWS, 1, dtype=torch.float64)], dim=1)
        best = torch.linalg.lstsq(A, with_relu).solution
        best_gap = (A @ best - with_relu).abs().max().item()
    return linear, relu, best_gap
