"""Shared helpers of the import tests: a scratch blog project, the CLI, golden files."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from salesblog.cli import group

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
GOLDEN = FIXTURES / "golden"


def make_project(root: Path) -> Path:
    """A blog with the repository's settings and authors, and no posts yet."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "theme", root / "theme")  # the brand's logo, which the settings name
    (root / "content" / "posts").mkdir(parents=True)
    shutil.copy(REPO / "content" / "authors.yml", root / "content" / "authors.yml")
    return root


def salesblog(project: Path, *args: str):
    """Run the real CLI in `project`; returns click's Result (exit_code, output)."""
    return CliRunner().invoke(group, ["-C", str(project), *args], catch_exceptions=False)


def posts(project: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((project / "content" / "posts").glob("*.md"))}


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def assert_matches_golden(name: str, text: str, *, update: bool) -> None:
    """Compare with tests/fixtures/import/golden/NAME; `update` (pytest --update-goldens or
    SALESBLOG_UPDATE_GOLDENS=1) rewrites it."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update:
            raise AssertionError(f"{path} did not exist; written now, check it and run again")
        return
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (SALESBLOG_UPDATE_GOLDENS=1 rewrites it)"
