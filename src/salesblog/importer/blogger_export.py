"""Blogger exports (Atom): posts become posts, drafts draft: true; comments, pages, settings and
the template are skipped and counted. Both the classic format (kind categories, app:draft) and
the current one (blogger:type, blogger:status) are read."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.cleaning import clean_article
from salesblog.importer.dates import parse_date
from salesblog.importer.limits import PageRejected, check_page_shape
from salesblog.importer.model import ImportedPost, ParsedSource, SkippedItem
from salesblog.importer.page import first_paragraph
from salesblog.importer.text import clean_author, clean_tags, squash
from salesblog.importer.xmltree import child_text, children, local

KIND_SCHEME = "http://schemas.google.com/g/2005#kind"


def is_blogger_export(root) -> bool:
    if local(root) != "feed":
        return False
    feed_id = child_text(root, "id")
    namespaces = " ".join(v or "" for v in root.nsmap.values())
    return "blogger.com" in feed_id or "schemas.google.com/blogger" in namespaces or any(
        "blogger" in (c.get("term") or "") for e in children(root, "entry")[:3] for c in children(e, "category"))


def _kind(entry) -> str:
    kind = child_text(entry, "type", namespace_part="blogger")
    if kind:
        return kind.lower()
    for category in children(entry, "category"):
        if category.get("scheme") == KIND_SCHEME:
            return (category.get("term") or "").rsplit("#", 1)[-1].lower()
    return "post"


def _is_draft(entry) -> bool:
    status = child_text(entry, "status", namespace_part="blogger").upper()
    if status:
        return status != "LIVE"
    for control in children(entry, "control"):
        if child_text(control, "draft").lower() == "yes":
            return True
    return False


def parse_blogger_export(root, origin: str) -> ParsedSource:
    result = ParsedSource()
    blog_url = next((link.get("href") for link in children(root, "link") if link.get("rel") == "alternate"), None)
    for entry in children(root, "entry"):
        title = squash(child_text(entry, "title")) or "(untitled)"
        where = f"{origin}: {title}"
        kind = _kind(entry)
        if kind != "post":
            result.skipped.append(SkippedItem(where, kind))
            continue
        status = child_text(entry, "status", namespace_part="blogger").upper()
        if status in ("SOFT_TRASHED", "DELETED", "TRASHED"):
            result.skipped.append(SkippedItem(where, "post in trash"))
            continue
        try:
            check_page_shape(child_text(entry, "content"))
        except PageRejected as error:
            result.failures.append(f"{where}: not imported: {error}")
            continue
        result.posts.append(_post(entry, origin, title, blog_url))
    return result


def _source_id(entry) -> str | None:
    """The entry's own id; none without one (then its place in the export tells it apart)."""
    entry_id = child_text(entry, "id")
    return f"blogger:{entry_id}" if entry_id else None


def _post(entry, origin: str, title: str, blog_url: str | None) -> ImportedPost:
    content = child_text(entry, "content")
    soup = BeautifulSoup(content, "lxml")
    container = soup.body or soup
    clean_article(container, base_url=blog_url)
    draft = _is_draft(entry)
    link = next((a.get("href") for a in children(entry, "link") if a.get("rel") == "alternate"), None)
    filename = child_text(entry, "filename", namespace_part="blogger")
    post = ImportedPost(title=title, body_html=container.decode_contents(), origin=f"{origin}: {title}",
                        platform="blogger-export", base_url=link or blog_url,
                        source_id=_source_id(entry))
    post.draft = draft
    post.date = parse_date(child_text(entry, "published")) or parse_date(child_text(entry, "created",
                                                                                    namespace_part="blogger"))
    updated = parse_date(child_text(entry, "updated"))
    post.updated = updated if updated and updated != post.date and not draft else None
    names = [clean_author(child_text(a, "name")) for a in children(entry, "author")]
    post.authors = [n for n in names if n and n.lower() not in ("unknown", "anonymous")]
    post.tags = clean_tags([c.get("term") or "" for c in children(entry, "category")
                            if c.get("scheme") != KIND_SCHEME])
    post.summary = squash(child_text(entry, "metaDescription", namespace_part="blogger")) or first_paragraph(container)
    if not draft:
        post.legacy_url = link or (filename if filename.startswith("/") else None)
    return post
