"""Any other platform: the usual article containers (schema.org, hAtom and common theme class
names), from the most to the least specific."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return True


PLATFORM = Platform(
    name="generic",
    detect=detect,
    body_selectors=(
        "[itemprop=articleBody]", ".e-content", ".entry-content", ".post-content", ".post-body", ".article-body",
        ".article-content", ".article__body", ".article__content", ".post__content", ".post__body",
        ".blog-post__body", ".blog-post-content", ".blog-content", ".entry-body", ".story-body",
        ".single-post-content", ".post-text", ".content-body", ".w-richtext", ".rich-text", ".rte",
        ".field--name-body", ".field-name-body", ".node__content", ".available-content .body",
        ".body.markup", "#article-body", ".crayons-article__body", ".prose", "[data-hook=post-description]",
        ".markdown-body", ".post", ".entry", "article", "main", "[role=main]", "#content", ".content",
    ),
    title_selectors=("article h1", ".entry-title", ".post-title", ".article-title", "h1.p-name", "main h1"),
    author_selectors=("[itemprop=author] [itemprop=name]", "[rel=author]", ".author-name", ".post-author",
                      ".byline-name", ".article-author", ".author a", ".author", ".byline a", ".byline"),
    date_selectors=("article time[datetime]", "time[itemprop=datePublished]", "time.published",
                    "[itemprop=datePublished]", "main time[datetime]", "time[datetime]", ".post-date", ".date"),
    tag_selectors=("article a[rel~=tag]", ".post-tags a", ".entry-tags a", ".article-tags a", ".tags a",
                   ".tag-list a", ".post-categories a", ".categories a", "a[rel~=tag]", ".crayons-tag",
                   ".tag a", "a.tag"),
)
