"""The blog's small YAML data files under content/ (tags.yml, series.yml): each maps keys to
entries, and every problem is reported at its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from salesblog.errors import Problem
from salesblog.project import Project
from salesblog.schema import Loader
from salesblog.yamlfile import YAMLLocatedError, load_yaml


@dataclass
class MappingFile:
    data: dict  # the top-level mapping as read (yamlfile.line_of gives a key's line)
    loader: Loader  # reports the entries' problems, located in this file


def read_mapping_file(project: Project, path: Path, maps: str) -> tuple[MappingFile | None, list[Problem]]:
    """The file's top-level mapping, or None with the problems: a missing or empty file has none;
    one that cannot be read or is not a mapping says so (`maps`: what it should map, e.g.
    "tags to their description")."""
    display = project.relative(path)
    if not path.exists():
        return None, []
    try:
        data = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(display, 1, f"cannot read: {error}")]
    except YAMLLocatedError as error:
        return None, [Problem(display, error.line, error.message)]
    if data is None:
        return None, []
    loader = Loader(display)
    if not isinstance(data, dict):
        loader.report(1, f"{path.name} must map {maps}")
        return None, loader.problems
    return MappingFile(data, loader), []
