"""Adding an author keeps authors.yml valid and as its editors wrote it."""

from __future__ import annotations

import pytest

from salesblog.content.authors import add_author, read_authors, remove_author
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


@pytest.mark.parametrize("original", ["# Staff\nbrian:\n  name: Brian  # the boss\n",
                                      "brian:\n  name: Brian", "# Our authors\n"])
def test_removing_an_added_author_gives_back_the_file(tmp_path, original):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content/authors.yml"
    path.write_text(original)
    project = Project(tmp_path)
    assert add_author(project, "dana", {"name": "Dana", "bio": "Two\nlines."})
    remove_author(project, "dana")
    assert path.read_text().rstrip("\n") == original.rstrip("\n")
    remove_author(project, "dana")  # gone already: nothing to do


def test_removing_an_author_between_others_keeps_them_and_their_comments(tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content/authors.yml"
    path.write_text("# Staff\nbrian:\n  name: Brian\ndana:\n  name: Dana\n  bio: |\n    Long.\n"
                    "# Guests\ncarol:\n  name: Carol  # kept\n")
    remove_author(Project(tmp_path), "dana")
    assert path.read_text() == "# Staff\nbrian:\n  name: Brian\n# Guests\ncarol:\n  name: Carol  # kept\n"
