"""What torch and matplotlib produce, computed on a cache miss and reused on a hit.

Two products: the lesson (its traces' numbers and its six figures) and the atlas (every
activation's properties and figure, the overview's comparisons and the exercises). Each
is cached whole under a key that covers all of its inputs: the source of every generator
module it passes through (the registry, with its domains, included), and the versions of
torch, matplotlib and numpy. A hit imports neither torch nor matplotlib.

Registry entries hold lambdas, which do not pickle; the cached values name each entry
instead, and loading looks the name up in the registry the key was made from.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from typing import Any

from generator import cache, registry
from generator.atlas import Atlas
from generator.figures import FigureRef

_VERSIONS = ("torch", "matplotlib", "numpy")
_DATA = "data.pickle"


@dataclass(frozen=True)
class Lesson:
    """The lesson's numbers and figures: no arrays, no torch."""

    grid: Any  # compute.Grid
    facts: dict[str, Any]  # compute.Facts by activation name
    refs: dict[str, tuple[FigureRef, FigureRef]]  # forward and gradient figure by name
    files: dict[str, bytes]  # path under the site root -> bytes


def lesson(store: cache.Cache) -> tuple[Lesson, bool]:
    """The lesson's product, and whether it came from the cache."""
    key = cache.key_of(
        "lesson", cache.source_of("registry", "compute", "figures"), cache.versions(*_VERSIONS)
    )
    found = _load(store, key)
    if found is not None:
        return found, True
    from generator import compute, figures

    activations = registry.lesson_activations()
    traces = compute.lesson_traces(activations, registry.LESSON_DOMAIN)
    files, refs = figures.lesson_figures(traces, registry.LESSON_FIGSIZE)
    product = Lesson(
        grid=compute.grid_of(traces[0]),
        facts={t.activation.name: compute.facts_of(t) for t in traces},
        refs=refs,
        files=files,
    )
    _save(store, key, product, product.files)
    return product, False


def atlas(store: cache.Cache) -> tuple[Atlas, bool]:
    """The atlas's product, and whether it came from the cache."""
    modules = ("registry", "compute", "figures", "atlas", "properties", "exercises")
    key = cache.key_of("atlas", cache.source_of(*modules), cache.versions(*_VERSIONS))
    found = _load(store, key)
    if found is not None:
        return _with_specs(found), True
    from generator import atlas as atlas_stage

    book = atlas_stage.compute_atlas(registry.ACTIVATIONS, registry.COMPARISONS)
    _save(store, key, _without_specs(book), book.files)
    return book, False


def _without_specs(book: Atlas) -> Atlas:
    entries = tuple(replace(entry, spec=entry.spec.name) for entry in book.entries)  # type: ignore[arg-type]
    return replace(book, entries=entries, files={})


def _with_specs(book: Atlas) -> Atlas:
    entries = tuple(replace(e, spec=registry.by_name(str(e.spec))) for e in book.entries)
    return replace(book, entries=entries)


def _save(store: cache.Cache, key: str, value: Any, files: dict[str, bytes]) -> None:
    if isinstance(value, Lesson):
        value = replace(value, files={})
    store.put(key, {**_flat(files), _DATA: pickle.dumps((value, sorted(files)))})


def _load(store: cache.Cache, key: str) -> Any:
    """The cached value with its files put back, or None on a miss or a damaged entry."""
    entry = store.get(key)
    if entry is None or _DATA not in entry:
        return None
    try:
        value, paths = pickle.loads(entry.pop(_DATA))  # our own entry, checked by hash
    except Exception:  # written by other code: a miss
        return None
    files = {path: entry[_flat_name(path)] for path in paths if _flat_name(path) in entry}
    if len(files) != len(paths):
        return None
    return replace(value, files=files)


def _flat(files: dict[str, bytes]) -> dict[str, bytes]:
    return {_flat_name(path): data for path, data in files.items()}


def _flat_name(path: str) -> str:
    return path.replace("/", "__")
