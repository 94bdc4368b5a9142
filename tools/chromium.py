"""How the project starts Chromium: Debian's (`apt-get install chromium`), or the binary
named by the CHROMIUM environment variable, headless, with the flags a machine without
a screen or network (but loopback) needs: no sandbox as root, no GPU, no background
connections, no update checks, no first-run dialogs."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
