"""What an address of a blog is: a post, a listing page, a tag or author page, an asset, or a
page outside the blog. Decided from the address alone, the way blog platforms lay them out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from salesblog.importer.relink import url_key

ASSET = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|ico|bmp|tiff?|avif|css|js|mjs|json|xml|rss|atom|txt|pdf|zip|"
                   r"gz|mp3|mp4|mov|webm|woff2?|ttf|eot|docx?|xlsx?|pptx?|csv)$", re.I)
TAG = re.compile(r"/(?:tags?|topics?|category|categories|label|labels|search/label|hashtag)/([^/]+)/?$", re.I)
AUTHOR = re.compile(r"/(?:author|authors|profile|people|writer|contributors?|user)/([^/]+)/?$", re.I)
LISTING = re.compile(r"(?:/page/\d+/?$|/(?:archive|archives|search|feed|rss|atom)(?:/.*)?$|/\d{4}(?:/\d{2})?/?$)", re.I)
LISTING_QUERY = re.compile(r"(?:^|&)(?:page|paged|start|offset|updated-max|before|after|max-results)=", re.I)
# Feed-reader, share and tracking end points that are never posts
_NEVER = re.compile(r"/(?:wp-admin|wp-login|wp-json|cdn-cgi|_hcms|hs|hubfs|comments?|login|"
                    r"signup|cart|checkout)(?:/|$)", re.I)


@dataclass(frozen=True)
class Blog:
    """The blog being crawled: its origin and the path its posts live under ("/blog/")."""

    origin: str
    root: str

    @classmethod
    def at(cls, url: str) -> "Blog":
        parts = urlsplit(url)
        root = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
        if LISTING.search(parts.path) or TAG.search(parts.path) or AUTHOR.search(parts.path):
            root = re.split(r"/(?:page|tags?|topics?|category|author|authors|archive)/", parts.path)[0] + "/"
        return cls(f"{parts.scheme}://{parts.netloc}", root or "/")

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}".lower() != self.origin.lower():
            return _same_host(parts.netloc, urlsplit(self.origin).netloc) and parts.path.startswith(self.root)
        return parts.path.startswith(self.root) or parts.path.rstrip("/") + "/" == self.root

    def is_root(self, url: str) -> bool:
        return urlsplit(url).path.rstrip("/") + "/" == self.root and not urlsplit(url).query


def _same_host(a: str, b: str) -> bool:
    return a.lower().removeprefix("www.") == b.lower().removeprefix("www.")


def kind_of(url: str, blog: Blog) -> str:
    """post | listing | tag | author | asset | outside"""
    if not blog.owns(url):
        return "outside"
    parts = urlsplit(url)
    path = parts.path
    if ASSET.search(path) or _NEVER.search(path):
        return "asset"
    if blog.is_root(url):
        return "listing"
    if TAG.search(path):
        return "tag"
    if AUTHOR.search(path):
        return "author"
    if LISTING.search(path) or (parts.query and LISTING_QUERY.search(parts.query)):
        return "listing"
    return "post"


def name_in(url: str) -> str:
    """The tag's or author's slug an address ends with."""
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def absolute(href: str, base: str) -> str | None:
    """`href` made absolute against `base`, without fragment; None for mail, script and the like."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    url, _ = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def same_page(a: str, b: str) -> bool:
    return url_key(a) == url_key(b)
