"""Joomla 3-5 (Cassiopeia, Protostar and most templates): schema.org microdata on the article,
an "article-info" list with author, category and date, tags as a `tags` list."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "joomla" in generator(soup) or has_any(soup, ".com-content-article", ".item-page .article-info")


PLATFORM = Platform(
    name="joomla",
    detect=detect,
    body_selectors=(".com-content-article__body", ".item-page [itemprop=articleBody]", "[itemprop=articleBody]",
                    ".item-page"),
    title_selectors=(".item-page .page-header h1", ".item-page .page-header h2", ".item-page [itemprop=headline]"),
    author_selectors=(".createdby [itemprop=name]", ".createdby"),
    date_selectors=(".published time[datetime]", "[itemprop=datePublished]", ".create time[datetime]"),
    tag_selectors=(".article-info .category-name a", "ul.tags a", ".tags a"),
    furniture=(".article-info", ".tags", ".pagenavigation", ".pager", ".article-index", ".icons",
               ".content_rating"),
)
