"""`--pages`: a quick preview of some pages, with both home pages, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main


def test_a_lesson_preview_builds_the_lesson_and_the_homes_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    argv = ["build", "--pages", "mlp", "--site-dir", str(site), "--work-dir", str(tmp_path / "w")]
    assert main(argv) == 0
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert pages == ["en/index.html", "en/mlp/index.html", "index.html", "mlp/index.html"]
    assert "2 languages, 2 pages each" in capsys.readouterr().out
    assert (site / "figures" / "mlp" / "relu.svg").is_file()


def test_an_unknown_page_is_refused_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["build", "--pages", "mlp,atlass"])
    assert stop.value.code == 2
    assert "unknown page atlass; choose from mlp, activations" in capsys.readouterr().err
