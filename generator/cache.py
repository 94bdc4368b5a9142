"""A content-addressed cache for what torch and matplotlib produce.

An entry is a folder named by the hash of every input of its artefacts (the caller's
`key_of(...)` parts: specs, domain, style, the source of the generator modules involved,
the versions of torch and matplotlib). Each entry carries a manifest with the SHA-256 of
every file, so a corrupt or truncated entry is detected and treated as a miss, never
served. Entries are written to a temporary folder and renamed into place, so a crash
cannot leave half an entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

MANIFEST = "manifest.json"


def key_of(*parts: str | bytes) -> str:
    """One hash over all the inputs of an artefact, in order."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def source_of(*modules: str) -> bytes:
    """The source bytes of generator modules (by file stem), to key on the code itself."""
    folder = Path(__file__).parent
    return b"".join((folder / f"{name}.py").read_bytes() for name in modules)


@functools.cache
def versions(*distributions: str) -> str:
    """Installed versions, read from package metadata without importing the packages."""
    return ",".join(f"{name}=={metadata.version(name)}" for name in distributions)


class Cache:
    """Files by key, in `folder`; `get` returns None for a missing or damaged entry.

    Without a folder nothing is stored: every `get` is a miss.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (unchecked: `get` may still miss)."""
        return self.folder is not None and (self.folder / key[:2] / key / MANIFEST).is_file()

    def get(self, key: str) -> dict[str, bytes] | None:
        if self.folder is None:
            return None
        entry = self.folder / key[:2] / key
        try:
            manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
            files = {name: (entry / name).read_bytes() for name in manifest}
        except (OSError, ValueError):
            return None
        for name, digest in manifest.items():
            if hashlib.sha256(files[name]).hexdigest() != digest:
                return None
        return files

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Store `files` (flat names) under `key`, atomically; failures are ignored."""
        if self.folder is None:
            return
        entry = self.folder / key[:2] / key
        staging: Path | None = None
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
            for name, data in files.items():
                (staging / name).write_bytes(data)
            manifest = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
            (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True))
            shutil.rmtree(entry, ignore_errors=True)  # a damaged entry being replaced
            os.rename(staging, entry)
        except OSError:  # a full disk or a concurrent writer: the next build recomputes
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
