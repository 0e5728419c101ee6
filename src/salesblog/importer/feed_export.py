"""RSS 2.0 and Atom feeds: each item (entry) becomes a post, with its full content
(`content:encoded`, Atom `content`) when the feed carries it, else its description; categories
become tags, the author and the date come along, the item's link becomes its `legacy_url`."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from salesblog.importer.cleaning import clean_article
from salesblog.importer.dates import parse_date
from salesblog.importer.more import mark_more
from salesblog.importer.model import ImportedPost, ParsedSource, SkippedItem
from salesblog.importer.page import _slug_hint, first_paragraph
from salesblog.importer.text import clean_author, clean_tags, squash
from salesblog.importer.xmltree import child_text, children, local


def is_feed(root) -> bool:
    """An RSS 2.0 (or 0.9x / 1.0 RDF) or Atom document; WXR and Blogger exports are asked first."""
    return local(root) in ("rss", "feed", "RDF")


def parse_feed(root, origin: str, *, feed_url: str | None = None) -> ParsedSource:
    result = ParsedSource()
    if local(root) == "feed":
        site = _atom_link(root) or feed_url
        items = [(entry, _atom_entry) for entry in children(root, "entry")]
    else:
        channel = next(iter(children(root, "channel")), root)
        site = child_text(channel, "link") or feed_url
        items = [(item, _rss_item) for item in children(channel, "item") + children(root, "item")]
    for element, read in items:
        post = read(element, origin, site)
        if post is None:
            result.skipped.append(SkippedItem(origin, "feed item without a title or content"))
        else:
            result.posts.append(post)
    return result


def _rss_item(item, origin: str, site: str | None) -> ImportedPost | None:
    link = _absolute(child_text(item, "link") or _permalink_guid(item), site)
    full = _child_xml_text(item, "encoded")
    description = child_text(item, "description")
    authors = [child_text(item, "creator")] if child_text(item, "creator") else [
        _rss_author(child_text(item, "author"))]
    tags = [squash(c.text or "") for c in children(item, "category")] + [
        squash(c.text or "") for c in children(item, "subject")]
    return _post(origin, title=child_text(item, "title"), html=full or description,
                 summary_html=description if full else "", link=link, site=site,
                 date=child_text(item, "pubDate") or child_text(item, "date"),
                 updated=None, authors=authors, tags=tags, image=_rss_image(item, site),
                 guid=child_text(item, "guid"))


def _atom_entry(entry, origin: str, site: str | None) -> ImportedPost | None:
    link = _absolute(_atom_link(entry) or "", site)
    authors = [child_text(a, "name") for a in children(entry, "author")]
    tags = [c.get("label") or c.get("term") or "" for c in children(entry, "category")]
    content = _atom_text(entry, "content")
    summary = _atom_text(entry, "summary")
    published = child_text(entry, "published") or child_text(entry, "issued")
    updated = child_text(entry, "updated")
    return _post(origin, title=_atom_text(entry, "title", plain=True), html=content or summary,
                 summary_html=summary if content else "", link=link, site=site or link,
                 date=published or updated, updated=updated if published else None, authors=authors,
                 tags=tags, image=_rss_image(entry, site), guid=child_text(entry, "id"))


def _post(origin, *, title, html, summary_html, link, site, date, updated, authors, tags, image,
          guid) -> ImportedPost | None:
    title = squash(BeautifulSoup(title or "", "lxml").get_text(" "))
    if not title or not (html or "").strip():
        return None
    soup = BeautifulSoup(mark_more(html), "lxml")
    container = soup.body or soup
    base = link or site
    clean_article(container, title=title, base_url=base)
    post = ImportedPost(title=title, body_html=container.decode_contents(), origin=f"{origin}: {title}",
                        platform="feed", base_url=base or None,
                        source_id=None if link else f"feed:{site}:{guid or title}")
    post.legacy_url = link or None
    post.slug_hint = _slug_hint(link) if link else None
    post.date = parse_date(date)
    post.updated = parse_date(updated) if updated else None
    if post.updated == post.date:
        post.updated = None
    post.authors = list(dict.fromkeys(a for a in (clean_author(n) for n in authors if n) if a))
    post.tags = clean_tags(tags)
    summary = squash(BeautifulSoup(summary_html, "lxml").get_text(" ")) if summary_html else ""
    post.summary = summary[:300] or first_paragraph(container)
    post.image = image
    if post.date is None:
        post.warnings.append("no date in the feed; using today's")
    return post


def _child_xml_text(element, name: str) -> str:
    for child in element:
        if local(child) == name:
            return child.text or ""
    return ""


def _atom_text(element, name: str, *, plain: bool = False) -> str:
    """An Atom text construct: type="html" is escaped HTML, type="xhtml" is a <div> of markup."""
    from lxml import etree

    for child in element:
        if local(child) != name:
            continue
        kind = (child.get("type") or "text").lower()
        if kind == "xhtml":
            return "".join(etree.tostring(c, encoding="unicode") for c in child)
        text = child.text or ""
        if kind in ("html", "text/html") or plain:
            return text
        return "".join(f"<p>{squash(part)}</p>" for part in text.split("\n\n") if part.strip())
    return ""


def _atom_link(element) -> str | None:
    for link in children(element, "link"):
        if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return None


def _permalink_guid(item) -> str:
    for guid in children(item, "guid"):
        if (guid.get("isPermaLink") or "true").lower() == "true" and (guid.text or "").startswith("http"):
            return guid.text.strip()
    return ""


def _rss_author(text: str) -> str:
    """RSS's <author> is "email (Name)"; the name is what counts."""
    if "(" in text and text.endswith(")"):
        return text[text.index("(") + 1:-1]
    return text


def _rss_image(item, site: str | None) -> str | None:
    for child in item:
        if local(child) in ("content", "thumbnail") and (child.get("medium") == "image" or
                                                          (child.get("type") or "").startswith("image/")
                                                          or local(child) == "thumbnail") and child.get("url"):
            return _absolute(child.get("url"), site)
        if local(child) == "enclosure" and (child.get("type") or "").startswith("image/") and child.get("url"):
            return _absolute(child.get("url"), site)
    return None


def _absolute(url: str, site: str | None) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    full = urljoin(site or "", url)
    return full if full.startswith(("http://", "https://")) else ""
