"""Every kind of bad input stops the build with a message a person can act on.

Each case copies the project, injects one fault, builds in a subprocess and checks the
exit status, that the message names the file and the fault, and that no traceback is
printed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.mkdocs_site import Builders
from tests.conftest import ROOT
from tests.project_copy import Result, build_here, copy_project, edit, run_build

pytestmark = pytest.mark.slow  # builds copies of the project or runs notebooks

Fault = Callable[[Path], None]


def _append(path: str, text: str) -> Fault:
    def inject(project: Path) -> None:
        with (project / path).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return inject


def _edit(path: str, old: str, new: str) -> Fault:
    return lambda project: edit(project / path, old, new)


def _delete(path: str) -> Fault:
    return lambda project: (project / path).unlink()


def build_in_process(
    project: Path, capsys: pytest.CaptureFixture[str], builders: Builders
) -> Result:
    """Build the copy's docs and templates with this process's generator (no torch
    reload) and the session's MkDocs workers."""
    status = build_here(project, builders)
    captured = capsys.readouterr()
    return Result(status, captured.out + captured.err)


def _line_of(text: str, template: str = "mlp.md.j2") -> int:
    lines = (ROOT / "generator" / "templates" / template).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


REGISTRY = "generator/registry.py"
CASES: dict[str, tuple[Fault, list[str]]] = {
    "prose key missing": (
        _edit("docs/en/mlp.yml", "relu_intro: >-", "relu_intro_typo: >-"),
        ["docs/en/mlp.yml: key 'relu_intro': missing"],
    ),
    "prose key unused": (
        _append("docs/zh/mlp.yml", "\nstale: 旧的文字\n"),
        ["docs/zh/mlp.yml: key 'stale': no page uses this key"],
    ),
    "prose file missing": (
        _delete("docs/en/index.yml"),
        ["docs/en/index.yml: file not found"],
    ),
    "prose placeholder broken": (
        _edit("docs/en/mlp.yml", "{{ grid.count }}", "{{ grid.count }"),
        ["docs/en/mlp.yml: key 'relu_code_notes'", "template code, not only {{ name }}"],
    ),
    "prose placeholder unknown": (
        _edit("docs/en/mlp.yml", "{{ grid.count }}", "{{ grid.cout }}"),
        ["docs/en/mlp.yml: key 'relu_code_notes'", "unknown placeholder {{ grid.cout }}"],
    ),
    "prose computes": (
        _edit("docs/zh/mlp.yml", "{{ grid.count }}", "{{ grid.count + 1 }}"),
        ["docs/zh/mlp.yml: key 'relu_code_notes'", "template code"],
    ),
    "template syntax error": (
        _edit("generator/templates/mlp.md.j2", "{{ text.intro }}", "{{ text.intro }"),
        [f"generator/templates/mlp.md.j2:{_line_of('{{ text.intro }}')}", "template syntax error"],
    ),
    "template undefined name": (
        _edit("generator/templates/mlp.md.j2", "{{ text.intro }}", "{{ text_intro }}"),
        [f"generator/templates/mlp.md.j2:{_line_of('{{ text.intro }}')}", "undefined name"],
    ),
    "extra not a mapping": (
        _edit("mkdocs.yml", "\nextra:\n", "\nextra: [zh, en]\nleft_over:\n"),
        ["mkdocs.yml: key 'extra.languages'", "missing or not a list"],
    ),
    "dependency older than tested": (
        _edit("pyproject.toml", '"torch>=2.13.0"', '"torch>=99.0"'),
        ["pyproject.toml: dependency 'torch'", "the build is tested with 99.0 and later"],
    ),
    "comparison with too many curves": (
        _edit(
            REGISTRY,
            '("relu", "leaky_relu", "elu", "relu6")',
            '("relu", "leaky_relu", "elu", "relu6", "selu")',
        ),
        [f"{REGISTRY}: comparison 'relu_family'", "more than d2l.plot's 4 line formats"],
    ),
    "unknown torch function": (
        _edit(REGISTRY, 'torch_name="tanh"', 'torch_name="tanhh"'),
        [f"{REGISTRY}:", "activation 'tanh'", "unknown torch function torch.tanhh"],
    ),
    "grid start not below end": (
        _edit(REGISTRY, "Grid(start=-8, end=8,", "Grid(start=8, end=-8,"),
        [REGISTRY, "start is not below its end"],
    ),
    "step not positive": (
        _edit(REGISTRY, "end=8, per_unit=10)", "end=8, per_unit=-10)"),
        [REGISTRY, "per_unit is not positive"],
    ),
    "formula missing": (
        _edit(REGISTRY, r'formula=r"\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}"', 'formula=""'),
        [f"{REGISTRY}:", "activation 'tanh'", "missing formula"],
    ),
    "duplicate name": (
        _edit(REGISTRY, 'name="tanh"', 'name="sigmoid"'),
        [f"{REGISTRY}:", "activation 'sigmoid'", "duplicate name"],
    ),
    "non-finite values": (
        _edit(REGISTRY, 'torch_name="tanh"', 'torch_name="log"'),
        ["activation 'tanh'", "forward pass gives nan"],
    ),
    "gradient disagrees": (
        _edit(REGISTRY, "derivative=lambda x: 1 - x.tanh() ** 2", "derivative=lambda x: x.tanh()"),
        ["activation 'tanh'", "differs from the analytic derivative by", "at x ="],
    ),
    "YAML syntax": (
        _edit("docs/zh/site.yml", "nav:\n", "nav:\n  - [unclosed\n"),
        ["docs/zh/site.yml:", "YAML syntax error"],
    ),
    "mkdocs.yml syntax": (
        _edit("mkdocs.yml", "strict: true\n", "strict: [true\n"),
        ["mkdocs.yml:", "YAML syntax error"],
    ),
    "broken link": (
        _edit("docs/en/mlp.yml", "The first job is", "The [first](nowhere.md) job is"),
        ["mkdocs (en)", "nowhere.md"],
    ),
    "theme override broken": (
        _append("docs/overrides/partials/alternate.html", "\n{% if %}\n"),
        ["mkdocs (zh)", "MkDocs stopped: TemplateSyntaxError", "mkdocs (en)"],
    ),
    "broken anchor": (
        _edit("docs/zh/mlp.yml", "其中第一项是根本", "其中[第一项](#no-such-anchor)是根本"),
        ["mkdocs (zh)", "no-such-anchor"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], builders: Builders, case: str
) -> None:
    inject, expected = CASES[case]
    project = copy_project(tmp_path / "project")
    inject(project)
    if any(REGISTRY in fragment for fragment in expected) or "activation '" in expected[0]:
        # A changed registry needs a fresh interpreter; the lesson's pages alone, which
        # compute only the lesson's activations (tanh among them), are enough to fail.
        result = run_build(project, "--pages", "mlp")
    else:
        result = build_in_process(project, capsys, builders)
    assert result.status == 1, result.output
    assert "Traceback" not in result.output
    for fragment in expected:
        assert fragment in result.output, f"{fragment!r} missing from:\n{result.output}"
    assert not (project / "site").exists(), "a failed build must not leave a site behind"


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit("docs/en/mlp.yml", "relu_intro: >-", "relu_intro_typo: >-")(project)
    _edit("docs/zh/mlp.yml", "tanh_intro:", "tanh_intro_typo:")(project)
    result = run_build(project)
    assert result.status == 1
    assert "build failed: 4 problems" in result.output, result.output
    for fragment in ("docs/en/mlp.yml: key 'relu_intro'", "docs/zh/mlp.yml: key 'tanh_intro'"):
        assert fragment in result.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _delete("docs/en/index.yml")(project)
    result = run_build(project, "--debug")
    assert result.status == 1 and "Traceback" in result.output


def test_missing_dependencies_point_to_make_site(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['jinja2'] = None; from generator.cli import main; "
        "sys.exit(main(['build', '--site-dir', sys.argv[1], '--work-dir', sys.argv[2]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "site"), str(tmp_path / "work")],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 1
    assert "missing dependency 'jinja2'" in done.stderr and "make site" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unwritable_output_folder_is_named(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_build(project, "--site-dir", str(blocker / "site"))
    assert result.status == 1 and "Traceback" not in result.output
    assert "cannot write the output folder" in result.output and "a-file" in result.output


def test_a_python_slip_in_the_registry_names_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    _edit(REGISTRY, 'torch_name="tanh",', 'torch_name="tanh", colour="blue",')(project)
    result = run_build(project)
    assert result.status == 1 and "Traceback" not in result.output
    assert f"{REGISTRY}:" in result.output and "colour" in result.output
