"""Rendered posts kept across builds, keyed by everything that changes their HTML."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from salesblog.render.markdown import RenderedPost


class RenderCache:
    """One small JSON file per rendered post under the project's cache folder."""

    def __init__(self, folder: Path | None):
        self.folder = folder / "render" if folder else None

    @staticmethod
    def key(*parts: str) -> str:
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> RenderedPost | None:
        if self.folder is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return RenderedPost(**data)
        except (OSError, ValueError, TypeError):
            return None  # missing or damaged: render again

    def put(self, key: str, rendered: RenderedPost) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(rendered), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def prune(self, keep: set[str]) -> None:
        """Drop entries no current post uses, so the cache does not grow forever."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*.json"):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
