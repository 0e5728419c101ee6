"""Wix Blog: everything marked with `data-hook`s; the post in `post-description` (Ricos viewer),
categories and tags as `data-hook` links, tags inside a <nav aria-label="tags">."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "wix.com" in generator(soup) or has_any(soup, "[data-hook=post-description]") or \
        html_has(raw, "static.wixstatic.com/media", "static.parastorage.com")


PLATFORM = Platform(
    name="wix",
    detect=detect,
    body_selectors=("[data-hook=post-description]", "[data-id=rich-content-viewer]", "[data-hook=post]"),
    title_selectors=("[data-hook=post-title]",),
    author_selectors=("[data-hook=user-name]", "[data-hook=post-metadata] a[href*='/profile/']"),
    date_selectors=("[data-hook=time-ago]",),
    tag_selectors=("[data-hook=post-categories-list] a", "a[data-hook=category-label-list__item]",
                   "[data-hook=tag-list] a", "a[data-hook=tag]"),
    furniture=("[data-hook=post-footer]", "[data-hook=recent-posts]", "[data-hook=comments-widget]",
               "[data-hook=share-buttons]", "[data-hook=post-stats]", "[data-hook=more-button]"),
)
