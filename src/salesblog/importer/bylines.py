"""Who wrote a page, read from what its markup shows when its metadata names nobody, or only a
placeholder such as "admin": schema.org and microformat markup, author attributes, author-ish
class names, links to an author's page, and bylines ("By Jane Doe", "Posted by Jane Doe on...",
"About the author | Jane Doe"), each with a check that the text reads like a person's name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from salesblog.importer.layout import inside_furniture
from salesblog.importer.text import clean_author, squash

# Accounts and roles that themes print where a name belongs
_PLACEHOLDERS = {"admin", "administrator", "editor", "editors", "staff", "guest", "user", "webmaster", "author",
                 "authors", "anonymous", "unknown", "team", "root", "site admin", "editorial team", "about the author"}
_NOT_A_NAME_START = ("the ", "a ", "an ", "view ", "all ", "more ", "see ", "read ", "follow ", "share ",
                     "posted ", "about ", "written ", "by ", "comments", "min read")
_LABEL = re.compile(r"^\s*(?:(?:written|posted|published|authored)\s+by|by|author\s*:|about\s+the\s+author"
                    r"\s*[|:–—-]?)\s*$", re.I)
_LINE_START = re.compile(r"^\s*(?:(?:written|posted|published|authored)\s+by|by|about\s+the\s+author\s*[|:–—-])\s+",
                         re.I)
_AUTHOR_PAGE = re.compile(r"/(?:authors?|people|person|team|staff|writers?|contributors?|profiles?|users?|u|"
                          r"members?)/[\w.%-]+/?$|/@[\w.-]+/?$", re.I)
_MARKUP = ("[itemprop~=author]", ".p-author", "[rel~=author]", ".vcard .fn", "address.author")
_AUTHOR_CLASSES = ("[class*=author] [class*=name]", "[class*=author-name]", "[class*=author_name]",
                   "[class*=byline] a", "a[class*=author]", "[class*=byline-name]")


def is_placeholder(name: str, site_name: str | None = None) -> bool:
    folded = squash(name).lower()
    return folded in _PLACEHOLDERS or bool(site_name) and folded == squash(site_name or "").lower()


def looks_like_name(text: str) -> bool:
    """One to five words, no digits, no sentence: "Jane Doe", "J. R. Ortiz", "Ngozi Okonjo-Iweala"."""
    words = text.split()
    return 0 < len(words) <= 5 and len(text) <= 50 and not re.search(r"\d|[!?;:|/]", text) and \
        not text.lower().startswith(_NOT_A_NAME_START) and bool(re.match(r"[^\W\d_]", text))


def visible_authors(soup: BeautifulSoup, site_name: str | None) -> list[str]:
    """The first way of naming the author that this page uses, its names de-duplicated."""
    finders: tuple[Callable[[BeautifulSoup], Iterator[str]], ...] = (
        _from_markup, _from_attributes, _from_author_classes, _from_bylines, _from_author_page_links)
    for finder in finders:
        names = []
        for raw in finder(soup):
            name = clean_author(raw)
            if name and looks_like_name(name) and not is_placeholder(name, site_name):
                names.append(name)
        if names:
            return list(dict.fromkeys(names))[:3]
    return []


def _candidates(soup: BeautifulSoup, selector: str) -> Iterator[Tag]:
    for element in soup.select(selector):
        if not inside_furniture(element):
            yield element


def _from_markup(soup: BeautifulSoup) -> Iterator[str]:
    """schema.org's itemprop=author, microformats' p-author and vcard, rel=author, <address>."""
    for selector in _MARKUP:
        for element in _candidates(soup, selector):
            inner = element.select_one("[itemprop=name], .p-name, .fn") or element
            yield inner.get("content") or inner.get_text(" ")


def _from_attributes(soup: BeautifulSoup) -> Iterator[str]:
    """data-author-name="Jane Doe" (Forem, many JavaScript themes); ids and handles are skipped."""
    for name in ("data-author-name", "data-author"):
        for element in soup.find_all(attrs={name: True}):
            value = element.get(name) or ""
            if not inside_furniture(element) and not value.strip().isdigit():
                yield value


def _from_author_classes(soup: BeautifulSoup) -> Iterator[str]:
    for selector in _AUTHOR_CLASSES:
        for element in _candidates(soup, selector):
            yield element.get_text(" ")


def _from_bylines(soup: BeautifulSoup) -> Iterator[str]:
    """"By <a>Jane Doe</a>, 10 October": the element after a byline label; else a short line
    that starts with one ("Posted by Jane Doe on June 5")."""
    for text in soup.find_all(string=re.compile(r"\b(?:by|author)\b", re.I)):
        parent = text.parent
        if parent is None or parent.name in ("script", "style", "title") or inside_furniture(parent):
            continue
        if _LABEL.match(str(text)):
            following = text.next_sibling
            while isinstance(following, NavigableString) and not following.strip():
                following = following.next_sibling
            if isinstance(following, Tag):
                yield following.get_text(" ")
                continue
        line = squash(parent.get_text(" "))
        if len(line) <= 90 and _LINE_START.match(line):
            yield line


def _from_author_page_links(soup: BeautifulSoup) -> Iterator[str]:
    """Links to the author's page (/author/jane-doe, /people/jane, /@jane) with a name as text."""
    for link in soup.find_all("a", href=True):
        if _AUTHOR_PAGE.search(urlsplit(link["href"]).path) and not inside_furniture(link):
            yield link.get_text(" ")
