"""The cache returns what was stored, refuses damaged entries, and keys on the code."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator import cache
from tests.conftest import BuiltSite


def test_a_stored_value_comes_back_and_nothing_is_kept_without_a_folder(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    key = cache.key_of("relu", b"spec")
    assert store.get(key) is None
    store.put(key, ({"a": 1.5}, {"a.svg": b"<svg/>"}))
    assert store.get(key) == ({"a": 1.5}, {"a.svg": b"<svg/>"})
    nowhere = cache.Cache(None)
    nowhere.put(key, 1)
    assert nowhere.get(key) is None


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: str) -> None:
    store = cache.Cache(tmp_path)
    key = cache.key_of("sigmoid")
    store.put(key, {"a.svg": b"<svg>long enough</svg>" * 10})
    (entry,) = tmp_path.glob("*.pickle")
    data = entry.read_bytes()
    damaged = {
        "truncate": data[:-5],
        "flip": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
        "garbage": b"not a cache entry",
    }[damage]
    entry.write_bytes(damaged)
    assert store.get(key) is None


def test_keys_depend_on_every_part_and_its_boundaries() -> None:
    assert cache.key_of("ab", "c") != cache.key_of("a", "bc")
    assert cache.key_of("a") != cache.key_of("a", "")
    assert cache.source_of("registry") != cache.source_of("compute")


def test_a_hit_imports_neither_torch_nor_matplotlib(built_site: BuiltSite) -> None:
    """What a prose edit costs: the results come from the cache the build filled."""
    code = (
        "import sys; from generator import cache, results; "
        f"r = results.results(cache.Cache(__import__('pathlib').Path({str(built_site.cache)!r}))); "
        "print(r.drawn, len(r.files), 'torch' in sys.modules, 'matplotlib' in sys.modules)"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    drawn, files, torch, matplotlib = out.stdout.split()
    assert (drawn, torch, matplotlib) == ("0", "False", "False")
    assert int(files) == len(list((built_site.site / "figures").rglob("*.*")))
