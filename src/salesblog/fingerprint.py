"""The one fingerprint scheme every cache is keyed by.

A key is the digest of what the cached thing is made from *and* of the code that makes it:
salesblog's own files, the installed version of every distribution and the Python running them.
Nobody bumps a version constant when a renderer changes; a changed file changes every key by
construction, so a cache can never serve what older code made.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_fingerprint(package: Path = PACKAGE) -> str:
    """Digest of the files of `package` (salesblog's own), the installed distributions' names
    and versions, and the Python version. Computed once per process: code does not change
    under a running build or preview."""
    digest = hashlib.sha256()
    _add(digest, sys.version)
    for relative, path in _package_files(package):
        _add(digest, relative)
        with open(path, "rb") as file:
            _add(digest, file.read())
    for name in _installed_distributions():
        _add(digest, name)
    return digest.hexdigest()


def _package_files(package: Path) -> list[tuple[str, str]]:
    """(path relative to `package`, path) of every file that can decide what the caches hold:
    all of them (code, templates, fonts, assets) but compiled bytecode and hidden files (editor
    swap files). Relative paths: a copy of the package elsewhere has the same fingerprint."""
    files = []
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        relative = os.path.relpath(folder, package)
        for name in sorted(names):
            if not name.startswith(".") and not name.endswith((".pyc", ".pyo")):
                files.append((os.path.normpath(os.path.join(relative, name)).replace(os.sep, "/"),
                              os.path.join(folder, name)))
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
    """The key of one cached thing of `kind` ("post", "feed", "rendition", ...) made from
    `parts`; it changes with the code as well as with any part."""
    digest = hashlib.sha256()
    for part in (kind, code_fingerprint(), *parts):
        _add(digest, part)
    return digest.hexdigest()


def _add(digest, part: str | bytes) -> None:
    # Length first: no two different lists of parts feed the digest the same bytes.
    data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)
