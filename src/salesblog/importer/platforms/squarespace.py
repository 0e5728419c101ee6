"""Squarespace: `blog-item-content` made of `sqs-block`s, lazy `data-src`/`data-image` images,
tags and categories as `?tag=` / `?category=` links."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment

from salesblog.importer.platforms.base import Platform, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    if has_any(soup, ".sqs-block", ".blog-item-content", "[class*=sqs-layout]"):
        return True
    if html_has(raw, "static1.squarespace.com", "assets.squarespace.com", "images.squarespace-cdn.com"):
        return True
    return any("squarespace" in c.lower() for c in soup.find_all(string=lambda s: isinstance(s, Comment))[:5])


PLATFORM = Platform(
    name="squarespace",
    detect=detect,
    body_selectors=(".blog-item-content.e-content", ".blog-item-content", ".entry-content", "article .sqs-layout",
                    ".BlogItem .sqs-layout", "article .body"),
    title_selectors=(".blog-item-title .entry-title", "h1.entry-title", ".BlogItem-title", ".entry-title"),
    author_selectors=(".blog-author-name", ".blog-meta-item--author", ".entry-author .author-name",
                      ".entry-author", ".BlogItem-meta-author", "a[href*='?author=']", ".author-name"),
    date_selectors=("time.dt-published", ".blog-meta-item--date", "time.published", ".BlogItem-meta time",
                    ".entry-dateline time", "article time"),
    tag_selectors=(".blog-item-tag-wrapper a, .blog-item-category-wrapper a", ".blog-meta-item--tags a",
                   ".entry-tags a, .entry-categories a", "a[href*='?tag='], a[href*='?category=']",
                   ".tags a, .categories a"),
    furniture=(".sqs-block-newsletter", ".sqs-block-button", ".sqs-block-summary-v2", ".sqs-block-code",
               ".blog-item-author-profile-wrapper", ".blog-item-pagination", ".squarespace-comments",
               ".sqs-block-horizontalrule", ".sqs-block-spacer"),
)
