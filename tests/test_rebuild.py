"""Rebuilds do only what an edit requires: one language's MkDocs build for its prose, and
the same bytes whether the work runs in worker processes or in one process."""

from __future__ import annotations

from pathlib import Path

from generator import workers
from generator.build import build
from generator.plan import Settings
from tests.project_copy import copy_project, edit, run_build, tree_hash

SENTENCE = "这是为了测试而新加的一句话。"


def _tree_hashes(site: Path) -> tuple[str, str]:
    """The English site's hash, and the Chinese (default, at the root) pages' hash."""
    chinese = [site / "index.html", site / "mlp" / "index.html", site / "404.html"]
    return tree_hash(site / "en"), "".join(p.read_text(encoding="utf-8") for p in chinese)


def test_an_edit_to_chinese_prose_builds_the_chinese_site_alone(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert run_build(project, "--pages", "mlp").status == 0
    english, chinese = _tree_hashes(project / "site")

    edit(project / "docs" / "zh" / "mlp.yml", "计算简单", f"{SENTENCE}计算简单")
    again = run_build(project, "--pages", "mlp")
    assert again.status == 0, again.output
    assert "built zh (unchanged: en)" in again.output
    english2, chinese2 = _tree_hashes(project / "site")
    assert english2 == english  # the kept English output, copied
    assert chinese2 != chinese and SENTENCE in chinese2

    unchanged = run_build(project, "--pages", "mlp")
    assert "built none (unchanged: zh, en)" in unchanged.output
    assert _tree_hashes(project / "site") == (english2, chinese2)


def test_a_damaged_kept_output_is_built_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert run_build(project, "--pages", "mlp").status == 0
    before = tree_hash(project / "site")
    kept = project / "build" / "languages" / "en" / "mlp" / "index.html"
    kept.write_text(kept.read_text(encoding="utf-8")[:-500], encoding="utf-8")  # truncated
    again = run_build(project, "--pages", "mlp")
    assert "built en (unchanged: zh)" in again.output, again.output
    assert tree_hash(project / "site") == before


def test_workers_build_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    """Figures drawn and languages built in worker processes, or all in this process."""
    project = copy_project(tmp_path / "project")
    sites = []
    for name, pool in (("parallel", None), ("serial", workers.in_this_process())):
        settings = Settings(
            root=project,
            site_dir=tmp_path / name / "site",
            work_dir=tmp_path / name / "build",
            cache_dir=tmp_path / name / "cache",  # each draws every figure itself
            pages=frozenset({"mlp"}),
        )
        build(settings, pool)
        sites.append(tree_hash(settings.site_dir))
    assert sites[0] == sites[1]
