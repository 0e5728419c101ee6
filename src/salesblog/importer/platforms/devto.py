"""DEV and other Forem communities: the article body in `#article-body`, the author named on the
article element, tags as `crayons-tag` links; the site's keywords are the community's, not tags."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.metadata import PageMetadata
from salesblog.importer.platforms.base import Platform, has_any
from salesblog.importer.text import clean_author


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return has_any(soup, ".crayons-article__body", "#article-show-container", ".crayons-article")


def _author_attribute(soup: BeautifulSoup) -> PageMetadata:
    found = PageMetadata()
    article = soup.select_one("[data-author-name]")
    name = clean_author(article["data-author-name"]) if article is not None else None
    found.authors = [name] if name else []
    return found


PLATFORM = Platform(
    name="devto",
    detect=detect,
    body_selectors=("#article-body", ".crayons-article__body"),
    title_selectors=("#main-title h1", ".crayons-article__header h1"),
    author_selectors=(".crayons-article__header a.crayons-link.fw-bold",),
    date_selectors=(".crayons-article__header time[datetime]", "#main-title time[datetime]"),
    tag_selectors=(".spec__tags a.crayons-tag", ".crayons-article__header a.crayons-tag"),
    furniture=(".highlight__panel", ".js-actions-panel", ".crayons-article-actions"),
    extra_metadata=_author_attribute,
)
