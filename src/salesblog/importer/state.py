"""content/.import-state.json: which file each imported source became and the hash of the text
written then. A file whose text no longer has that hash was edited after its import.

The file is input like any other: an entry may only name a post file inside content/posts/
(symlinks resolved); any other entry is ignored with a warning, and a damaged file is reported,
never fatal (it only costs the edit detection)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath

from salesblog.files import write_atomic
from salesblog.project import Project

STATE_NAME = ".import-state.json"
_SEGMENT = re.compile(r"^[^./\\\x00-\x1f][^/\\\x00-\x1f]*$")  # no "..", hidden file or control character


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImportState:
    def __init__(self, project: Project):
        self.project = project
        self.path = project.content_dir / STATE_NAME
        self.entries: dict[str, dict] = {}
        self.warnings: list[str] = []  # for the import report
        if self.path.is_file() or self.path.is_symlink():
            self._load()

    def _load(self) -> None:
        shown = self.project.relative(self.path)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            self.warnings.append(f"{shown}: cannot be read ({error}); imported posts are not recognised "
                                 "this time, and the file is written anew")
            return
        except ValueError as error:
            self.warnings.append(f"{shown}: not valid JSON ({error}); imported posts are not recognised "
                                 "this time, and the file is written anew")
            return
        posts = data.get("posts") if isinstance(data, dict) else None
        if not isinstance(posts, dict):
            self.warnings.append(f"{shown}: no \"posts\" table; ignored, and the file is written anew")
            return
        for identity, entry in posts.items():
            problem = self._problem(entry)
            if problem:
                self.warnings.append(f"{shown}: entry {identity[:100]!r} ignored: {problem}")
            else:
                self.entries[identity] = entry

    def _problem(self, entry) -> str | None:
        """Why an entry cannot be trusted, or None."""
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str) \
                or not isinstance(entry.get("hash", ""), str):
            return "not a {path, hash} record"
        return unsafe_post_path(self.project, entry["path"])

    def get(self, identity: str) -> dict | None:
        entry = self.entries.get(identity)
        return entry if isinstance(entry, dict) and "path" in entry else None

    def record(self, identity: str, path: str, text: str) -> None:
        self.entries[identity] = {"path": path, "hash": text_hash(text)}

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"version": 1, "posts": self.entries}, indent=2, sort_keys=True) + "\n")


def unsafe_post_path(project: Project, text: str) -> str | None:
    """Why `text` (a path relative to the project) is not a post file inside content/posts/, or None."""
    relative = PurePosixPath(text)
    posts = PurePosixPath(project.relative(project.posts_dir))
    if "\\" in text or "\0" in text or relative.is_absolute() or not relative.is_relative_to(posts) \
            or relative.suffix != ".md" or not all(_SEGMENT.match(part) for part in relative.parts):
        return f"{text[:200]!r} is not a post file inside {posts}/"
    resolved = (project.root / relative).resolve()
    if not resolved.is_relative_to(project.posts_dir.resolve()):
        return f"{text[:200]!r} leads outside {posts}/"
    return None


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
