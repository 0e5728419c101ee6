"""Drupal 7-10 (Bartik, Olivero, most contributed themes): the body field, the node's "Submitted
by" line, and tags as a taxonomy field whose links go to /taxonomy/term/N."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return "drupal" in generator(soup) or has_any(soup, "[data-drupal-selector]", "article.node") or \
        html_has(raw, "/sites/default/files/", "drupal-settings-json")


PLATFORM = Platform(
    name="drupal",
    detect=detect,
    body_selectors=("article.node .field--name-body", "article.node .field-name-body", ".field--name-body",
                    ".field-name-body", ".node__content", ".node .content"),
    title_selectors=("h1.page-title .field--name-title", "h1.page-title", "article.node h1", "h1.title"),
    author_selectors=(".node__meta .username", ".node__submitted .username", ".submitted .username",
                      ".field--name-uid a", ".field--name-uid", "[rel=author]"),
    date_selectors=(".node__meta time[datetime]", ".field--name-created time[datetime]", ".submitted time",
                    ".node__submitted time", "article.node time[datetime]"),
    tag_selectors=(".field--name-field-tags a", ".field-name-field-tags a", ".field--name-field-category a",
                   ".field--name-tags a", ".field--name-field-topics a"),
    furniture=(".field--name-field-tags", ".field-name-field-tags", ".node__meta", ".node__links", ".links.inline",
               ".comments", "#comments"),
)
