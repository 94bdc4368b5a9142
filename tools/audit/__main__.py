"""`make audit` (python -m tools.audit): independent validators on the HTML the project
writes, each summed up in a table.

- The W3C Nu HTML Checker (npm vnu-jar; needs Java) on every HTML file of two builds: one
  without SITE_URL (relative links, as published under any base path) and one built for
  the address it is served at.
- LinkChecker (PyPI, in tools/linkchecker/) on the first build served at a server's root
  and under a sub-path, and on the second at its address: broken links, errors.
- Lighthouse (npm) on the home, lesson, trained networks, overview, one atlas page and
  the exercises of each language, desktop and mobile presets, on the build made for its
  address (it wants absolute hreflang links): accessibility, best practices, SEO and
  performance.

Everything it makes goes into audit/ (ignored by git). The tools are installed by
`make audit` into tools/audit/node_modules and tools/linkchecker/.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tools.chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
OUT = ROOT / "audit"
VNU = TOOLS / "audit" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = TOOLS / "audit" / "node_modules" / ".bin" / "lighthouse"
LINKCHECKER = TOOLS / "linkchecker" / "bin" / "linkchecker"
SUB_PATH = "/lesson-site/"  # GitHub project pages serve a site at /<repo>/
PAGES = ["", "mlp/", "training/", "activations/", "activations/elu/", "exercises/"]
LANGUAGE_PREFIXES = ["", "en/"]
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    OUT.mkdir(exist_ok=True)
    port = _free_port()
    relative = _build(OUT / "site", OUT / "work", "")
    absolute = _build(OUT / "site-url", OUT / "work-url", f"http://127.0.0.1:{port}/")
    failed = _nu(relative, absolute)
    if not args.no_links:
        failed |= _links(relative, absolute, port)
    if not args.no_lighthouse:
        failed |= _lighthouse(absolute, port, args.presets)
    return 1 if failed else 0


def _build(site: Path, work: Path, site_url: str) -> Path:
    """A build of the project into `site`, with the PDFs `make pdf` kept, if any."""
    kept = ROOT / "build" / "pdf"
    shutil.rmtree(work / "pdf", ignore_errors=True)
    if kept.is_dir():
        shutil.copytree(kept, work / "pdf")
    env = {**os.environ, "SITE_URL": site_url}
    command = [sys.executable, "-m", "generator", "build", "--site-dir", str(site)]
    subprocess.run([*command, "--work-dir", str(work)], env=env, check=True, cwd=ROOT)
    return site


def _nu(*sites: Path) -> bool:
    """The Nu checker on every HTML file of `sites`; errors only. True if any."""
    files = [str(f) for site in sites for f in sorted(site.rglob("*.html"))]
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    by_text = Counter(m.get("message", "") for m in messages)
    print(f"\n## W3C Nu HTML Checker (vnu-jar {_npm_version('vnu-jar')})")
    print(f"{len(files)} HTML files, {len(messages)} errors")
    for text, count in by_text.most_common():
        print(f"  {count:4} x {text}")
    return bool(messages)


def _links(relative: Path, absolute: Path, port: int) -> bool:
    """LinkChecker on the relative build at a root and under a sub-path, and on the build
    for its address at that address. True if any link is broken."""
    print("\n## LinkChecker")
    print(f"{'site':<44} {'links':>6} {'URLs':>6} {'warnings':>9} {'errors':>7}")
    failed = False
    runs = [
        ("relative build, at the server's root", relative, "/", _free_port()),
        (f"relative build, under {SUB_PATH}", relative, SUB_PATH, _free_port()),
        ("built for its address (SITE_URL)", absolute, "/", port),
    ]
    for name, site, base, run_port in runs:
        with _served(site, base, run_port) as url:
            done = subprocess.run(
                [str(LINKCHECKER), "--no-status", "--check-extern", url],
                capture_output=True,
                text=True,
            )
        found = re.search(
            r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found.*?(\d+) errors? found",
            done.stdout,
        )
        if found is None:
            print(f"{name:<44} LinkChecker failed:\n{done.stdout}\n{done.stderr}")
            failed = True
            continue
        links, urls, warnings, errors = found.groups()
        print(f"{name:<44} {links:>6} {urls:>6} {warnings:>9} {errors:>7}")
        # Without a network, every link to another site fails to resolve: said, not failed.
        unresolved = done.stdout.count("NameResolutionError")
        if int(errors) > unresolved:
            print(done.stdout)
            failed = True
        elif unresolved:
            print(f"{'':<44} ({unresolved} to other sites: no network to resolve them here)")
    return failed


def _lighthouse(site: Path, port: int, presets: list[str]) -> bool:
    """Lighthouse's four categories per page and preset, on the build for its address.
    True if an accessibility, best-practices or SEO score is below 1."""
    print(f"\n## Lighthouse {_npm_version('lighthouse')} (Chromium at {CHROMIUM})")
    heading = " ".join(f"{c[:14]:>14}" for c in CATEGORIES)
    print(f"{'page':<24} {'preset':<8} {heading}")
    failed = False
    results: dict[str, dict[str, Any]] = {}
    with _served(site, "/", port) as url:
        for prefix in LANGUAGE_PREFIXES:
            for page in PAGES:
                for preset in presets:
                    scores = _lighthouse_run(url + prefix + page, preset)
                    results[f"/{prefix}{page} {preset}"] = scores
                    shown = " ".join(f"{_score(scores.get(c)):>14}" for c in CATEGORIES)
                    print(f"{'/' + prefix + page:<24} {preset:<8} {shown}", flush=True)
                    failed |= any(scores.get(c) != 1 for c in CATEGORIES[:3])
    (OUT / "lighthouse.json").write_text(json.dumps(results, indent=2) + "\n")
    return failed


def _lighthouse_run(url: str, preset: str) -> dict[str, float | None]:
    name = re.sub(r"[^a-z0-9]+", "-", url.split("/", 3)[3] or "home") + f"-{preset}"
    report = OUT / "lighthouse" / f"{name}.json"
    report.parent.mkdir(exist_ok=True)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
    command.append(f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}")
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, env=env, check=True, capture_output=True)
    categories = json.loads(report.read_text())["categories"]
    return {name: categories[name]["score"] for name in CATEGORIES}


def _score(value: float | None) -> str:
    return "n/a" if value is None else str(round(value * 100))


def _npm_version(package: str) -> str:
    path = TOOLS / "audit" / "node_modules" / package / "package.json"
    return str(json.loads(path.read_text())["version"])


@contextmanager
def _served(folder: Path, base: str, port: int) -> Iterator[str]:
    """`folder` served at http://127.0.0.1:`port``base` while the block runs."""
    handler = functools.partial(_Handler, base, directory=str(folder))
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}{base}"
    finally:
        server.shutdown()
        server.server_close()


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a checker that hangs up before a file is sent is not a finding


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder under `base` only; anything outside it is missing."""

    def __init__(self, base: str, *args: Any, **kwargs: Any) -> None:
        self.base = base
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return str(Path(self.directory) / ".not-under-the-base-path")
        return super().translate_path("/" + path[len(self.base) :])

    def send_head(self) -> Any:
        """As GitHub Pages serves: text compressed with gzip where the client takes it,
        and a cache lifetime of ten minutes; Lighthouse's timings depend on both."""
        url = self.path.split("?")[0].split("#")[0]
        path = Path(self.translate_path(url))
        if path.is_dir():
            if not url.endswith("/"):
                return super().send_head()  # redirects to the folder's address
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


# What GitHub Pages compresses among the site's files.
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".csv", ".txt"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.audit", description=__doc__)
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (slow)")
    parser.add_argument("--no-links", action="store_true", help="skip LinkChecker (slow)")
    parser.add_argument(
        "--presets", nargs="+", default=["desktop", "mobile"], choices=["desktop", "mobile"]
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
