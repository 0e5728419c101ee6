"""`salesblog import https://blog/`: a whole blog crawled over real HTTP on loopback."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.fixture_blog import FEED_ONLY, build_site, slug_of
from tests.helpers_import import body_of, make_project, posts, salesblog

FLAG = "--allow-private-addresses"


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


def legacy_blog(count: int):
    from tests.loopback import serve

    site, fixture_posts = build_site(count)
    server, base = serve(site)
    return server, site, fixture_posts, base


@pytest.fixture
def small_blog():
    server, site, fixture_posts, base = legacy_blog(30)
    yield site, fixture_posts, base
    server.shutdown()


def test_crawl_finds_posts_by_sitemap_feed_and_pagination_and_leaves_out_the_rest(project, small_blog):
    site, fixture_posts, base = small_blog
    site.delay = 0.02
    result = salesblog(project, "import", FLAG, f"{base}/")
    assert result.exit_code == 0, result.output
    written = posts(project)
    # sitemap-only, listing-only and feed-only posts are all there, nothing else
    assert len(written) == len(fixture_posts) == 30
    titles = {front_matter(text)["title"] for text in written.values()}
    assert titles == {p.title for p in fixture_posts}
    assert "8 × tag page" in result.output and "listing page" in result.output
    assert "1 × disallowed by robots.txt" in result.output
    requested = site.paths_requested()
    assert "/private/draft-plans" not in requested  # robots.txt honoured
    assert all("salesblog-import/" in headers.get("User-Agent", "") for _, _, headers in site.requests)
    assert 1 < site.most_in_flight <= 4  # bounded concurrency, default 4
    assert salesblog(project, "check").exit_code == 0


def test_ignore_robots_and_concurrency_option(project, small_blog):
    site, _, base = small_blog
    site.delay = 0.02
    result = salesblog(project, "import", FLAG, "--ignore-robots", "--concurrency", "2", f"{base}/")
    assert "/private/draft-plans" in site.paths_requested()
    assert "disallowed by robots.txt" not in result.output
    assert site.most_in_flight <= 2


def test_busy_pages_are_retried(project, small_blog):
    site, fixture_posts, base = small_blog
    busy = fixture_posts[4].path
    site.failures[busy] = 2
    result = salesblog(project, "import", FLAG, f"{base}/")
    assert result.exit_code == 0, result.output
    assert site.paths_requested().count(busy) == 3
    assert len(posts(project)) == 30


def test_an_interrupted_crawl_resumes_where_it_stopped(project, small_blog):
    site, fixture_posts, base = small_blog
    broken = [p.path for p in fixture_posts[10:13]]
    for path in broken:
        site.failures[path] = 99  # down for longer than the retries last
    first = salesblog(project, "import", FLAG, f"{base}/")
    assert first.exit_code == 1
    assert "27 imported" in first.output and "HTTP 503" in first.output
    assert list((project / ".salesblog-cache" / "crawl").glob("*.json"))
    site.failures.clear()
    site.requests.clear()
    second = salesblog(project, "import", FLAG, f"{base}/")
    assert second.exit_code == 0, second.output
    fetched_posts = {path for path in site.paths_requested() if path in {p.path for p in fixture_posts}}
    assert fetched_posts == set(broken)  # only what the first run could not get
    assert len(posts(project)) == 30
    assert not list((project / ".salesblog-cache" / "crawl").glob("*.json"))  # done: forgotten


class _Static(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return response.status, response.read().decode("utf-8")


def test_a_200_post_blog_is_crawled_imported_built_and_every_old_address_answered(project, tmp_path):
    started = time.monotonic()
    server, site, fixture_posts, base = legacy_blog(200)
    try:
        result = salesblog(project, "import", FLAG, f"{base}/")
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert "200 imported" in result.output
    written = posts(project)
    assert len(written) == 200
    # links between posts are .md files, whatever form the old link took; tags point at new tag pages
    sample = body_of(written[next(n for n in written if n.startswith("lesson-50-"))])
    assert sample.count(".md)") == 3 and "utm_" not in sample and base not in sample
    assert "](/tags/" in sample
    assert salesblog(project, "check").exit_code == 0  # 0 broken links
    build = salesblog(project, "build")
    assert build.exit_code == 0, build.output
    out = project / "site"

    # every old address: posts, tag pages, author pages, listing pages
    old_paths = [p.path for p in fixture_posts] + [f"/tag/{slug_of(t)}" for t in {t for p in fixture_posts
                                                                               for t in p.tags}]
    old_paths += [f"/author/{slug_of(p.author)}" for p in fixture_posts[:5]]
    old_paths += [path for path in site.files if re.fullmatch(r"/page/\d+", path)]
    handler = functools.partial(_Static, directory=str(out))
    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    here = f"http://127.0.0.1:{static.server_address[1]}"
    try:
        for old in old_paths:
            status, page = _get(here + old)
            assert status == 200, old
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
            if refresh:  # a redirect page: where it leads must exist
                target = urlsplit(refresh.group(1)).path
                assert _get(here + target)[0] == 200, (old, target)
    finally:
        static.shutdown()
    netlify = (out / "_redirects").read_text(encoding="utf-8")
    nginx = (out / "redirects.nginx.conf").read_text(encoding="utf-8")
    for post in fixture_posts:
        assert re.search(rf"^{re.escape(post.path)} /blog/[^ ]+/ 301$", netlify, re.M), post.path
        assert f'"{post.path}" "/blog/' in nginx
    assert "/tag/sales-coaching /tags/sales-coaching/ 301" in netlify
    assert "/author/brian-signorelli /authors/brian-signorelli/ 301" in netlify
    assert time.monotonic() - started < 90  # generous here; the aim is under 40 s on a quiet machine


def test_a_hostile_blog_home_fails_quickly_and_says_why(project):
    from tests.loopback import Site, serve

    site = Site()
    site.add("/", "<html><head><link rel='next' href='/page/2'><meta property=\"og:type\" " + '<a href="' * 60000,
             "text/html")
    site.add("/page/2", "<a href='/page/3'>Older posts</a>" + "<a href=" * 60000, "text/html")
    site.add("/sitemap.xml", b"\x1f\x8b" + b"\x00" * 100, "application/x-gzip")  # a broken gzip
    site.add("/robots.txt", "User-agent: *\nDisallow:\n" + "Sitemap: /x\n" * 1000, "text/plain")
    server, base = serve(site)
    try:
        started = time.monotonic()
        result = salesblog(project, "import", FLAG, f"{base}/")
        assert time.monotonic() - started < 15
    finally:
        server.shutdown()
    assert result.exit_code == 1
    assert "no posts found" in result.output and posts(project) == {}
