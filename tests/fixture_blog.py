"""A generated legacy blog (HubSpot-like addresses at the site's root) for the crawl tests and
scripts/bench_crawl.py: posts with authors, tags, images and links to each other in every form
an old blog writes them, listing pages with pagination, tag and author pages, a sitemap index,
an RSS feed and robots.txt.

Each way of finding posts is needed: the sitemap leaves out the listing's "featured" posts, the
listing leaves out every third post, and the newest posts are only in the feed (a stale sitemap
and a cached listing)."""

from __future__ import annotations

import datetime as dt
import gzip
import struct
import zlib
from dataclasses import dataclass
from html import escape

from tests.loopback import PLACEHOLDER, Site

AUTHORS = ["Brian Signorelli", "Dana Whitfield", "Marcus Lee", "Priya Raman", "Tom Okafor"]
TAGS = ["Sales Coaching", "Negotiation", "Forecasting", "Prospecting", "Sales Leadership", "Discovery Calls",
        "Onboarding", "Pipeline"]
TOPICS = ["coaching habits", "negotiation tactics", "forecast reviews", "cold outreach", "team leadership",
          "discovery questions", "rep onboarding", "pipeline hygiene"]
PER_PAGE = 20
FEED_ONLY = 5  # the newest posts, found in the feed alone
BASE = "http://127.0.0.1:PORT"


@dataclass(frozen=True)
class FixturePost:
    number: int
    slug: str
    title: str
    date: dt.datetime
    author: str
    tags: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.slug}"

    @property
    def image(self) -> str:
        return f"/hubfs/images/post-{self.number}.png"


def slug_of(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def make_posts(count: int) -> list[FixturePost]:
    start = dt.datetime(2019, 1, 7, 9, 0, tzinfo=dt.timezone.utc)
    found = []
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        title = f"Lesson {number + 1} on {topic.title()}"
        found.append(FixturePost(number, f"lesson-{number + 1}-{slug_of(topic)}", title,
                                 start + dt.timedelta(days=3 * number), AUTHORS[number % len(AUTHORS)],
                                 (TAGS[number % len(TAGS)], TAGS[(number * 3 + 1) % len(TAGS)])))
    return found


def png(number: int) -> bytes:
    """A real 2x2 PNG whose colour depends on `number` (so every image differs)."""
    raw = b"".join(b"\x00" + bytes([number % 256, (number * 7) % 256, 120]) * 2 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _page(title: str, body: str, *, head: str = "", og_type: str = "website") -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | Pipeline Blog</title>
<meta property="og:site_name" content="Pipeline Blog">
<meta property="og:type" content="{og_type}">
<meta name="generator" content="HubSpot">
<link rel="alternate" type="application/rss+xml" title="Pipeline Blog" href="{BASE}/rss.xml">
{head}</head>
<body>
<header class="site-header"><a href="/">Pipeline Blog</a>
<nav><a href="/">Blog</a> <a href="/tag/sales-coaching">Coaching</a> <a href="https://www.example.com/pricing">Pricing</a></nav>
</header>
{body}
<footer class="site-footer"><p>© 2019 Pipeline Inc. <a href="/tag/negotiation">Negotiation</a></p></footer>
</body></html>
"""


def _tag_link(tag: str) -> str:
    return f'<a class="topic-link" href="/tag/{slug_of(tag)}">{escape(tag)}</a>'


def post_page(post: FixturePost, posts: list[FixturePost]) -> str:
    previous = posts[post.number - 1] if post.number else posts[-1]
    later = posts[(post.number + 7) % len(posts)]
    third = posts[(post.number + 13) % len(posts)]
    hero = f'<meta property="og:image" content="{BASE}{post.image}">' if post.number % 2 == 0 else ""
    head = (f'<meta property="og:title" content="{escape(post.title)}">\n'
            f'<meta property="og:url" content="{BASE}{post.path}">\n'
            f'<meta property="article:published_time" content="{post.date.isoformat()}">\n'
            f'<meta name="description" content="What {escape(post.title.lower())} teaches a sales team.">\n{hero}')
    tags = " ".join(_tag_link(t) for t in post.tags)
    body = f"""<div class="container"><main>
<div class="hs-blog-post">
<h1 id="hs_cos_wrapper_name" class="blog-post__title">{escape(post.title)}</h1>
<div id="hubspot-author_data">Posted by <a class="author-link" href="/author/{slug_of(post.author)}">{escape(post.author)}</a>
on {post.date.strftime('%b %d, %Y %I:%M:%S %p')}</div>
<div class="post-body" id="hs_cos_wrapper_post_body">
<p><img src="{post.image}" alt="Illustration for lesson {post.number + 1}"></p>
<p>Every sales leader meets this question sooner or later, and lesson {post.number + 1} is about how a team answers it
without losing a quarter to guesswork. The habit starts with one honest conversation per week.</p>
<!--more-->
<h3>What the team does</h3>
<p>Read <a href="{BASE}{previous.path}?utm_source=blog&amp;utm_medium=link">the lesson before this one</a> first, then
<a href="{later.path}/">a later lesson</a> and <a href="http://127.0.0.1:PORT{third.path}/?hsLang=en">another one</a>.
The notes on <a href="/tag/{slug_of(post.tags[0])}">{escape(post.tags[0])}</a> collect the rest.</p>
<h3>What the manager does</h3>
<p>Managers ask one question per deal and write the answer down, so that the next review starts from facts.</p>
</div>
<p class="topics">Topics: {tags}</p>
</div>
</main>
<aside class="sidebar"><h3>Recent posts</h3><ul>
{''.join(f'<li><a href="{p.path}">{escape(p.title)}</a></li>' for p in posts[-5:])}
</ul></aside></div>"""
    return _page(post.title, body, head=head, og_type="article")


def listing_page(title: str, shown: list[FixturePost], number: int, pages: int, base: str) -> str:
    items = "\n".join(f'<article class="post-item"><h2><a href="{p.path}">{escape(p.title)}</a></h2>'
                      f'<p>By {escape(p.author)}</p></article>' for p in shown)
    link_next = f'<link rel="next" href="{base}page/{number + 1}">' if number < pages else ""
    older = f'<a class="next-posts-link" href="{base}page/{number + 1}">Older posts</a>' if number < pages else ""
    return _page(title, f"<main><h1>{escape(title)}</h1>\n{items}\n<nav class='pagination'>{older}</nav></main>",
                 head=link_next)


def build_site(count: int) -> tuple[Site, list[FixturePost]]:
    """The legacy blog as files of a loopback Site (addresses use http://127.0.0.1:PORT)."""
    posts = make_posts(count)
    site = Site()
    newest_first = list(reversed(posts))
    feed_only = {p.number for p in newest_first[:FEED_ONLY]}
    listed = [p for p in newest_first if p.number % 3 != 0 and p.number not in feed_only]
    pages = max(1, -(-len(listed) // PER_PAGE))
    for number in range(1, pages + 1):
        shown = listed[(number - 1) * PER_PAGE: number * PER_PAGE]
        html = listing_page("Pipeline Blog", shown, number, pages, "/")
        site.add("/" if number == 1 else f"/page/{number}", html, "text/html; charset=utf-8")
    for post in posts:
        site.add(post.path, post_page(post, posts), "text/html; charset=utf-8")
        site.add(post.image, png(post.number), "image/png")
    for tag in TAGS:
        tagged = [p for p in newest_first if tag in p.tags][:PER_PAGE]
        site.add(f"/tag/{slug_of(tag)}", listing_page(tag, tagged, 1, 1, f"/tag/{slug_of(tag)}/"),
                 "text/html; charset=utf-8")
    for author in AUTHORS:
        written = [p for p in newest_first if p.author == author][:PER_PAGE]
        site.add(f"/author/{slug_of(author)}", listing_page(author, written, 1, 1, "/"), "text/html; charset=utf-8")
    site.add("/private/draft-plans", _page("Draft plans", "<main><p>Not for robots.</p></main>"))
    in_sitemap = [p for p in posts if (p.number % 3 != 2 or p.number % 2 == 0) and p.number not in feed_only]
    posts_sitemap = _urlset([BASE + p.path for p in in_sitemap]).encode()

    def gzipped(path, query, headers):  # a compressed sitemap, as large blogs serve them
        if path != "/sitemap-posts.xml.gz":
            return None
        return 200, gzip.compress(posts_sitemap.replace(PLACEHOLDER, site.base.encode())), "application/x-gzip"

    site.dynamic = gzipped
    site.add("/sitemap-pages.xml", _urlset([f"{BASE}/tag/{slug_of(t)}" for t in TAGS] + [f"{BASE}/private/draft-plans"]))
    site.add("/sitemap_index.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{BASE}/sitemap-posts.xml.gz</loc></sitemap>"
             f"<sitemap><loc>{BASE}/sitemap-pages.xml</loc></sitemap></sitemapindex>\n")
    site.add("/robots.txt", f"User-agent: *\nDisallow: /private/\n\nSitemap: {BASE}/sitemap_index.xml\n", "text/plain")
    site.add("/rss.xml", _feed(newest_first[:10]), "application/rss+xml")
    return site, posts


def _urlset(urls: list[str]) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{escape(u)}</loc></url>" for u in urls) + "</urlset>\n")


def _feed(posts: list[FixturePost]) -> str:
    items = "".join(f"<item><title>{escape(p.title)}</title><link>{BASE}{p.path}</link>"
                    f"<pubDate>{p.date.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>" for p in posts)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Pipeline Blog</title>'
            f"<link>{BASE}/</link><description>Posts</description>{items}</channel></rss>\n")
