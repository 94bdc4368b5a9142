"""Try the generated site with a renderer other than MkDocs, and look at what it made.

Material for MkDocs ends its life in May 2027, and MkDocs 2.0 will not run its plugins or
themes. Two successors read a `mkdocs.yml`: Zensical, by Material's makers, and
ProperDocs, a continuation of MkDocs 1.x. This script runs either on this project's own
output. Each goes in a venv of its own, outside the project (MAINTAINERS.md says how):

    make site     # writes each language's Markdown to build/docs/<code>/
    .venv/bin/python -m benchmarks.renderers build --command PATH/TO/zensical --out DIR
    .venv/bin/python -m benchmarks.renderers check DIR/site

`build` writes, per language, the full config file that the generator hands MkDocs
(mkdocs.yml with the language's settings merged in), copies the language's Markdown and
the theme overrides beside it (Zensical reads nothing outside the config file's folder),
runs `COMMAND build -f CONFIG` and keeps its output in DIR/<code>.log; then it assembles
DIR/site/ as the generator does: the default language at the root, the others under
/<code>/, and the figures and notebooks of the last `make site`.

`check` serves a site on 127.0.0.1 (a missing path answered with the root 404.html, as
GitHub Pages does) and opens it in headless Chromium (CHROMIUM, else /usr/bin/chromium):
every page, search for a Chinese and an English word, the language switch, the 404
pages, what the theme overrides in docs/overrides add, the palette toggle and the
figures it swaps, the atlas's sortable table, and axe-core on four pages. It prints what
it saw and writes it (check.json), with screenshots, next to the site.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from generator.content import SiteSources, load_sources, site_pages
from generator.mkdocs_site import language_config
from generator.view import nav
from tools.chromium import CHROMIUM, CHROMIUM_FLAGS
from tools.pdf import QuietHandler, served

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = (("", "梯度", "mlp/"), ("en/", "gradient", "en/mlp/"))


def build(command: str, out: Path) -> int:
    """Build every language with `command` into `out`, then assemble `out/site`."""
    sources = load_sources(ROOT)
    if not (ROOT / "build" / "docs").is_dir():
        print("no build/docs/: run `make site` first", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "overrides", ignore_errors=True)
    shutil.copytree(ROOT / "docs" / "overrides", out / "overrides")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    failed = 0
    for language in sources.languages:
        code = language.code
        docs, site = out / f"docs-{code}", out / f"site-{code}"
        for folder in (docs, site):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(ROOT / "build" / "docs" / code, docs)
        settings = language_config(
            sources,
            language,
            nav(language, site_pages()),
            "",
            Path(docs.name),
            Path(site.name),
            preview=False,
        )
        config = {**copy.deepcopy(sources.mkdocs_config), **settings}
        config["theme"]["custom_dir"] = "overrides"
        config_file = out / f"{code}.yml"
        config_file.write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        start = time.perf_counter()
        run = subprocess.run(
            [command, "build", "-f", config_file.name],
            cwd=out,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        log = run.stdout + run.stderr
        (out / f"{code}.log").write_text(log, encoding="utf-8")
        pages = len(list(site.rglob("*.html"))) if site.is_dir() else 0
        print(f"{code}: exit {run.returncode} in {seconds:.1f} s, {pages} HTML files")
        for line in log.splitlines():
            if any(word in line for word in ("WARNING", "ERROR", "Error", "error", "rror:")):
                print(f"  {line.strip()[:300]}")
        failed += run.returncode != 0
    _assemble(sources, out)
    return 1 if failed else 0


def _assemble(sources: SiteSources, out: Path) -> None:
    target = out / "site"
    shutil.rmtree(target, ignore_errors=True)
    for language in sources.languages:
        built = out / f"site-{language.code}"
        if built.is_dir():
            shutil.copytree(built, target / sources.prefix(language), dirs_exist_ok=True)
    for shared in ("figures", "notebooks"):
        if (ROOT / "site" / shared).is_dir():
            shutil.copytree(ROOT / "site" / shared, target / shared, dirs_exist_ok=True)


class _Handler(QuietHandler):
    """Answers a missing path with the site's 404 page, as GitHub Pages does."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def check(site: Path) -> int:
    """Open `site` in Chromium and report what works; the report goes beside the site."""
    from playwright.sync_api import sync_playwright

    sources = load_sources(ROOT)
    shots = site.parent / "screenshots"
    shots.mkdir(exist_ok=True)
    report: dict[str, Any] = {}
    with served(site, _Handler) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        external: list[str] = []
        errors: list[str] = []

        def only_local(route: Any) -> None:
            if route.request.url.startswith(origin):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        report["pages"] = _pages(page, origin, site)
        report["search"] = [_search(page, origin, *case) for case in SEARCHES]
        report["language switch"] = [
            _switch(page, origin, "mlp/", "en"),
            _switch(page, origin, "en/mlp/", "zh"),
        ]
        report["console errors"] = sorted(set(errors))[:10]  # before the 404s' own
        report["404"] = _not_found(page, origin, sources)
        report["overrides"] = _overrides(page, origin)
        report["dark mode"] = _dark_mode(page, origin)
        report["axe-core, serious or critical"] = _axe(page, origin)
        report["sortable table"] = _sortable(page, origin)
        for name, path in (("zh-mlp", "mlp/"), ("en-home", "en/")):
            page.goto(origin + path)
            page.wait_for_timeout(300)
            page.screenshot(path=str(shots / f"{name}.png"))
        report["requests to other hosts"] = sorted(set(external))[:10]
        browser.close()
    (site.parent / "check.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _pages(page: Any, origin: str, site: Path) -> dict[str, Any]:
    paths = sorted(
        p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html")
    )
    bad: dict[str, str] = {}
    lesson_maths = 0
    for path in paths:
        response = page.goto(origin + path)
        broken = page.eval_on_selector_all(
            "img", "(all) => all.filter((i) => i.complete && i.naturalWidth === 0).length"
        )
        maths = page.eval_on_selector_all("math", "(all) => all.length")
        if response is None or response.status != 200 or broken or not page.title():
            status = response.status if response else "none"
            bad[path] = f"status {status}, {broken} broken images, title {page.title()!r}"
        if path == "mlp/":
            lesson_maths = maths
    return {"opened": len(paths), "problems": bad, "MathML formulas on mlp/": lesson_maths}


def _search(page: Any, origin: str, home: str, query: str, lesson: str) -> dict[str, Any]:
    """Type `query` into the search box of `home`, as a reader would; list what it finds.

    Material's box is an input (input.md-search__input) with the results beside it;
    Zensical's is a button (.md-search__button) that opens a dialog in a shadow root.
    """
    page.goto(origin + home)
    if page.locator("input.md-search__input").count():
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query)
        # Material searches on keyup, which text typed through an input method may not send.
        box.dispatch_event("keyup")
        results = page.locator(".md-search-result__item a")
    elif page.locator(".md-search__button").count():
        page.locator(".md-search__button").click()
        page.wait_for_timeout(300)
        page.keyboard.type(query)
        results = page.locator("a[href*='?h=']")  # Playwright looks into shadow roots
    else:
        return {"query": query, "result": "no search box"}
    try:
        results.first.wait_for(timeout=5000)
    except Exception as error:  # the reader sees no result
        meta = page.locator(".md-search-result__meta").all_inner_texts()
        return {"query": query, "result": f"no result: {meta or error.__class__.__name__}"}
    page.wait_for_timeout(300)
    found = [
        href.removeprefix(origin) for href in results.evaluate_all("(a) => a.map((x) => x.href)")
    ]
    counts = page.locator("text=/^\\d+ results?$/").all_inner_texts()
    return {
        "query": query,
        "results": counts[0] if counts else len(found),
        "finds the lesson": any(f.split("#")[0].split("?")[0] == lesson for f in found),
        "all in the same language": all(f.startswith(home) for f in found)
        and bool(home or not any(f.startswith("en/") for f in found)),
        "first": found[:3],
    }


def _switch(page: Any, origin: str, path: str, target: str) -> dict[str, Any]:
    page.goto(origin + path)
    link = page.locator(f"a[hreflang={target}]")
    if link.count() == 0:
        return {"from": path, "result": f"no link with hreflang={target}"}
    href = link.first.get_attribute("href")
    page.goto(link.first.evaluate("(a) => a.href"))
    return {
        "from": path,
        "href": href,
        "lands on": page.url.removeprefix(origin),
        "lang": page.evaluate("document.documentElement.lang"),
    }


def _not_found(page: Any, origin: str, sources: SiteSources) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    response = page.goto(origin + "no/such/page/")
    seen["missing path"] = {
        "status": response.status if response else None,
        "lang": page.evaluate("document.documentElement.lang"),
        "h1": page.locator("h1").first.inner_text() if page.locator("h1").count() else None,
    }
    for language in sources.languages:
        prefix = sources.prefix(language)
        response = page.goto(origin + prefix + "404.html")
        heading = language.site["not_found"]["heading"]
        h1 = page.locator("h1").first.inner_text() if page.locator("h1").count() else ""
        home = language.site["not_found"]["home"]
        links = page.eval_on_selector_all(
            "a", f"(a) => a.filter((x) => x.textContent.trim() === {home!r}).map((x) => x.href)"
        )
        seen[f"{prefix or '/'}404.html"] = {
            "status": response.status if response else None,
            "lang": page.evaluate("document.documentElement.lang"),
            "h1": h1,
            "override's heading": heading in h1,
            "home link": links,
        }
    return seen


def _overrides(page: Any, origin: str) -> dict[str, Any]:
    page.goto(origin + "activations/relu/")
    return {
        "language links relative": page.eval_on_selector_all(
            "a[hreflang]", "(a) => a.map((x) => x.getAttribute('href'))"
        ),
        "search dialog named": page.eval_on_selector_all(
            "[data-md-component=search][role=dialog]",
            "(d) => d.map((x) => x.getAttribute('aria-label'))",
        ),
        "extra.css loaded": page.evaluate(
            "[...document.styleSheets].some((s) => (s.href || '').endsWith('extra.css'))"
        ),
        "sortable-tables.js loaded": page.evaluate(
            "[...document.scripts].some((s) => s.src.endsWith('sortable-tables.js'))"
        ),
    }


def _dark_mode(page: Any, origin: str) -> dict[str, Any]:
    """The palette toggle, and which variant of each figure shows (#only-light/-dark)."""
    page.goto(origin + "mlp/")
    shown = """(all) => all.filter((i) => i.offsetParent !== null)
        .map((i) => i.getAttribute('src').split('#')[1])"""
    seen: dict[str, Any] = {}
    for scheme in ("light", "dark"):
        scheme_now = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        variants = page.eval_on_selector_all("img[src*='#only-']", shown)
        seen[scheme] = {"scheme": scheme_now, "figures shown": sorted(set(variants))}
        page.locator("[data-md-component=palette] label:visible").first.click()
        page.wait_for_timeout(300)
    return seen


def _axe(page: Any, origin: str) -> dict[str, list[str]]:
    """What axe-core finds on the home and lesson pages (as the project's tests run it)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: dict[str, list[str]] = {}
    for path in ("", "mlp/", "en/", "en/mlp/"):
        page.goto(origin + path)
        violations = axe.run(page).response["violations"]
        found[path or "/"] = [
            f"{v['id']} ({v['impact']})"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    return found


def _sortable(page: Any, origin: str) -> dict[str, Any]:
    """The atlas overview's table sorts when a column heading is pressed."""
    page.goto(origin + "activations/")
    first = "(t) => t.tBodies[0].rows[0].cells[0].textContent.trim()"
    table = page.locator(".sortable table").first
    if table.count() == 0:
        return {"result": "no .sortable table"}
    before = table.evaluate(first)
    buttons = table.locator("thead button, thead th")
    buttons.nth(buttons.count() - 1).click()
    return {"first row before": before, "after sorting by the last column": table.evaluate(first)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.renderers", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    make = verbs.add_parser("build", help="build both languages with another renderer")
    make.add_argument("--command", required=True, help="the renderer's executable")
    make.add_argument("--out", type=Path, required=True, help="a folder outside the project")
    look = verbs.add_parser("check", help="open a built site in Chromium")
    look.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    if args.verb == "build":
        return build(args.command, args.out.resolve())
    return check(args.site.resolve())


if __name__ == "__main__":
    sys.exit(main())
