"""Typepad and Movable Type: `entry-body` inside `entry-content`, the title an `entry-header` h3,
and a footer line "Posted by NAME on DATE at TIME in CATEGORY" followed by tag links."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return any(name in generator(soup) for name in ("typepad", "movable type")) or \
        has_any(soup, ".entry-footer .post-footers", ".entry .entry-body") or html_has(raw, "static.typepad.com")


PLATFORM = Platform(
    name="typepad",
    detect=detect,
    body_selectors=(".entry-content", ".entry-body", ".asset-body", ".entry"),
    title_selectors=(".entry-header", ".asset-name", "h3.entry-header"),
    author_selectors=(".post-footers a[rel~=author]", ".asset-meta .vcard .fn", ".post-footers a"),
    # the footer's "on June 05, 2019 at 09:15 AM" has the time; the date header above has only the day
    date_selectors=(".post-footers", "abbr.published", ".asset-meta time", ".date-header"),
    # the category is the footer's link that is not its author; tags follow in `entry-tags`
    tag_selectors=(".post-footers a:not([rel~=author]):not([href*='profile.typepad.com'])", ".entry-categories a",
                   ".entry-tags a", ".asset-tags a"),
    furniture=(".entry-footer", ".post-share", ".entry-tags", ".entry-categories"),
)
