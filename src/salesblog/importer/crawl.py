"""A whole blog by its address: every post found through the sitemap, the feed and the listing
pages, fetched a few at a time, parsed as the saved pages are, and handed to the writer as they
arrive. Listing, tag, author and asset pages are left out and counted; tag, author and listing
addresses are kept for redirects. robots.txt is honoured (unless told otherwise), busy servers
are retried with backoff, and an interrupted crawl resumes: the state file under
.salesblog-cache/crawl/ remembers which posts were already written."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from urllib.parse import urljoin

from salesblog.files import write_atomic
from salesblog.importer.crawl_discovery import (PAGE_TYPES, Found, feed_item_links, feed_links, fetch_with_retries,
                                                next_listing_pages, page_links, parse_page, read_robots,
                                                sitemap_urls)
from salesblog.importer.crawl_urls import Blog, kind_of, name_in
from salesblog.importer.decoding import decode_bytes
from salesblog.importer.fetch import Fetched, FetchError
from salesblog.importer.model import ImportedPost, ParsedSource, SkippedItem
from salesblog.importer.more import mark_more
from salesblog.importer.old_addresses import OldPage
from salesblog.importer.options import SourceOptions
from salesblog.importer.page import NotAnArticle, parse_legacy_page
from salesblog.importer.relink import url_key

_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:BlogPosting|NewsArticle|Article)"')
_LEFT_OUT = {"listing": "listing page", "tag": "tag page", "author": "author page", "asset": "asset",
             "outside": "page outside the blog"}
SAVE_EVERY = 10
MAX_POSTS = 50_000  # a bound on a sitemap that never ends


def is_blog_address(url: str, html: str) -> bool:
    """The blog's home or a listing page rather than one post: its root path, a listing
    address, or a page that says it is no article and lists several."""
    blog = Blog.at(url)
    if kind_of(url, Blog(blog.origin, "/")) == "listing":
        return True
    page = parse_page(html)
    if any((m.get("property") or "").lower() == "og:type" and (m.get("content") or "").lower() == "article"
           for m in page.iter("meta")):
        return False
    if any(_ARTICLE_TYPE.search(script.text or "") for script in page.iter("script")
           if "ld+json" in (script.get("type") or "")):
        return False
    has_next = any("next" in (e.get("rel") or "").lower().split() for e in [*page.iter("link"), *page.iter("a")])
    return sum(1 for _ in page.iter("article")) >= 3 or has_next


def crawl_blog(start: Fetched, options: SourceOptions) -> ParsedSource:
    """The posts come as an iterator; skipped pages, failures and old addresses fill in as it runs."""
    result = ParsedSource()
    result.posts = _crawl(start, options, result)
    return result


class CrawlState:
    """Posts of this blog already written by an earlier, interrupted run."""

    def __init__(self, folder: Path | None, start_url: str):
        name = hashlib.sha256(start_url.encode()).hexdigest()[:16]
        self.path = folder / f"{name}.json" if folder else None
        self.done: set[str] = set()
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.done = {u for u in data.get("done", []) if isinstance(u, str)}
            except (OSError, ValueError, AttributeError):
                self.done = set()

    def save(self) -> None:
        if self.path:
            write_atomic(self.path, json.dumps({"version": 1, "done": sorted(self.done)}) + "\n")

    def forget(self) -> None:
        if self.path and self.path.exists():
            self.path.unlink()


def _crawl(start: Fetched, options: SourceOptions, result: ParsedSource) -> Iterator[ImportedPost]:
    blog = Blog.at(start.url)
    robots = read_robots(blog, options)
    found = _discover(start, blog, robots, options, result)
    state = CrawlState(options.state_dir, start.url)
    if not found.posts:
        result.failures.append(f"{start.url}: no posts found through the sitemap, the feed or the listing pages")
    todo = []
    for url in found.posts:
        if url_key(url) in state.done:
            continue
        if not robots.allows(url):
            result.skipped.append(SkippedItem(url, "disallowed by robots.txt"))
            continue
        todo.append(url)
    old_pages: dict[str, OldPage] = {}
    failed = False
    written = 0
    try:
        for url, outcome in _fetch_all(todo, options):
            options.tell("fetched")
            if isinstance(outcome, str):
                result.failures.append(outcome)
                failed = True
                continue
            post, html = outcome
            if post is None:
                result.skipped.append(SkippedItem(url, "not an article"))
                continue
            for link, text in page_links(parse_page(html), url):
                kind = kind_of(link, blog)
                if kind in ("tag", "author") and url_key(link) not in old_pages:
                    old_pages[url_key(link)] = OldPage(link, kind, _name(text) or name_in(link))
            yield post
            state.done.add(url_key(url))
            written += 1
            if written % SAVE_EVERY == 0:
                state.save()
    finally:
        state.save()
    for url, kind in found.others.items():
        if kind in ("tag", "author") and url_key(url) not in old_pages:
            old_pages[url_key(url)] = OldPage(url, kind, name_in(url))
        elif kind == "listing" and not blog.is_root(url):
            old_pages[url_key(url)] = OldPage(url, "listing")
    result.old_pages += list(old_pages.values())
    if not failed:
        state.forget()  # complete: a later run crawls afresh (and updates what changed)


def _name(text: str) -> str:
    text = " ".join(text.split()).strip("#")
    return text if 0 < len(text) <= 60 else ""


def _discover(start: Fetched, blog: Blog, robots, options: SourceOptions, result: ParsedSource) -> Found:
    found = Found()

    def add(url: str) -> None:
        kind = kind_of(url, blog)
        key = url_key(url)
        if key is None or key in found.seen:
            return
        found.seen.add(key)
        if kind == "post":
            if len(found.posts) == MAX_POSTS:
                result.failures.append(f"{blog.origin}{blog.root}: more than {MAX_POSTS} posts found; "
                                       f"the first {MAX_POSTS} are imported")
            if len(found.posts) >= MAX_POSTS:
                return
            found.posts.append(url)
            options.tell("found")
        else:
            found.others[url] = kind
            if kind != "outside":
                result.skipped.append(SkippedItem(url, _LEFT_OUT[kind]))

    for url in sitemap_urls(blog, robots, options):
        add(url)
    start_html = decode_bytes(start.data, start.content_type)
    for feed in feed_links(parse_page(start_html), start.url):
        for url in feed_item_links(feed, options):
            add(url)
    _follow_listings(start, start_html, blog, robots, options, add)
    return found


def _follow_listings(start: Fetched, start_html: str, blog: Blog, robots, options: SourceOptions, add) -> None:
    """The listing pages from the start page on, through their pagination; their links to posts."""
    queue = [(start.url, start_html)]
    visited = {url_key(start.url)}
    while queue:
        url, html = queue.pop(0)
        add(url)
        tree = parse_page(html)
        for link, _ in page_links(tree, url):
            if kind_of(link, blog) in ("post", "tag", "author"):
                add(link)
        for page in next_listing_pages(tree, url, blog):
            if url_key(page) in visited or len(visited) >= 500 or not robots.allows(page):
                continue
            visited.add(url_key(page))
            try:
                fetched = fetch_with_retries(page, options, accept=PAGE_TYPES)
            except FetchError:
                continue
            queue.append((fetched.url, decode_bytes(fetched.data, fetched.content_type)))


def _fetch_all(urls: list[str], options: SourceOptions) -> Iterator[tuple[str, object]]:
    """(url, (post or None, html) | failure message), at most `concurrency` pages in flight."""
    with ThreadPoolExecutor(max_workers=max(1, options.concurrency)) as pool:
        pending: dict[Future, str] = {}
        remaining = iter(urls)
        try:
            while True:
                while len(pending) < options.concurrency * 2:
                    url = next(remaining, None)
                    if url is None:
                        break
                    pending[pool.submit(_read_post_page, url, options)] = url
                if not pending:
                    return
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield pending.pop(future), future.result()
        finally:
            for future in pending:
                future.cancel()


def _read_post_page(url: str, options: SourceOptions):
    try:
        fetched = fetch_with_retries(url, options, accept=PAGE_TYPES)
    except FetchError as error:
        return str(error)
    except ValueError as error:  # an address urllib cannot even form a request for
        return f"{url}: {error}"
    html = decode_bytes(fetched.data, fetched.content_type)
    try:
        post = parse_legacy_page(mark_more(html), origin=url, url=fetched.url)
    except NotAnArticle:
        return None, html
    if options.prefetch_image is not None:
        _prefetch_images(post, options)
    return post, html


def _prefetch_images(post: ImportedPost, options: SourceOptions) -> None:
    """Download the post's images here, a few pages at a time, rather than one by one when the
    writer asks for them (it finds them in the shared cache)."""
    sources = re.findall(r"<img\b[^>]*?\bsrc=[\"']([^\"']+)", post.body_html, re.I) + ([post.image] if post.image else [])
    for source in dict.fromkeys(sources):
        url = urljoin(post.base_url or "", source.replace("&amp;", "&"))
        if url.startswith(("http://", "https://")):
            try:
                options.prefetch_image(url)
            except FetchError:
                pass  # the writer meets the same failure and reports it
