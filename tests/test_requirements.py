"""Dependencies: pyproject.toml declares them; the lock files pin every package.

`make site` installs requirements.txt only, so every package the generator imports must
be a runtime dependency in pyproject.toml and pinned there. Both lock files are written by
`make lock` (pip-compile); these tests catch a lock that was edited by hand or not
compiled again after pyproject.toml changed.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "activation-atlas (pyproject.toml)"  # how pip-compile names a direct dependency


def _imported_modules() -> set[str]:
    """Top-level modules the generator imports, lazily or through importlib included."""
    found: set[str] = set()
    for path in (ROOT / "generator").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value).split(".")[0])
    return found - set(sys.stdlib_module_names) - {"generator"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(group: str | None = None) -> dict[str, Requirement]:
    """pyproject.toml's runtime dependencies, or those of an optional group."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    entries = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {_normal(r.name): r for r in map(Requirement, entries)}


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """A lock file's pins: name -> (version, what the `# via` note names)."""
    pins: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)$", line):
            current = _normal(match[1])
            pins[current] = (match[2], [])
        elif current and (via := re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)):
            if via[1] != "via":
                pins[current][1].append(via[1])
        elif not line.strip():
            current = ""
    return pins


def test_every_imported_package_is_a_declared_and_locked_runtime_dependency() -> None:
    distributions = metadata.packages_distributions()
    declared = _declared()
    locked = _lock("requirements.txt")
    missing = {
        module: distributions.get(module, [module])
        for module in sorted(_imported_modules())
        if not any(
            _normal(d) in declared and _normal(d) in locked
            for d in distributions.get(module, [module])
        )
    }
    assert missing == {}, (
        "add these to [project] dependencies in pyproject.toml, then run `make lock`"
    )


def test_the_runtime_lock_matches_pyproject() -> None:
    declared = _declared()
    locked = _lock("requirements.txt")
    wrong = {
        name: locked.get(name, ("missing", []))[0]
        for name, requirement in declared.items()
        if name not in locked
        or not requirement.specifier.contains(Version(locked[name][0]), prereleases=True)
        or PROJECT not in locked[name][1]
    }
    assert wrong == {}, "pyproject.toml changed since the lock was compiled: run `make lock`"
    stale = {name for name, (_, via) in locked.items() if PROJECT in via} - set(declared)
    assert stale == set(), "pyproject.toml changed since the lock was compiled: run `make lock`"


def test_the_dev_lock_holds_the_runtime_lock_and_the_dev_group() -> None:
    runtime = _lock("requirements.txt")
    dev = _lock("requirements-dev.txt")
    differ = {n: (v, dev.get(n, ("missing",))[0]) for n, (v, _) in runtime.items()}
    assert {n: vs for n, vs in differ.items() if vs[0] != vs[1]} == {}
    for name, requirement in _declared("dev").items():
        assert name in dev, f"{name} is not in requirements-dev.txt: run `make lock`"
        assert requirement.specifier.contains(Version(dev[name][0]), prereleases=True)


def test_every_pin_is_explained_and_the_files_come_from_make_lock() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "#    make lock\n" in text, f"{name} is written by `make lock`, not by hand"
        unexplained = [pin for pin, (_, via) in _lock(name).items() if not via]
        assert unexplained == [], f"{name}: pins without a `# via` note"


def test_the_lock_takes_torchs_cpu_build_and_the_setuptools_it_imports() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        pins = _lock(name)
        cuda = sorted(p for p in pins if p.startswith(("nvidia-", "cuda-")) or p == "triton")
        assert cuda == [], f"{name} pins torch's CUDA build; lock its CPU build"
        assert Version(pins["torch"][0]).local == "cpu"
        assert "torch" in pins["setuptools"][1]  # torch imports it at run time
