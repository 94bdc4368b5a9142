"""Nothing half-written, and the same sources give the same bytes.

A failed, interrupted or concurrent build must leave `site/` and the generated pages
exactly as a complete build left them; two clean builds must be byte-identical.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from generator.mkdocs_site import Builders
from tests.project_copy import build_command, build_here, copy_project, edit, tree_hash

pytestmark = pytest.mark.slow  # builds copies of the project or runs notebooks

PROSE = "docs/en/mlp.yml"
SENTENCE = "The first job is the essential one"


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory, builders: Builders) -> Path:
    project = copy_project(tmp_path_factory.mktemp("atomic") / "project")
    assert build_here(project, builders) == 0
    return project


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the project with a complete build in it."""
    return Path(shutil.copytree(built_once, tmp_path / "project", symlinks=True))


def _state(project: Path) -> tuple[str, str]:
    return tree_hash(project / "site"), tree_hash(project / "build" / "docs")


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site-"))


def test_a_failed_build_leaves_the_previous_output(project: Path, builders: Builders) -> None:
    before = _state(project)
    edit(project / PROSE, "relu_intro: >-", "relu_intro_typo: >-")
    assert build_here(project, builders) == 1
    assert _state(project) == before
    assert _leftovers(project) == []


def _hold_mkdocs(project: Path, seconds: float = 3) -> None:
    """An MkDocs hook that holds each language's build at its end, so that a signal sent
    once the pages are rendered lands while MkDocs runs, however busy the machine."""
    hook = f"import time\n\n\ndef on_post_build(config):\n    time.sleep({seconds})\n"
    (project / "hold_hook.py").write_text(hook, encoding="utf-8")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hold_hook.py\n")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_leaves_the_previous_output(project: Path, signum: int) -> None:
    before = _state(project)
    edit(project / PROSE, SENTENCE, "A changed sentence:")  # a finished build would differ
    _hold_mkdocs(project)
    process = subprocess.Popen(
        build_command(project),
        cwd=project,
        stdout=subprocess.PIPE,
        text=True,
        # Tests run in the background of a shell inherit SIGINT ignored, and Python keeps
        # it so; Ctrl-C at a terminal reaches a build with the default disposition.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    for line in process.stdout:  # the next step is MkDocs, writing into the staging folder
        if line.startswith("pages"):
            break
    process.send_signal(signum)
    rest = process.communicate()[0]
    assert process.returncode != 0, rest
    assert _state(project) == before
    assert _leftovers(project) == []


def test_two_builds_at_once_leave_one_complete_site(
    project: Path, tmp_path: Path, builders: Builders
) -> None:
    edit(project / PROSE, SENTENCE, "A changed sentence:")
    builds = [
        subprocess.Popen(build_command(project), cwd=project, stdout=subprocess.DEVNULL)
        for _ in range(2)
    ]
    assert [b.wait() for b in builds] == [0, 0]
    reference = copy_project(tmp_path / "reference")
    edit(reference / PROSE, SENTENCE, "A changed sentence:")
    assert build_here(reference, builders) == 0
    assert _state(project) == _state(reference)
    assert _leftovers(project) == []


def test_two_clean_builds_are_byte_identical(
    project: Path, tmp_path: Path, builders: Builders
) -> None:
    folders = ["--site-dir", str(tmp_path / "site"), "--work-dir", str(tmp_path / "work")]
    computed = ["--cache-dir", str(tmp_path / "cache")]  # an empty cache: all computed again
    assert build_here(project, builders, *folders, *computed) == 0
    assert tree_hash(tmp_path / "site") == tree_hash(project / "site")
