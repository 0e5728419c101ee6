"""Medium: the story in <article>/<section> with `data-testid`s and `pw-post-body-paragraph`
(current pages), or `graf` paragraphs in `section[data-field=body]` (exports, older pages)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.metadata import PageMetadata, first_meta
from salesblog.importer.platforms.base import Platform, has_any, html_has
from salesblog.importer.text import clean_author


def detect(soup: BeautifulSoup, raw: str) -> bool:
    app = (first_meta(soup, "al:android:app_name", "al:ios:app_name", "og:site_name") or "").lower()
    return app == "medium" or has_any(soup, ".graf", "[data-testid=storyTitle]", ".pw-post-body-paragraph",
                                      "section[data-field=body]") or html_has(raw, "cdn-images-1.medium.com",
                                                                                "miro.medium.com")


def _twitter_creator(soup: BeautifulSoup) -> PageMetadata:
    found = PageMetadata()
    name = first_meta(soup, "author")
    found.authors = [a for a in [clean_author(name or "")] if a]
    return found


PLATFORM = Platform(
    name="medium",
    detect=detect,
    body_selectors=("section[data-field=body]", ".postArticle-content", "article section", "article"),
    title_selectors=("[data-testid=storyTitle]", "h1.pw-post-title", "h1.graf--title", "h3.graf--title",
                     "header h1.p-name", "article h1"),
    author_selectors=("[data-testid=authorName]", "a.p-author", ".p-author.h-card", "a[rel=author]"),
    date_selectors=("time.dt-published", "[data-testid=storyPublishDate]", "article time"),
    tag_selectors=("a[href*='/tag/']", "a[href*='/tagged/']", ".tags a", "ul.tags li a"),
    furniture=(".speechify-ignore", "[data-testid=headerClapButton]", "[data-testid=audioPlayButton]",
               "[data-testid=storyTitle]", "[data-testid=authorPhoto]", "[data-testid=authorName]",
               "[data-testid=storyReadTime]", "[data-testid=storyPublishDate]", "[aria-label=responses]",
               ".graf--title", ".section-divider", "footer"),
    extra_metadata=_twitter_creator,
)
