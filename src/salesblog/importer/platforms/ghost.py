"""Ghost: `gh-content` / `post-full-content`, Koenig cards (`kg-card`), article:tag metas."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "ghost" in generator(soup) or has_any(soup, ".gh-content", ".post-full-content", ".kg-card") or \
        html_has(raw, "ghost-portal", "/ghost/api/")


PLATFORM = Platform(
    name="ghost",
    detect=detect,
    body_selectors=(".gh-content", ".post-full-content .post-content", ".post-full-content", ".post-content",
                    ".article-content", ".c-content", ".single-content"),
    title_selectors=(".article-title", ".gh-article-title", ".post-full-title", ".single-title",
                     "article h1"),
    author_selectors=(".article-byline .author-name a", ".author-name a", ".gh-article-author-name a",
                      ".post-full-byline .author-name", ".author-name", ".byline-meta-content .author-name",
                      ".single-meta-author a", "a[rel=author]"),
    date_selectors=("time.byline-meta-date", ".post-full-meta-date", ".article-byline time", "article time"),
    tag_selectors=(".post-full-tags a", ".article-tag a", ".gh-article-tag", ".post-card-primary-tag a",
                   ".single-meta-tag a", ".tag-list a"),
    furniture=(".article-byline", ".gh-article-meta", ".post-full-byline", ".gh-post-upgrade-cta",
               ".kg-signup-card", ".gh-cta", ".footer-cta", ".post-full-comments", ".article-comments"),
)
