"""Previews: `--pages` builds some pages, with both home pages, in both languages; `make
serve` rebuilds what an edit touches, and its site is a whole build's, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Settings, build
from generator.cli import main
from generator.content import language_codes
from generator.errors import BuildFailed
from generator.mkdocs_site import Builders
from generator.preview import Preview
from tests.conftest import CACHE
from tests.project_copy import copy_project


def test_a_lesson_preview_builds_the_lesson_and_the_homes_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], builders: Builders
) -> None:
    site = tmp_path / "site"
    argv = ["build", "--pages", "mlp", "--site-dir", str(site), "--work-dir", str(tmp_path / "w")]
    assert main(argv, builders) == 0
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert pages == ["en/index.html", "en/mlp/index.html", "index.html", "mlp/index.html"]
    assert "2 languages, 2 pages each" in capsys.readouterr().out
    assert (site / "figures" / "mlp" / "relu.svg").is_file()


def test_an_unknown_page_is_refused_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["build", "--pages", "mlp,atlass"])
    assert stop.value.code == 2
    assert "unknown page atlass; choose from mlp, training, activations" in capsys.readouterr().err


# --- `make serve`: what an edit touches ----------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _settings(project: Path, name: str) -> Settings:
    return Settings(
        root=project,
        site_dir=project / name / "site",
        work_dir=project / name / "work",
        cache_dir=CACHE,  # shared: a copy whose code is unchanged computes nothing
    )


@pytest.mark.slow
def test_a_preview_after_edits_is_the_whole_build_of_the_edited_sources(
    tmp_path: Path, builders: Builders
) -> None:
    """Edits of prose (one language, then the other), of a page template, a broken edit
    and its fix, and a page title (the navigation): after each, the preview does only
    what the edit needs, and its site is, byte for byte, a whole build's of the sources
    as they then are."""
    project = copy_project(tmp_path / "project")
    zh, en = project / "docs" / "zh", project / "docs" / "en"
    template = project / "generator" / "templates" / "training.md.j2"
    steps = [
        # a sentence at the start of a value (the edits are keyed on the YAML, not the prose)
        ("pages", zh / "mlp.yml", "\nintro: >-\n  ", "\nintro: >-\n  预览测试。"),
        ("pages", en / "training.yml", "\npick_heading: ", "\npick_heading: Now "),
        ("pages", template, "{{ text.shares }}", "{{ text.shares }}\n\n{{ text.shares_heading }}"),
        ("broken", en / "mlp.yml", "\nlinear_fit: >-\n  ", "\nlinear_fit: >-\n  {{ fit.pionts }} "),
        # the fix, with a new word: fixed back to the last good text, nothing would change
        ("pages", en / "mlp.yml", "{{ fit.pionts }} ", "{{ fit.points }} points. "),
        ("pages", zh / "training.yml", "\ntitle: ", "\ntitle: 预览 "),
        # an atlas page's title is also its entry in the navigation of every page
        ("whole", zh / "activations" / "elu.yml", "\ntitle: ", "\ntitle: 函数 "),
    ]
    assert language_codes(project) == list(builders.workers)
    preview = Preview.start(_settings(project, "preview"), builders)
    for kind, path, old, new in steps:
        before = _tree(project / "preview" / "site")
        _edit(path, old, new)
        if kind == "broken":
            with pytest.raises(BuildFailed, match=r"fit\.pionts"):
                preview.update()
            assert _tree(project / "preview" / "site") == before, "a failed edit wrote"
            continue
        preview.update()
        assert preview.last == kind, f"{path.name}: {old!r}"
        after = _tree(project / "preview" / "site")
        assert _differences(before, after), f"{path.name}: nothing changed on disk"
        whole = _settings(project, "whole")
        build(whole, builders)
        assert _differences(after, _tree(whole.site_dir)) == [], f"{path.name}: {old!r}"
