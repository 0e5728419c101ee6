"""Feeds against golden files, with the build clock fixed. Rewrite them with --update-goldens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesblog.pipeline import build_site
from salesblog.project import Project

GOLDEN = Path(__file__).parent / "golden"
CLOCK = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml", "tags/leadership/feed.xml"])
def test_feed_matches_golden(blog, update_goldens, feed):
    blog.post("awkward", title="Ampersands & <angle> \"quotes\"", date="2024-05-01",
              body="Body with an [absolute link](https://example.org/x) and a relative [one](first-post.md).")
    build_site(Project(blog.root), blog.root / "site", now=CLOCK)
    produced = (blog.root / "site" / feed).read_text(encoding="utf-8")
    golden = GOLDEN / feed.replace("/", "__")
    if update_goldens:
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")
