"""Where a salesblog project's files are: always found from the project root, never the package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesblog.errors import ProjectError

CONFIG_NAME = "site_config.yml"


@dataclass(frozen=True)
class Project:
    """The folders and files of one blog project."""

    root: Path

    def __post_init__(self) -> None:
        # Resolved once, so that every path derived from it is absolute and canonical.
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def posts_dir(self) -> Path:
        return self.content_dir / "posts"

    @property
    def images_dir(self) -> Path:
        return self.content_dir / "images"

    @property
    def authors_path(self) -> Path:
        return self.content_dir / "authors.yml"

    @property
    def theme_dir(self) -> Path:
        return self.root / "theme"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".salesblog-cache"

    def relative(self, path: Path | str) -> str:
        """`path` as shown in messages: relative to the root when inside it."""
        path = Path(path)
        if path.is_absolute() and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        resolved = path.resolve()  # relative, or through a symbolic link
        if resolved.is_relative_to(self.root):
            return resolved.relative_to(self.root).as_posix()
        return path.as_posix()


def find_project(start: Path | str | None = None) -> Project:
    """The project whose root is `start` (default: the working directory) or its nearest parent
    holding site_config.yml, like git finds its repository."""
    here = Path(start or Path.cwd()).resolve()
    if not here.is_dir():
        raise ProjectError(f"{here}: no such folder")
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Project(folder)
    raise ProjectError(
        f"{here}: no {CONFIG_NAME} here or in any parent folder; "
        "run salesblog from a blog project (or give -C DIR)"
    )
