"""Snapshots of the generated Markdown of one page of each kind, in both languages: the
home page, the lesson, an atlas page with parameter choices (ELU), the atlas's overview
and the worked exercises.

A failure means the rendered pages changed. If the change is intended, refresh the
snapshots with `make snapshots` and review the diff in git.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import BuiltSite

SNAPSHOTS = Path(__file__).parent / "snapshots"
KINDS = (
    "index.md",
    "mlp/index.md",
    "activations/elu/index.md",
    "activations/index.md",
    "exercises/index.md",
    "training/index.md",
)
PAGES = [(language, path) for language in ("zh", "en") for path in KINDS]


def test_the_snapshots_cover_every_kind_of_page() -> None:
    from generator import content

    assert {page.template for page in content.site_pages()} == {
        page.template for page in content.site_pages() if page.output in KINDS
    }


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
