"""The MkDocs workers: one per language, each answered within a time limit."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.mkdocs_site import Builders


class _Silent(Builders):
    """Workers that read their job and never answer: a hung MkDocs."""

    def command(self, code: str) -> list[str]:
        return [sys.executable, "-c", "import sys, time; sys.stdin.readline(); time.sleep(60)"]


def test_a_worker_that_never_answers_is_stopped_and_named(tmp_path: Path) -> None:
    with _Silent(["en"], timeout=0.5) as builders:
        builders.start("en", tmp_path / "mkdocs.yml", {}, tmp_path, "0")
        (problem,) = builders.results(["en"])
        assert problem.where == "mkdocs (en)"
        assert "no answer within 0.5 s of being asked to build the language" in problem.what
        assert builders.workers["en"].poll() is not None  # stopped, not left running


def test_a_worker_that_stops_is_reported() -> None:
    class Stopping(Builders):
        def command(self, code: str) -> list[str]:
            return [sys.executable, "-c", "pass"]

    with Stopping(["zh"], timeout=5) as builders:
        builders.workers["zh"].wait()
        (problem,) = builders.results(["zh"])
        assert (problem.where, problem.what) == ("mkdocs (zh)", "its MkDocs worker stopped")
