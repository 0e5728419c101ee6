"""Exports never lose or merge items: twins (shared guid, post id, link, draft title, no <id>)
become posts of their own; a file that is not well-formed is read item by item and the items
that cannot be read are reported with a count; undeclared namespace prefixes are no reason to
refuse a file; entities are never expanded. Real exports through the real CLI."""

from __future__ import annotations

import pytest

from tests.helpers_import import FIXTURES, make_project, posts, salesblog

HOSTILE = FIXTURES / "hostile"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


def front_matter(text: str) -> dict:
    import yaml
    return yaml.safe_load(text.split("---\n", 2)[1])


@pytest.mark.parametrize("export, titles", [
    ("wxr-twins.xml", ["Anchor High", "Trade Never Give", "Walk Away Points", "Silence Is a Tool",
                       "Untitled Draft", "Untitled Draft"]),
    ("blogger-twins.xml", ["Deals Slip", "Owners Matter", "Idea", "Idea", "Same Id One", "Same Id Two"]),
])
def test_every_item_of_an_export_becomes_a_post_of_its_own(project, export, titles):
    result = salesblog(project, "import", "--offline", str(HOSTILE / export))
    assert result.exit_code == 0, result.output
    assert "6 imported, 0 updated, 0 unchanged" in result.output
    written = posts(project)
    assert sorted(front_matter(text)["title"] for text in written.values()) == sorted(titles)
    bodies = {text.split("\n---\n", 1)[1] for text in written.values()}
    assert len(bodies) == 6  # no item's text written over another's
    addresses = [front_matter(text).get("legacy_url") for text in written.values()]
    linked = [a for a in addresses if a]
    assert len(linked) == len(set(linked))  # one redirect per old address
    assert "has the same old address as" in result.output

    again = salesblog(project, "import", "--offline", str(HOSTILE / export))
    assert again.exit_code == 0, again.output
    assert "0 imported, 0 updated, 6 unchanged" in again.output
    assert posts(project) == written


def test_a_malformed_export_reports_the_items_it_could_not_read(project):
    result = salesblog(project, "import", "--offline", str(HOSTILE / "wxr-malformed.xml"))
    assert result.exit_code == 1
    assert "2 of 5 items could not be read" in result.output
    assert "item 2 ('Stray Terminator')" in result.output and "item 3 ('Laughing Item')" in result.output
    titles = sorted(front_matter(text)["title"] for text in posts(project).values())
    assert titles == ["First Good Post", "Last Good Post", "Reading Files"]  # after the broken ones too
    everything = "".join(posts(project).values())
    assert "root:" not in everything and "aaaaaaaaaa" not in everything  # no XXE, no expanded entity


def test_undeclared_namespace_prefixes_do_not_stop_a_blogger_export(project):
    result = salesblog(project, "import", "--offline", str(HOSTILE / "blogger-undeclared-prefixes.xml"))
    assert result.exit_code == 0, result.output
    found = {front_matter(text)["title"]: front_matter(text) for text in posts(project).values()}
    assert sorted(found) == ["A Draft on Forecasts", "Coaching Beats Training", "Ramp Plans"]
    assert found["A Draft on Forecasts"].get("draft") is True  # app:control read, not just tolerated
    assert not found["Ramp Plans"].get("draft")
