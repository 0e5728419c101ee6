"""Rendered posts and generated files kept across builds, under keys from fingerprint.py
(everything that changes them, the code included)."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from salesblog.files import replace_bytes
from salesblog.render.markdown import RenderedPost


class RenderCache:
    """One small JSON file per rendered post under the project's cache folder."""

    def __init__(self, folder: Path | None, *, in_memory: bool = False):
        self.folder = folder / "render" if folder else None
        # A long-lived preview keeps rendered posts in memory too: no file read per post.
        self.memory: dict[str, RenderedPost] | None = {} if in_memory else None

    def _path(self, key: str) -> str:
        # A string, not a Path, and bytes read without a text layer: a warm rebuild reads a
        # file per post, and this took a quarter of the time of reading them.
        assert self.folder is not None
        return os.path.join(self.folder, key[:2], f"{key}.json")

    def get(self, key: str) -> RenderedPost | None:
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as file:
                data = json.loads(file.read())  # UTF-8, as `put` wrote it
            rendered = RenderedPost(**data)
        except (OSError, ValueError, TypeError):
            return None  # missing or damaged: render again
        if self.memory is not None:
            self.memory[key] = rendered
        return rendered

    def remember(self, key: str, rendered: RenderedPost) -> None:
        """Keep `rendered` in memory only (a preview's), where there is a memory layer."""
        if self.memory is not None:
            self.memory[key] = rendered

    def write(self, key: str, rendered: RenderedPost) -> None:
        """Keep `rendered` in the cache folder only (render workers write their own)."""
        if self.folder is None:
            return
        replace_bytes(Path(self._path(key)), json.dumps(asdict(rendered), ensure_ascii=False).encode())

    def prune(self, keep: set[str]) -> None:
        """Drop entries no current post uses, so the cache does not grow forever."""
        if self.memory is not None:
            for key in set(self.memory) - keep:
                del self.memory[key]
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json"):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()


class OutputCache:
    """Generated files (feeds) by the digest of all they are made from."""

    def __init__(self, folder: Path | None, *, in_memory: bool = False):
        self.folder = folder / "outputs" if folder else None
        self.memory: dict[str, bytes] | None = {} if in_memory else None
        self.used: set[str] = set()

    def get_or_make(self, key: str, make) -> bytes:
        data = self.get(key)
        if data is None:
            data = make()
            self.put(key, data)
        return data

    def get(self, key: str) -> bytes | None:
        """What was made under `key`, if anything; the key counts as used either way."""
        self.used.add(key)
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        data = None
        if self.folder is not None:
            with contextlib.suppress(OSError):
                data = (self.folder / f"{key}.bin").read_bytes()
        if data is not None and self.memory is not None:
            self.memory[key] = data
        return data

    def put(self, key: str, data: bytes) -> None:
        self.used.add(key)
        if self.folder is not None:
            replace_bytes(self.folder / f"{key}.bin", data)
        if self.memory is not None:
            self.memory[key] = data

    def prune(self) -> None:
        """Forget what the last build did not use; call once per build, after planning."""
        if self.memory is not None:
            for key in set(self.memory) - self.used:
                del self.memory[key]
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob("*.bin"):
                if path.stem not in self.used:
                    with contextlib.suppress(OSError):
                        path.unlink()
        self.used = set()
