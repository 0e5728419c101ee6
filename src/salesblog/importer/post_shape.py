"""The shape of an imported post's body, settled before it is written: headings without skipped
levels (the title is the page's h1, so the body's top headings become h2). (A body opening with
the hero image keeps it: the build then shows no separate hero above it, see site/builders/cards.py.)"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from salesblog.importer.model import ImportedPost

_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def shape_post(post: ImportedPost) -> ImportedPost:
    if "<h" not in post.body_html:
        return post
    soup = BeautifulSoup(post.body_html, "lxml")
    container = soup.body or soup
    if normalize_headings(container):
        post.body_html = container.decode_contents()
    return post


def normalize_headings(container: Tag) -> bool:
    """Heading levels renumbered in order of use: the highest used becomes h2, and no level is
    skipped below it (h2, h4 -> h2, h3)."""
    headings = container.find_all(_HEADINGS)
    used = sorted({int(h.name[1]) for h in headings})
    if not used:
        return False
    mapping = {level: min(2 + index, 6) for index, level in enumerate(used)}
    changed = False
    for heading in headings:
        level = mapping[int(heading.name[1])]
        if heading.name != f"h{level}":
            heading.name = f"h{level}"
            changed = True
    return changed
