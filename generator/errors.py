"""Errors meant for people: where the problem is, what it is, and what to do.

A `Problem` is one finding, printed as one line. Stages collect problems and raise
`BuildFailed` with all of them, so a run reports every fault it found, not just the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    where: str  # a file (with line or key where known) or a registry entry
    what: str  # what is wrong
    fix: str  # what to do about it

    def __str__(self) -> str:
        return f"{self.where}: {self.what}; {self.fix}"


class BuildFailed(Exception):
    """The build cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail_if_any(problems: list[Problem]) -> None:
    """Raise BuildFailed when a stage found anything."""
    if problems:
        raise BuildFailed(problems)
