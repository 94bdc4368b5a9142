"""Small networks trained at build: one hidden layer, each activation, width and target.

A reader picks an activation, the width of the hidden layer and a target (the registry's
`TARGETS`), and sees the trained network's fit, each hidden unit's contribution and the
loss over the training steps. `train_one` is the page's code: an `nn.Sequential` trained
by full-batch Adam on the mean squared error. `train_all` trains every choice, for the
display seed and for the seeds that check the page's claims, in one batch: the same
networks from the same initial parameters with the same steps of Adam, computed together.

Adam amplifies a difference in the last bit: the batch sums in another order than
`nn.Linear`, so a few of its networks end measurably apart from `train_one`'s, as the
page's code may on another machine (`agreement` measures it). What the page states about the
networks is therefore checked on every seed (`find_claims`), never read off one run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from generator.compute import points
from generator.errors import Problem, fail_if_any
from generator.registry import SEEDS, TARGETS, Grid, by_name

if TYPE_CHECKING:
    import torch

# The activations a reader can pick. "none" passes the hidden layer's input on unchanged:
# the network is then linear, however wide. Then the lesson's three, and one atlas entry
# from each other family, each at its registry defaults: leaky ReLU keeps a slope where
# ReLU's units die; SiLU is a smooth gated unit (GELU's shape at a fraction of its cost);
# softplus is ReLU made smooth; hardtanh is tanh made of straight pieces.
NONE = "none"
ACTIVATIONS: tuple[str, ...] = (
    NONE,
    "relu",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "silu",
    "softplus",
    "hardtanh",
)
WIDTHS: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)
TARGET_NAMES: tuple[str, ...] = tuple(target.name for target in TARGETS)

# Each target as the page's code writes it (a function of x); the tests check that it
# gives the registry's values bit for bit.
TARGET_CODE = {
    "risk": "x**2",
    "sine": "torch.sin(torch.pi * x)",
    "step": "(x > 0).double()",
}

# The networks learn on every other point of the plotting grid, x = k/25 for k = -25..25:
# a step of training costs in proportion to the points, and half of them still pin each
# target down (the step jumps between 0 and 0.04). The fits are drawn on x = k/50, where
# the reader also sees what a network does between the points it learnt.
TRAIN_GRID = Grid(start=-1, end=1, per_unit=25, exact=True)
PLOT_GRID = Grid(start=-1, end=1, per_unit=50, exact=True)

# Adam's steps and learning rate. With 0.02, 500 steps bring the widest networks of most
# activations to a mean squared error near 1e-4 or below on the risk and the sine (sigmoid
# and softplus learn slowest). Adam divides each step by a running average of the
# gradient's size, which shrinks with the gradient once a network has converged: the
# steps grow until the network is thrown off the minimum now and then, and settles back.
# More steps or a larger rate make those jumps, and the runs that a last-bit difference
# sends elsewhere, more common.
STEPS = 500
LEARNING_RATE = 0.02

# The seed of the networks a reader sees (the first of the seeds each claim is checked on).
DISPLAY_SEED = SEEDS[0]

# The page's files hold every LOSS_EVERY-th value of a loss curve: 101 of its 501.
LOSS_EVERY = 5

# The claims' bounds. A linear network's output is a straight line up to rounding (1e-16
# here; the page calls a distance below STRAIGHT rounding error); its error comes within
# BEST_LINE of the best line's, where Adam lets it settle (a width-1 network approaches a
# flat line slowly: the product of its two weights must vanish); the widest ReLU
# network's error is at least RELU_GAIN times below the narrowest's.
STRAIGHT = 1e-12
BEST_LINE = 1e-5
RELU_GAIN = 10.0
# Activations made of straight pieces, and smooth ones, for the step's claim.
PIECEWISE_LINEAR: tuple[str, ...] = ("relu", "leaky_relu", "hardtanh")
SMOOTH: tuple[str, ...] = ("sigmoid", "tanh", "silu", "softplus")
SATURATING: tuple[str, ...] = ("sigmoid", "tanh")

# PyTorch's CPU kernels work through a tensor 16 doubles at a time (two AVX-512 vectors,
# or four AVX2 ones) and finish a remainder in scalar code, whose sigmoid, softplus or
# SiLU may differ from the vector code's in the last bit. Each activation's block of the
# batch holds a multiple of 16 units (and networks), so every value goes through the same
# code whatever else shares the batch, and a choice's result does not depend on it.
_LANES = 16

# The batch trains on one thread. With more, a tensor is split where its size decides and
# each piece ends in scalar code, so the results depend on the thread count unless every
# piece happens to hold a multiple of 16 values; and a second thread slows the batch down
# when another process is using the other core.
_THREADS = 1


@dataclass(frozen=True)
class Choice:
    """What a reader picks: an activation, the hidden layer's width and a target."""

    activation: str
    width: int
    target: str


# What the page shows first: the lesson's example (risk against temperature, which no
# straight line follows) fitted by eight ReLU units.
DEFAULT = Choice("relu", 8, "risk")


@dataclass(frozen=True)
class Fit:
    """One trained network, evaluated on the plotting grid."""

    choice: Choice
    seed: int
    output: np.ndarray  # the network's output at each point of PLOT_GRID
    # unit j's share of the output, w2_j * activation(w1_j * x + b1_j): (width, points)
    contributions: np.ndarray
    bias: float  # the output layer's bias: output = contributions.sum(0) + bias
    loss: np.ndarray  # the training loss after 0, 1, ..., steps steps

    @property
    def final_mse(self) -> float:
        return float(self.loss[-1])


@dataclass(frozen=True)
class Training:
    """Every choice trained: the display seed's networks in full, and for every seed
    each network's errors and output."""

    activations: tuple[str, ...]
    widths: tuple[int, ...]
    targets: tuple[str, ...]
    seeds: tuple[int, ...]
    display_seed: int
    steps: int
    learning_rate: float
    x: np.ndarray  # the plotting grid
    fits: tuple[Fit, ...]  # the display seed's, in `choices` order
    # Each network's error after the last step, and its lowest on the way:
    # (seed, activation, width, target).
    final_mse: np.ndarray
    lowest_mse: np.ndarray
    outputs: np.ndarray  # each network's output on the plotting grid: (..., point)
    best_line_mse: dict[str, float]  # the least-squares line's error, by target

    def fit(self, choice: Choice) -> Fit:
        a = self.activations.index(choice.activation)
        w = self.widths.index(choice.width)
        t = self.targets.index(choice.target)
        return self.fits[(a * len(self.widths) + w) * len(self.targets) + t]


def choices(
    activations: Sequence[str] = ACTIVATIONS,
    widths: Sequence[int] = WIDTHS,
    targets: Sequence[str] = TARGET_NAMES,
) -> list[Choice]:
    """Every choice, in (activation, width, target) order."""
    return [Choice(a, w, t) for a in activations for w in widths for t in targets]


def validate(
    activations: Sequence[str], widths: Sequence[int], targets: Sequence[str]
) -> list[Problem]:
    """Every activation and target the registry does not know, and every width that is
    not a whole number of units."""
    where = "generator/training.py"
    problems = []
    for name in activations:
        if name != NONE and not _known_activation(name):
            problems.append(
                Problem(where, f"unknown activation '{name}'", "use a registry name or 'none'")
            )
    for width in widths:
        if not (isinstance(width, int) and width >= 1):
            problems.append(Problem(where, f"width {width!r}", "use a whole number, 1 or more"))
    for name in targets:
        if name not in TARGET_NAMES:
            problems.append(
                Problem(where, f"unknown target '{name}'", f"use one of {', '.join(TARGET_NAMES)}")
            )
    return problems


def _known_activation(name: str) -> bool:
    try:
        by_name(name)
    except KeyError:
        return False
    return True


def _target(name: str) -> Callable[[Any], Any]:
    return next(t.function for t in TARGETS if t.name == name)


def _activation(name: str) -> Callable[[Any], Any] | None:
    """The registry's forward pass, or None for "none"."""
    return None if name == NONE else by_name(name).forward


def code_values(choice: Choice, seed: int = DISPLAY_SEED) -> dict[str, str]:
    """The constants of the page's code (templates/code/training.py.j2) for a choice."""
    return {
        "seed": str(seed),
        "train_points": TRAIN_GRID.points_code,
        "plot_points": PLOT_GRID.points_code,
        "target": TARGET_CODE[choice.target],
        "activation": "x" if choice.activation == NONE else by_name(choice.activation).call,
        "width": str(choice.width),
        "learning_rate": repr(LEARNING_RATE),
        "steps": str(STEPS),
    }


# ---------------------------------------------------------------------------------------
# One network, as the page's code trains it.


def network(activation_name: str, width: int) -> torch.nn.Sequential:
    """The page's network: input -> `width` hidden units -> output, in float64, with
    PyTorch's default initialisation (from the global generator: seed it first)."""
    import torch
    from torch import nn

    forward = _activation(activation_name)

    class Activation(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return x if forward is None else forward(x)

    return nn.Sequential(
        nn.Linear(1, width, dtype=torch.float64),
        Activation(),
        nn.Linear(width, 1, dtype=torch.float64),
    )


class Adam:
    """torch.optim.Adam's own arithmetic (its defaults, on the CPU: the one-tensor-at-a-time
    path of torch/optim/adam.py) without torch.optim, whose first use imports
    torch._dynamo, a large share of a clean build (benchmarks/RESULTS.md). The pages'
    code uses torch.optim.Adam;
    tests/test_section.py and tests/test_training.py check that the two agree bit for bit.
    """

    BETAS = (0.9, 0.999)
    EPS = 1e-8

    def __init__(self, parameters: Iterable[torch.Tensor], lr: float) -> None:
        import torch

        self.parameters = list(parameters)
        self.lr = lr
        self.steps = 0
        self.means = [torch.zeros_like(p) for p in self.parameters]
        self.squares = [torch.zeros_like(p) for p in self.parameters]

    def zero_grad(self) -> None:
        for parameter in self.parameters:
            parameter.grad = None

    def step(self) -> None:
        import torch

        beta1, beta2 = self.BETAS
        self.steps += 1
        step = float(self.steps)
        step_size = self.lr / (1 - beta1**step)
        correction = (1 - beta2**step) ** 0.5
        with torch.no_grad():
            for parameter, mean, square in zip(
                self.parameters, self.means, self.squares, strict=True
            ):
                grad = parameter.grad
                assert grad is not None
                mean.lerp_(grad, 1 - beta1)
                square.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denominator = (square.sqrt() / correction).add_(self.EPS)
                parameter.addcdiv_(mean, denominator, value=-step_size)


def train_one(
    activation_name: str,
    width: int,
    target_name: str,
    seed: int = DISPLAY_SEED,
    steps: int = STEPS,
    learning_rate: float = LEARNING_RATE,
) -> Fit:
    """One network trained as the page's code trains it."""
    import torch
    import torch.nn.functional as F

    fail_if_any(validate([activation_name], [width], [target_name]))
    torch.manual_seed(seed)
    x = points(TRAIN_GRID)
    y = _target(target_name)(x)
    X, Y = x.reshape(-1, 1), y.reshape(-1, 1)
    net = network(activation_name, width)
    optimizer = Adam(net.parameters(), lr=learning_rate)
    losses = []
    for _ in range(steps):
        loss = F.mse_loss(net(X), Y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]  # (torch leaves it unannotated)
        optimizer.step()
    losses.append(F.mse_loss(net(X), Y).item())
    return _evaluate(net, Choice(activation_name, width, target_name), seed, losses)


def _evaluate(net: torch.nn.Sequential, choice: Choice, seed: int, losses: list[float]) -> Fit:
    import torch

    hidden, activation, last = net
    assert isinstance(last, torch.nn.Linear)
    x = points(PLOT_GRID).reshape(-1, 1)
    with torch.no_grad():
        output = net(x).reshape(-1)
        contributions = (activation(hidden(x)) * last.weight).T
        bias = float(last.bias[0])
    return Fit(choice, seed, output.numpy(), contributions.numpy(), bias, np.array(losses))


# ---------------------------------------------------------------------------------------
# Every choice and seed, in one batch.
#
# The batch is laid out by activation, as each activation is one call: every tensor is
# (activation, unit, point) or (activation, network, point). Within an activation the
# units come width by width; a width's networks (target by target, seed by seed) lie
# side by side, each network's units together; so a width's units view as
# (activation, network, unit, point) and a network's output is a sum over its units. No
# network carries units it does not use: the only filler is at the end of each
# activation's block (see _LANES); it belongs to no network and keeps zero parameters,
# as its gradients are zero.


@dataclass(frozen=True)
class _Layout:
    activations: tuple[str, ...]
    widths: tuple[int, ...]
    targets: tuple[str, ...]
    seeds: tuple[int, ...]

    @property
    def per_width(self) -> int:
        """Networks of one activation and width: one per target and seed."""
        return len(self.targets) * len(self.seeds)

    @property
    def units(self) -> int:
        return _padded(self.per_width * sum(self.widths))

    @property
    def networks(self) -> int:
        return _padded(self.per_width * len(self.widths))

    def blocks(self) -> list[tuple[int, slice, slice]]:
        """Each width with its units and its networks."""
        found, unit, net = [], 0, 0
        for width in self.widths:
            n = self.per_width
            found.append((width, slice(unit, unit + n * width), slice(net, net + n)))
            unit, net = unit + n * width, net + n
        return found

    def network(self, width: int, target: str, seed: int) -> int:
        """A network's index within its activation's block."""
        w, t, s = self.widths.index(width), self.targets.index(target), self.seeds.index(seed)
        return (w * len(self.targets) + t) * len(self.seeds) + s

    def first_unit(self, width: int, network: int) -> int:
        """The index of a network's first unit within its activation's block."""
        w = self.widths.index(width)
        before = self.per_width * sum(self.widths[:w])
        return before + (network - w * self.per_width) * width


def _padded(count: int) -> int:
    return -(-count // _LANES) * _LANES


def _initial(layout: _Layout) -> list[torch.Tensor]:
    """w1, b1, w2 as (activation, unit, 1) and b2 as (activation, network, 1): each
    network's parameters as `network` makes them after torch.manual_seed(seed).

    Neither the activation nor the target draws a random number, so the networks of one
    seed and width start alike: each is made once and copied to every activation and
    target."""
    import torch

    w1, b1, w2 = (torch.zeros(layout.units, dtype=torch.float64) for _ in range(3))
    b2 = torch.zeros(layout.networks, dtype=torch.float64)
    for width, units, nets in layout.blocks():
        made = []
        for seed in layout.seeds:
            torch.manual_seed(seed)
            made.append([p.detach().reshape(-1) for p in network(NONE, width).parameters()])
        places = (units, units, units, nets)
        for flat, per_seed, where in zip(
            (w1, b1, w2, b2), zip(*made, strict=True), places, strict=True
        ):
            # (seed, unit) -> (target, seed, unit)
            stacked = torch.stack(per_seed).expand(len(layout.targets), -1, -1)
            flat[where] = stacked.reshape(-1)
    count = len(layout.activations)
    return [p.expand(count, -1).clone()[..., None] for p in (w1, b1, w2, b2)]


def _targets(layout: _Layout, x: torch.Tensor) -> torch.Tensor:
    """Each network's target values, (network, point); zeros for the filler."""
    import torch

    y = torch.zeros(layout.networks, len(x), dtype=torch.float64)
    rows = torch.stack([_target(t)(x) for t in layout.targets for _ in layout.seeds])
    for _, _, nets in layout.blocks():
        y[nets] = rows
    return y


class _Batch:
    """The batch's parameters, and the buffers and views each step reuses (a fresh
    tensor of this size costs more than the arithmetic on it)."""

    def __init__(self, layout: _Layout, x: torch.Tensor) -> None:
        import torch

        self.layout, self.x = layout, x
        self.params = _initial(layout)
        self.grads = [torch.zeros_like(p) for p in self.params]
        for p, grad in zip(self.params, self.grads, strict=True):
            p.grad = grad
        count = len(layout.activations)
        shape = (count, layout.units, len(x))
        self.z, self.c, self.r = (torch.zeros(shape, dtype=torch.float64) for _ in range(3))
        self.out = torch.zeros(count, layout.networks, len(x), dtype=torch.float64)
        # a width's units as (activation, network, unit, point), with its networks
        self.blocks = [
            (
                self.c[:, units].view(count, -1, width, len(x)),
                self.r[:, units].view(count, -1, width, len(x)),
                self.out[:, nets],
                nets,
            )
            for width, units, nets in layout.blocks()
        ]
        w2, (w1_grad, b1_grad, _, _) = self.params[2], self.grads
        forwards = [_activation(name) for name in layout.activations]
        self.per_activation = list(
            zip(forwards, self.z, self.c, self.r, w2, w1_grad, b1_grad, strict=True)
        )

    def hidden(self) -> list[tuple[torch.Tensor, torch.Tensor]]:
        """Each activation's hidden values with the leaf they come from; the
        contributions, w2 times the hidden values, in `c`."""
        import torch

        w1, b1, _, _ = self.params
        torch.mul(w1, self.x, out=self.z).add_(b1)
        found = []
        for forward, z, c, _, w2, _, _ in self.per_activation:
            leaf = z if forward is None else z.detach().requires_grad_()
            with torch.enable_grad():
                values = leaf if forward is None else forward(leaf)
            torch.mul(values.detach(), w2, out=c)
            found.append((leaf, values))
        return found

    def output(self) -> torch.Tensor:
        """Each network's output, (activation, network, point): its units'
        contributions summed, plus its bias."""
        import torch

        for shares, _, out, _ in self.blocks:
            torch.sum(shares, dim=2, out=out)
        return self.out + self.params[3]

    def gradients(self, hidden: list[tuple[Any, Any]], residual: torch.Tensor) -> None:
        """Every parameter's gradient of the sum of the networks' losses, which is each
        network's own loss's, given d(loss)/d(output) as `residual`."""
        import torch

        w2 = self.params[2]
        _, _, w2_grad, b2_grad = self.grads
        torch.sum(residual, dim=-1, keepdim=True, out=b2_grad)
        for _, spread, _, nets in self.blocks:
            spread.copy_(residual[:, nets, None, :])  # each unit its network's
        for (_, values), (_, _, c, r, _, _, _) in zip(hidden, self.per_activation, strict=True):
            torch.mul(r, values.detach(), out=c)
        torch.sum(self.c, dim=-1, keepdim=True, out=w2_grad)
        self.r.mul_(w2)  # d(loss)/d(hidden values)
        for (leaf, values), (forward, _, c, r, _, w1_grad, b1_grad) in zip(
            hidden, self.per_activation, strict=True
        ):
            grad = r if forward is None else torch.autograd.grad(values, leaf, r)[0]
            torch.sum(grad, dim=-1, keepdim=True, out=b1_grad)
            torch.sum(torch.mul(grad, self.x, out=c), dim=-1, keepdim=True, out=w1_grad)


def _train_batch(
    layout: _Layout, steps: int, learning_rate: float
) -> tuple[list[torch.Tensor], torch.Tensor]:
    """Train every network of the layout: the final parameters, and each network's loss
    after 0, 1, ..., `steps` steps, (steps + 1, activation, network)."""
    import torch

    x = points(TRAIN_GRID)
    y = _targets(layout, x)
    batch = _Batch(layout, x)
    adam = Adam(batch.params, learning_rate)
    losses = torch.empty(steps + 1, len(layout.activations), layout.networks, dtype=torch.float64)
    for step in range(steps + 1):
        hidden = batch.hidden()
        error = batch.output() - y
        torch.mean(error * error, dim=-1, out=losses[step])
        if step == steps:
            break
        # d/d(output) of the mean squared error, as mse_loss's backward computes it
        batch.gradients(hidden, error.mul_(2 / len(x)))
        adam.step()
    return batch.params, losses


def _evaluate_batch(
    layout: _Layout, params: list[torch.Tensor]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Every unit's contribution, (activation, unit, point), and every network's output,
    (activation, network, point), on the plotting grid."""
    import torch

    x = points(PLOT_GRID)
    w1, b1, w2, b2 = params
    z = w1 * x + b1
    forwards = [_activation(name) for name in layout.activations]
    with torch.no_grad():
        hidden = torch.stack([f(zi) if f else zi for zi, f in zip(z, forwards, strict=True)])
    shares = hidden * w2
    count = len(layout.activations)
    output = torch.zeros(count, layout.networks, len(x), dtype=torch.float64)
    for width, units, nets in layout.blocks():
        output[:, nets] = shares[:, units].view(count, -1, width, len(x)).sum(dim=2)
    return shares, output + b2


def train_all(
    activations: Sequence[str] = ACTIVATIONS,
    widths: Sequence[int] = WIDTHS,
    targets: Sequence[str] = TARGET_NAMES,
    seeds: Sequence[int] = SEEDS,
    display_seed: int = DISPLAY_SEED,
    steps: int = STEPS,
    learning_rate: float = LEARNING_RATE,
) -> Training:
    """Every (activation, width, target) trained for every seed and the display seed,
    in one batch on one thread (the caller's thread count is restored)."""
    import torch

    fail_if_any(validate(activations, widths, targets))
    seeds = tuple(dict.fromkeys([display_seed, *seeds]))
    layout = _Layout(tuple(activations), tuple(widths), tuple(targets), seeds)
    threads = torch.get_num_threads()
    torch.set_num_threads(_THREADS)
    try:
        params, losses = _train_batch(layout, steps, learning_rate)
        shares, outputs = _evaluate_batch(layout, params)
    finally:
        torch.set_num_threads(threads)
    fits = tuple(
        _fit(layout, choice, display_seed, params[3], shares, outputs, losses)
        for choice in choices(activations, widths, targets)
    )
    return Training(
        activations=layout.activations,
        widths=layout.widths,
        targets=layout.targets,
        seeds=seeds,
        display_seed=display_seed,
        steps=steps,
        learning_rate=learning_rate,
        x=points(PLOT_GRID).numpy(),
        fits=fits,
        final_mse=_by_seed(layout, losses[-1]),
        lowest_mse=_by_seed(layout, losses.min(dim=0).values),
        outputs=_by_seed(layout, outputs),
        best_line_mse={t: best_line_mse(t) for t in layout.targets},
    )


def _fit(
    layout: _Layout,
    choice: Choice,
    seed: int,
    b2: torch.Tensor,
    shares: torch.Tensor,
    outputs: torch.Tensor,
    losses: torch.Tensor,
) -> Fit:
    a = layout.activations.index(choice.activation)
    net = layout.network(choice.width, choice.target, seed)
    first = layout.first_unit(choice.width, net)
    return Fit(
        choice,
        seed,
        outputs[a, net].numpy().copy(),
        shares[a, first : first + choice.width].numpy().copy(),
        float(b2[a, net, 0]),
        losses[:, a, net].numpy().copy(),
    )


def _by_seed(layout: _Layout, values: torch.Tensor) -> np.ndarray:
    """(activation, network, ...) -> (seed, activation, width, target, ...), without
    the filler."""
    count = len(layout.widths) * layout.per_width
    shape = (len(layout.activations), len(layout.widths), len(layout.targets), len(layout.seeds))
    kept = values[:, :count].reshape(*shape, *values.shape[2:]).numpy()
    return np.moveaxis(kept, 3, 0).copy()


def best_line_mse(target_name: str) -> float:
    """The mean squared error of the least-squares line through the target on
    TRAIN_GRID: the least a network without activation can reach."""
    x = points(TRAIN_GRID)
    return _line_fit(x.numpy(), _target(target_name)(x).numpy())[1]


def line_residual(x: np.ndarray, y: np.ndarray) -> float:
    """How far `y` is from being a straight line: the largest distance from its
    least-squares line."""
    return _line_fit(x, y)[0]


def _line_fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The largest and the mean squared residual of the least-squares line."""
    design = np.stack([x, np.ones_like(x)], axis=1)
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    residual = design @ coefficients - y
    return float(np.abs(residual).max()), float(np.mean(residual**2))


def agreement(training: Training, chosen: Sequence[Choice]) -> dict[Choice, float]:
    """For each choice, the largest difference between the batch's network (display
    seed) and `train_one`'s: output, contributions, bias and every step's loss."""
    found = {}
    for choice in chosen:
        mine = training.fit(choice)
        one = train_one(choice.activation, choice.width, choice.target, training.display_seed)
        gaps = [
            np.abs(mine.output - one.output).max(),
            np.abs(mine.contributions - one.contributions).max(),
            abs(mine.bias - one.bias),
            np.abs(mine.loss - one.loss).max(),
        ]
        found[choice] = float(max(gaps))
    return found


# ---------------------------------------------------------------------------------------
# What holds for every seed.


@dataclass(frozen=True)
class Claim:
    """A statement checked on every seed: for each seed, the number that decides it
    (its worst case over the choices it speaks of) and the choice it comes from.

    It holds for a seed when the number is below `bound` (`at_most`) or above it."""

    values: tuple[float, ...]  # one per seed, in `Training.seeds` order
    where: tuple[Choice, ...]
    bound: float
    at_most: bool

    @property
    def holds_for(self) -> tuple[bool, ...]:
        return tuple(v < self.bound if self.at_most else v > self.bound for v in self.values)

    @property
    def holds(self) -> bool:
        """For every seed."""
        return all(self.holds_for)

    @property
    def worst(self) -> float:
        return max(self.values) if self.at_most else min(self.values)


@dataclass(frozen=True)
class Claims:
    """Candidates for what the page says about the trained networks. It states only
    those that hold for every seed."""

    seeds: tuple[int, ...]
    # A network without activation draws a straight line at every width...
    linear_is_straight: Claim  # largest distance from the output's own best line
    # ... whose error after the last step is the best line's ...
    linear_ends_at_best_line: Claim  # |final error - best line's|
    # ... or was, at its lowest during training.
    linear_reaches_best_line: Claim  # lowest error - best line's
    # ReLU's error falls with every doubling of the width, on every target ...
    relu_falls_with_width: Claim  # error at a width / at half of it
    # ... and is RELU_GAIN times lower at the widest than at width 1.
    relu_gain: Claim  # error at width 1 / at the widest
    # At the widest width, one activation fits the step best: the display seed's best.
    step_best: Claim  # its error / the best other's
    step_winners: tuple[str, ...]  # each seed's best
    # At the widest width, every activation made of straight pieces fits the step
    # better than every smooth one.
    kinks_fit_the_step: Claim  # a piecewise-linear error / the best smooth one
    # From some width on, every activation beats none on every target.
    all_beat_linear: Claim  # an activation's error / none's, at those widths
    all_beat_linear_from: int | None  # the least such width (None: not even the widest)
    # No sigmoid or tanh network ends worse than the best line, at any width.
    saturating_no_worse_than_line: Claim  # error - the best line's


def find_claims(training: Training) -> Claims:
    """Every candidate claim, checked on every seed of `training`."""
    fail_if_any(_claims_problems(training))
    final = training.final_mse
    best = np.array([training.best_line_mse[t] for t in training.targets])
    widest = training.widths[-1]
    step = training.targets.index("step")
    at_step = _pick(training, final, widths=(widest,))[..., step : step + 1]
    winners = tuple(training.activations[int(i)] for i in np.argmin(at_step[:, :, 0, 0], axis=1))
    beat_from, beat = _all_beat_linear(training)
    return Claims(
        training.seeds,
        linear_is_straight=_claim(training, _straightness(training), STRAIGHT, [NONE]),
        linear_ends_at_best_line=_claim(
            training, np.abs(_pick(training, final, [NONE]) - best), BEST_LINE, [NONE]
        ),
        linear_reaches_best_line=_claim(
            training, _pick(training, training.lowest_mse, [NONE]) - best, BEST_LINE, [NONE]
        ),
        relu_falls_with_width=_claim(
            training,
            _pick(training, final, ["relu"], training.widths[1:])
            / _pick(training, final, ["relu"], training.widths[:-1]),
            1.0,
            ["relu"],
            training.widths[1:],
        ),
        relu_gain=_claim(
            training,
            _pick(training, final, ["relu"], training.widths[:1])
            / _pick(training, final, ["relu"], (widest,)),
            RELU_GAIN,
            ["relu"],
            (widest,),
            at_most=False,
        ),
        step_best=_step_best(training, at_step, winners[0]),
        step_winners=winners,
        kinks_fit_the_step=_kinks(training, at_step),
        all_beat_linear=beat,
        all_beat_linear_from=beat_from,
        saturating_no_worse_than_line=_claim(
            training, _pick(training, final, SATURATING) - best, BEST_LINE, SATURATING
        ),
    )


def _claims_problems(training: Training) -> list[Problem]:
    needed = {NONE, "relu", *PIECEWISE_LINEAR, *SMOOTH, *SATURATING}
    missing = sorted(needed - set(training.activations))
    if not missing and "step" in training.targets:
        return []
    return [
        Problem(
            "generator/training.py",
            f"the claims need the activations {', '.join(sorted(needed))} and the step",
            f"train them too (missing: {', '.join(missing) or 'step'})",
        )
    ]


def _pick(
    training: Training,
    values: np.ndarray,
    activations: Sequence[str] | None = None,
    widths: Sequence[int] | None = None,
) -> np.ndarray:
    """values[seed, activation, width, target] for those activations and widths."""
    a = [training.activations.index(n) for n in activations or training.activations]
    w = [training.widths.index(n) for n in widths or training.widths]
    return np.asarray(values[:, a][:, :, w])


def _claim(
    training: Training,
    values: np.ndarray,
    bound: float,
    activations: Sequence[str],
    widths: Sequence[int] | None = None,
    targets: Sequence[str] | None = None,
    at_most: bool = True,
) -> Claim:
    """The claim that `values` (seed, activation, width, target) stays below `bound`
    (or above it), decided for each seed by its worst value."""
    widths = widths or training.widths
    targets = targets or training.targets
    found, where = [], []
    for per_seed in values:
        index = np.argmax(per_seed) if at_most else np.argmin(per_seed)
        a, w, t = (int(i) for i in np.unravel_index(index, per_seed.shape))
        found.append(float(per_seed[a, w, t]))
        where.append(Choice(activations[a], widths[w], targets[t]))
    return Claim(tuple(found), tuple(where), bound, at_most)


def _straightness(training: Training) -> np.ndarray:
    """For each linear network, how far its output is from a straight line."""
    outputs = _pick(training, training.outputs, [NONE])
    flat = outputs.reshape(-1, outputs.shape[-1])
    residuals = [line_residual(training.x, y) for y in flat]
    return np.array(residuals).reshape(outputs.shape[:-1])


def _step_best(training: Training, at_step: np.ndarray, candidate: str) -> Claim:
    """The candidate's error on the step at the widest width over the best other's."""
    c = training.activations.index(candidate)
    others = np.delete(at_step, c, axis=1).min(axis=1, keepdims=True)
    widest = training.widths[-1]
    return _claim(training, at_step[:, c : c + 1] / others, 1.0, [candidate], (widest,), ("step",))


def _kinks(training: Training, at_step: np.ndarray) -> Claim:
    a = [training.activations.index(n) for n in PIECEWISE_LINEAR]
    s = [training.activations.index(n) for n in SMOOTH]
    ratio = at_step[:, a] / at_step[:, s].min(axis=1, keepdims=True)
    widest = training.widths[-1]
    return _claim(training, ratio, 1.0, PIECEWISE_LINEAR, (widest,), ("step",))


def _all_beat_linear(training: Training) -> tuple[int | None, Claim]:
    """The least width from which every activation beats none on every target for
    every seed, and the claim at the widths from there on (the widest if none)."""
    others = [n for n in training.activations if n != NONE]
    final = training.final_mse
    ratio = _pick(training, final, others) / _pick(training, final, [NONE])
    beats = (ratio < 1).all(axis=(0, 1, 3))  # by width
    start = next((i for i in range(len(beats)) if beats[i:].all()), None)
    widths = training.widths[len(beats) - 1 if start is None else start :]
    claim = _claim(training, ratio[:, :, -len(widths) :], 1.0, others, widths)
    return (None if start is None else training.widths[start]), claim
