"""Tumblr: theme-dependent markup; posts in `post-content` / `.post .body`, tags as `/tagged/`
links (with a leading #), the blog's name as the author."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.metadata import PageMetadata, first_meta
from salesblog.importer.platforms.base import Platform, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    app = (first_meta(soup, "al:android:package", "al:ios:app_name", "og:site_name", "twitter:site") or "").lower()
    return "tumblr" in app or html_has(raw, "assets.tumblr.com", "tumblr_controls", "static.tumblr.com",
                                       "64.media.tumblr.com")


def _blog_name(soup: BeautifulSoup) -> PageMetadata:
    found = PageMetadata()
    name = first_meta(soup, "author", "twitter:title") if soup.find("meta", attrs={"name": "author"}) else None
    if name:
        found.authors = [name]
    return found


PLATFORM = Platform(
    name="tumblr",
    detect=detect,
    body_selectors=(".post-content", ".post .body", ".post-body", ".text-post .body", "article .body",
                    ".post .text", ".post .caption", "article .caption", ".entry-content", "article"),
    title_selectors=(".post-title", "article h2.title", ".post h2", "article h1", ".post h1"),
    author_selectors=(".post-author", ".reblog-header .tumblelog-name", ".author"),
    date_selectors=("time", ".post-date", ".date a", ".date", ".meta .date"),
    tag_selectors=("a[href*='/tagged/']", ".tags a", ".post-tags a"),
    furniture=(".post-footer", ".post-meta", ".notes", ".reblog-list", ".like-button", ".reblog-button",
               ".tags", ".post-notes"),
    extra_metadata=_blog_name,
    site_is_author=True,
)
