"""Helpers for tests that build a temporary copy of the project: in a subprocess, with
the copy's own generator, or, where its generator is unchanged, in this process."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.cli import main
from generator.mkdocs_site import Builders
from tests.conftest import CACHE, ROOT

SOURCES = ("generator", "docs", "mkdocs.yml", "pyproject.toml")


@dataclass(frozen=True)
class Result:
    status: int
    output: str  # stdout and stderr together


def copy_project(target: Path) -> Path:
    """The sources a build reads, copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def build_command(project: Path, *extra: str) -> list[str]:
    """`python -m generator build` for `project`, importing the copy's own generator."""
    return [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--root",
        str(project),
        "--site-dir",
        str(project / "site"),
        "--work-dir",
        str(project / "build"),
        "--cache-dir",
        str(CACHE),  # shared: a copy whose code is unchanged computes nothing
        *extra,
    ]


def build_here(project: Path, builders: Builders, *extra: str) -> int:
    """`run_build`'s build made by this process's generator, with the session's MkDocs
    workers (`builders`): no interpreter to start, nothing to import again. Its output
    goes to this process's stdout and stderr."""
    return main(build_command(project, *extra)[3:], builders)  # without `python -m`


def run_build(project: Path, *extra: str) -> Result:
    done = subprocess.run(
        build_command(project, *extra),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    return Result(done.returncode, done.stdout + done.stderr)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in the file at `path`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree_hash(folder: Path) -> str:
    """One hash over every file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
