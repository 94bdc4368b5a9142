"""The cache of what torch and matplotlib produce: hits, misses, damage, no heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import cache, products

ROOT = Path(__file__).resolve().parent.parent


def test_a_second_lesson_comes_from_the_cache_unchanged(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    first, first_hit = products.lesson(store)
    again, again_hit = products.lesson(store)
    assert (first_hit, again_hit) == (False, True)
    assert again == first


def test_a_damaged_entry_is_recomputed_not_served(tmp_path: Path) -> None:
    store = cache.Cache(tmp_path)
    first, _ = products.lesson(store)
    victim = next(p for p in tmp_path.rglob("*.svg"))
    victim.write_bytes(victim.read_bytes()[:-100])  # truncated
    again, hit = products.lesson(store)
    assert not hit and again == first


def test_a_hit_imports_neither_torch_nor_matplotlib(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from generator import cache, products; "
        "store = cache.Cache(Path(sys.argv[1])); "
        "_, a = products.lesson(store); _, b = products.atlas(store); "
        "print(a, b, 'torch' in sys.modules, 'matplotlib' in sys.modules)"
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

    assert run() == "False False True True"  # the first run computes
    assert run() == "True True False False"  # the second imports nothing heavy


def test_the_key_covers_the_code_the_product_passes_through(tmp_path: Path) -> None:
    lesson_key_parts = cache.source_of("registry", "compute", "figures")
    assert b"LESSON_DOMAIN = Domain(" in lesson_key_parts  # the domain is in the key
    assert b"def plot_svg" in lesson_key_parts  # and so is the plot style
