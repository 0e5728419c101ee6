"""What a deploy has to do: the site's files, each with a content fingerprint in the target's own
terms (a git blob id, an MD5), compared with what the target holds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Left out of every target: the mark by which `salesblog build` recognises its own site folder.
NOT_PUBLISHED = frozenset({".salesblog-site"})


@dataclass
class ChangeSet:
    """The files a target lacks or holds in another version, and those it holds in excess."""

    upload: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.upload and not self.delete


def site_files(site_dir: Path) -> dict[str, Path]:
    """Every file to publish, keyed by its path in the site (with '/'), in a stable order."""
    files = {}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir).as_posix()
        if path.is_file() and relative not in NOT_PUBLISHED:
            files[relative] = path
    return files


def fingerprints(files: dict[str, Path], digest: Callable[[bytes], str]) -> dict[str, str]:
    return {name: digest(path.read_bytes()) for name, path in files.items()}


def md5_hex(data: bytes) -> str:
    """What an S3 ETag is for an object uploaded in one part."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def git_blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object --no-filters`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def compare(local: dict[str, str], published: dict[str, str], *, delete: bool = True) -> ChangeSet:
    """Which files to upload (new or changed fingerprint) and, with `delete`, which to remove."""
    changes = ChangeSet()
    for name, fingerprint in local.items():
        if published.get(name) == fingerprint:
            changes.unchanged += 1
        else:
            changes.upload.append(name)
    if delete:
        changes.delete = sorted(name for name in published if name not in local)
    return changes
