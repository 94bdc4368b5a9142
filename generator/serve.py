"""`python -m generator serve`: build, serve on localhost, rebuild on every edit.

MkDocs' own live-reload server does the serving (it injects the reload script); the
builder it calls is the full site build, so every language stays in step. The MkDocs
workers stay up between rebuilds, with MkDocs and jieba loaded. A failed rebuild prints
its problems and keeps the last good site on screen.
"""

from __future__ import annotations

from generator.build import Settings, build
from generator.errors import BuildFailed
from generator.mkdocs_site import Builders


def serve(settings: Settings, builders: Builders, host: str, port: int) -> None:
    """Build once, then serve `settings.site_dir` until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    build(settings, builders)

    def rebuild() -> None:
        try:
            build(settings, builders)
        except BuildFailed as failure:
            print("rebuild failed; still serving the last good site:")
            for problem in failure.problems:
                print(f"  {problem}")

    server = LiveReloadServer(rebuild, host, port, str(settings.site_dir))
    # Prose, templates and settings are re-read by every build; a change to the
    # generator's Python code needs a restart of `make serve`.
    for watched in ("docs", "generator/templates", "mkdocs.yml"):
        server.watch(str(settings.root / watched))
    print(f"serving on http://{host}:{port}/ (English: /en/); Ctrl-C stops")
    server.serve()  # type: ignore[no-untyped-call]
