"""The cache of what torch and matplotlib produce: hits, misses, damage, no heavy imports,
and units small enough that an edit redraws only what it touched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator import cache, products, registry

ROOT = Path(__file__).resolve().parent.parent


def test_a_second_lesson_comes_from_the_cache_unchanged(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    first, first_drawn = products.lesson(store)
    again, again_drawn = products.lesson(store)
    assert (first_drawn, again_drawn) == (6, 0)
    assert again == first


def test_a_damaged_entry_is_recomputed_not_served(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    first, _ = products.lesson(store)
    victim = next(p for p in tmp_path.rglob("*.svg"))
    victim.write_bytes(victim.read_bytes()[:-100])  # truncated
    again, drawn = products.lesson(store)
    assert drawn == 2 and again == first  # one activation's two figures, redrawn


def test_a_hit_imports_neither_torch_nor_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from generator import cache, products; "
        "store = cache.Cache(Path(sys.argv[1])); "
        "_, a = products.lesson(store); _, b = products.atlas(store); "
        "print(a > 0, b > 0, 'torch' in sys.modules, 'matplotlib' in sys.modules)"
    )

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return done.stdout.strip()

    assert run() == "True True True True"  # the first run computes
    assert run() == "False False False False"  # the second imports nothing heavy


@pytest.fixture
def registry_source(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """registry.py's source as the cache keys see it; tests edit the one-item list."""
    source = [(ROOT / "generator" / "registry.py").read_text(encoding="utf-8")]
    real = cache.source_of

    def source_of(*modules: str) -> bytes:
        if modules == ("registry",):
            return source[0].encode()
        return real(*modules)

    monkeypatch.setattr(cache, "source_of", source_of)
    return source


def _keys() -> tuple[dict[str, str], list[str], list[str], str]:
    products._registry_code.cache_clear()
    entries, groups, exercises = products._atlas_keys(registry.ACTIVATIONS, registry.COMPARISONS)
    return products._lesson_keys(), entries, groups, exercises


def _changed(before: list[str], after: list[str]) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def test_an_edit_to_one_entry_misses_only_its_units(registry_source: list[str]) -> None:
    lesson, entries, groups, exercises = _keys()
    # the tanh entry's derivative, rewritten: its lesson and atlas units and the comparison
    # showing tanh miss; every other unit, the exercises included, stays a hit
    registry_source[0] = registry_source[0].replace(
        "derivative=lambda x: 1 - x.tanh() ** 2,", "derivative=lambda x: 1 - x.tanh() * x.tanh(),"
    )
    lesson2, entries2, groups2, exercises2 = _keys()
    names = [a.name for a in registry.ACTIVATIONS]
    assert [n for n in lesson if lesson[n] != lesson2[n]] == ["tanh"]
    assert [names[i] for i in _changed(entries, entries2)] == ["tanh"]
    saturating = [c.name for c in registry.COMPARISONS].index("saturating")
    assert _changed(groups, groups2) == [saturating]
    assert exercises2 == exercises


def test_every_unit_has_its_own_key(registry_source: list[str]) -> None:
    lesson, entries, groups, exercises = _keys()
    keys = [*lesson.values(), *entries, *groups, exercises]
    assert len(set(keys)) == len(keys)
    code = products._registry_code()
    assert sorted(code.entries) == sorted(a.name for a in registry.ACTIVATIONS)


def test_an_edit_to_an_atlas_entry_misses_its_page_and_comparison(
    registry_source: list[str],
) -> None:
    lesson, entries, groups, exercises = _keys()
    registry_source[0] = registry_source[0].replace(
        'params=(Param("alpha", 1.0),),', 'params=(Param("alpha", 1.5),),', 1
    )
    lesson2, entries2, groups2, exercises2 = _keys()
    changed = [registry.ACTIVATIONS[i].name for i in _changed(entries, entries2)]
    assert changed == ["elu"] and lesson2 == lesson and exercises2 == exercises
    relu_family = [c.name for c in registry.COMPARISONS].index("relu_family")
    assert _changed(groups, groups2) == [relu_family]


def test_comments_and_layout_do_not_count(registry_source: list[str]) -> None:
    before = _keys()
    registry_source[0] = (
        registry_source[0]
        .replace("# PyTorch takes the left derivative", "# torch takes the left-hand derivative")
        .replace(
            "ACTIVATIONS: tuple[Activation, ...] = (", "ACTIVATIONS: tuple[Activation, ...] = ( "
        )
    )
    assert _keys() == before


def test_the_lesson_domain_is_the_lessons_alone(
    registry_source: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lesson, *atlas = _keys()
    # moved in the source and, as a fresh import would see it, in the value
    registry_source[0] = registry_source[0].replace(
        "LESSON_DOMAIN = Domain(start=-8.0,", "LESSON_DOMAIN = Domain(start=-7.0,"
    )
    monkeypatch.setattr(registry, "LESSON_DOMAIN", registry.Domain(-7.0, 8.0, 0.1))
    lesson2, *atlas2 = _keys()
    assert all(lesson[n] != lesson2[n] for n in lesson)
    assert atlas2 == atlas


def test_a_change_shared_by_every_entry_misses_everything(registry_source: list[str]) -> None:
    lesson, entries, groups, _ = _keys()
    registry_source[0] = registry_source[0].replace(
        "return mask.double()", "return mask.to(torch_float64)"
    )
    lesson2, entries2, groups2, _ = _keys()
    assert all(lesson[n] != lesson2[n] for n in lesson)
    assert len(_changed(entries, entries2)) == len(entries)
    assert len(_changed(groups, groups2)) == len(groups)
