"""A build's settings, and its worker processes, started before anything heavy loads.

The command line starts the workers first thing, so that they load matplotlib, MkDocs
and jieba's dictionary while this process imports the rest of the generator and torch.
Deciding whether figures will be drawn costs a look into the cache, no import of torch
or matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import cache, content, products, workers


@dataclass(frozen=True)
class Settings:
    """Where the build reads from and writes to."""

    root: Path  # the project: mkdocs.yml, docs/, generator/templates
    site_dir: Path  # the finished site
    work_dir: Path  # scratch space: generated Markdown and each language's MkDocs output
    cache_dir: Path  # figures and numbers by the hash of their inputs; compiled templates
    pages: frozenset[str] | None = None  # a preview of these pages only (None: all)

    @property
    def with_atlas(self) -> bool:
        return self.pages is None or content.ATLAS_PAGES in self.pages


def start_workers(settings: Settings) -> workers.Workers:
    """Workers loading what this build will need: matplotlib only if a figure is
    missing from the cache; MkDocs and jieba always (some language is usually built)."""
    try:
        drawing = products.needs_drawing(cache.Cache(settings.cache_dir), settings.with_atlas)
    except Exception:  # a fault in the registry, which the build's first step reports
        drawing = True
    preload = [*workers.FIGURE_MODULES] if drawing else []
    return workers.Workers([*preload, *workers.MKDOCS_MODULES])
