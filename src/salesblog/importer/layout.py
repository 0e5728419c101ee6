"""Where an element sits on a page: in the site's furniture (navigation, sidebars, teaser lists,
comments, the site's own header and footer) or in the article."""

from __future__ import annotations

import re

from bs4 import Tag

_FURNITURE_ANCESTOR = re.compile(r"(?:^|[\s_-])(?:sidebar|related|recent|teasers?|comments?|replies|post-listing|"
                                 r"widget-area)(?:$|[\s_-])", re.I)


def inside_furniture(element: Tag) -> bool:
    """Inside <aside>, <nav>, a sidebar, teaser list or comments, or the site's <header> or
    <footer>; an article's own header (its title and byline) and footer (its tags) do not count."""
    for parent in element.parents:
        if not isinstance(parent, Tag):
            continue
        if parent.name in ("aside", "nav"):
            return True
        if parent.name in ("header", "footer") and not _belongs_to_article(parent):
            return True
        if _FURNITURE_ANCESTOR.search(" ".join(parent.get("class") or []) + " " + (parent.get("id") or "")) \
                and parent.find(["main", "h1"]) is None:
            return True  # (a wrapper around the whole article, like Olivero's "sidebar-grid", is not)
    return False


def _belongs_to_article(section: Tag) -> bool:
    return section.find_parent(["article", "main"]) is not None or section.find("h1") is not None
