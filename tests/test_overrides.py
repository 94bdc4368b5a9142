"""The theme template this project overrides whole (docs/overrides/base.html) is the
theme's own with a few stated changes, so that a theme upgrade that changes it fails here
instead of silently keeping the old markup; and the language links it and the language
switch write are absolute only when the site is built for its address."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from generator.cli import main
from generator.mkdocs_site import Builders
from tests.conftest import CACHE, ROOT, BuiltSite

THEME_BASE = Path(material.__file__).parent / "templates" / "base.html"
OURS = ROOT / "docs" / "overrides" / "base.html"

IMPORT = '{% import "partials/language.html" as lang with context %}\n'
ALTERNATE_IMPORT = '{% import "partials/alternate-url.html" as alternate with context %}\n'
HEAD_LINK = '<link rel="alternate" href="{{ alt.link | url }}"'
OUR_HEAD_LINK = '<link rel="alternate" href="{{ alternate.alternate_url(alt, home=true) }}"'


def expected_base(theme: str) -> str:
    """The theme's base.html with this project's changes (see the file's first comment)."""
    changes = [(IMPORT, IMPORT + ALTERNATE_IMPORT), (HEAD_LINK, OUR_HEAD_LINK)]
    changes += [
        (f'id="__{box}" autocomplete="off">', f'id="__{box}">') for box in ("drawer", "search")
    ]
    for old, new in changes:
        assert theme.count(old) == 1, f"the theme's base.html changed near {old!r}"
        theme = theme.replace(old, new)
    return theme.split("-#}\n", 1)[1]  # the theme's comment is replaced by ours


def test_base_override_is_the_themes_with_the_stated_changes() -> None:
    ours = OURS.read_text(encoding="utf-8").split("-#}\n", 1)[1]
    assert ours == expected_base(THEME_BASE.read_text(encoding="utf-8")), (
        "docs/overrides/base.html no longer matches the installed theme's base.html: copy "
        "the theme's file again and make the changes its first comment lists"
    )


def test_no_autocomplete_on_checkboxes(built_site: BuiltSite) -> None:
    for url in ("", "mlp/", "en/activations/elu/"):
        page = built_site.page(url)
        assert 'type="checkbox" id="__drawer">' in page
        assert 'type="checkbox" id="__search">' in page


def test_language_links_are_relative_without_site_url(built_site: BuiltSite) -> None:
    page = built_site.page("en/mlp/")
    assert '<link rel="alternate" href="../../" hreflang="zh">' in page
    assert '<link rel="alternate" href="../../en/" hreflang="en">' in page


@pytest.mark.slow
def test_language_links_are_absolute_with_site_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builders: Builders
) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/lesson/")
    folders = ["--site-dir", str(tmp_path / "site"), "--work-dir", str(tmp_path / "work")]
    assert main(["build", *folders, "--cache-dir", str(CACHE)], builders) == 0
    for path, zh, en in [
        ("en/mlp/index.html", "mlp/", "en/mlp/"),
        ("index.html", "", "en/"),
        ("activations/elu/index.html", "activations/elu/", "en/activations/elu/"),
    ]:
        page = (tmp_path / "site" / path).read_text(encoding="utf-8")
        for lang, url, home in (("zh", zh, ""), ("en", en, "en/")):
            site = "https://example.org/lesson/"
            head = f'<link rel="alternate" href="{site}{home}" hreflang="{lang}">'
            assert head in page, path  # the language's home: Material reads its sitemap
            assert f'<a href="{site}{url}" hreflang="{lang}"' in page, path
