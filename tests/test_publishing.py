"""The workflows: tests on every push, and what publishing a working site takes."""

import re
from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "pages.yml"
TESTS = WORKFLOWS / "tests.yml"
CPU_BUILDS = "/whl/cpu"  # PyTorch's index of CPU builds ends so


def _workflow(path: Any = WORKFLOW) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_the_workflow_publishes_main_with_pages_permissions() -> None:
    workflow = _workflow()
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads `on:` as True
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"]


def test_the_workflow_builds_with_make_and_deploys_the_site_folder() -> None:
    jobs = _workflow()["jobs"]
    build_job = jobs["build"]
    assert build_job["container"]["image"].startswith("python:3.11-")  # the project's Python
    steps = build_job["steps"]
    build = next(step for step in steps if "make pdf" in step.get("run", ""))
    assert "SOURCE_DATE_EPOCH=" in build["run"] and "git log -1 --format=%ct" in build["run"]
    assert "SITE_URL" in build["env"]
    assert any("chromium fonts-noto-cjk" in step.get("run", "") for step in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_site_is_published_only_after_the_tests_passed() -> None:
    jobs = _workflow()["jobs"]
    assert jobs["tests"]["uses"] == "./.github/workflows/tests.yml"
    assert jobs["build"]["needs"] == "tests"


def test_the_build_installs_torchs_cpu_build_and_caches_downloads_and_cache() -> None:
    workflow = _workflow()
    assert workflow["env"]["PIP_EXTRA_INDEX_URL"].endswith(CPU_BUILDS)
    steps = workflow["jobs"]["build"]["steps"]
    cached = {s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/cache@")}
    assert cached == {"~/.cache/pip", ".cache"}
    assert any("torch.version.cuda is None" in s.get("run", "") for s in steps)


def test_lint_and_tests_run_on_every_push_and_pull_request() -> None:
    workflow = _workflow(TESTS)
    on = workflow[True]
    # main is left out here only because pages.yml runs this workflow for it.
    assert on["push"] == {"branches-ignore": ["main"]} and "workflow_call" in on
    assert "pull_request" in on
    assert workflow["env"]["PIP_EXTRA_INDEX_URL"] == _workflow()["env"]["PIP_EXTRA_INDEX_URL"]
    runs = [step.get("run", "") for step in workflow["jobs"]["test"]["steps"]]
    assert "make lint" in runs and "make test" in runs
    assert any("apt-get install" in r and "chromium fonts-noto-cjk" in r for r in runs)


def test_every_action_is_pinned_to_a_commit_with_its_version_named() -> None:
    pin = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(?:- )?uses: ", line) and "uses: ./" not in line:
                assert pin.match(line), f"{path.name}: pin by commit SHA: {line.strip()}"
