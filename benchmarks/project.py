"""The project side: a throw-away copy of the work tree, built with `make site`.

The copy shares the work tree's .venv through a symlink, so nothing is installed; Make is
told never to remake the venv's install stamps (and `PIP=:` turns any install into a
no-op), so the benchmark cannot touch the venv. The user's own site/ is never written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Never copied: outputs, caches and venvs.
SKIP = {".git", ".venv", "site", "build", ".cache", "test-artifacts"}
SKIP_SUFFIXES = (".pyc",)

PROSE_FILE = Path("docs/zh/mlp.yml")
TEMPLATE_FILE = Path("generator/templates/mlp.md.j2")
TEMPLATE_ANCHOR = "{{ text.intro }}\n"  # the edit goes after the lesson's first paragraph
THIRD_LANGUAGE = "fr"  # a copy of docs/en under this code: the site half as large again
PROSE_KEY = "intro"  # the value edited: the lesson's first paragraph
REGISTRY_FILE = Path("generator/registry.py")
DOMAIN = re.compile(r"(LESSON_GRID\s*=\s*Grid\(\s*start\s*=\s*)(-?\d+)")
BLOCK_KEY = re.compile(r"^[A-Za-z_]\w*:\s*[>|][-+]?\s*$")
STEP_LINE = re.compile(r"^(?P<name>[a-z][\w-]*)\s+.*?(?P<seconds>\d+\.\d+) s\s*$")


def copy_tree(target: Path) -> Path:
    """Copy the work tree's files (mtimes kept) into `target` and link the venv."""
    for path in _project_files():
        source = ROOT / path
        if not source.is_file():
            continue
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    return target


def _project_files() -> list[Path]:
    """Tracked and untracked-but-not-ignored files; every file but SKIP without git."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = [Path(name) for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = [path.relative_to(ROOT) for path in ROOT.rglob("*") if path.is_file()]
    return [
        path
        for path in files
        if not SKIP.intersection(path.parts[:1])
        and "__pycache__" not in path.parts
        and not path.name.endswith(SKIP_SUFFIXES)
        and path.parts[:2] != ("benchmarks", ".peer-venv")
    ]


def site_command(pages: str | None) -> list[str]:
    stamps = ["-o", ".venv/.runtime-installed", "-o", ".venv/.dev-installed"]
    command = ["make", "--no-print-directory", *stamps, "PIP=:", "site"]
    return [*command, f"PAGES={pages}"] if pages else command


def clean(copy: Path, env: dict[str, str]) -> None:
    """Remove every output and cache: `make clean`, then the known folders for sure."""
    subprocess.run(
        ["make", "--no-print-directory", "clean"],
        cwd=copy,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for name in ("site", "build", ".cache"):
        shutil.rmtree(copy / name, ignore_errors=True)
    cache_home = env.get("XDG_CACHE_HOME")
    if cache_home:
        shutil.rmtree(cache_home, ignore_errors=True)


def environment(base: dict[str, str], cache_home: Path) -> dict[str, str]:
    env = dict(base)
    env["XDG_CACHE_HOME"] = str(cache_home)  # in case a cache lands there, cleaned too
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONHOME", None)
    return env


class Edits:
    """The two edits of the benchmark, applied to pristine copies of the files."""

    def __init__(self, copy: Path) -> None:
        self.copy = copy
        self.originals = {
            path: (copy / path).read_text(encoding="utf-8")
            for path in (PROSE_FILE, REGISTRY_FILE, TEMPLATE_FILE, Path("mkdocs.yml"))
        }
        self.prose = self.originals[PROSE_FILE]
        self.registry = self.originals[REGISTRY_FILE]
        self.start = _domain_start(self.registry)

    def restore(self) -> None:
        for path, text in self.originals.items():
            (self.copy / path).write_text(text, encoding="utf-8")
        shutil.rmtree(self.copy / "docs" / THIRD_LANGUAGE, ignore_errors=True)

    def change_template(self, run: int) -> str:
        """Add a line to the lesson's page template (after its first paragraph); the
        served page carries it as an HTML comment, which is returned."""
        marker = f"<!-- template edit {run + 1} -->"
        text = (self.copy / TEMPLATE_FILE).read_text(encoding="utf-8")
        if TEMPLATE_ANCHOR not in text:
            raise ValueError(f"{TEMPLATE_FILE}: no line {TEMPLATE_ANCHOR.strip()!r}")
        text = text.replace(TEMPLATE_ANCHOR, f"{TEMPLATE_ANCHOR}\n{marker}\n", 1)
        (self.copy / TEMPLATE_FILE).write_text(text, encoding="utf-8")
        return marker

    def add_language(self) -> str:
        """A third language: docs/en copied under THIRD_LANGUAGE and listed in mkdocs.yml."""
        shutil.copytree(self.copy / "docs" / "en", self.copy / "docs" / THIRD_LANGUAGE)
        config = self.originals[Path("mkdocs.yml")]
        listed = re.sub(r"(languages:\s*\[[^\]]*)\]", rf"\1, {THIRD_LANGUAGE}]", config, count=1)
        if listed == config:
            raise ValueError("mkdocs.yml: no `languages: [...]` list to extend")
        (self.copy / "mkdocs.yml").write_text(listed, encoding="utf-8")
        return f"docs/{THIRD_LANGUAGE}: a copy of docs/en"

    def change_prose(self, run: int) -> str:
        """Add one Chinese sentence to the page's intro (else its first multi-line value)."""
        lines = self.prose.splitlines(keepends=True)
        blocks = [
            index
            for index, line in enumerate(lines[:-1])
            if BLOCK_KEY.match(line) and lines[index + 1].startswith(" ")
        ]
        if not blocks:
            raise ValueError(f"{PROSE_FILE}: no multi-line prose value to edit")
        intro = [index for index in blocks if lines[index].startswith(PROSE_KEY + ":")]
        index = (intro or blocks)[0]
        text = lines[index + 1].rstrip("\n")
        lines[index + 1] = f"{text}{sentence(run)}\n"
        (self.copy / PROSE_FILE).write_text("".join(lines), encoding="utf-8")
        return f"{PROSE_FILE}: one sentence added to '{lines[index].split(':')[0]}'"

    def change_domain(self, run: int, start: str) -> str:
        """Set the lesson domain's start to `start` in generator/registry.py."""
        text, count = DOMAIN.subn(lambda m: m.group(1) + start, self.registry, count=1)
        if count != 1:
            raise ValueError(f"{REGISTRY_FILE}: LESSON_GRID = Grid(start=...) not found")
        (self.copy / REGISTRY_FILE).write_text(text, encoding="utf-8")
        return f"{REGISTRY_FILE}: LESSON_GRID start {self.start} -> {start}"


def sentence(run: int) -> str:
    """The Chinese sentence the prose edit of run `run` adds."""
    return f"这句话是第 {run + 1} 次修改时加上的。"


def _domain_start(registry: str) -> str:
    found = DOMAIN.search(registry)
    return found.group(2) if found else "-8.0"


def step_times(log: str) -> dict[str, float]:
    """The per-step lines the build prints ('compute  ...  2.46 s'), by step name."""
    steps: dict[str, float] = {}
    for line in log.splitlines():
        found = STEP_LINE.match(line)
        if found:
            steps[found["name"]] = steps.get(found["name"], 0.0) + float(found["seconds"])
    return steps


def shared_env() -> dict[str, str]:
    """The environment both sides start from."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.pop("MAKELEVEL", None)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return env
