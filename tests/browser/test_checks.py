"""The colour-contrast helpers the palette test relies on (no browser needed)."""

from __future__ import annotations

import pytest

from tests.browser.checks import contrast, svg_colours
from tests.conftest import BuiltSite

WHITE, SLATE = "#ffffff", "rgb(30, 33, 41)"  # Material's default and slate backgrounds


def test_contrast_follows_wcag() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", WHITE) == pytest.approx(4.48, abs=0.01)
    assert contrast("rgb(255, 255, 255)", WHITE) == 1


def test_each_figure_variant_contrasts_with_its_own_background_only(
    built_site: BuiltSite,
) -> None:
    dark = sorted((built_site.site / "figures").rglob("*-dark.svg"))
    assert dark
    for path in dark:
        light = path.with_name(path.name.replace("-dark.svg", ".svg"))
        for svg, good, bad in [(light, WHITE, SLATE), (path, SLATE, WHITE)]:
            texts, lines = svg_colours(svg.read_text(encoding="utf-8"))
            assert min(contrast(c, good) for c in texts) >= 4.5, svg
            assert min(contrast(c, good) for c in lines) >= 3, svg
            assert min(contrast(c, bad) for c in texts) < 2, svg  # the check can fail
