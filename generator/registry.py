"""The activations, as data.

One frozen `Activation` per function: which torch function computes it, its analytic
derivative, the LaTeX of both and the lesson's plot labels. Adding an activation is one
entry in `ACTIVATIONS` plus its prose in each language. This module imports no torch: the
derivatives use tensor methods only, so the registry can be read (and hashed) cheaply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem

# A torch tensor; typed loosely so that importing the registry never imports torch.
Tensor = Any


@dataclass(frozen=True)
class Domain:
    """The points `torch.arange(start, end, step)` makes: `end` itself is excluded."""

    start: float
    end: float
    step: float


# The lesson's own grid: torch.arange(-8.0, 8.0, 0.1), 160 points. Every lesson figure
# shares it, so the curves can be compared at a glance and the page's code reproduces them.
LESSON_DOMAIN = Domain(start=-8.0, end=8.0, step=0.1)

# The lesson's figure size in inches, as passed to d2l.plot.
LESSON_FIGSIZE = (5, 2.5)


@dataclass(frozen=True)
class Activation:
    """One activation function and everything the site says about it."""

    name: str  # slug for files and anchors, e.g. "relu"
    torch_name: str  # the function in the `torch` namespace, e.g. "relu" for torch.relu
    title: str  # display name, e.g. "ReLU"
    formula: str  # LaTeX of the function
    derivative_formula: str  # LaTeX of its derivative
    derivative: Callable[[Tensor], Tensor]  # analytic derivative, from tensor methods only
    kinks: tuple[float, ...] = ()  # points where the derivative jumps (gradient checks skip)

    @property
    def label(self) -> str:
        """The y-axis label of the function's figure, as in the lesson: 'relu(x)'."""
        return f"{self.torch_name}(x)"

    @property
    def grad_label(self) -> str:
        """The y-axis label of the gradient's figure, as in the lesson: 'grad of relu'."""
        return f"grad of {self.torch_name}"


ACTIVATIONS: tuple[Activation, ...] = (
    Activation(
        name="relu",
        torch_name="relu",
        title="ReLU",
        formula=r"\operatorname{ReLU}(x) = \max(x, 0)",
        derivative_formula=(
            r"\frac{d}{dx}\operatorname{ReLU}(x) = "
            r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
        ),
        # PyTorch takes the left derivative, 0, at x = 0.
        derivative=lambda x: (x > 0).to(x.dtype),
        kinks=(0.0,),
    ),
    Activation(
        name="sigmoid",
        torch_name="sigmoid",
        title="Sigmoid",
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
        title="Tanh",
        formula=r"\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}",
        derivative_formula=r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)",
        derivative=lambda x: 1 - x.tanh() ** 2,
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


def lesson_activations() -> tuple[Activation, ...]:
    """The lesson's activations, in the lesson's order."""
    return tuple(by_name(name) for name in LESSON_ORDER)


def validate(activations: Iterable[Activation], domains: Iterable[Domain]) -> list[Problem]:
    """Every fault of the registry's entries that can be seen without torch."""
    problems = []
    seen: set[str] = set()
    for activation in activations:
        where = f"{_SOURCE}:{entry_line(activation.name)}: activation '{activation.name}'"
        if activation.name in seen:
            problems.append(Problem(where, "duplicate name", "give each entry its own name"))
        seen.add(activation.name)
        for field_name in ("torch_name", "title", "formula", "derivative_formula"):
            if not str(getattr(activation, field_name)).strip():
                problems.append(Problem(where, f"missing {field_name}", "fill it in"))
    for domain in domains:
        if not domain.start < domain.end:
            problems.append(
                Problem(
                    f"{_SOURCE}: {domain}",
                    "the domain's start is not below its end",
                    "swap them or fix the numbers",
                )
            )
        if not domain.step > 0:
            problems.append(
                Problem(f"{_SOURCE}: {domain}", "the step is not positive", "use a step > 0")
            )
    return problems


_SOURCE = "generator/registry.py"


def entry_line(name: str) -> int:
    """The line of registry.py where the entry called `name` starts (0 if not found)."""
    text = Path(__file__).read_text(encoding="utf-8")
    found = re.search(rf'^\s*name="{re.escape(name)}"', text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 0
