"""A content-addressed cache: a value pickled under the hash of every input that made it.

Each entry is one file, `<key>.pickle`, whose first 32 bytes are the SHA-256 of the rest,
so a truncated or damaged entry reads as a miss, never as a wrong value. Entries are
written to a temporary file and renamed into place, so a crash cannot leave half of one.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any


def key_of(*parts: str | bytes) -> str:
    """One hash over all the inputs of a value, in order."""
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
    """Values by key, in `folder`; without a folder nothing is kept."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> Any | None:
        """The value stored under `key`, or None for a missing or damaged entry."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / f"{key}.pickle").read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data[32:]).digest() != data[:32]:
            return None
        try:
            return pickle.loads(data[32:])  # our own bytes, checked by hash
        except Exception:  # written by code since changed: a miss
            return None

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key`, atomically; a failure (a full disk) only costs the
        next build the time to compute it again."""
        if self.folder is None:
            return
        data = pickle.dumps(value)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(data).digest() + data)
            os.replace(temporary, self.folder / f"{key}.pickle")
        except OSError:
            return
