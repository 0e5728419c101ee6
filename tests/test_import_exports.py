"""Exports never lose or merge items: twins (shared guid, post id, link, draft title, no <id>)
become posts of their own; a file that is not well-formed is read item by item and the items
that cannot be read are reported with a count; undeclared namespace prefixes are no reason to
refuse a file; entities are never expanded. Real exports through the real CLI."""

from __future__ import annotations

import re

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


def test_hostile_exports_and_images_import_and_build(tmp_path):
    """The twins, the undeclared prefixes and a page whose "images" are SVG, HTML or script:
    everything readable is imported, the blog builds (one redirect per old address), and no file
    the site serves from the import is anything but a raster image."""
    from salesblog.importer.assets import sniff_image
    from tests.projects import BlogProject

    blog = BlogProject.sample(tmp_path / "blog")
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "logo.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (folder / "x.png").write_bytes(b"<script>alert(1)</script>")
    (folder / "ok.png").write_bytes((FIXTURES / "hubspot" / "sales-coaching_files" / "Expressions-3.png").read_bytes())
    text = "Coaching is a habit, not an event; managers who coach weekly see reps ramp faster. " * 4
    (folder / "post.html").write_text(
        "<html><head><title>Coaching Habits</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='article:published_time' content='2022-05-03T09:00:00+01:00'></head><body><article>"
        f"<h1>Coaching Habits</h1><p>{text}</p><p><img src='logo.svg' alt='a'><img src='x.png' alt='b'>"
        "<img src='ok.png' alt='c'></p></article></body></html>")
    result = blog.run("import", "--offline", str(HOSTILE / "wxr-twins.xml"), str(HOSTILE / "blogger-twins.xml"),
                      str(HOSTILE / "blogger-undeclared-prefixes.xml"), str(folder / "post.html"))
    assert result.exit_code == 0, result.output
    assert "16 imported" in result.output
    built = blog.run("build")
    assert built.exit_code == 0, built.output
    for slug in ("anchor-high", "trade-never-give", "walk-away-points", "silence-is-a-tool", "deals-slip",
                 "owners-matter", "coaching-beats-training", "ramp-plans", "coaching-habits"):
        assert (blog.root / "site" / "blog" / slug / "index.html").is_file(), slug
    # what came from the export (the build's own WebP renditions and share cards left out)
    imported = [p for p in (blog.root / "site").rglob("*") if p.is_file() and "coaching-habits" in p.parts
                and p.name != "index.html" and not re.search(r"-\d+w\.webp$|^share-", p.name)]
    assert [p.name for p in imported] == ["ok.png"]
    assert all(sniff_image(p.read_bytes()) for p in imported)


def test_entities_are_never_expanded_in_a_well_formed_export(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    export = (HOSTILE / "wxr-twins.xml").read_text()
    export = export.replace('<rss version', f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">'
                            '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss version', 1)
    export = export.replace("<title><![CDATA[Anchor High]]></title>", "<title>Anchor &xxe; High &b;</title>")
    path = tmp_path / "export.xml"
    path.write_text(export)
    result = salesblog(project, "import", "--offline", str(path))
    assert result.exit_code == 0, result.output
    everything = "".join(posts(project).values())
    assert "SECRET-CONTENT" not in everything and "aaaaaaaaaa" not in everything
    assert len(posts(project)) == 6


def test_items_without_ids_are_the_same_posts_whichever_way_the_file_is_named(project, monkeypatch):
    first = salesblog(project, "import", "--offline", str(HOSTILE / "blogger-twins.xml"))
    assert first.exit_code == 0, first.output
    written = posts(project)
    monkeypatch.chdir(HOSTILE)
    again = salesblog(project, "import", "--offline", "blogger-twins.xml")
    assert again.exit_code == 0, again.output
    assert "0 imported, 0 updated, 6 unchanged" in again.output
    assert posts(project) == written
