"""HubSpot COS blogs: `hs_cos_wrapper` spans, `post-body` / `blog-post__body`, "Posted by X on
date", topic links, and an "ABOUT THE AUTHOR | Name" box."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from salesblog.importer.metadata import PageMetadata
from salesblog.importer.platforms.base import Platform, generator, has_any, html_has
from salesblog.importer.text import clean_author, squash


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "hubspot" in generator(soup) or has_any(
        soup, "[class*=hs_cos_wrapper]", ".hs-blog-post", ".blog-post__body", "#hs_cos_wrapper_post_body",
        "#hubspot-author_data") or html_has(raw, "js.hs-scripts.com", "hs-analytics", "hubspotusercontent")


def _author_box(soup: BeautifulSoup) -> PageMetadata:
    found = PageMetadata()
    for text in soup.find_all(string=re.compile(r"about the author", re.I)):
        match = re.search(r"about the author\s*[|:\-–]\s*(.+)$", squash(text.parent.get_text(" ")), re.I)
        if match:
            name = clean_author(match.group(1))
            if name:
                found.authors = [name]
                break
    return found


PLATFORM = Platform(
    name="hubspot",
    detect=detect,
    body_selectors=("#hs_cos_wrapper_post_body", "[id^=hs_cos_wrapper_post_body]",
                    ".hs_cos_wrapper_type_rich_text[id*=post_body]", ".blog-post__body", ".post-body",
                    ".blog-post-body", ".hs-blog-post .body"),
    title_selectors=("#hs_cos_wrapper_name", ".blog-post__title", ".hs-blog-post h1", ".post-header h1",
                     ".blog-post h1"),
    author_selectors=("#hubspot-author_data a.author-link", ".author-link", ".blog-post__author-name",
                      ".hs-author-name", "#hubspot-author_data a", ".blog-post__author a"),
    date_selectors=(".blog-post__timestamp", "time.blog-post__timestamp", "#hubspot-author_data",
                    ".post-header time", ".hs-blog-post time"),
    tag_selectors=(".topic-link", "#hubspot-topic_data a", ".blog-post__tag-link", ".blog-post__tags a",
                   ".post-tags a", ".hs-blog-post .tags a"),
    furniture=(".hs-cta-wrapper", "[id^=hs-cta-wrapper]", ".hs_cos_wrapper_type_cta",
               ".hs_cos_wrapper_type_form", ".hs_cos_wrapper_type_social_sharing", ".hs-blog-social-share"),
    extra_metadata=_author_box,
)
