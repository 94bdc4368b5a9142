"""Loads jieba's Chinese dictionary on import, quietly, if jieba is installed.

Material's search plugin segments Chinese text with jieba, which reads its dictionary
(about a second) on first use. The worker server (generator/workers.py) imports this
module once, so every MkDocs build forked from it starts with the dictionary loaded.
"""

from __future__ import annotations

import logging


def load() -> None:
    try:
        import jieba
    except ModuleNotFoundError:
        return
    jieba.setLogLevel(logging.WARNING)  # it logs the loading at INFO level
    try:
        jieba.initialize()
    except Exception:  # an unreadable cache file: the first search segmentation retries
        return


load()
