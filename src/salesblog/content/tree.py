"""The files and folders under content/, listed once per read.

The posts, the assets to publish, Markdown that no page shows, symbolic links leaving content/
and every "is that file there?" of the checks are answered from one walk, instead of a walk
(and a stat per file) each. The walk lists what `Path.rglob("*")` lists: everything, into
folders but not into links to folders.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


class ContentTree:
    """What is under one folder (content/), as it was when listed."""

    def __init__(self, folder: Path):
        self.folder = folder
        found: list[tuple[tuple[str, ...], bool, bool]] = []  # (parts below folder, is file, is link)
        if folder.is_dir():
            _walk(str(folder), (), found)
        found.sort()  # the order of sorted(Path...): part by part
        base = str(folder)
        # (parts below the folder, path) of everything listed, in that order.
        self.entries: list[tuple[tuple[str, ...], Path]] = [(parts, _path(base, parts))
                                                            for parts, _, _ in found]
        # Files (links to files included, as Path.is_file says) by str(path), and links.
        self.files: dict[str, Path] = {str(path): path for (_, is_file, _), (_, path)
                                       in zip(found, self.entries) if is_file}
        self.links = [path for (_, _, is_link), (_, path) in zip(found, self.entries) if is_link]

    def is_file(self, path: Path) -> bool:
        """Path.is_file(), from the listing for anything in it (a file in a folder the walk does
        not enter, behind a link, is asked of the file system)."""
        return str(path) in self.files or path.is_file()


@lru_cache(maxsize=65536)  # the same Path objects read after read: made and hashed once
def _path(folder: str, parts: tuple[str, ...]) -> Path:
    return Path(folder, *parts)


def _walk(folder: str, parts: tuple[str, ...], found: list) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except PermissionError:  # as rglob: a folder that cannot be listed is left out
        return
    for entry in entries:
        try:
            is_link = entry.is_symlink()
            is_folder = not is_link and entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError:
            is_link = is_folder = is_file = False
        found.append(((*parts, entry.name), is_file, is_link))
        if is_folder:
            _walk(entry.path, (*parts, entry.name), found)
