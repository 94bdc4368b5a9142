"""Property tests: autograd agrees with every registry derivative, anywhere in the domain."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import content, pages, registry, results

ROOT = Path(__file__).resolve().parent.parent

GRID = registry.ATLAS_GRID
STEP = 1e-7  # how close to a point we look for a jump in the derivative
TOLERANCE = 1e-8  # the build's float64 tolerance (hardsigmoid's 1/6 is a float32 in torch)


def _derivative(activation: registry.Activation, point: float) -> float:
    return float(activation.analytic(torch.tensor(point, dtype=torch.float64)))


def _near_a_kink(activation: registry.Activation, point: float) -> bool:
    """The analytic derivative jumps within STEP of `point`: one-sided conventions differ."""
    left, right = _derivative(activation, point - STEP), _derivative(activation, point + STEP)
    return abs(left - right) > 1e-5


@settings(max_examples=300, deadline=None)
@given(
    activation=st.sampled_from(registry.ACTIVATIONS),
    point=st.floats(min_value=GRID.start, max_value=GRID.end, allow_nan=False),
)
def test_autograd_matches_the_analytic_derivative_in_float64(
    activation: registry.Activation, point: float
) -> None:
    if _near_a_kink(activation, point):
        return
    x = torch.tensor(point, dtype=torch.float64, requires_grad=True)
    activation.forward(x).sum().backward()
    assert x.grad is not None
    expected = _derivative(activation, point)
    assert abs(float(x.grad) - expected) <= TOLERANCE, (
        f"{activation.name} at x = {point}: autograd {float(x.grad)} != analytic {expected}"
    )


NAMES = [activation.name for activation in registry.ACTIVATIONS]
REFERENCE = re.compile(r'(?:src|href)="([^"#]*figures/[^"#]*)')


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
def test_pages_of_any_registry_subset_are_complete(names: list[str]) -> None:
    """Atlas pages rendered for a random subset: no None, no unrendered Jinja, no lost figure."""
    chosen = [registry.by_name(name) for name in names]
    book, files = results.atlas(activations=chosen, comparisons=[])
    lesson, lesson_files = results.lesson()
    found = results.Results(lesson, book, files | lesson_files, drawn=0)
    sources = content.load_sources(ROOT)
    environment = pages.make_environment()
    site = [p for p in content.site_pages(activations=chosen) if p.activation is not None]
    for language in sources.languages:
        rendered = pages.render_language(environment, sources, language, found, site, False)
        for page in site:
            text = rendered[page.output]
            where = f"{sources.prefix(language)}{page.url}"
            assert "None" not in text and "{{" not in text and "{%" not in text, where
            referenced = REFERENCE.findall(text)
            assert referenced, where
            for reference in referenced:
                target = posixpath.normpath(posixpath.join(where, reference))
                assert target in found.files, f"{where} refers to {reference}, not drawn"
