"""Any other platform: the usual article containers (schema.org, hAtom and common theme class
names), from the most to the least specific."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from salesblog.importer.dates import parse_date
from salesblog.importer.layout import inside_furniture
from salesblog.importer.metadata import PageMetadata
from salesblog.importer.platforms.base import Platform
from salesblog.importer.text import squash


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return True


# "posted @ 2021-11-08 09:30 Name 阅读(12)" (cnblogs and its clones), "发表于 2021-11-08 09:30 Name",
# "作者：Name": the bylines of Chinese blog hosts
_CJK_BYLINE = re.compile(r"(?:posted\s*@|发表于|发布于|发布时间[:：]?)\s*(\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?)"
                         r"(?:\s+([^\s\d()（）]{1,20}))?\s+(?:阅读|评论|浏览|views?|\()", re.I)
_CJK_AUTHOR = re.compile(r"作者\s*[:：]\s*([^\s|/，,]{1,20})")
_TITLE_LIKE = "h1, h2, h3, [class*=title] a, [class*=title] span, [class*=Title] a, [class*=Title] span, [id*=title]"


def _page_signals(soup: BeautifulSoup) -> PageMetadata:
    """What unknown themes still show: a title element that is how <title> starts (the blog's
    own name in the page's only <h1> is not it), and a Chinese host's byline line."""
    found = PageMetadata()
    page_title = squash(soup.title.get_text(" ")) if soup.title else ""
    if page_title:
        candidates = [squash(e.get_text(" ")) for e in soup.select(_TITLE_LIKE) if not inside_furniture(e)]
        fitting = [t for t in candidates if len(t) >= 4 and page_title.startswith(t) and t != page_title
                   and re.match(r"\s*(?:\||–|—|-|::|·|•|»|_)", page_title[len(t):])]
        if fitting:
            found.title = max(fitting, key=len)
    for element in soup.find_all(string=re.compile(r"posted\s*@|发表于|发布于|发布时间|作者"), limit=20):
        line = squash(element.parent.get_text(" ")) if element.parent is not None else ""
        match = _CJK_BYLINE.search(line)
        if match:
            found.date = found.date or parse_date(match.group(1))
            if match.group(2) and not found.authors:
                found.authors = [match.group(2)]
        author = _CJK_AUTHOR.search(line)
        if author and not found.authors:
            found.authors = [author.group(1)]
        if found.date and found.authors:
            break
    return found


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
    extra_metadata=_page_signals,
)
