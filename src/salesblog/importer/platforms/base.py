"""What a platform adapter is: how to recognise the platform, where its article body lives,
what its own markup says about the post, and which of its furniture to remove."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from salesblog.importer.dates import parse_date
from salesblog.importer.metadata import PageMetadata, meta_values
from salesblog.importer.text import clean_author, squash


@dataclass(frozen=True)
class Platform:
    name: str
    detect: Callable[[BeautifulSoup, str], bool]  # (parsed page, raw HTML) -> is it this platform?
    body_selectors: tuple[str, ...]  # CSS selectors of the article body, best first
    title_selectors: tuple[str, ...] = ()
    author_selectors: tuple[str, ...] = ()
    date_selectors: tuple[str, ...] = ()
    tag_selectors: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()  # selectors removed from the body besides the generic ones
    extra_metadata: Callable[[BeautifulSoup], PageMetadata] | None = None
    # False where the platform has no tags of its own: links to topic pages around the article
    # (LinkedIn's "Explore topics") must then not be taken for them.
    guess_tags: bool = True
    site_is_author: bool = False  # one-person blogs (Tumblr, Write.as) name only themselves

    def read_metadata(self, soup: BeautifulSoup) -> PageMetadata:
        """What the platform's own markup says; PageMetadata fields left empty otherwise."""
        found = PageMetadata()
        found.title = title_text(soup, self.title_selectors)
        found.authors = authors_from(soup, self.author_selectors)
        found.date = date_from(soup, self.date_selectors)
        found.tags = tag_texts(soup, self.tag_selectors)
        if self.extra_metadata is not None:
            extra = self.extra_metadata(soup)
            for name in PageMetadata.__dataclass_fields__:
                if getattr(extra, name) and not getattr(found, name):
                    setattr(found, name, getattr(extra, name))
        return found


def generator(soup: BeautifulSoup) -> str:
    return " ".join(meta_values(soup, "generator")).lower()


def has_any(soup: BeautifulSoup, *selectors: str) -> bool:
    return any(soup.select_one(s) is not None for s in selectors)


def first_text(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        element = soup.select_one(selector)
        if element is not None:
            text = squash(element.get_text(" "))
            if text:
                return text
    return None


_DATE_PART = re.compile(r"(?:^|[\s_-])(?:date|dateline|date-badge|badge|time|published|post-date|entry-date|"
                        r"meta|month|day)(?:$|[\s_-])", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_LEADING_DATE = re.compile(rf"^(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|"
                           r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\s*[-–—|:·•]?\s+(?=\S)", re.I)
_TRAILING_DATE = re.compile(rf"\s+[-–—|·•(]?\s*(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})\)?$",
                            re.I)


def title_text(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str | None:
    """A title element's words without the date a theme prints into it ("Jun 17" badges,
    <time> elements, "2020-06-17 · Title")."""
    for selector in selectors:
        element = soup.select_one(selector)
        if element is None:
            continue
        text = squash(" ".join(t for t in element.find_all(string=True) if not _in_date_part(t, element)))
        if not _head_titles_start_like(soup, text):  # "May 5 Habits" is a title when the head says so
            text = _TRAILING_DATE.sub("", _LEADING_DATE.sub("", text)).strip()
        if text:
            return text
    return None


def _head_titles_start_like(soup: BeautifulSoup, text: str) -> bool:
    heads = [squash(soup.title.get_text(" ")) if soup.title else "", *meta_values(soup, "og:title", "twitter:title")]
    return any(head and head.lower().startswith(text.lower()[:12]) for head in heads)


def _in_date_part(text, root: Tag) -> bool:
    for parent in text.parents:
        if parent is root or parent is None:
            return False
        if parent.name == "time" or any(_DATE_PART.search(name) for name in parent.get("class") or []):
            return True
    return False


def texts(soup: BeautifulSoup, selectors: tuple[str, ...]) -> list[str]:
    """Texts of every element the first matching selector finds (tag links, mostly)."""
    for selector in selectors:
        found = [squash(e.get_text(" ")) for e in soup.select(selector)]
        found = [t for t in found if t]
        if found:
            return list(dict.fromkeys(found))
    return []


# Whole class names or ids: WordPress's "widget_tag_cloud" is a cloud; Elementor's "elementor-widget-post-info"
# and HubSpot's "widget-type-blog_content" are the post's own layout
_CLOUD = re.compile(r"^(?:widgets?|widget_.*|widget-area|.*sidebar.*|.*tag-?cloud.*|.*popular.*|.*recent.*|"
                    r".*related.*)$", re.I)


def in_tag_cloud(element: Tag) -> bool:
    """Inside a sidebar, widget or teaser list; wrappers around the article itself (Olivero's
    "sidebar-grid", a body's "has-sidebar-right") do not count."""
    for parent in element.parents:
        if not isinstance(parent, Tag) or parent.name in ("html", "body", "[document]"):
            continue
        names = [*(parent.get("class") or []), parent.get("id") or ""]
        if any(_CLOUD.match(name) for name in names if name) and \
                parent.find(["main", "article", "h1"]) is None:
            return True
    return False


def tag_texts(soup: BeautifulSoup, selectors: tuple[str, ...]) -> list[str]:
    """Texts of the tag and category links every selector finds (platforms show both in
    separate places), leaving out sidebars' tag clouds."""
    found = []
    for selector in selectors:
        for element in soup.select(selector):
            if _outside_tag_nav(element) or in_tag_cloud(element):
                continue
            text = squash(element.get_text(" "))
            if text:
                found.append(text)
    return list(dict.fromkeys(found))


def _outside_tag_nav(element: Tag) -> bool:
    """Inside an <aside>, or a <nav> that is not the post's own list of tags."""
    if element.find_parent("aside") is not None:
        return True
    nav = element.find_parent("nav")
    if nav is None:
        return False
    label = " ".join([nav.get("aria-label") or "", *(nav.get("class") or []), nav.get("data-hook") or ""])
    return not re.search(r"tag|topic|categor", label, re.I)


def authors_from(soup: BeautifulSoup, selectors: tuple[str, ...]) -> list[str]:
    for selector in selectors:
        names = []
        for element in soup.select(selector):
            value = element.get("content") if element.name == "meta" else element.get_text(" ")
            name = clean_author(value or "")
            if name:
                names.append(name)
        if names:
            return list(dict.fromkeys(names))
    return []


def date_from(soup: BeautifulSoup, selectors: tuple[str, ...]):
    for selector in selectors:
        for element in soup.select(selector):
            for value in (element.get("datetime"), element.get("content"), element.get("title"),
                          element.get("data-date"), element.get_text(" ")):
                parsed = parse_date(_date_part(value)) if value else None
                if parsed:
                    return parsed
    return None


def _date_part(text: str) -> str:
    """ "Posted by Brian on Apr 12, 2016 8:00:00 AM" -> "Apr 12, 2016 8:00:00 AM"."""
    text = squash(text)
    match = re.search(r"\b(?:on|am|le|el)\s+(\w.*)$", text, re.I)
    if match and re.search(r"\d{4}", match.group(1)):
        return match.group(1)
    return text


def html_has(raw: str, *needles: str) -> bool:
    head = raw[:400000].lower()
    return any(n.lower() in head for n in needles)

