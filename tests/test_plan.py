"""The structure of the site, asserted on its plan: which page is where, what each shows, and
which routes collide. Real content read and checked from real files, rendered and planned as a
build does, without laying out a page (milliseconds; test_build.py keeps full builds)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from salesblog.checks import read_checked
from salesblog.errors import ContentError
from salesblog.project import Project
from salesblog.render.batch import render_posts
from salesblog.site.builders import feed_files
from salesblog.render.cache import RenderCache
from salesblog.site.digests import page_fingerprint
from salesblog.site.plan import plan_site
from salesblog.site.routes import PAGE_KINDS, route_table
from salesblog.site.specs import PageMemo
from salesblog.site.urls import SiteUrls, link_table
from salesblog.site.views import ListingView, PostView

NOW = dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc)


def planned(blog, *, include_drafts: bool = False, memo: PageMemo | None = None, jobs: int = 1):
    content = read_checked(Project(blog.root), NOW, include_drafts=include_drafts)
    rendered = render_posts(content, link_table(content, SiteUrls(content.config)), RenderCache(None), jobs=1)
    return content, plan_site(content, rendered, NOW, memo=memo, jobs=jobs)


def pages(plan) -> dict:
    return {spec.path: spec for spec in plan.pages}


def titles(cards) -> list[str]:
    return [card.title for card in cards]


def files(plan) -> dict:
    return {output.path: output for output in plan.files}


@pytest.fixture
def site(blog):
    """The sample blog, with a draft, a future post and an imported post with its old address."""
    blog.add_draft_future_and_imported_posts()
    return blog


def test_every_page_route_has_its_page_and_every_page_a_route(site):
    content, plan = planned(site)
    routes = route_table(content)[0]
    page_routes = {(r.path, r.kind) for r in routes.routes if r.kind in PAGE_KINDS}
    assert {(spec.path, spec.kind) for spec in plan.pages} == page_routes
    assert len(plan.pages) == len(page_routes)  # no path planned twice
    assert {path for path, kind in page_routes if kind == "post"} == {
        "blog/first-post/", "blog/second-post/", "blog/third-post/", "blog/old-post/"}
    assert {path for path, kind in page_routes if kind == "home"} == {"", "page/2/"}
    assert {path for path, kind in page_routes if kind == "tag"} == {
        "tags/sales-coaching/", "tags/leadership/", "tags/negotiation/"}
    assert {path for path, kind in page_routes if kind == "author"} == {
        "authors/brian/", "authors/brian/page/2/", "authors/guest-writer/"}  # three posts, two a page


def test_home_is_paginated_newest_first_with_summaries(site):
    _, plan = planned(site)
    home, second = pages(plan)[""], pages(plan)["page/2/"]
    assert home.title == "Home" and second.title == "Test Blog (page 2)"
    assert titles(home.view.posts) == ["Third Post", "Second Post"]  # posts_per_page: 2
    assert titles(second.view.posts) == ["First Post", "Old Post"]
    assert (home.view.page, home.view.pages, second.view.page) == (1, 2, 2)
    assert (home.view.previous_url, home.view.next_url) == ("", "/page/2/")
    assert (second.view.previous_url, second.view.next_url) == ("/", "")
    summary = second.view.posts[0].summary_html
    assert "The first paragraph of the first post." in summary and "More text here" not in summary


def test_drafts_and_future_posts_are_left_out_but_preview_shows_drafts(site):
    _, plan = planned(site)
    shown = repr([spec.view for spec in plan.pages])
    assert "Draft Post" not in shown and "Future Post" not in shown
    assert "blog/draft-post/" not in pages(plan)
    _, preview = planned(site, include_drafts=True)
    assert "blog/draft-post/" in pages(preview)


def test_post_page_recent_older_newer_and_share_links(site):
    _, plan = planned(site)
    first = pages(plan)["blog/first-post/"]
    assert isinstance(first.view.made(), PostView) and first.kind == "post" and first.searchable
    assert titles(first.view.recent) == ["Third Post", "Second Post"]  # recent_posts: 2
    assert first.view.previous.title == "Old Post" and first.view.next.title == "Second Post"
    third = pages(plan)["blog/third-post/"]
    assert titles(third.view.recent) == ["Second Post", "First Post"]  # never the post itself
    assert third.view.next is None
    assert [link.network for link in first.view.share] == ["linkedin", "x", "email"]
    assert [t.name for t in first.view.card.tags] == ["Sales Coaching", "leadership"]
    assert [a.name for a in first.view.card.authors] == ["Brian Signorelli"]


def test_tag_author_and_archive_pages_list_their_posts(site):
    _, plan = planned(site)
    tag = pages(plan)["tags/leadership/"]
    assert isinstance(tag.view, ListingView) and tag.view.tag.name == "leadership"
    assert titles(tag.view.posts) == ["Second Post", "First Post"]
    assert tag.view.feed_url == "/tags/leadership/feed.xml"
    index = pages(plan)["tags/"].view
    assert {t.name: t.count for t in index.tags} == {"leadership": 2, "negotiation": 2, "Sales Coaching": 1}
    brian = pages(plan)["authors/brian/"]
    assert brian.title == "Brian Signorelli" and brian.view.author.id == "brian"
    assert titles(brian.view.posts) == ["Second Post", "First Post"]
    assert '"@type": "ProfilePage"' in brian.view.meta.json_ld
    assert [(card.id, count) for card, count in pages(plan)["authors/"].view.authors] == [
        ("brian", 3), ("guest-writer", 1)]
    years = pages(plan)["archive/"].view.years
    assert [(year, titles(cards)) for year, cards in years] == [
        (2024, ["Third Post", "Second Post", "First Post"]), (2023, ["Old Post"])]


def test_a_tag_page_lists_every_post_with_the_tag_on_one_page(blog):
    for number in range(5):
        blog.post(f"many-{number}", title=f"Many {number}", date=f"2024-05-0{number + 1}", tags=["leadership"])
    content, plan = planned(blog)
    assert titles(pages(plan)["tags/leadership/"].view.posts) == [
        "Many 4", "Many 3", "Many 2", "Many 1", "Many 0", "Second Post", "First Post"]
    assert not any(path.startswith("tags/leadership/page/") for path in pages(plan))
    assert [r.path for r in route_table(content)[0].of("author", "brian")] == [
        "authors/brian/", "authors/brian/page/2/", "authors/brian/page/3/", "authors/brian/page/4/"]


def test_legacy_url_and_redirect_table_become_redirect_files(site):
    site.write("content/redirects.yml", "/blog/tag/leadership: /tags/leadership/\n"
                                        "/blog/first-post: /elsewhere/\n")  # a post's page wins
    content, plan = planned(site)
    redirect = files(plan)["blog/old-post-path/index.html"].data.decode()
    assert 'content="0; url=https://blog.example.com/blog/old-post/"' in redirect
    assert "This page has moved" in files(plan)["blog/tag/leadership/index.html"].data.decode()
    assert "blog/first-post/index.html" not in files(plan)
    assert files(plan)["_redirects"].data.decode().splitlines()[1:] == [
        "/blog/old-post-path /blog/old-post/ 301", "/blog/tag/leadership /tags/leadership/ 301"]
    assert [r.file for r in route_table(content)[0].kind("redirect")] == [
        "blog/old-post-path/index.html", "blog/tag/leadership/index.html"]


def test_only_the_thanks_page_is_noindex(blog):
    _, plan = planned(blog)
    hidden = [spec for spec in plan.pages if not spec.indexable]
    assert [spec.path for spec in hidden] == ["contribute/thanks/"]
    assert ("name", "robots", "noindex") in hidden[0].view.meta.tags
    assert not any(("name", "robots", "noindex") in spec.view.meta.tags for spec in plan.pages if spec.indexable)


def in_series(blog, name: str, order: int, *, date: str, extra: str = "") -> None:
    blog.post(name, title=name.replace("-", " ").title(), date=date,
              extra=f"series: closing\nseries_order: {order}\n" + extra)


@pytest.fixture
def serial(blog):
    blog.write("content/series.yml", "closing:\n  title: Closing the quarter\n  intro: Read in order.\n")
    for order, name in ((3, "part-three"), (1, "part-one"), (2, "part-two")):  # dated against the order
        in_series(blog, name, order, date=f"2024-04-0{4 - order}")
    return blog


def test_series_parts_and_page(serial):
    _, plan = planned(serial)
    series = pages(plan)["series/closing/"]
    assert series.kind == "series" and titles(series.view.parts) == ["Part One", "Part Two", "Part Three"]
    box = pages(plan)["blog/part-two/"].view.series
    assert (box.title, box.url, box.number) == ("Closing the quarter", "/series/closing/", 2)
    assert [(part.card.title, part.current) for part in box.parts] == [
        ("Part One", False), ("Part Two", True), ("Part Three", False)]
    assert pages(plan)["blog/first-post/"].view.series is None


def test_drafts_and_future_parts_are_left_out_of_the_series(serial):
    in_series(serial, "part-four", 4, date="2024-04-04", extra="draft: true\n")
    in_series(serial, "part-five", 5, date="2999-01-01")
    _, plan = planned(serial)
    assert titles(pages(plan)["series/closing/"].view.parts) == ["Part One", "Part Two", "Part Three"]
    box = pages(plan)["blog/part-one/"].view.series
    assert box.number == 1 and [part.card.title for part in box.parts] == ["Part One", "Part Two", "Part Three"]
    assert pages(plan)["series/closing/"].description == "A series of 3 posts on Test Blog"


def test_related_posts_share_tags_and_leave_out_drafts(blog):
    blog.post("coaching", title="Coaching Again", date="2024-04-01", tags=["Sales Coaching", "leadership"])
    blog.post("coaching-draft", title="Coaching Draft", date="2024-04-02", tags=["Sales Coaching"],
              extra="draft: true\n")
    _, plan = planned(blog, include_drafts=True)
    related = titles(pages(plan)["blog/first-post/"].view.related)
    assert related[0] == "Coaching Again" and "Coaching Draft" not in related
    assert pages(plan)["blog/coaching-draft/"].view.related == []


RENAME = "; change slug (or permalink in site_config.yml)"


@pytest.mark.parametrize("extra, permalink, line, message", [
    ("slug: tags\n", "{slug}/", 6, f"its page /tags/ is also the tag index{RENAME}"),
    ("slug: brian\n", "authors/{slug}/", 6, f"its page /authors/brian/ is also the page of author 'brian'{RENAME}"),
    ("slug: assets\n", "{slug}/", 6, f"its page /assets/ is also a folder the site needs{RENAME}"),
    ("legacy_url: https://old.example.com/sitemap.xml\n", "blog/{slug}/", 6,
     "legacy_url path /sitemap.xml is also a file the site needs"),
    ("legacy_url: /blog/first-post/\n", "blog/{slug}/", 6,
     "legacy_url path /blog/first-post/index.html is also the page of content/posts/first-post.md"),
])
def test_colliding_routes_are_reported_at_their_file_and_line(blog, extra, permalink, line, message):
    blog.write("site_config.yml", (blog.root / "site_config.yml").read_text() + f'permalink: "{permalink}"\n')
    blog.post("clash", title="Clash", date="2024-05-01", extra=extra)
    with pytest.raises(ContentError) as error:
        planned(blog)
    assert f"content/posts/clash.md:{line}: {message}" in [str(p) for p in error.value.problems]


def test_a_redirect_cannot_take_the_path_of_a_file_in_a_post_folder(blog):
    blog.write("content/posts/bundle/index.md",
               "---\ntitle: Bundle\ndate: 2024-04-02\nauthors: [brian]\n---\n\n![A chart](chart.png)\n")
    blog.write("content/posts/bundle/chart.png", b"\x89PNG\r\n\x1a\n fake")
    blog.post("clash", title="Clash", date="2024-05-01",
              extra="legacy_url: https://old.example.com/blog/bundle/chart.png\n")
    with pytest.raises(ContentError) as error:
        planned(blog)
    assert [str(p) for p in error.value.problems] == [
        "content/posts/clash.md:6: legacy_url path /blog/bundle/chart.png is also the file of "
        "content/posts/bundle/index.md"]


def test_a_standalone_page_cannot_take_a_reserved_or_taken_address(blog):
    blog.write("content/pages/about.md", "---\ntitle: About\nnav: true\n---\n\nAbout us.\n")
    content, plan = planned(blog)
    about = pages(plan)["about/"]
    assert (about.kind, about.title, about.searchable) == ("page", "About", True)
    assert ("About", "about/") in plan.nav
    blog.write("content/pages/archive.md", "---\ntitle: Archive\n---\n\nMine.\n")
    with pytest.raises(ContentError) as error:
        planned(blog)
    assert [str(p) for p in error.value.problems] == [
        "content/pages/archive.md:1: its address /archive/ is reserved for the site's own pages; rename the file"]


# --- fingerprints ---------------------------------------------------------------------------

def test_post_views_are_made_only_when_a_template_reads_them(blog):
    # A rebuild after one edit reuses every other post page: planning and fingerprinting them,
    # the search index (card, HTML) and the sitemap (card) must not set up their views.
    _, plan = planned(blog)
    posts = [spec for spec in plan.pages if spec.kind == "post"]
    fingerprints(plan)
    assert posts and all(spec.view._make is not None for spec in posts)
    first = posts[0]
    assert first.view.card.title == first.title and "<p>" in first.view.html
    assert first.view._make is not None
    assert first.view.share and first.view._make is None  # what a template reads makes it
    assert all(spec.view._make is not None for spec in posts[1:])


def test_feeds_made_on_two_processes_are_those_made_on_one(blog, monkeypatch):
    monkeypatch.setattr(feed_files, "PARALLEL_THRESHOLD", 2)
    _, serial = planned(blog)
    _, parallel = planned(blog, jobs=2)
    feeds = {f.path: f.data for f in serial.files if f.path.endswith((".xml", ".json"))}
    assert len(feeds) >= 8 and all(feeds.values())  # site, tag and author feeds
    assert {f.path: f.data for f in parallel.files if f.path in feeds} == feeds


def fingerprints(plan) -> dict[str, str]:
    return {spec.path: page_fingerprint("layout", spec) for spec in plan.pages}


def showing(plan, text: str) -> set[str]:
    """The pages whose view shows `text` anywhere (a view's repr shows every field)."""
    return {spec.path for spec in plan.pages if text in repr(spec.view) or text in spec.title}


def test_a_changed_title_changes_every_page_showing_it_and_no_other(blog):
    _, before = planned(blog)
    shown = showing(before, "Third Post")
    blog.post("third-post", title="Third Post, Retitled", date="2024-03-10", authors=["guest-writer"],
              tags=["negotiation"], body="Third post body, by a guest.")
    _, after = planned(blog)
    old, new = fingerprints(before), fingerprints(after)
    changed = {path for path in old if old[path] != new[path]}
    assert changed == shown
    assert {"blog/third-post/", "", "tags/negotiation/", "authors/guest-writer/", "archive/",
            "blog/second-post/"} <= changed  # its page, listings, and a newer-post link
    assert {"page/2/", "tags/leadership/", "authors/brian/", "contribute/", "tags/"}.isdisjoint(changed)


def test_planning_again_with_a_memo_reuses_exactly_the_pages_whose_inputs_held(blog):
    memo = PageMemo()  # what a preview keeps between saves
    _, first = planned(blog, memo=memo)
    posts = {spec.path for spec in first.pages if spec.kind == "post"}
    # A sentence added at the end: the post's teaser, and so its card, stay as they were.
    blog.post("third-post", title="Third Post", date="2024-03-10", authors=["guest-writer"],
              tags=["negotiation"], body="Third post body, by a guest.\n\nOne more sentence at the end.")
    _, edited = planned(blog, memo=memo)
    assert reused_pages(first, edited) == posts - {"blog/third-post/"}
    assert "One more sentence" in pages(edited)["blog/third-post/"].view.html
    # A new title is on the pages linking to the post as older, newer, recent or related too.
    blog.post("third-post", title="Third Post, Retitled", date="2024-03-10", authors=["guest-writer"],
              tags=["negotiation"], body="Third post body, by a guest.")
    _, retitled = planned(blog, memo=memo)
    _, fresh = planned(blog)  # the same content planned from nothing
    assert fingerprints(retitled) == fingerprints(fresh)
    assert [repr(spec.view) for spec in retitled.pages] == [repr(spec.view) for spec in fresh.pages]
    assert reused_pages(edited, retitled) == {path for path in posts if "Third Post" not in repr(pages(edited)[path].view)}


def reused_pages(before, after) -> set[str]:
    """The pages of `after` that are the very objects `before` planned."""
    old = pages(before)
    return {spec.path for spec in after.pages if spec is old.get(spec.path)}


def test_a_changed_author_name_changes_every_page_showing_it_and_no_other(blog):
    _, before = planned(blog)
    shown = showing(before, "Aaron Wittersheim")
    blog.write("content/authors.yml", (blog.root / "content/authors.yml").read_text()
               .replace("Aaron Wittersheim", "Aaron W. Wittersheim"))
    _, after = planned(blog)
    old, new = fingerprints(before), fingerprints(after)
    assert {path for path in old if old[path] != new[path]} == shown
    assert {"authors/guest-writer/", "authors/", "blog/third-post/", ""} <= shown
    assert "authors/brian/" not in shown


def test_fingerprints_follow_the_layout_and_stay_put_when_nothing_changed(blog):
    _, first = planned(blog)
    _, again = planned(blog)
    assert fingerprints(first) == fingerprints(again)
    spec = first.pages[0]
    assert page_fingerprint("other layout", spec) != page_fingerprint("layout", spec)


def test_a_page_digest_reads_each_card_digest_made_once(blog):
    """Cheap by construction: the planner digests each card when it makes it, and a page's
    digest takes the card's digest instead of walking the card again."""
    _, plan = planned(blog)
    home = pages(plan)[""]
    cards = home.view.posts
    assert all(re.fullmatch(r"[0-9a-f]{40}", card.digest) for card in cards)
    assert all(a.digest and t.digest for card in cards for a, t in zip(card.authors, card.tags))
    before = page_fingerprint("layout", home)
    cards[0].summary_html += " (changed behind the planner's back)"
    home.digest = ""  # digest the page again: its cards' digests still stand for them
    assert page_fingerprint("layout", home) == before
    cards[0].digest = "another card"
    home.digest = ""
    assert page_fingerprint("layout", home) != before


def test_nav_footer_and_not_found_lists(blog):
    blog.write("content/pages/about.md", "---\ntitle: About us\nnav: true\n---\n\nWho writes here.\n")
    blog.write("content/pages/imprint.md", "---\ntitle: Imprint\n---\n\nPlain text.\n")
    _, plan = planned(blog)
    assert plan.nav == [("Home", ""), ("Tags", "tags/"), ("Archive", "archive/"), ("About us", "about/"),
                        ("Contribute", "contribute/")]  # nav: true pages only, before Contribute
    assert [(link.title, link.url) for link in plan.extra["footer_links"]] == [
        ("About us", "/about/"), ("Archive", "/archive/"), ("Tags", "/tags/"), ("Authors", "/authors/"),
        ("RSS", "/feed.xml"), ("Contribute", "/contribute/")]
    assert pages(plan)["imprint/"].description == "Plain text."
    assert titles(plan.not_found.recent) == ["Third Post", "Second Post"]  # recent_posts: 2
    assert [t.name for t in plan.not_found.tags] == ["leadership", "negotiation", "Sales Coaching"]


def test_related_posts_follow_a_changed_tag_when_planned_again(blog):
    """Planning again (as preview does on every save) reuses the last ranking only while every
    title, teaser and tag is as it was."""
    for number in range(4):
        blog.post(f"other-{number}", title=f"Other {number}", date=f"2023-0{number + 1}-01", tags=["other"])
    _, first = planned(blog)
    _, same = planned(blog)
    assert titles(pages(same)["blog/third-post/"].view.related) == titles(pages(first)["blog/third-post/"].view.related)
    assert not titles(pages(first)["blog/third-post/"].view.related)[0].startswith("Other")
    blog.post("third-post", title="Third Post", date="2024-03-10", authors=["guest-writer"],
              tags=["negotiation", "other"], body="Third post body, by a guest.")
    _, after = planned(blog)
    assert titles(pages(after)["blog/third-post/"].view.related)[0].startswith("Other")  # a shared tag first
