"""A saved or fetched legacy blog page -> ImportedPost: detect the platform, read the metadata,
find the article body and clean it."""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlsplit

import trafilatura
from bs4 import BeautifulSoup, Comment, Tag
from htmldate import find_date

from salesblog.importer.cleaning import clean_article
from salesblog.importer.article_core import article_core
from salesblog.importer.bylines import is_placeholder, looks_like_name, visible_authors
from salesblog.importer.dates import parse_date
from salesblog.importer.layout import inside_furniture
from salesblog.importer.limits import PageRejected, check_page_shape
from salesblog.importer.metadata import (PageMetadata, first_meta, from_json_ld, from_meta_tags,
                                         from_microformats, merge)
from salesblog.importer.model import ImportedPost
from salesblog.importer.tags import page_tags
from salesblog.importer.platforms import GENERIC, detect_platform
from salesblog.importer.platforms.base import Platform, date_from
from salesblog.importer.text import (clean_author, squash, strip_site_name,
                                     without_any_site_suffix)

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 200
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)|url:\s*(https?://\S+)", re.I)


class NotAnArticle(ValueError):
    """The page holds no article that could be told apart from its furniture."""


def parse_legacy_page(html: str, *, origin: str, url: str | None = None,
                      base_dir: str | None = None) -> ImportedPost:
    """Read one blog page. `url` is where it was fetched from; `base_dir` the folder of a saved
    page (its local images are relative to it)."""
    try:
        check_page_shape(html)
    except PageRejected as error:
        raise NotAnArticle(str(error)) from None
    soup = BeautifulSoup(html, "lxml")
    platform = detect_platform(soup, html)
    saved_from = _saved_from_url(soup)
    meta = _read_metadata(soup, platform)
    page_url = url or meta.url or saved_from
    base_url = _base_url(soup, url or saved_from or meta.url)

    title = _title(soup, platform, meta)
    if not title:
        raise NotAnArticle("no title found (no og:title, <h1> or <title>)")
    # Everything about the post is read before the body is cleaned: cleaning edits the tree.
    post = ImportedPost(title=title, body_html="", origin=origin, platform=platform.name, base_url=base_url,
                        base_dir=base_dir)
    post.date = meta.date or _fallback_date(html, soup)
    post.updated = meta.updated if meta.updated and meta.updated != post.date else None
    post.authors = _authors(soup, meta, html, platform)
    post.tags = page_tags(soup, platform, GENERIC.tag_selectors)
    post.image = meta.image  # the writer resolves it like the body's images
    post.legacy_url = _legacy_url(page_url, base_url)
    post.slug_hint = _slug_hint(post.legacy_url)

    container = find_body(soup, platform)
    if container is None:
        body_html = _trafilatura_body(html)
        if body_html is None:
            raise NotAnArticle("no article body found")
        container = BeautifulSoup(body_html, "lxml").body or BeautifulSoup(body_html, "lxml")
    extra = platform.furniture if platform is not GENERIC else ()
    clean_article(container, title=title, base_url=base_url if url else None, extra_furniture=extra)
    if not container.get_text(strip=True) and container.find("img") is None:
        raise NotAnArticle("the article body is empty once the page furniture is removed")
    post.body_html = container.decode_contents()
    post.summary = meta.summary or first_paragraph(container)
    if post.date is None:
        post.warnings.append("no publication date found; using today's")
    return post


def _read_metadata(soup: BeautifulSoup, platform: Platform) -> PageMetadata:
    """Each field from the sources that get it right most often: structured data for dates
    (with their zone), the platform's own markup for names, the head for summaries."""
    own, linked, head, micro = (platform.read_metadata(soup), from_json_ld(soup), from_meta_tags(soup),
                                from_microformats(soup))
    found = merge(own, linked, head, micro)
    found.date = merge(linked, head, own, micro).date
    found.updated = merge(linked, head, micro).updated
    found.authors = merge(linked, own, head, micro).authors
    found.summary = merge(head, linked).summary
    found.image = merge(head, linked, own).image
    found.url = merge(head, linked).url
    found.site_name = merge(head, linked).site_name
    return found


def _saved_from_url(soup: BeautifulSoup) -> str | None:
    """Browsers ("saved from url=") and SingleFile ("url: ...") note the page's address."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment))[:5]:
        match = _SAVED_FROM.search(str(comment))
        if match:
            found = match.group(1) or match.group(2)
            if found.startswith("http"):
                return found
    return None


def _base_url(soup: BeautifulSoup, url: str | None) -> str | None:
    base = soup.find("base", href=True)
    if base is not None and base["href"].startswith("http"):
        return base["href"]
    return url if url and url.startswith("http") else None


def _legacy_url(page_url: str | None, base_url: str | None) -> str | None:
    if not page_url:
        return None
    full = urljoin(base_url or "", page_url)
    return full if urlsplit(full).scheme in ("http", "https") else None


def _slug_hint(url: str | None) -> str | None:
    if not url:
        return None
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if not segments:
        return None
    return re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1])


def _title(soup: BeautifulSoup, platform: Platform, meta: PageMetadata) -> str | None:
    """The article's own title: its heading when the head's titles agree with it, else the
    JSON-LD headline or og:title, else <title> without the site's name."""
    page_title = squash(soup.title.get_text(" ")) if soup.title else ""
    head_titles = [t for t in (meta.title, first_meta(soup, "og:title"), page_title) if t]
    named = _heading_named(soup, head_titles)
    if named:
        return named
    heading = platform.read_metadata(soup).title or _article_heading(soup)
    if heading and (not head_titles or any(_same_start(heading, t) for t in head_titles)):
        return heading
    if meta.title:
        return strip_site_name(meta.title, meta.site_name)
    if heading:
        return heading
    if page_title:
        # A heading the <title> starts with is the title without the site's name, whatever
        # the separator ("Post - Site" included, which cannot be split blindly).
        for element in soup.find_all(["h1", "h2", "h3"], limit=12):
            text = squash(element.get_text(" "))
            if len(text) >= 8 and page_title.lower().startswith(text.lower()):
                return text
        return without_any_site_suffix(strip_site_name(page_title, meta.site_name))
    return None


def _heading_named(soup: BeautifulSoup, head_titles: list[str]) -> str | None:
    """A heading saying exactly what the head's titles say: the article's title, wherever the
    theme put it (Typepad's h3, Write.as's h2), even when the blog's name is the page's h1."""
    wanted = {t.lower() for t in head_titles}
    for element in soup.find_all(["h1", "h2", "h3"], limit=40):
        text = squash(element.get_text(" "))
        if len(text) >= 4 and text.lower() in wanted and not inside_furniture(element):
            return text
    return None


def _article_heading(soup: BeautifulSoup) -> str | None:
    for selector in ("article h1", "main h1", ".post h1", ".entry-title", "h1"):
        element = soup.select_one(selector)
        if element is not None and squash(element.get_text(" ")):
            return squash(element.get_text(" "))
    return None


def _same_start(heading: str, title: str) -> bool:
    a, b = heading.lower(), title.lower()
    return a == b or b.startswith(a) or a.startswith(b) or a in b


def find_body(soup: BeautifulSoup, platform: Platform) -> Tag | None:
    """The article's container: the platform's selectors, the generic ones, then text density."""
    selectors = platform.body_selectors + (GENERIC.body_selectors if platform is not GENERIC else ())
    for selector in selectors:
        candidates = [c for c in soup.select(selector) if not inside_furniture(c)]
        if not candidates:
            continue
        best = max(candidates, key=lambda c: len(c.get_text(" ", strip=True)))
        if len(best.get_text(" ", strip=True)) >= MIN_BODY_CHARS:
            # a page-level container holds more than the article: narrow it down
            return article_core(best) if selector in _BROAD_SELECTORS else best
    found = _densest_block(soup)
    return article_core(found) if found is not None else None


# Selectors of containers that hold the whole page's middle, not just the article's text
_BROAD_SELECTORS = {".post", ".entry", "article", "main", "[role=main]", "#content", ".content"}


def _densest_block(soup: BeautifulSoup) -> Tag | None:
    """Readability's idea: the element whose own paragraphs hold the most text."""
    scores: dict[int, tuple[float, Tag]] = {}
    for paragraph in soup.find_all(["p", "pre", "blockquote"]):
        length = len(paragraph.get_text(" ", strip=True))
        if length < 25 or inside_furniture(paragraph):
            continue
        for weight, ancestor in zip((1.0, 0.5), paragraph.parents):
            if isinstance(ancestor, Tag) and ancestor.name not in ("html", "[document]"):
                score, _ = scores.get(id(ancestor), (0.0, ancestor))
                scores[id(ancestor)] = (score + weight * length, ancestor)
    if not scores:
        return None
    score, best = max(scores.values(), key=lambda item: item[0])
    return best if score >= MIN_BODY_CHARS / 2 else None


def _trafilatura_body(html: str) -> str | None:
    return trafilatura.extract(html, output_format="html", include_images=True, include_links=True,
                               include_formatting=True, include_tables=True, include_comments=False)


def _fallback_date(html: str, soup: BeautifulSoup):
    found = date_from(soup, GENERIC.date_selectors) or _posted_on(soup)
    if found:
        return found
    try:
        return parse_date(find_date(html, extensive_search=True, original_date=True))
    except (ValueError, TypeError) as error:
        log.debug("htmldate found no date: %s", error)
        return None


_POSTED_ON = re.compile(r"\b(?:posted|published|written)\b.{0,60}?\bon\s+((?:\w+,?\s+)?\w+\.?\s+\d{1,2},?\s+\d{4}"
                        r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?)", re.I)


def _posted_on(soup: BeautifulSoup):
    """"Posted by Alan on June 05, 2019 at 09:15 AM" (Movable Type, Typepad, classic themes):
    the day with its time, which the date headers above posts leave out."""
    # the name is often a link, so "Posted by" and "on June 05..." are separate strings of one line
    for text in soup.find_all(string=re.compile(r"\b(?:posted|published|written)\b", re.I)):
        if text.parent is None or text.parent.name in ("script", "style", "title"):
            continue
        line = squash(text.parent.get_text(" "))
        match = _POSTED_ON.search(line)
        found = parse_date(match.group(1)) if match else None
        if found:
            return found
    return None


def _authors(soup: BeautifulSoup, meta: PageMetadata, html: str, platform: Platform) -> list[str]:
    """The structured metadata's names; else the names the page shows; else trafilatura's guess;
    else the site's name when it reads like a person's. An account name ("admin", the site's
    own name) is a last resort: it says nothing about who wrote the post."""
    named = [a for a in meta.authors if not is_placeholder(a, meta.site_name)]
    if named:
        return named
    found = visible_authors(soup, meta.site_name) or _trafilatura_authors(html, meta.site_name)
    if found:
        return found
    for site in (meta.site_name, _title_suffix(soup)):
        if site and _may_be_a_person(site, platform):
            return [site]  # a one-person blog (Tumblr and the like) names only itself
    return meta.authors


def _trafilatura_authors(html: str, site_name: str | None) -> list[str]:
    document = trafilatura.extract_metadata(html)
    if document is None or not document.author:
        return []
    names = [clean_author(a) for a in document.author.split(";")]
    return [n for n in names if n and looks_like_name(n) and not is_placeholder(n, site_name)]


_NOT_A_PERSON = re.compile(r"\b(?:blog|community|guild|journal|news|notes|team|group|inc|ltd|llc|co|company|"
                           r"media|magazine|press|academy|institute|association|hq|labs?|club|network|weekly|"
                           r"daily|review|digest|corner|craft|linkedin|dev|medium|substack)\b|&", re.I)


def _may_be_a_person(site: str, platform: Platform) -> bool:
    """A site's name stands for its author on one-person platforms, elsewhere only when it reads
    like a person's name ("Sam Ortiz", not "Account Managers Guild")."""
    if site.lower() in _PLATFORM_NAMES:
        return False
    return platform.site_is_author or (len(site.split()) <= 3 and not _NOT_A_PERSON.search(site))


_PLATFORM_NAMES = {"tumblr", "medium", "blogger", "wordpress", "squarespace", "ghost", "hubspot", "wix",
                   "substack", "weebly", "blogspot"}


def _title_suffix(soup: BeautifulSoup) -> str | None:
    title = squash(soup.title.get_text(" ")) if soup.title else ""
    for separator in (" | ", " — ", " – ", " · ", " - "):
        if separator in title:
            return title.rsplit(separator, 1)[1].strip() or None
    return None


def first_paragraph(container: Tag) -> str | None:
    """The first paragraph's text, as the default summary."""
    for paragraph in container.find_all("p"):
        text = squash(paragraph.get_text(" "))
        if len(text) >= 40:
            return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"
    return None
