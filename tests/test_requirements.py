"""`make site` installs requirements.txt only: every package the generator imports is there."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def _pinned(name: str) -> set[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {_normal(m) for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", text, re.M)}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_a_runtime_requirement() -> None:
    distributions = metadata.packages_distributions()
    runtime = _pinned("requirements.txt")
    missing = {
        module: distributions.get(module, [module])
        for module in sorted(_imported_modules())
        if not any(_normal(d) in runtime for d in distributions.get(module, [module]))
    }
    assert missing == {}, "add these to requirements.txt (pinned), not requirements-dev.txt"


def test_runtime_pins_are_not_repeated_in_the_dev_file() -> None:
    assert _pinned("requirements.txt") & _pinned("requirements-dev.txt") == set()
