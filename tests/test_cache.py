from pathlib import Path

from generator import cache


def test_a_stored_entry_comes_back(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    key = cache.key_of("relu", b"spec")
    assert store.get(key) is None
    store.put(key, {"a.svg": b"<svg/>", "a.csv": b"x,y\n"})
    assert store.get(key) == {"a.svg": b"<svg/>", "a.csv": b"x,y\n"}


def test_corrupt_or_truncated_entries_are_misses(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    key = cache.key_of("sigmoid")
    store.put(key, {"a.svg": b"<svg>long enough</svg>", "b.csv": b"1,2\n"})
    entry = tmp_path / key[:2] / key
    (entry / "a.svg").write_bytes(b"<svg>long enough</sv")  # truncated
    assert store.get(key) is None
    store.put(key, {"a.svg": b"<svg>long enough</svg>", "b.csv": b"1,2\n"})
    (entry / "b.csv").write_bytes(b"9,9\n")  # same size, other bytes
    assert store.get(key) is None
    (entry / cache.MANIFEST).write_text("{not json")
    assert store.get(key) is None


def test_keys_depend_on_every_part_and_its_boundaries() -> None:
    assert cache.key_of("ab", "c") != cache.key_of("a", "bc")
    assert cache.key_of("a") != cache.key_of("a", "")
    assert cache.key_of("x", b"1") == cache.key_of("x", b"1")


def test_versions_are_read_without_importing() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from generator import cache; "
        "print(cache.versions('torch', 'matplotlib'), 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    versions, imported = out.stdout.split()
    assert versions.startswith("torch==2.13.0") and ",matplotlib==" in versions
    assert imported == "False"
