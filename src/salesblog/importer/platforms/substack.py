"""Substack: the post in `available-content` > `body markup`, subscribe widgets and share
buttons inside it, the byline and date in `post-header`, no tags."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, has_any, html_has


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return has_any(soup, ".available-content .body.markup", ".subscription-widget-wrap-editor") or \
        html_has(raw, "substackcdn.com", "substack-post-media")


PLATFORM = Platform(
    name="substack",
    detect=detect,
    body_selectors=(".available-content .body.markup", ".available-content", ".body.markup"),
    title_selectors=("h1.post-title", ".post-header h1"),
    author_selectors=(".post-header .byline-wrapper a[href*='/@']", ".post-header .profile-hover-card-target a"),
    date_selectors=(".post-header time[datetime]",),
    furniture=(".subscription-widget-wrap-editor", ".subscription-widget-wrap", ".subscription-widget",
               "p.button-wrapper", ".captioned-button-wrap", ".header-anchor-parent", ".image-link-expand",
               ".post-ufi", ".subscribe-footer", ".paywall", ".install-substack-app-embed"),
    guess_tags=False,  # Substack posts have no tags; sections are not shown as such
)
