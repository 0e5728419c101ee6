"""Finding a blog's posts: robots.txt (its rules and its Sitemap lines), the sitemap (index files
included), the RSS/Atom feed the home page names, and the listing pages' pagination."""

from __future__ import annotations

import re
import time
import urllib.robotparser
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from salesblog.importer.crawl_urls import Blog, absolute, kind_of
from salesblog.importer.decoding import decode_bytes
from salesblog.importer.fetch import PAGE_LIMIT, USER_AGENT, Fetched, FetchError, fetch
from salesblog.importer.options import SourceOptions
from salesblog.importer.xmltree import ExportError, children, local, parse_xml

XML_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "text/plain",
             "application/x-gzip", "application/gzip", "application/octet-stream")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAPS = 200
MAX_LISTING_PAGES = 500
_OLDER = re.compile(r"^\s*(?:older|next|more|previous)\s*(?:posts|entries|articles|page)?\s*(?:»|›|→|&raquo;)?\s*$"
                    r"|^\s*(?:»|›|→|&raquo;)\s*$|^\s*\d+\s*$", re.I)


def fetch_with_retries(url: str, options: SourceOptions, *, accept: tuple[str, ...], limit: int = PAGE_LIMIT,
                       headers: dict[str, str] | None = None) -> Fetched:
    """fetch(), retried with exponential backoff when the server is busy or unreachable; a 404
    or a wrong content type is final."""
    delay = options.backoff_seconds
    for attempt in range(options.retries + 1):
        try:
            if headers:
                return fetch(url, accept=accept, limit=limit, allow_private=options.allow_private, headers=headers)
            return fetch(url, accept=accept, limit=limit, allow_private=options.allow_private)
        except FetchError as error:
            message = str(error)
            transient = re.search(r"HTTP (?:5\d\d|429|408)|cannot connect|timed out|reset", message)
            if not transient or attempt == options.retries:
                raise
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


@dataclass
class Robots:
    rules: urllib.robotparser.RobotFileParser | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allows(self, url: str) -> bool:
        return self.rules is None or self.rules.can_fetch(USER_AGENT, url)


def read_robots(blog: Blog, options: SourceOptions) -> Robots:
    try:
        fetched = fetch_with_retries(f"{blog.origin}/robots.txt", options, accept=("text/",), limit=512 * 1024)
    except FetchError:
        return Robots()  # no robots.txt: everything may be fetched
    lines = decode_bytes(fetched.data, fetched.content_type).splitlines()
    rules = urllib.robotparser.RobotFileParser()
    rules.parse(lines)
    named = (absolute(line.split(":", 1)[1].strip(), f"{blog.origin}/") for line in lines
             if line.lower().startswith("sitemap:"))
    sitemaps = list(dict.fromkeys(url for url in named if url))[:MAX_SITEMAPS]
    return Robots(None if options.ignore_robots else rules, sitemaps)


@dataclass
class Found:
    """Addresses found so far, in the order found, by kind."""

    posts: list[str] = field(default_factory=list)
    others: dict[str, str] = field(default_factory=dict)  # url -> kind (listing, tag, author, asset, outside)
    seen: set[str] = field(default_factory=set)

    def add(self, url: str, kind: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        if kind == "post":
            self.posts.append(url)
        else:
            self.others[url] = kind
        return True


def sitemap_urls(blog: Blog, robots: Robots, options: SourceOptions) -> Iterator[str]:
    """Every <loc> of the blog's sitemaps, following sitemap index files."""
    queue = list(dict.fromkeys(robots.sitemaps + [f"{blog.origin}/sitemap.xml", f"{blog.origin}{blog.root}sitemap.xml",
                                                  f"{blog.origin}/sitemap_index.xml"]))
    done: set[str] = set()
    while queue and len(done) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in done:
            continue
        done.add(url)
        try:
            root = parse_xml(_gunzip(fetch_with_retries(url, options, accept=XML_TYPES).data))
        except (FetchError, ExportError):
            continue
        for entry in children(root, "sitemap") + children(root, "url"):
            loc = next(((c.text or "").strip() for c in entry if local(c) == "loc"), "")
            if not loc:
                continue
            loc = absolute(loc, url)
            if loc is None:
                continue
            if local(entry) == "sitemap":
                queue.append(loc)
            else:
                yield loc


def _gunzip(data: bytes) -> bytes:
    """A sitemap.xml.gz unpacked, at most PAGE_LIMIT bytes of it (a zip bomb stops there)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return unpacker.decompress(data, PAGE_LIMIT)
    except zlib.error as error:
        raise ExportError(f"a broken gzip file ({error})") from None


def parse_page(html: str):
    """The page as an lxml tree (linear time on any markup, however broken)."""
    try:
        return lxml.html.document_fromstring(html or "<html></html>")
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html></html>")


def feed_links(page, base: str) -> list[str]:
    """The RSS/Atom feeds a page announces with <link rel="alternate">."""
    found = []
    for link in page.iter("link"):
        if "alternate" in (link.get("rel") or "").lower().split() and \
                (link.get("type") or "").lower() in ("application/rss+xml", "application/atom+xml"):
            url = absolute(link.get("href") or "", base)
            if url:
                found.append(url)
    return found


def feed_item_links(url: str, options: SourceOptions) -> list[str]:
    try:
        root = parse_xml(fetch_with_retries(url, options, accept=XML_TYPES).data)
    except (FetchError, ExportError):
        return []
    links = []
    channel = next(iter(children(root, "channel")), root)
    for item in children(channel, "item") + children(root, "item") + children(root, "entry"):
        for child in item:
            if local(child) == "link":
                href = child.get("href") if child.get("href") else (child.text or "").strip()
                href = absolute(href or "", url)
                if href and (child.get("rel") or "alternate") == "alternate":
                    links.append(href)
    return links


def page_links(page, base: str) -> list[tuple[str, str]]:
    """(absolute url, link text) of every <a href> in a page."""
    found = []
    for anchor in page.iter("a"):
        url = absolute(anchor.get("href") or "", base)
        if url:
            found.append((url, " ".join(anchor.text_content().split())[:200]))
    return found


def next_listing_pages(page, base: str, blog: Blog) -> list[str]:
    """The pagination links of a listing page: rel=next, "Older posts", page numbers."""
    pages = []
    for element in list(page.iter("link")) + list(page.iter("a")):
        if "next" in (element.get("rel") or "").lower().split():
            url = absolute(element.get("href") or "", base)
            if url:
                pages.append(url)
    for url, text in page_links(page, base):
        if kind_of(url, blog) == "listing" and not blog.is_root(url) and (_OLDER.match(text) or
                                                                         re.search(r"/page/\d+/?$|[?&]page=\d+", url)):
            pages.append(url)
    return [p for p in dict.fromkeys(pages) if blog.owns(p)]
