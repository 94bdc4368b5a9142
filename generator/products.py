"""What torch and matplotlib produce, computed on a cache miss and reused on a hit.

The cache holds one entry per unit of work: each lesson activation (its numbers and two
figures), each atlas activation (its properties and figure), each comparison figure of
the overview, and the worked exercises. A unit's key covers all of its inputs: its
registry entry, the grid and figure size it is drawn on, the rest of the registry (the
classes and helpers every entry uses), the source of the generator modules it passes
through and the versions of torch, matplotlib and numpy. So an edit to one entry redraws
that entry's figures (and the comparisons that show it), nothing else; a hit imports
neither torch nor matplotlib. Misses are computed together, and their figures drawn in
parallel by the workers.

Registry entries hold lambdas, which do not pickle: the cached values are numbers and
figure refs only, and the product takes each entry from the registry itself.
"""

from __future__ import annotations

import ast
import functools
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator import cache, registry
from generator.registry import Activation, Comparison

if TYPE_CHECKING:  # imported where used: deciding what to draw stays cheap
    from generator.atlas import Atlas
    from generator.figures import Drawing, FigureRef, Submit

_VERSIONS = ("torch", "matplotlib", "numpy")
_DATA = "data.pickle"

# The generator modules each kind of unit passes through.
_LESSON_CODE = ("compute", "figures", "products")
_ATLAS_CODE = ("compute", "figures", "properties", "atlas", "products")
_EXERCISES_CODE = ("compute", "figures", "exercises", "products")

# Registry values that units key on by value (where they use them), not as code: moving
# the lesson's domain must not redraw the atlas.
_VALUES = frozenset(
    {
        "LESSON_DOMAIN",
        "LESSON_FIGSIZE",
        "ATLAS_DOMAIN",
        "ATLAS_FIGSIZE",
        "COMPARISON_FIGSIZE",
        "COMPARISONS",
        "DOMAINS",
        "LESSON_ORDER",
    }
)


@dataclass(frozen=True)
class Lesson:
    """The lesson's numbers and figures: no arrays, no torch."""

    grid: Any  # compute.Grid
    facts: dict[str, Any]  # compute.Facts by activation name
    refs: dict[str, tuple[FigureRef, FigureRef]]  # forward and gradient figure by name
    files: dict[str, bytes]  # path under the site root -> bytes


def needs_drawing(store: cache.Cache, with_atlas: bool) -> bool:
    """Whether some figure is missing from the cache (checked cheaply: no hashes)."""
    keys = list(_lesson_keys().values())
    if with_atlas:
        entries, groups, exercises = _atlas_keys(registry.ACTIVATIONS, registry.COMPARISONS)
        keys += [*entries, *groups, exercises]
    return not all(store.has(key) for key in keys)


def lesson(store: cache.Cache, submit: Submit | None = None) -> tuple[Lesson, int]:
    """The lesson's product, and how many figures had to be drawn for it.

    `submit` starts the drawing (default: one after another, in this process).
    """
    from generator import figures

    activations = registry.lesson_activations()
    keys = _lesson_keys()
    found = {a.name: _load(store, keys[a.name]) for a in activations}
    missing = [a for a in activations if found[a.name] is None]
    drawn: dict[str, FigureRef] = {}
    if missing:
        from generator import compute

        traces = compute.lesson_traces(missing, registry.LESSON_DOMAIN)
        drawings = {
            stem: plot
            for trace in traces
            for stem, plot in figures.lesson_plots(trace, registry.LESSON_FIGSIZE).items()
        }
        files, drawn = figures.start_drawing(drawings, submit)()
        for trace in traces:
            name = trace.activation.name
            value = (compute.grid_of(trace), compute.facts_of(trace))
            refs = figures.lesson_refs(name, drawn)
            found[name] = _save(store, keys[name], (*value, refs), _files_of(files, refs))
    units = [_made(found[a.name]) for a in activations]
    product = Lesson(
        grid=units[0][0][0],
        facts={a.name: unit[0][1] for a, unit in zip(activations, units, strict=True)},
        refs={a.name: unit[0][2] for a, unit in zip(activations, units, strict=True)},
        files={path: data for unit in units for path, data in unit[1].items()},
    )
    return product, len(drawn)


def atlas(
    store: cache.Cache,
    submit: Submit | None = None,
    activations: Sequence[Activation] = registry.ACTIVATIONS,
    comparisons: Sequence[Comparison] = registry.COMPARISONS,
) -> tuple[Atlas, int]:
    """The atlas's product, and how many figures had to be drawn for it."""
    from generator.atlas import Atlas, Entry, Group

    entry_keys, group_keys, exercises_key = _atlas_keys(activations, comparisons)
    entries = {a.name: _load(store, key) for a, key in zip(activations, entry_keys, strict=True)}
    groups = {c.name: _load(store, key) for c, key in zip(comparisons, group_keys, strict=True)}
    answers = _load(store, exercises_key)
    drawn = 0
    if None in entries.values() or None in groups.values() or answers is None:
        new_entries = [a for a in activations if entries[a.name] is None]
        new_groups = [c for c in comparisons if groups[c.name] is None]
        made, drawn = _compute_atlas(new_entries, new_groups, answers is None, submit)
        for a, key in zip(activations, entry_keys, strict=True):
            if a.name in made:
                entries[a.name] = _save(store, key, *made[a.name])
        for c, key in zip(comparisons, group_keys, strict=True):
            if c.name in made:
                groups[c.name] = _save(store, key, *made[c.name])
        if answers is None:
            answers = _save(store, exercises_key, *made[_EXERCISES])
    units = [_made(unit) for unit in (*entries.values(), *groups.values(), answers)]
    product = Atlas(
        domain=registry.ATLAS_DOMAIN,
        figsize=registry.ATLAS_FIGSIZE,
        entries=tuple(Entry(a, *_made(entries[a.name])[0]) for a in activations),
        groups=tuple(Group(c, _made(groups[c.name])[0]) for c in comparisons),
        exercises=_made(answers)[0],
        files={path: data for unit in units for path, data in unit[1].items()},
    )
    return product, drawn


_EXERCISES = "exercises"  # the exercises' unit among `_compute_atlas`'s results


def _compute_atlas(
    new_entries: list[Activation],
    new_groups: list[Comparison],
    exercises: bool,
    submit: Submit | None,
) -> tuple[dict[str, Unit], int]:
    """The atlas's units that missed the cache, by entry or comparison name (and
    `_EXERCISES`), and how many figures were drawn. The workers draw while this process
    checks the gradients (gradcheck's first call alone imports sympy) and works the
    exercises; a failed check discards the drawings."""
    from generator import compute, figures, properties
    from generator import exercises as worked

    needed = {a.name: a for a in new_entries}
    needed |= {n: registry.by_name(n) for c in new_groups for n in c.members}
    traces = {name: compute.atlas_trace(a, registry.ATLAS_DOMAIN) for name, a in needed.items()}
    drawings: dict[str, Drawing] = {}
    for a in new_entries:
        chart = figures.atlas_chart(traces[a.name], registry.ATLAS_FIGSIZE)
        drawings[figures.atlas_stem(a.name)] = chart
    for c in new_groups:
        members = [traces[n] for n in c.members]
        drawings[figures.comparison_stem(c.name)] = figures.comparison_chart(
            members, registry.COMPARISON_FIGSIZE
        )
    drawn = [figures.start_drawing(drawings, submit)]
    compute.check_atlas(list(traces.values()))
    if exercises:
        answers, charts = worked.compute_exercises(registry.ATLAS_DOMAIN, registry.ATLAS_FIGSIZE)
        drawn.append(figures.start_drawing(charts, submit))
    files: dict[str, bytes] = {}
    refs: dict[str, FigureRef] = {}
    for finish in drawn:
        more_files, more_refs = finish()
        files |= more_files
        refs |= more_refs
    made: dict[str, Unit] = {}
    for a in new_entries:
        ref = refs[figures.atlas_stem(a.name)]
        made[a.name] = ((properties.properties_of(traces[a.name]), ref), _files_of(files, [ref]))
    for c in new_groups:
        ref = refs[figures.comparison_stem(c.name)]
        made[c.name] = (ref, _files_of(files, [ref]))
    if exercises:
        done = worked.with_figures(answers, refs)
        made[_EXERCISES] = (done, _files_of(files, done.figures.values()))
    return made, len(refs)


def _made(unit: Unit | None) -> Unit:
    assert unit is not None  # every miss has been computed
    return unit


def _lesson_keys() -> dict[str, str]:
    code = _registry_code()
    shared = (
        code.frame,
        repr(registry.LESSON_DOMAIN),
        repr(registry.LESSON_FIGSIZE),
        cache.source_of(*_LESSON_CODE),
        cache.versions(*_VERSIONS),
    )
    return {
        a.name: cache.key_of("lesson", code.entry(a.name), *shared)
        for a in registry.lesson_activations()
    }


def _atlas_keys(
    activations: Sequence[Activation], comparisons: Sequence[Comparison]
) -> tuple[list[str], list[str], str]:
    """The keys of each atlas entry, each comparison and the exercises, in order."""
    code = _registry_code()
    grid = (repr(registry.ATLAS_DOMAIN), repr(registry.ATLAS_FIGSIZE))
    versions = cache.versions(*_VERSIONS)
    shared = (code.frame, *grid, cache.source_of(*_ATLAS_CODE), versions)
    entries = [cache.key_of("atlas entry", code.entry(a.name), *shared) for a in activations]
    groups = [
        cache.key_of(
            "comparison",
            repr(c),
            repr(registry.COMPARISON_FIGSIZE),
            *(code.entry(name) for name in c.members),
            *shared,
        )
        for c in comparisons
    ]
    exercises = cache.key_of("exercises", *grid, cache.source_of(*_EXERCISES_CODE), versions)
    return entries, groups, exercises


@dataclass(frozen=True)
class _RegistryCode:
    """registry.py as syntax trees (comments and layout do not count): each entry's
    `Activation(...)` by name, and everything else, the keyed-by-value settings left out."""

    frame: str
    entries: dict[str, str]

    def entry(self, name: str) -> str:
        """The entry's code, headed by its name; an entry not written as
        `Activation(name="...", ...)` has only its name here: its code is in the frame."""
        return f"{name}\n{self.entries.get(name, '')}"


@functools.cache
def _registry_code() -> _RegistryCode:
    tree = ast.parse(cache.source_of("registry"))
    frame: list[str] = []
    entries: dict[str, str] = {}
    for node in tree.body:
        name = _assigned_name(node)
        if name == "ACTIVATIONS" and (named := _entries_by_name(node)) is not None:
            entries |= named
        elif name not in _VALUES:
            frame.append(ast.dump(node))
    return _RegistryCode("\n".join(frame), entries)


def _assigned_name(node: ast.stmt) -> str | None:
    target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
    return target.id if isinstance(target, ast.Name) else None


def _entries_by_name(node: ast.stmt) -> dict[str, str] | None:
    """`ACTIVATIONS = (*ACTIVATIONS, Activation(name="elu", ...), ...)` by entry name;
    None for anything else, which then stays in the frame."""
    value = getattr(node, "value", None)
    if not isinstance(value, ast.Tuple):
        return None
    named: dict[str, str] = {}
    for element in value.elts:
        if isinstance(element, ast.Starred) and ast.unparse(element) == "*ACTIVATIONS":
            continue  # the entries of the assignment before, already read
        name = _entry_name(element)
        if name is None or name in named:
            return None
        named[name] = ast.dump(element)
    return named


def _entry_name(element: ast.expr) -> str | None:
    if isinstance(element, ast.Call):
        for keyword in element.keywords:
            if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                return str(keyword.value.value)
    return None


def _files_of(files: dict[str, bytes], refs: Any) -> dict[str, bytes]:
    """The files of the given figures: both SVGs and the CSV of each."""
    return {path: files[path] for ref in refs for path in (ref.light, ref.dark, ref.csv)}


Unit = tuple[Any, dict[str, bytes]]  # a cached value and its files by site path


def _save(store: cache.Cache, key: str, value: Any, files: dict[str, bytes]) -> Unit:
    store.put(key, {**_flat(files), _DATA: pickle.dumps((value, sorted(files)))})
    return value, files


def _load(store: cache.Cache, key: str) -> Unit | None:
    """A cached value with its files, or None on a miss or a damaged entry."""
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
    return value, files


def _flat(files: dict[str, bytes]) -> dict[str, bytes]:
    return {_flat_name(path): data for path, data in files.items()}


def _flat_name(path: str) -> str:
    return path.replace("/", "__")
