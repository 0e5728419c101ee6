"""Blogger (blogspot): `post-body entry-content`, `post-labels`, `abbr.published` timestamps."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "blogger" in generator(soup) or has_any(soup, ".post-body.entry-content", ".post-labels") or \
        html_has(raw, "www.blogger.com/static", "blogger.googleusercontent.com", "blogspot.com/feeds")


PLATFORM = Platform(
    name="blogger",
    detect=detect,
    body_selectors=(".post-body.entry-content", ".post-body", ".entry-content", "[itemprop=articleBody]"),
    title_selectors=(".post-title.entry-title", "h3.post-title", ".post-title", "h1.entry-title"),
    author_selectors=(".post-author .fn", ".post-author-name", ".post-author [itemprop=name]",
                      ".byline.post-author .fn", ".post-author a", "span.fn"),
    date_selectors=("abbr.published", "time.published", ".post-timestamp abbr", "a.timestamp-link time",
                    ".post-timestamp time", ".date-header span", ".date-header"),
    tag_selectors=(".post-labels a", ".label-info a", ".post-footer a[rel~=tag]", ".labels a"),
    furniture=(".post-share-buttons", ".post-footer", ".blog-pager", ".post-feeds", ".comments",
               ".post-header", ".byline", ".jump-link"),
)
