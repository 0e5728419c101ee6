"""The parsed-post cache (content/parsed.py): a rebuild reads the very content a cold read does,
an edit is seen by its bytes whatever the file's time says, and a damaged cache is ignored."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest

from salesblog.content.model import load_content
from salesblog.content.parsed import FILE_NAME, ParsedFiles
from salesblog.errors import ContentError
from salesblog.project import Project

# Every kind of value a post carries: dates with and without a zone or offset, links of both
# kinds, an image, a series, a legacy address; and files saved with a BOM and with CRLF.
RICH = """\
---
title: "Rich: A Post"
date: 2024-03-31 02:30
updated: 2024-04-02T10:00:00+02:00
authors: [brian, guest-writer]
tags: [Sales Coaching, leadership]
summary: A summary.
image: hero.png
image_alt: A hero
legacy_url: /old/rich.html
series: onboarding
series_order: 1
---

Intro with [a post](first-post.md#more), ![a picture](hero.png) and [a page](/tags/leadership/).

## A heading

[ref]: second-post.md
See [the top](#a-heading).
"""


def _rich_blog(blog):
    blog.write("content/posts/hero.png", b"\x89PNG\r\n\x1a\n")
    blog.write("content/series.yml", "onboarding:\n  title: Onboarding\n")
    blog.write("content/posts/rich.md", RICH)
    blog.write("content/posts/crlf.md", ("\ufeff" + "---\ntitle: Windows\ndate: 2024-05-01T08:00:00Z\n"
                                         "author: brian\ndraft: true\n---\n\nLine one.\n")
               .replace("\n", "\r\n").encode("utf-8"))
    blog.write("content/pages/about.md", "---\ntitle: About us\nnav: true\nsummary: Who we are\n---\n\nHello.\n")
    return Project(blog.root)


def _snapshot(content) -> list:
    """Everything the read gives, in a form where any difference shows (time zones included)."""
    items = []
    for post in content.posts + content.left_out:
        fields = {f.name: repr(getattr(post, f.name)) for f in dataclasses.fields(post)}
        items.append((fields, repr(post.links), repr(post.site_links),
                      repr(post.date.tzinfo), repr(post.updated and post.updated.tzinfo)))
    items += [repr(page) for page in content.pages]
    items.append(repr(content.assets))
    return items


def _entries(path) -> dict[str, dict]:
    """The cache file's entries by key (one "key entry" line per file)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return {key: json.loads(entry) for key, _, entry in (line.partition(" ") for line in lines) if entry}


def test_a_rebuild_from_the_cache_reads_what_a_cold_read_does(blog):
    project = _rich_blog(blog)
    cold = _snapshot(load_content(project, include_drafts=True))
    first = _snapshot(load_content(project, include_drafts=True, parsed=ParsedFiles(project.cache_dir)))
    stored = _entries(project.cache_dir / FILE_NAME)
    assert len(stored) == 5 + 1  # every post and the page
    # A new reader (the next `build`) gets every file from the cache file alone.
    warm = _snapshot(load_content(project, include_drafts=True, parsed=ParsedFiles(project.cache_dir)))
    assert cold == first == warm
    rich = next(item for item in warm if isinstance(item, tuple) and "Rich: A Post" in item[0]["title"])
    assert "ZoneInfo(key='UTC')" in rich[3] and "datetime.timezone(datetime.timedelta(seconds=7200))" in rich[4]


def test_problems_are_reported_the_same_on_every_read(blog):
    blog.post("bad", title="Bad", extra="published: false\n", body="A [link](missing.md).")
    blog.write("content/pages/broken.md", "---\ntitle: [unclosed\n---\n")
    project = Project(blog.root)
    reports = []
    for parsed in (None, ParsedFiles(project.cache_dir), ParsedFiles(project.cache_dir)):
        with pytest.raises(ContentError) as error:
            load_content(project, parsed=parsed)
        reports.append(error.value.problems)
    assert reports[0] == reports[1] == reports[2]
    assert any("unknown front matter key 'published'" in p.message for p in reports[0])
    assert any("broken link 'missing.md'" in p.message for p in reports[0])
    assert any(p.path == "content/pages/broken.md" for p in reports[0])


@pytest.mark.parametrize("same_reader", [False, True], ids=["next build", "preview"])
def test_an_edit_is_seen_even_with_the_same_time_and_size(blog, same_reader):
    project = Project(blog.root)
    path = project.posts_dir / "first-post.md"
    parsed = ParsedFiles(project.cache_dir)
    assert load_content(project, parsed=parsed).posts[-1].title == "First Post"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("First Post", "Fixed Post").replace("Sales Coaching", "Sales Coachinq"),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_mtime_ns, path.stat().st_size) == (before.st_mtime_ns, before.st_size)
    reader = parsed if same_reader else ParsedFiles(project.cache_dir)
    post = next(p for p in load_content(project, parsed=reader).posts if p.source == path)
    assert (post.title, post.tags[0]) == ("Fixed Post", "Sales Coachinq")


@pytest.mark.parametrize("damage", [
    b"", b"\x00\xff not json", b"[1, 2]", b'{"entries": 5}', b"k 1\nk2 \"x\"\n", "cut short",
    "every entry",
])
def test_a_damaged_cache_file_is_ignored(blog, damage):
    project = _rich_blog(blog)
    cold = _snapshot(load_content(project, include_drafts=True))
    load_content(project, include_drafts=True, parsed=ParsedFiles(project.cache_dir))
    assert "../../x" not in repr(cold)
    cache_file = project.cache_dir / FILE_NAME
    if damage == "cut short":  # every line loses its end
        damage = b"\n".join(line[: len(line) // 2] for line in cache_file.read_bytes().split(b"\n"))
    elif damage == "every entry":  # well-formed JSON, entries that cannot make a post
        entries = _entries(cache_file)
        for number, entry in enumerate(entries.values()):
            broken = [("fields", {"date": {"datetime": ["not a date", 0, None]}}), ("body_at", None),
                      ("links", 7), ("fields", {"nonsense": 1}), ("fields", {"slug": "../../x"})][number % 5]
            if isinstance(broken[1], dict):
                entry[broken[0]].update(broken[1])
            else:
                entry[broken[0]] = broken[1]
        damage = "".join(f"{key} {json.dumps(entry)}\n" for key, entry in entries.items()).encode()
    cache_file.write_bytes(damage)
    assert _snapshot(load_content(project, include_drafts=True, parsed=ParsedFiles(project.cache_dir))) == cold
    # ... and made again, whole, for the next build.
    assert len(_entries(cache_file)) == 6


def test_build_keeps_parsed_posts_and_no_cache_keeps_none(blog):
    result = blog.run("build", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not (blog.root / ".salesblog-cache" / FILE_NAME).exists()
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    entries = _entries(blog.root / ".salesblog-cache" / FILE_NAME)
    assert len(entries) == 3
    # A post removed since is dropped from the cache at the next build.
    (blog.root / "content/posts/third-post.md").unlink()
    assert blog.run("build").exit_code == 0
    entries = _entries(blog.root / ".salesblog-cache" / FILE_NAME)
    assert len(entries) == 2


def test_the_content_listing_is_what_rglob_lists(blog, tmp_path):
    """content/tree.py answers for Path.rglob("*") and Path.is_file(): the same entries in the
    same order, links to folders listed but not entered, links to files counted as files."""
    from salesblog.content.tree import ContentTree

    blog.write("content/posts/bundle/index.md", "---\ntitle: B\n---\n")
    blog.write("content/posts/bundle/img/a b.png", b"x")
    blog.write("content/.hidden/x.md", "x")
    blog.write("content/images/b-c.png", b"x")
    blog.write("content/images/b/c.png", b"x")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "f.png").write_bytes(b"x")
    os.symlink(outside, blog.root / "content/images/linked-folder")
    os.symlink(blog.root / "content/images/b-c.png", blog.root / "content/images/linked-file.png")
    os.symlink(blog.root / "nowhere.png", blog.root / "content/images/broken.png")
    content = blog.root / "content"
    tree = ContentTree(content)
    assert [path for _, path in tree.entries] == sorted(content.rglob("*"))
    assert sorted(tree.files) == sorted(str(p) for p in content.rglob("*") if p.is_file())
    assert sorted(tree.links) == sorted(p for p in content.rglob("*") if p.is_symlink())
    inside_link = content / "images/linked-folder/deep/f.png"  # not listed: asked of the disk
    assert tree.is_file(inside_link) and not tree.is_file(content / "images/missing.png")
