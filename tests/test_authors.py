"""Adding an author keeps authors.yml valid and as its editors wrote it."""

from __future__ import annotations

import pytest

from salesblog.content.authors import add_author, read_authors
from salesblog.project import Project


@pytest.mark.parametrize("start", ["", "{}\n", "# Our authors\n", "# Our authors\n{}\n"])
def test_first_author_into_an_empty_file(tmp_path, start):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/authors.yml").write_text(start)
    project = Project(tmp_path)
    assert add_author(project, "dana", {"name": "Dana", "guest": True})
    authors, problems = read_authors(project)
    assert problems == [] and authors["dana"].guest
    if start.startswith("#"):
        assert (tmp_path / "content/authors.yml").read_text().startswith("# Our authors\n")


def test_existing_entries_and_comments_are_kept(tmp_path):
    (tmp_path / "content").mkdir()
    original = "# Staff\nbrian:\n  name: Brian  # the boss\n"
    (tmp_path / "content/authors.yml").write_text(original)
    project = Project(tmp_path)
    assert add_author(project, "dana", {"name": "Dana"})
    assert not add_author(project, "brian", {"name": "Someone else"})
    text = (tmp_path / "content/authors.yml").read_text()
    assert text.startswith(original)
    authors, _ = read_authors(project)
    assert authors["brian"].name == "Brian" and authors["dana"].name == "Dana"
