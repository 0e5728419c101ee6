"""A build served from caches equals a clean build, byte for byte, after every kind of edit."""

from __future__ import annotations

import filecmp
import json
import os
import time
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


def _beside_site(blog) -> list[str]:
    return sorted(p.name for p in blog.root.iterdir() if p.name.startswith(".site."))


def _gone_soon(blog, names: list[str], seconds: float = 30) -> bool:
    """The old sites are removed by a detached process: give it time."""
    deadline = time.monotonic() + seconds
    while any((blog.root / name).exists() for name in names):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_rebuild_removes_the_old_site_and_keeps_the_new_one_whole(blog):
    assert blog.run("build").exit_code == 0
    edit(blog.root / "content/posts/first-post.md", "More text here.", "Other text.")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    # Whole the moment the build returns, though the old site may still be on its way out.
    assert "Other text." in blog.page("blog/first-post/index.html")
    assert (blog.root / "site/search/search_index.json").is_file()
    assert _gone_soon(blog, _beside_site(blog))
    assert _beside_site(blog) == []


def test_old_sites_left_by_ended_builds_go_those_of_running_builds_stay(blog):
    assert blog.run("build").exit_code == 0
    ended = blog.root / ".site.old-999999999-0000"  # no such process
    running = blog.root / f".site.old-{os.getppid()}-0000"  # the process that started pytest
    for folder in (ended, running):
        (folder / "blog").mkdir(parents=True)
        (folder / "blog/index.html").write_text("an old page", encoding="utf-8")
    assert blog.run("build").exit_code == 0
    assert _gone_soon(blog, [name for name in _beside_site(blog) if name != running.name])
    assert _beside_site(blog) == [running.name]


def test_a_failed_rebuild_leaves_the_previous_site_as_it_was(blog):
    from salesblog.engine.plugin import FORK_THRESHOLD

    for number in range(FORK_THRESHOLD):  # enough pages for the forked page worker
        blog.post(f"post-{number:03d}", title=f"Post {number}", date="2025-01-01")
    assert blog.run("build").exit_code == 0
    before = {p.relative_to(blog.root / "site"): p.read_bytes()
              for p in (blog.root / "site").rglob("*") if p.is_file()}
    edit(blog.root / "content/posts/first-post.md", "More text here.", "Other text.")
    blog.write("theme/partials/salesblog/share.html", "{{ no_such_thing.anywhere }}\n")
    result = blog.run("build")
    assert result.exit_code == 1
    after = {p.relative_to(blog.root / "site"): p.read_bytes()
             for p in (blog.root / "site").rglob("*") if p.is_file()}
    assert after == before
    assert _beside_site(blog) == []


def test_the_search_index_takes_unchanged_entries_only_from_the_file_it_recorded(blog):
    assert blog.run("build").exit_code == 0
    index = blog.root / "site/search/search_index.json"
    # Someone rewrites the index in place: its recorded layout no longer describes it.
    index.write_text(index.read_text(encoding="utf-8").replace("Third post body", "Tampered"),
                     encoding="utf-8")
    edit(blog.root / "content/posts/first-post.md", "More text here.", "Other text.")
    rebuild_and_compare(blog)
    text = index.read_text(encoding="utf-8")
    assert "Other text." in text and "Third post body" in text and "Tampered" not in text


def test_posts_rendered_on_workers_reach_the_cache_the_next_build_reads(blog):
    from salesblog.pipeline import build_site
    from salesblog.project import Project
    from salesblog.render.batch import PARALLEL_THRESHOLD

    for number in range(PARALLEL_THRESHOLD + 5):  # enough for the render workers
        blog.post(f"extra-{number}", title=f"Extra {number}", date="2024-01-02", authors=["brian"],
                  tags=["leadership"], body=f"Extra post number {number}, with a [link](first-post.md).")
    build_site(Project(blog.root), blog.root / "site", jobs=2)
    written = sorted((blog.root / ".salesblog-cache" / "render").glob("*/*.json"))
    assert len(written) == PARALLEL_THRESHOLD + 5 + 3  # each worker wrote the posts it rendered
    assert any("Extra post number 7," in path.read_text(encoding="utf-8") for path in written)
    stamps = [path.stat().st_mtime_ns for path in written]
    build_site(Project(blog.root), blog.root / "site", jobs=2)  # reads them: renders nothing
    assert [path.stat().st_mtime_ns for path in written] == stamps
    rebuild_and_compare(blog)


def test_two_processes_taking_turns_lay_out_the_site_one_process_does(blog):
    from salesblog.engine.plugin import FORK_THRESHOLD
    from salesblog.pipeline import build_site
    from salesblog.project import Project

    for number in range(FORK_THRESHOLD):  # enough pages for the layout to fork
        blog.post(f"turn-{number}", title=f"Turn {number}", date=f"2024-02-{1 + number % 28:02d}",
                  authors=["brian"], tags=["leadership"], body=f"Post {number}.")
    two = build_site(Project(blog.root), blog.root / "site", jobs=2)
    one = build_site(Project(blog.root), blog.root / "one", jobs=1, use_cache=False)
    assert two.laid_out == one.laid_out == two.pages > FORK_THRESHOLD
    assert differences(blog.root / "site", blog.root / "one") == []


def test_page_turns_give_every_page_to_exactly_one_process():
    from salesblog.engine.plugin import PageTurns

    turns = PageTurns(500)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: whatever happens, it must not go on as a second pytest
        try:
            worker = turns.for_worker()
            os.write(write_end, json.dumps([n for n in range(500) if worker.mine(n)]).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    taken_here = [n for n in range(500) if turns.mine(n)]
    with os.fdopen(read_end, "rb") as pipe:
        taken_there = json.loads(pipe.read())
    os.waitpid(pid, 0)
    assert taken_there[0] == 0  # the worker's first page, given before the turns
    assert sorted(taken_here + taken_there) == list(range(500))


def test_stopped_page_turns_give_out_no_more_pages():
    from salesblog.engine.plugin import PageTurns

    turns = PageTurns(10)
    assert turns.mine(1)  # page 0 is the worker's
    turns.stop()  # a failed build
    assert not any(turns.mine(number) for number in range(2, 10))
