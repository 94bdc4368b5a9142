"""The GitHub Pages workflow: what it must do to publish a working site."""

from typing import Any

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def test_the_workflow_publishes_main_with_pages_permissions() -> None:
    workflow = _workflow()
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads `on:` as True
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"]


def test_the_workflow_builds_with_make_and_deploys_the_site_folder() -> None:
    jobs = _workflow()["jobs"]
    steps = jobs["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert {"actions/checkout", "actions/setup-python"} <= set(uses)
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"
    build = next(step for step in steps if "make site" in step.get("run", ""))
    assert "SOURCE_DATE_EPOCH=" in build["run"] and "git log -1 --format=%ct" in build["run"]
    assert "SITE_URL" in build["env"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
