"""Encoded files (WebP renditions, share cards) by cache key: kept in the project's cache folder,
or in memory for a build without one, and handed to the site as files."""

from __future__ import annotations

import contextlib
from pathlib import Path

from salesblog.files import replace_bytes


class EncodedFiles:
    """Files named `<key><suffix>` under `folder` (in a subfolder of the key's first two
    characters when `sharded`), or in memory when there is no folder."""

    def __init__(self, folder: Path | None, suffix: str, *, sharded: bool = False):
        self.folder = folder
        self.suffix = suffix
        self.sharded = sharded
        self.memory: dict[str, bytes] = {}

    def _file(self, key: str) -> Path:
        assert self.folder is not None
        return (self.folder / key[:2] if self.sharded else self.folder) / f"{key}{self.suffix}"

    def have(self, key: str) -> bool:
        return key in self.memory if self.folder is None else self._file(key).is_file()

    def store(self, key: str, data: bytes) -> None:
        if self.folder is None:
            self.memory[key] = data
        else:
            replace_bytes(self._file(key), data)

    def output_file(self, site_path: str, key: str):
        """The file of `key` as the site's file at `site_path`."""
        from salesblog.site.specs import OutputFile

        if self.folder is None:
            return OutputFile(site_path, data=self.memory[key])
        return OutputFile(site_path, source=self._file(key))

    def prune(self, keep: set[str]) -> None:
        """Drop the files of every key but `keep`'s, so the cache does not grow forever."""
        if self.folder is None or not self.folder.is_dir():
            return
        pattern = f"*/*{self.suffix}" if self.sharded else f"*{self.suffix}"
        for path in self.folder.glob(pattern):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
