"""`salesblog preview` over real HTTP: drafts shown, edits visible after a save."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("timed out waiting")


def test_preview_shows_drafts_and_reloads_edits(blog):
    draft = blog.post("draft-post", title="Draft Post", date="2024-03-20", extra="draft: true\n",
                      body="First words of the draft.")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "salesblog", "-C", str(blog.root), "preview",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/blog/draft-post/"
        first = wait_for(lambda: fetch(url))
        assert "First words of the draft." in first
        assert "/livereload/" in first  # MkDocs' reload script: the open page reloads on a save
        draft.write_text(draft.read_text().replace("First words", "Edited words"))
        wait_for(lambda: "Edited words of the draft." in fetch(url))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (blog.root / "site").exists()  # preview never touches the published site


def page_stamps(site) -> dict[str, int]:
    return {str(path.relative_to(site)): path.stat().st_mtime_ns for path in site.rglob("index.html")}


def test_preview_rebuild_rewrites_only_the_pages_an_edit_changed(blog, caplog):
    from salesblog.pipeline import Builder
    from salesblog.project import find_project

    site = blog.root / "preview-out"
    builder = Builder(find_project(blog.root), site, include_drafts=True, staged=False, jobs=1)
    builder.build()
    before = page_stamps(site)
    caplog.set_level(logging.INFO, logger="salesblog.engine.mkdocs_site")
    post = blog.root / "content/posts/second-post.md"
    post.write_text(post.read_text().replace("Second post opening.", "Second post opening.\n\nA new line."))
    result = builder.build()
    after = page_stamps(site)
    assert "A new line." in (site / "blog/second-post/index.html").read_text()
    changed = {path for path in before if after[path] != before[path]}
    assert changed == {"blog/second-post/index.html"}
    assert result.laid_out == 1
    builder.layout_session.wait()  # the index is written just after the pages, aside
    assert "A new line." in (site / "search/search_index.json").read_text()

    # A new title shows on listings too: those pages are laid out again, the others are not.
    post.write_text(post.read_text().replace('title: "Second Post"', 'title: "Renamed Post"'))
    builder.build()
    assert "Renamed Post" in (site / "index.html").read_text()
    assert "Renamed Post" in (site / "blog/second-post/index.html").read_text()
    assert page_stamps(site)["blog/third-post/index.html"] == before["blog/third-post/index.html"] or \
        "Renamed Post" in (site / "blog/third-post/index.html").read_text()

    # A new post adds pages (its own, its tag's); a deleted one takes its pages away.
    blog.post("fourth-post", title="Fourth Post", date="2024-04-10", tags=["Brand New Tag"],
              body="Fourth words.")
    builder.build()
    assert "Fourth words." in (site / "blog/fourth-post/index.html").read_text()
    assert "Fourth Post" in (site / "index.html").read_text()
    assert "Fourth Post" in (site / "tags/brand-new-tag/index.html").read_text()
    assert "blog/fourth-post/" in (site / "sitemap.xml").read_text()
    (blog.root / "content/posts/third-post.md").unlink()
    builder.build()
    assert not (site / "blog/third-post/index.html").exists()
    assert "Third Post" not in (site / "index.html").read_text()
    # Every rebuild above kept MkDocs' set-up and updated the pages in place.
    assert caplog.text.count("changed pages updated in place") == 4


def test_a_new_preview_session_reuses_the_pages_of_the_last_one_in_place(blog):
    from salesblog.pipeline import Builder
    from salesblog.project import find_project

    site = blog.root / "preview-out"
    Builder(find_project(blog.root), site, staged=False, jobs=1).build()
    untouched = site / "blog/third-post/index.html"
    stamp = untouched.stat().st_mtime_ns
    # A preview started again: its first build is a full one, into the folder the last left.
    result = Builder(find_project(blog.root), site, staged=False, jobs=1).build()
    assert result.laid_out == 0
    assert untouched.stat().st_mtime_ns == stamp
    assert "Third post body" in untouched.read_text(encoding="utf-8")


def previewed_with_many_posts(blog):
    """A preview built once over enough posts (two a listing page) that a newest post shifts
    more pages than are laid out before a rebuild returns; and the reloads it then asks for."""
    from salesblog.engine.session import ASIDE_THRESHOLD
    from salesblog.pipeline import Builder
    from salesblog.project import find_project

    for number in range(2 * ASIDE_THRESHOLD):
        blog.post(f"post-{number:03d}", title=f"Post {number}", date=f"2023-{1 + number // 28:02d}-{1 + number % 28:02d}")
    site = blog.root / "preview-out"
    builder = Builder(find_project(blog.root), site, include_drafts=True, staged=False, jobs=1)
    builder.build()
    reloads: list[str] = []
    builder.layout_session.after_aside = lambda: reloads.append("reload")
    return builder, site, reloads


def test_pages_a_new_post_only_shifts_are_laid_out_after_the_rebuild_then_recorded(blog):
    from salesblog.engine.session import ASIDE_THRESHOLD
    from salesblog.pipeline import Builder
    from salesblog.project import find_project
    from salesblog.site.reuse import PageReuse

    builder, site, reloads = previewed_with_many_posts(blog)
    last_home_page = max((p for p in site.glob("page/*/index.html")), key=lambda p: int(p.parent.name))
    before = last_home_page.read_text(encoding="utf-8")

    blog.post("newest-post", title="Newest Post", date="2025-05-01", body="Newest words.")
    result = builder.build()
    # The new post is there when the rebuild returns; the shifted listings follow aside.
    assert "Newest words." in (site / "blog/newest-post/index.html").read_text(encoding="utf-8")
    assert result.laid_out > ASIDE_THRESHOLD
    builder.layout_session.wait()
    assert reloads == ["reload"]  # open pages reload once the shifted pages are written
    assert last_home_page.read_text(encoding="utf-8") != before
    # Recorded as laid out only once written: a new session reuses every page as it is.
    again = Builder(find_project(blog.root), site, include_drafts=True, staged=False, jobs=1).build()
    assert again.laid_out == 0
    record = PageReuse(find_project(blog.root).cache_dir, site.resolve(), "").previous
    assert "" not in record.values()


def test_a_template_edited_during_preview_shows_on_the_next_rebuild(blog):
    from salesblog.pipeline import Builder
    from salesblog.project import find_project

    site = blog.root / "preview-out"
    builder = Builder(find_project(blog.root), site, staged=False, jobs=1)
    blog.write("theme/partials/salesblog/share.html", "<p>First share text</p>\n")
    builder.build()
    assert "First share text" in (site / "blog/first-post/index.html").read_text(encoding="utf-8")
    # Templates are not checked for changes on every include: the edit must still be seen.
    blog.write("theme/partials/salesblog/share.html", "<p>Second share text</p>\n")
    builder.build()
    page = (site / "blog/first-post/index.html").read_text(encoding="utf-8")
    assert "Second share text" in page and "First share text" not in page


def test_an_error_in_the_pages_laid_out_after_the_rebuild_ends_in_a_full_rebuild_that_reports_it(blog):
    from salesblog.errors import SalesblogError

    card = Path(__file__).resolve().parents[1] / "src/salesblog/templates/partials/salesblog/post-card.html"
    # A theme override that breaks on one card only, which only listing pages show.
    blog.write("theme/partials/salesblog/post-card.html",
               '{% if card.title == "Boom Post" %}{{ no_such_thing.anywhere }}{% endif %}'
               + card.read_text(encoding="utf-8"))
    builder, site, reloads = previewed_with_many_posts(blog)

    blog.post("boom-post", title="Boom Post", date="2025-05-01", body="Boom words.")
    builder.build()  # the post's own page is laid out; the listings fail aside
    assert "Boom words." in (site / "blog/boom-post/index.html").read_text(encoding="utf-8")
    builder.layout_session.wait()
    assert reloads == []  # no reload (and so no rebuild loop) after a failure
    assert "Boom words." in (site / "search/search_index.json").read_text(encoding="utf-8")
    assert not list(site.rglob("*.tmp"))
    with pytest.raises(SalesblogError, match="post-card.html"):
        builder.build()  # a full layout, which reports the template's error as a rebuild does
