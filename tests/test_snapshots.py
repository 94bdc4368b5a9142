"""Snapshots of the generated Markdown of every page in both languages.

A failure means the rendered pages changed. If the change is intended, refresh the
snapshots with `make snapshots` and review the diff in git.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import BuiltSite

SNAPSHOTS = Path(__file__).parent / "snapshots"
PAGES = [("zh", "index.md"), ("zh", "mlp/index.md"), ("en", "index.md"), ("en", "mlp/index.md")]


@pytest.mark.parametrize(("language", "path"), PAGES)
def test_rendered_markdown_matches_the_snapshot(
    built_site: BuiltSite, language: str, path: str
) -> None:
    rendered = built_site.markdown(language, path)
    snapshot = SNAPSHOTS / language / path
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
        pytest.skip(f"{language}/{path}: snapshot written")
    assert snapshot.exists(), f"no snapshot {snapshot}; run `make snapshots`"
    expected = snapshot.read_text(encoding="utf-8")
    assert rendered == expected, f"{language}/{path} changed; if intended, run `make snapshots`"
