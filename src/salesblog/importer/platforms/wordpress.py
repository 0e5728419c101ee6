"""WordPress (self-hosted and wordpress.com): `entry-content`, hAtom bylines, category and tag
links (`rel="tag"`), Yoast JSON-LD, Jetpack sharing and related posts."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "wordpress" in generator(soup) or html_has(raw, "/wp-content/", "/wp-includes/") or has_any(
        soup, "article.type-post", ".wp-block-post-content")


PLATFORM = Platform(
    name="wordpress",
    detect=detect,
    body_selectors=(".entry-content", ".wp-block-post-content", ".post-content", ".td-post-content",
                    ".post-entry", ".entry", "[itemprop=articleBody]", "article .content"),
    title_selectors=("article .entry-title", "h1.entry-title", ".entry-title", "h1.wp-block-post-title",
                     ".post-title"),
    author_selectors=(".byline .author .fn", ".entry-meta .author a", ".byline a[rel=author]",
                      ".author.vcard .fn", ".author.vcard a", "a[rel=author]", ".entry-author-name",
                      ".wp-block-post-author__name", ".post-author-name", ".author-name"),
    date_selectors=("time.entry-date.published", "time.published", ".posted-on time", "time.entry-date",
                    ".wp-block-post-date time", ".entry-date", ".post-date"),
    tag_selectors=(".cat-links a, .tags-links a", ".entry-categories a, .entry-tags a",
                   ".wp-block-post-terms a", ".post-categories a, .post-tags a", "article a[rel~=tag]",
                   ".elementor-post-info__terms-list-item", ".et_pb_post .post-meta a[rel~=tag]",
                   ".entry-meta a[rel~=tag], .entry-footer a[rel~=tag]"),
    furniture=(".sharedaddy", ".jp-relatedposts", ".wpcnt", ".wp-block-jetpack-subscriptions",
               ".code-block", ".addtoany_share_save_container", ".post-views", ".wpdiscuz_top_clearing",
               ".saboxplugin-wrap", ".abh_box", ".ez-toc-container", "#ez-toc-container", ".kk-star-ratings"),
)
