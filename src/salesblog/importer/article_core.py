"""The article inside a broad container: `<main>`, `<article>` or `#content` also hold the
title block, the cover image, the author card and whatever follows the text (more articles by
the author, topics, comments). The article is the innermost element that still holds nearly
all of the container's prose, prose being paragraph and list text that is not link text."""

from __future__ import annotations

from bs4 import NavigableString, Tag

from salesblog.importer.layout import inside_furniture

# A child keeps the article when it holds this share of the prose; the rest is a dek, a
# caption under the cover, a bio line or a "Previous/Next" pair.
_KEEPS_THE_ARTICLE = 0.85
_PROSE = ("p", "pre", "blockquote", "li", "td", "dd")


def article_core(container: Tag) -> Tag:
    """Descend from `container` into the one child holding nearly all of its prose, repeatedly."""
    current = container
    while True:
        total = prose_length(current)
        if total == 0:
            return current
        child = next((c for c in current.find_all(True, recursive=False)
                      if prose_length(c) >= _KEEPS_THE_ARTICLE * total), None)
        if child is None or child.name in _PROSE:
            return current
        current = child


def prose_length(element: Tag) -> int:
    """Characters of prose in `element`: outside links, outside the page's furniture, each
    paragraph counted once (a <p> inside an <li> is not counted twice)."""
    total = 0
    for block in element.find_all(_PROSE):
        outer = block.find_parent(_PROSE)
        if outer is not None and any(parent is element for parent in outer.parents):
            continue
        if inside_furniture(block):
            continue
        total += _text_outside_links(block)
    return total


def _text_outside_links(block: Tag) -> int:
    return sum(len(text.strip()) for text in block.find_all(string=True)
               if isinstance(text, NavigableString) and text.find_parent("a") is None
               and text.parent is not None and text.parent.name not in ("script", "style"))
