"""A page's tags: what its platform, JSON-LD, meta tags and microformats say, completed by the
tag and category links a reader sees around the article."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag

from salesblog.importer.metadata import first_meta, from_json_ld, from_meta_tags, from_microformats
from salesblog.importer.platforms.base import Platform, in_tag_cloud, texts
from salesblog.importer.text import clean_tags, squash

_ENTRY = ".h-entry, .hentry, article, [itemtype*=Article], [itemtype*=BlogPosting]"
_TAXONOMY_PATH = re.compile(r"/[\w-]*(?:tags?|tagged|categor(?:y|ies)|topics?|labels?)/[^/]+/?$|/search/label/[^/]+$|"
                            r"/tag:[^/]+$|/taxonomy/term/\d+/?$", re.I)


def page_tags(soup: BeautifulSoup, platform: Platform, generic_selectors: tuple[str, ...]) -> list[str]:
    """Tags, categories and labels, first spelling kept."""
    sources = [platform.read_metadata(soup).tags, from_json_ld(soup).tags, from_meta_tags(soup).tags,
               from_microformats(soup).tags if soup.select_one(_ENTRY) else []]
    tags = [tag for source in sources for tag in source]
    visible = visible_tag_links(soup) if platform.guess_tags else []
    if tags and visible and _folded(tags) <= _folded(visible):
        # The links show everything the metadata says and more: JSON-LD often lists only the
        # categories (articleSection) while the page also links the tags.
        tags += visible
    if not tags and platform.guess_tags:
        tags = texts(soup, generic_selectors) or visible
    if not tags:
        keywords = first_meta(soup, "keywords")
        tags = [k for k in re.split(r"\s*,\s*", keywords or "") if k]
    return clean_tags(tags)


def _folded(tags: list[str]) -> set[str]:
    return {squash(t).lstrip("#").lower() for t in tags}


def is_taxonomy_href(href: str) -> bool:
    """/tag/x, /blog/tags/x, /blog-categories/x, /search/label/x, Jekyll's /tags/#x, Write.as's
    /tag:x, Drupal's /taxonomy/term/7, Squarespace's ?tag=x; Medium's ?source=... query ignored."""
    parts = urlsplit(href.strip())
    if _TAXONOMY_PATH.search(parts.path):
        return True
    if re.search(r"/tags?/?$", parts.path) and parts.fragment:
        return True
    query = parse_qs(parts.query)
    return "tag" in query or "category" in query


def visible_tag_links(soup: BeautifulSoup) -> list[str]:
    """Texts of the article's tag links: links to tag, category and topic pages, rel=tag links
    and links after a label ("Filed under", "Posted by X in"), in the article's area, not in the
    site's navigation, header, footer, sidebars or sections like "Explore topics"."""
    found = []
    for link in _article_area(soup).find_all("a", href=True):
        text = squash(link.get_text(" "))
        if 0 < len(text) <= 40 and _is_tag_link(link) and not _in_site_chrome(link) and \
                not _under_furniture_heading(link):
            found.append(text)
    return list(dict.fromkeys(found))


def _is_tag_link(link: Tag) -> bool:
    return is_taxonomy_href(link["href"]) or "tag" in (link.get("rel") or []) or _labelled(link)


# The words before a run of tag links: "Tags:", "Filed under", and "in" of "Posted by X on DATE in"
_LABEL_BEFORE = re.compile(r"(?:\b(?:tags?|tagged(?: with)?|topics?|categor(?:y|ies)|labels?|filed under|"
                           r"posted in)\s*:?|\bin)\s*$", re.I)
_POSTED_LINE = re.compile(r"^\s*(?:posted|published|written|filed)\b", re.I)


def _labelled(link: Tag) -> bool:
    """A link after a label, or after the label's other links and their separators; a bare "in"
    counts only in a "Posted by... in" line, where it cannot be the prose's own "in"."""
    previous = link.previous_sibling
    while previous is not None:
        text = previous.get_text(" ") if isinstance(previous, Tag) else str(previous)
        if isinstance(previous, Tag) and previous.name != "a":
            return False
        if not isinstance(previous, Tag) and text.strip(" ,·|•\n\t"):
            match = _LABEL_BEFORE.search(text)
            if match is None:
                return False
            if match.group(0).strip().lower() != "in":
                return True
            parent = link.parent
            line = squash(parent.get_text(" ")) if parent is not None else ""
            return len(line) <= 200 and bool(_POSTED_LINE.match(line))
        previous = previous.previous_sibling
    return False


_FURNITURE_HEADING = re.compile(r"^(?:explore|related|more\b|popular|trending|recommended|others also|you may|"
                                r"you might|keep reading|read next|read more|further reading)", re.I)


def _under_furniture_heading(link: Tag) -> bool:
    """In a section headed "Explore topics", "Related posts", "More articles by...": the site's
    links, not the article's tags."""
    for parent in list(link.parents)[:4]:
        if not isinstance(parent, Tag) or parent.name in ("article", "main", "body"):
            return False
        heading = parent.find(re.compile(r"^h[2-6]$"))
        if heading is not None:
            return bool(_FURNITURE_HEADING.match(squash(heading.get_text(" "))))
    return False


def _article_area(soup: BeautifulSoup) -> Tag:
    """The innermost article-like element holding the page's h1; else the whole page (teaser
    lists are made of <article>s too, so the first one is no guess)."""
    heading = soup.find("h1")
    if heading is None:
        return soup.select_one("article") or soup.select_one("main") or soup
    for parent in heading.parents:
        if isinstance(parent, Tag) and (parent.name in ("article", "main") or parent.get("role") == "main" or
                                        {"h-entry", "hentry"} & set(parent.get("class") or [])):
            return parent
    return soup


def _in_site_chrome(link: Tag) -> bool:
    if in_tag_cloud(link):
        return True
    for parent in link.parents:
        if not isinstance(parent, Tag):
            continue
        if parent.name == "aside":
            return True
        if parent.name == "nav":
            label = " ".join([parent.get("aria-label") or "", *(parent.get("class") or [])])
            if not re.search(r"tag|topic|categor", label, re.I):
                return True
        if parent.name in ("header", "footer") and parent.find_parent(["article", "main"]) is None \
                and parent.find("h1") is None:
            return True  # the site's header or footer, not the article's own
    return False
