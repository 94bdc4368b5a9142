"""A browser tab on the served site that records every request and every error, and the
small static server it talks to."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        ConsoleMessage,
        Page,
        Request,
        Response,
        ViewportSize,
    )

DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


# --- what the browser saw, summed over the session --------------------------------------


@dataclass
class Tally:
    pages: set[str] = field(default_factory=set)
    loads: int = 0
    requests: int = 0
    external: int = 0
    axe: Counter[str] = field(default_factory=Counter)
    axe_found: list[str] = field(default_factory=list)  # "page (scheme): rule (impact)"

    def line(self) -> str:
        impacts = ("critical", "serious", "moderate", "minor")
        axe = ", ".join(f"{impact} {self.axe[impact]}" for impact in impacts)
        return (
            f"browser: {len(self.pages)} pages visited ({self.loads} loads), "
            f"{self.requests} requests, "
            f"{self.external} to other hosts; axe violations: {axe}"
        )

    def summary(self) -> dict[str, Any]:
        return {
            "pages": sorted(self.pages),
            "page_loads": self.loads,
            "requests": self.requests,
            "external_requests": self.external,
            "axe_violations_by_impact": dict(self.axe),
            "axe_violations": self.axe_found,
        }

    def add(self, summary: dict[str, Any]) -> None:
        """Add what another test process's tally saw (its `summary()`)."""
        self.pages.update(summary["pages"])
        self.loads += summary["page_loads"]
        self.requests += summary["requests"]
        self.external += summary["external_requests"]
        self.axe.update(summary["axe_violations_by_impact"])
        self.axe_found += summary["axe_violations"]


TALLY = Tally()


# --- the server -------------------------------------------------------------------------


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under `prefix` and, for anything missing, the site's
    404.html with status 404, as GitHub Pages does."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix):
            return os.path.join(self.directory, "\0outside")  # never exists
        return super().translate_path("/" + bare[len(self.prefix) :])

    def send_head(self) -> Any:
        if os.path.exists(self.translate_path(self.path)):
            return super().send_head()
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


@dataclass(frozen=True)
class Served:
    """The site as a browser reaches it: `base` is the URL of the site's root folder."""

    base: str

    @property
    def origin(self) -> str:
        return "/".join(self.base.split("/", 3)[:3])

    def url(self, path: str) -> str:
        return self.base + path

    def path_of(self, url: str) -> str:
        """The site path ('en/mlp/') of a URL; raises ValueError if it is outside the site."""
        bare = url.split("#", 1)[0].split("?", 1)[0]
        if not bare.startswith(self.base):
            raise ValueError(f"{url} is outside the site at {self.base}")
        return bare[len(self.base) :]


@contextmanager
def serve(site: Path, prefix: str) -> Iterator[Served]:
    """Serve `site` at http://127.0.0.1:<free port><prefix> from a thread."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}{prefix}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


SHOWN_IMAGES_EAGER = """() => document.querySelectorAll("img[loading=lazy]").forEach((img) => {
    if (img.getClientRects().length) img.loading = "eager";
})"""

# --- the tab ----------------------------------------------------------------------------


@dataclass
class Tab:
    """One page in its own browser context, with everything it requested and every
    error it reported."""

    page: Page
    served: Served
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.served.url(path))
        self.settle()

    def settle(self) -> None:
        """Wait for the page and every image on it to finish loading."""
        self.page.wait_for_load_state("load")
        self.load_shown_images()
        # Without the server's address: each test process serves the site on its own port.
        TALLY.pages.add(urlsplit(self.page.url)._replace(scheme="", netloc="").geturl())
        TALLY.loads += 1

    def load_shown_images(self) -> None:
        """Wait for every image the page shows to load, asking for the lazy ones now (as
        scrolling to them would); images hidden by the colour scheme are never fetched."""
        self.page.evaluate(SHOWN_IMAGES_EAGER)
        self.page.wait_for_function(
            "() => [...document.images].every((i) => i.complete || !i.getClientRects().length)"
        )

    @property
    def path(self) -> str:
        return self.served.path_of(self.page.url)

    def external(self, requests: list[str] | None = None) -> list[str]:
        """Every request that went anywhere but the local server."""
        local = (self.served.origin + "/", "data:", "blob:", "about:")
        return [
            url
            for url in (self.requests if requests is None else requests)
            if not url.startswith(local)
        ]

    def close(self) -> None:
        TALLY.requests += len(self.requests)
        TALLY.external += len(self.external())
        self.page.context.close()


def new_tab(browser: Browser, served: Served, **options: Any) -> Tab:
    """A tab in a fresh context (desktop size, light scheme unless `options` say else)."""
    context = browser.new_context(**{"viewport": DESKTOP, "color_scheme": "light", **options})
    tab = Tab(context.new_page(), served)
    problems = tab.problems

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error on {tab.page.url}: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    def on_failed(request: Request) -> None:
        problems.append(f"request failed: {request.url} ({request.failure})")

    context.on("request", lambda request: tab.requests.append(request.url))
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return tab
