"""content/.import-state.json: which file each imported source became and the hash of the text
written then. A file whose text no longer has that hash was edited after its import."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from salesblog.files import write_atomic
from salesblog.project import Project

STATE_NAME = ".import-state.json"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImportState:
    def __init__(self, project: Project):
        self.path = project.content_dir / STATE_NAME
        self.entries: dict[str, dict] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged state file only costs the edit detection: rebuilt below
            if isinstance(data, dict) and isinstance(data.get("posts"), dict):
                self.entries = data["posts"]

    def get(self, identity: str) -> dict | None:
        entry = self.entries.get(identity)
        return entry if isinstance(entry, dict) and "path" in entry else None

    def record(self, identity: str, path: str, text: str) -> None:
        self.entries[identity] = {"path": path, "hash": text_hash(text)}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"version": 1, "posts": self.entries}, indent=2, sort_keys=True) + "\n")


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
