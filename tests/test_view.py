"""The view: every string a reader sees, made once from the results and the words."""

from __future__ import annotations

import posixpath
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import build, content, pages, registry, results, view
from generator.content import Language, Page
from tests.conftest import ROOT


def _reading(entries: dict[str, object]) -> view.Reading:
    return view.Reading(Language("xx", {}, {"page": entries}))


def test_placeholders_take_the_pages_values() -> None:
    words = _reading({"count": "{{ grid.count }} values"}).words("page", {"grid.count": "160"})
    assert words.count == "160 values"


def test_a_key_may_be_named_like_a_method() -> None:
    words = _reading({"items": "Items", "keys": "Keys", "get": "Get"}).words("page", {})
    assert (words.items, words.keys, words.get, words["items"]) == ("Items", "Keys", "Get", "Items")


def test_every_missing_key_is_reported_once_with_its_file() -> None:
    reading = _reading({"b": "here"})
    words = reading.words("page", {})
    assert [words.a, words.b, words.c, words.a] == ["", "here", "", ""]
    assert [str(p) for p in reading.problems] == [
        "docs/xx/page.yml: key 'a': missing; add this key's text",
        "docs/xx/page.yml: key 'c': missing; add this key's text",
    ]


def test_an_unknown_placeholder_names_the_ones_the_page_has() -> None:
    reading = _reading({"a": "{{ grid.cout }} points"})
    assert reading.words("page", {"grid.count": "1", "grid.end": "7"}).a == " points"
    (problem,) = reading.problems
    assert problem.where == "docs/xx/page.yml: key 'a'"
    assert "{{ grid.cout }}" in problem.what and "grid.count, grid.end" in problem.fix


def test_template_code_in_prose_is_refused() -> None:
    reading = _reading({"a": "{{ n | round }}", "b": "{% if n %}x{% endif %}"})
    words = reading.words("page", {"n": "1"})
    _ = (words.a, words.b)
    assert [p.where for p in reading.problems] == [
        "docs/xx/page.yml: key 'a'",
        "docs/xx/page.yml: key 'b'",
    ]
    assert all("template code" in p.what for p in reading.problems)


def test_unused_keys_are_reported() -> None:
    reading = _reading({"a": "1", "stale": "2"})
    _ = reading.words("page", {}).a
    assert [p.where for p in reading.unused()] == ["docs/xx/page.yml: key 'stale'"]


def test_plurals_are_chosen_by_count() -> None:
    words = _reading({"n_one": "a corner", "n_other": "corners"}).words("page", {})
    assert (words.plural("n", 1), words.plural("n", 2), words.plural("n", 0)) == (
        "a corner",
        "corners",
        "corners",
    )


def test_choices_with_the_same_value_are_one_block() -> None:
    found = view.by_choice([("a=1", "x"), ("a=2", "y"), ("a=3", "x")])
    assert [(c.value, c.keys, c.shown) for c in found] == [
        ("x", ("a=1", "a=3"), True),
        ("y", ("a=2",), False),
    ]
    assert found[0].attributes == ' data-choices="a=1 a=3"'
    assert found[1].attributes == ' data-choices="a=2" hidden data-search-exclude'
    (alone,) = view.by_choice([("a=1", "x"), ("a=2", "x")])
    assert alone.attributes == ""


def test_links_between_pages_are_relative_to_the_page() -> None:
    lesson = Page("mlp", "mlp", "mlp/index.md", "mlp")
    answers = Page("exercises", "exercises", "exercises/index.md", "exercises")
    home = Page("index", "index", "index.md", "index")
    assert lesson.link(answers, "prelu") == "../exercises/index.md#prelu"
    assert home.link(lesson) == "mlp/index.md"


NAMES = [activation.name for activation in registry.ACTIVATIONS]
REFERENCE = re.compile(r'(?:src|href)="([^"#]*figures/[^"#]*)')


@pytest.mark.slow  # each example computes an atlas of its own
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
def test_pages_of_any_registry_subset_are_complete(names: list[str]) -> None:
    """Atlas pages rendered for a random subset: no None, no placeholder left, no lost
    figure."""
    chosen = [registry.by_name(name) for name in names]
    book, files = results.atlas(activations=chosen, comparisons=[])
    lesson, lesson_files = results.lesson()
    found = results.Results(
        lesson, book, None, files | lesson_files, 0, {"torch": "2", "matplotlib": "3"}
    )
    sources = content.load_sources(ROOT)
    site = [p for p in content.site_pages(activations=chosen) if p.activation is not None]
    made = build.make_pages(pages.make_environment(), sources, found, site, complete=False)
    for language in sources.languages:
        for page in site:
            text = made[language.code].markdown[page.output]
            where = f"{sources.prefix(language)}{page.url}"
            assert "None" not in text and "{{" not in text and "{%" not in text, where
            referenced = REFERENCE.findall(text)
            assert referenced, where
            for reference in referenced:
                target = posixpath.normpath(posixpath.join(where, reference))
                assert target in found.files, f"{where} refers to {reference}, not drawn"
