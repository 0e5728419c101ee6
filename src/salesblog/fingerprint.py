"""The one fingerprint scheme every cache is keyed by.

A key is the digest of what the cached thing is made from *and* of the code that makes it:
salesblog's own source files and the installed version of every distribution. Nobody bumps a
version constant when a renderer changes; a changed file changes every key by construction, so
a cache can never serve what older code made.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Package files that decide what the caches hold: code, templates, the bundled fonts and assets.
_SOURCE_SUFFIXES = (".py", ".html", ".xml", ".txt", ".css", ".js", ".ttf", ".json", ".yml")


@functools.cache
def code_fingerprint() -> str:
    """Digest of salesblog's source and the installed distributions' names and versions."""
    digest = hashlib.sha256()
    for path in _package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    for name in _installed_distributions():
        digest.update(name.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _package_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        files += [Path(folder, n) for n in sorted(names) if n.endswith(_SOURCE_SUFFIXES)]
    return files


def _installed_distributions() -> list[str]:
    """`Name-1.2.dist-info` of every distribution on sys.path: one directory listing per entry
    names every installed version, where importlib.metadata would open a file per package."""
    names = []
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names += sorted(n for n in listing if n.endswith((".dist-info", ".egg-info")))
    return names


def cache_key(kind: str, *parts: str | bytes) -> str:
    """The key of one cached thing of `kind` ("render", "feed", "image", ...) made from `parts`."""
    digest = hashlib.sha256()
    for part in (kind, code_fingerprint(), *parts):
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
