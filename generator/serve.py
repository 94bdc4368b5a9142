"""`python -m generator serve`: build, serve on localhost, rebuild on every edit.

MkDocs' own live-reload server does the serving (it injects the reload script); on an
edit it calls the preview (generator/preview.py), which rebuilds what the edit touches.
The MkDocs workers stay up between rebuilds, with MkDocs and jieba loaded and what each
language's last build made. A failed rebuild prints its problems and keeps the last good
site on screen.
"""

from __future__ import annotations

from generator.build import Settings
from generator.errors import BuildFailed
from generator.mkdocs_site import Builders
from generator.preview import Preview

POLLING_INTERVAL = 0.1  # seconds


def serve(settings: Settings, builders: Builders, host: str, port: int) -> None:
    """Build once, then serve `settings.site_dir` until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    preview = Preview.start(settings, builders)

    def rebuild() -> None:
        try:
            preview.update()
        except BuildFailed as failure:
            print("rebuild failed; still serving the last good site:")
            for problem in failure.problems:
                print(f"  {problem}")

    # Sources are looked at every tenth of a second (MkDocs' default: half a second).
    server = LiveReloadServer(
        rebuild, host, port, str(settings.site_dir), polling_interval=POLLING_INTERVAL
    )
    # Prose, templates and settings are read again on every edit; a change to the
    # generator's Python code needs a restart of `make serve`.
    for watched in ("docs", "generator/templates", "mkdocs.yml"):
        server.watch(str(settings.root / watched))
    print(f"serving on http://{host}:{port}/ (English: /en/); Ctrl-C stops")
    server.serve()  # type: ignore[no-untyped-call]
