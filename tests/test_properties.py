"""Property tests: autograd agrees with every registry derivative, anywhere in the domain."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import atlas, cache, content, mkdocs_site, pages, products, registry

ROOT = Path(__file__).resolve().parent.parent

DOMAIN = registry.ATLAS_DOMAIN
STEP = 1e-7  # how close to a point we look for a jump in the derivative
TOLERANCE = 1e-8  # the build's float64 tolerance (hardsigmoid's 1/6 is a float32 in torch)


def _derivative(activation: registry.Activation, point: float) -> float:
    return float(activation.derivative(torch.tensor(point, dtype=torch.float64)))


def _near_a_kink(activation: registry.Activation, point: float) -> bool:
    """The analytic derivative jumps within STEP of `point`: one-sided conventions differ."""
    left, right = _derivative(activation, point - STEP), _derivative(activation, point + STEP)
    return abs(left - right) > 1e-5


@settings(max_examples=300, deadline=None)
@given(
    activation=st.sampled_from(registry.ACTIVATIONS),
    point=st.floats(min_value=DOMAIN.start, max_value=DOMAIN.end, allow_nan=False),
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
    book, _ = products.atlas(cache.Cache(None), activations=chosen, comparisons=[])
    sources = content.load_sources(ROOT)
    environment = pages.make_environment()
    for language in sources.languages:
        prefix = mkdocs_site.language_prefix(language, sources.default)
        tables = atlas.ProseTables(language)
        for entry in book.entries:
            context, prose = atlas.entry_page(book, entry, prefix, tables)
            text = pages.render_page(environment, "activation.md.j2", context, prose)
            where = f"{prefix}{entry.url}"
            assert "None" not in text and "{{" not in text and "{%" not in text, where
            assert [p for t in prose.values() for p in t.render_problems()] == [], where
            referenced = REFERENCE.findall(text)
            assert referenced, where
            for reference in referenced:
                target = posixpath.normpath(posixpath.join(prefix + entry.url, reference))
                assert target in book.files, f"{where} refers to {reference}, not drawn"
