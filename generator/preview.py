"""The preview's rebuilds: what an edit touches, not the whole site.

`make serve` keeps the last good build (`Built`) in memory. On an edit it reads the
sources again and renders again only the languages whose prose changed (every language
when a template or a code template did), compares each page's Markdown and notebook
with the last build's, and has each language's MkDocs worker build only the pages that
changed, with that language's search index (`Builders.start_pages`). The results of
torch and matplotlib are kept: a change to the Python code that makes them needs a
restart of `make serve`.

Anything else an edit can change goes through the whole build, as `make site` runs it:
mkdocs.yml, a language's settings (docs/<code>/site.yml), the navigation (a page's
title), the footer, the assets and theme overrides, the set of pages or of PDFs, and the
first edit after a worker failed. Either way the site on disk is what a whole build of
the same sources writes, byte for byte (tests/test_preview.py), and a failed rebuild
changes nothing on disk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import build, content, mkdocs_site, pages, staging
from generator.errors import fail_if_any

# Files a page's Markdown does not show, but the whole build copies or compiles.
WHOLE_BUILD_FOLDERS = ("docs/assets", "docs/overrides")


@dataclass
class Preview:
    """A built site and what it was built from, brought up to date edit by edit."""

    settings: build.Settings
    builders: mkdocs_site.Builders
    built: build.Built
    whole_build_files: str  # the fingerprint of WHOLE_BUILD_FOLDERS
    templates: str  # that of generator/templates
    whole_build_next: bool = False  # a worker failed: its pages may be out of step
    last: str = "whole"  # what the last update did: "whole", "pages" or "nothing"

    @classmethod
    def start(cls, settings: build.Settings, builders: mkdocs_site.Builders) -> Preview:
        """Build the whole site, and keep what it was made from."""
        built = build.build(settings, builders)
        return cls(settings, builders, built, *_fingerprints(settings))

    def update(self) -> None:
        """Bring the site up to date with its sources; on a failure, change nothing on
        disk and raise the problems (the next update starts from the last good build)."""
        sources = build.read_sources(self.settings)
        whole_build_files, templates = _fingerprints(self.settings)
        if self._whole_build_needed(sources, whole_build_files):
            self._whole(whole_build_files, templates)
            return
        everything = templates != self.templates or sources.code != self.built.sources.code
        pairs = zip(sources.languages, self.built.sources.languages, strict=True)
        changed = [language for language, before in pairs if everything or language != before]
        with build.step("pages") as note:
            made = build.make_pages(
                pages.make_environment(build.templates(self.settings)),
                sources,
                self.built.found,
                content.site_pages(self.settings.pages),
                self.settings.pages is None,
                changed,
            )
            edits = {code: _changed_pages(self.built.made[code], m) for code, m in made.items()}
            note(f"{len(made)} languages rendered")
        if any(found is None for found in edits.values()):  # the navigation or footer changed
            self._whole(whole_build_files, templates)
            return
        notebooks: dict[str, bytes] = {}
        for language in changed:
            notebooks |= build.make_notebooks(self.settings, sources, language, made)
        old = self.built.notebooks
        notebooks = {path: data for path, data in notebooks.items() if old.get(path) != data}
        self._apply(sources, made, {code: e for code, e in edits.items() if e}, notebooks)
        self.templates = templates

    def _whole_build_needed(self, sources: content.SiteSources, whole_build_files: str) -> bool:
        before = self.built.sources
        return (
            self.whole_build_next
            or whole_build_files != self.whole_build_files
            or sources.mkdocs_config != before.mkdocs_config
            or sources.pdfs != before.pdfs
            or [lang.code for lang in sources.languages] != [lang.code for lang in before.languages]
            or any(
                lang.site != old.site
                for lang, old in zip(sources.languages, before.languages, strict=True)
            )
        )

    def _whole(self, whole_build_files: str, templates: str) -> None:
        """The whole build, with the results kept; on success, the new starting point."""
        self.built = build.build(self.settings, self.builders, self.built.found)
        self.whole_build_files, self.templates = whole_build_files, templates
        self.whole_build_next, self.last = False, "whole"

    def _apply(
        self,
        sources: content.SiteSources,
        made: dict[str, build.Made],
        edits: dict[str, list[str]],
        notebooks: dict[str, bytes],
    ) -> None:
        """Build the changed pages of each language in a scratch folder, then put them,
        their Markdown and the changed notebooks in place."""
        settings = self.settings
        self.last = "pages" if edits or notebooks else "nothing"
        with build.step("mkdocs") as note, staging.locked(settings.work_dir):
            scratch = Path(tempfile.mkdtemp(prefix=".preview-", dir=settings.work_dir))
            try:
                for code, changed in edits.items():
                    build.write_files(
                        scratch / "docs" / code,
                        {p: made[code].markdown[p].encode() for p in changed},
                    )
                    self.builders.start_pages(
                        code, changed, scratch / "docs" / code, scratch / "site" / code
                    )
                problems = self.builders.results(list(edits))
                # A worker that failed may have built some pages before it stopped.
                self.whole_build_next = bool(problems)
                fail_if_any(problems)
                for language in sources.languages:
                    if language.code in edits:
                        _move_files(
                            scratch / "site" / language.code,
                            settings.site_dir / sources.prefix(language),
                        )
                        _move_files(
                            scratch / "docs" / language.code,
                            settings.work_dir / "docs" / language.code,
                        )
                _replace_files(settings.site_dir, notebooks)
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            note(f"{sum(map(len, edits.values()))} pages, {len(notebooks)} notebooks")
        kept = {**self.built.made, **made}
        self.built = build.Built(
            sources, self.built.found, kept, {**self.built.notebooks, **notebooks}
        )
        print(f"site ready in {settings.site_dir}")


def _changed_pages(before: build.Made, after: build.Made) -> list[str] | None:
    """The pages whose Markdown changed; None if more changed than pages can show (the
    navigation, the footer or the set of pages: a whole build)."""
    if (before.nav, before.copyright_notice) != (after.nav, after.copyright_notice):
        return None
    if before.markdown.keys() != after.markdown.keys():
        return None
    return [path for path, text in after.markdown.items() if before.markdown[path] != text]


def _fingerprints(settings: build.Settings) -> tuple[str, str]:
    """Fingerprints of the files a whole build copies or compiles, and of the templates."""
    return (
        _fingerprint([settings.root / folder for folder in WHOLE_BUILD_FOLDERS]),
        _fingerprint([build.templates(settings)]),
    )


def _fingerprint(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _move_files(source: Path, target: Path) -> None:
    """Every file below `source` to the same place below `target`, each replaced in one
    step (a reader never loads half a page)."""
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, destination)


def _replace_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` below `folder`, each through a temporary file replaced in one step."""
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")
        temporary.write_bytes(data)
        os.replace(temporary, target)
