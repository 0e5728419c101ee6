"""Feeds as a source: an RSS or Atom file or URL, each item a post with its full content."""

from __future__ import annotations

import pytest
import yaml

from tests.helpers_import import FIXTURES, body_of, make_project, posts, salesblog
from tests.loopback import Site, serve, substitute

FEEDS = FIXTURES / "feeds"


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


@pytest.fixture
def blog_site():
    site = Site()
    site.add_folder(FEEDS)
    site.add("/images/coach.png", (FIXTURES / "hubspot" / "sales-coaching_files" / "logo.png").read_bytes())
    server, base = serve(site)
    yield site, base
    server.shutdown()


def test_rss_url_imports_each_item_with_full_content_tags_author_and_date(project, blog_site):
    site, base = blog_site
    result = salesblog(project, "import", "--allow-private-addresses", f"{base}/rss.xml")
    assert result.exit_code == 0, result.output
    written = posts(project)
    assert set(written) == {"sales-coaching-vs-sales-training.md", "forecasting-basics.md"}
    coaching = written["sales-coaching-vs-sales-training.md"]
    meta = front_matter(coaching)
    assert meta["title"] == "Sales Coaching vs Sales Training"
    assert meta["tags"] == ["Sales Coaching", "Leadership"]
    assert meta["authors"] == ["brian-signorelli"]
    assert str(meta["date"]).startswith("2016-04-12")
    assert meta["summary"] == "A short teaser of the coaching post."
    body = body_of(coaching)
    assert "Training is an event; coaching is a habit." in body  # content:encoded, not the teaser
    assert "\n<!-- more -->\n" in body
    # a link to another post of the feed leads to its new file, which `check` verifies
    assert "[Forecasting basics](forecasting-basics.md)" in body
    assert salesblog(project, "check").exit_code == 0
    forecasting = front_matter(written["forecasting-basics.md"])
    assert forecasting["legacy_url"] == f"{base}/blog/forecasting-basics/"
    assert "A forecast is a promise" in body_of(written["forecasting-basics.md"])
    assert any("salesblog-import" in headers.get("User-Agent", "") for _, _, headers in site.requests)


def test_atom_file_imports_entries_with_categories_and_published_date(project, tmp_path):
    feed = tmp_path / "atom.xml"
    feed.write_bytes(substitute((FEEDS / "atom.xml").read_bytes(), "https://notes.example.com"))
    result = salesblog(project, "import", "--offline", str(feed))
    assert result.exit_code == 0, result.output
    [(name, text)] = posts(project).items()
    meta = front_matter(text)
    assert meta["title"] == "Objection Handling & Discovery"
    assert meta["tags"] == ["Objection Handling", "discovery"]
    assert str(meta["date"]) == "2016-06-01 10:00:00+02:00"
    assert str(meta["updated"]).startswith("2016-06-03")
    assert meta["legacy_url"] == "https://notes.example.com/2016/06/objection-handling.html"
    assert "Every objection is a question" in body_of(text)
    assert salesblog(project, "check").exit_code == 0


def test_importing_the_feed_again_changes_nothing_and_dry_run_says_would_import(project, blog_site):
    _, base = blog_site
    salesblog(project, "import", "--allow-private-addresses", f"{base}/rss.xml")
    before = posts(project)
    again = salesblog(project, "import", "--allow-private-addresses", f"{base}/rss.xml")
    assert again.exit_code == 0, again.output
    assert "0 imported, 0 updated, 2 unchanged" in again.output
    assert posts(project) == before
    fresh = make_project(project.parent / "other")
    dry = salesblog(fresh, "import", "--dry-run", "--allow-private-addresses", f"{base}/rss.xml")
    assert dry.exit_code == 0, dry.output
    assert "would import" in dry.output and posts(fresh) == {}
