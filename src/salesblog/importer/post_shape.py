"""The shape of an imported post's body, settled before it is written: headings without skipped
levels (the title is the page's h1, so the body's top headings become h2), and the hero image
not shown twice (themes often repeat the featured image as the body's first picture)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from salesblog.importer.model import ImportedPost

_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def shape_post(post: ImportedPost) -> ImportedPost:
    if "<h" not in post.body_html and not post.image:
        return post
    soup = BeautifulSoup(post.body_html, "lxml")
    container = soup.body or soup
    changed = normalize_headings(container)
    if post.image:
        changed |= drop_repeated_hero(container, post)
    if changed:
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


def drop_repeated_hero(container: Tag, post: ImportedPost) -> bool:
    """The first image of the body, when it is the hero image and comes before any text."""
    first = container.find("img")
    if first is None or not _same_image(first.get("src") or "", post.image or "", post.base_url):
        return False
    for element in first.find_all_previous(string=True):
        if element.strip() and container in element.parents:
            return False  # text before it: the picture belongs to the article's flow
    removable: Tag = first
    for parent in first.parents:
        if parent is container or parent.name not in ("a", "figure", "p", "div", "span", "picture"):
            break
        if parent.get_text(strip=True) and parent.name != "figure":
            break
        removable = parent
    removable.decompose()
    return True


def _same_image(a: str, b: str, base: str | None) -> bool:
    if not a or not b:
        return False

    def key(url: str) -> str:
        full = urljoin(base or "", url)
        parts = urlsplit(full)
        return parts.path.rsplit("/", 1)[-1].lower() if parts.path else full

    return urljoin(base or "", a) == urljoin(base or "", b) or (key(a) == key(b) and key(a) != "")
