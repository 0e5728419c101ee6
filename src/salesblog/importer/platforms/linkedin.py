"""LinkedIn articles (Pulse): the text in `article-content-blocks`, the author card above it,
images behind `data-delayed-url`; articles have no tags ("Explore topics" is LinkedIn's)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.metadata import first_meta
from salesblog.importer.platforms.base import Platform, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    site = (first_meta(soup, "og:site_name") or "").lower()
    return site == "linkedin" and (has_any(soup, "[data-test-id=article-content-blocks]", ".pulse-title")
                                   or html_has(raw, "media.licdn.com"))


PLATFORM = Platform(
    name="linkedin",
    detect=detect,
    body_selectors=("[data-test-id=article-content-blocks]", ".article-main__content", ".reader-article-content"),
    title_selectors=("h1.pulse-title", ".reader-article-header__title"),
    author_selectors=(".publisher-author-card .base-main-card__title", ".author-info__name"),
    date_selectors=(".publisher-author-card time",),
    furniture=(".social-action-bar", ".more-articles", ".explore-topics", ".comments"),
    guess_tags=False,
)
