"""A build served from caches equals a clean build, byte for byte, after every kind of edit."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest


def differences(left: Path, right: Path) -> list[str]:
    found = []

    def walk(compare: filecmp.dircmp, prefix: str = "") -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right))
    return found


def rebuild_and_compare(blog) -> None:
    """Cached build into site/, clean build elsewhere: the two must be identical."""
    cached = blog.run("build")
    assert cached.exit_code == 0, cached.output
    clean = blog.run("build", "--no-cache", "-d", str(blog.root / "clean-site"))
    assert clean.exit_code == 0, clean.output
    assert differences(blog.root / "site", blog.root / "clean-site") == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    "post title": ("content/posts/first-post.md", 'title: "First Post"', 'title: "Renamed Post"', "Renamed Post"),
    "post body": ("content/posts/first-post.md", "More text here.", "Changed text.", "Changed text."),
    "author": ("content/authors.yml", "name: Brian Signorelli", "name: Brian S. Signorelli", "Brian S. Signorelli"),
    "tag": ("content/posts/second-post.md", 'tags: ["leadership"]', 'tags: ["leadership", "closing"]', "closing"),
    "setting": ("site_config.yml", "title: Test Blog", "title: Renamed Blog", "Renamed Blog"),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_cached_build_equals_clean_build_after_edit(blog, case):
    rebuild_and_compare(blog)
    relative, old, new, visible = EDITS[case]
    edit(blog.root / relative, old, new)
    rebuild_and_compare(blog)
    # The change shows wherever it belongs, not only on its own page.
    pages = {"post title": ["page/2/index.html", "blog/second-post/index.html", "tags/leadership/index.html", "feed.xml"],
             "post body": ["blog/first-post/index.html", "feed.xml"],
             "author": ["blog/first-post/index.html", "authors/brian/index.html", "atom.xml"],
             "tag": ["blog/second-post/index.html", "tags/index.html", "tags/closing/index.html"],
             "setting": ["index.html", "blog/third-post/index.html", "404.html", "feed.xml"]}[case]
    for page in pages:
        assert visible in blog.page(page), page


def test_unchanged_pages_keep_their_files(blog):
    assert blog.run("build").exit_code == 0
    untouched = blog.root / "site/blog/third-post/index.html"
    inode = untouched.stat().st_ino
    edit(blog.root / "content/posts/first-post.md", "More text here.", "Other text.")
    assert blog.run("build").exit_code == 0
    assert untouched.stat().st_ino == inode
    assert "Other text." in blog.page("blog/first-post/index.html")


def test_a_no_cache_build_leaves_a_record_the_next_build_can_trust(blog):
    post = blog.root / "content/posts/first-post.md"
    original = post.read_text(encoding="utf-8")
    assert blog.run("build").exit_code == 0
    edit(post, "More text here.", "Briefly changed.")
    assert blog.run("build", "--no-cache").exit_code == 0
    post.write_text(original, encoding="utf-8")
    assert blog.run("build").exit_code == 0
    assert "Briefly changed." not in blog.page("blog/first-post/index.html")
    clean = blog.run("build", "--no-cache", "-d", str(blog.root / "clean-site"))
    assert clean.exit_code == 0
    assert differences(blog.root / "site", blog.root / "clean-site") == []


def test_removing_a_post_and_changing_the_theme_are_rebuilt(blog):
    rebuild_and_compare(blog)
    (blog.root / "content/posts/third-post.md").unlink()
    blog.write("theme/partials/salesblog/cta.html", '<aside class="sb-cta">Changed offer</aside>')
    rebuild_and_compare(blog)
    assert not (blog.root / "site/blog/third-post").exists()
    assert "Changed offer" in blog.page("blog/first-post/index.html")
