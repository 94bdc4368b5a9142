"""Data flows one way: each generator module imports only the modules before it here.

The order is the build's: the registry and the hand-written inputs, then torch's
numbers, the figures, the results, the view (every string a reader sees), the pages,
MkDocs, the recipe that runs them, and the preview that runs only what an edit touches.
MAINTAINERS.md's "How the code is laid out" lists the same modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ORDER = [
    "errors",
    "registry",
    "content",
    "compute",
    "training",
    "properties",
    "figures",
    "exercises",
    "section",
    "cache",
    "results",
    "formatting",
    "view",
    "pages",
    "notebooks",
    "mkdocs_site",
    "staging",
    "build",
    "preview",
    "serve",
    "cli",
    "__main__",
]


def _imports(module: str) -> set[str]:
    """The generator modules `module` imports, at the top or inside functions."""
    tree = ast.parse((GENERATOR / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "generator":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("generator."):
                found.add(node.module.removeprefix("generator."))
    return found


def test_every_module_is_in_the_order() -> None:
    modules = {path.stem for path in GENERATOR.glob("*.py")} - {"__init__"}
    assert modules == set(ORDER)


def test_each_module_imports_only_modules_before_it() -> None:
    backwards = {
        module: sorted(i for i in _imports(module) if ORDER.index(i) >= ORDER.index(module))
        for module in ORDER
    }
    assert {module: found for module, found in backwards.items() if found} == {}
