"""WordPress WXR exports: only posts become posts (drafts as draft: true); pages, attachments,
menu items and custom types are skipped and counted."""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup

from salesblog.importer.cleaning import clean_article
from salesblog.importer.dates import parse_date
from salesblog.importer.limits import PageRejected, check_page_shape
from salesblog.importer.galleries import expand_galleries
from salesblog.importer.model import ImportedPost, ParsedSource, SkippedItem
from salesblog.importer.page import first_paragraph
from salesblog.importer.text import clean_tags, squash
from salesblog.importer.xmltree import child_text, children, local

WP = "wordpress.org/export"
DRAFT_STATUSES = {"draft", "pending", "private", "auto-draft"}
PUBLISHED_STATUSES = {"publish", "future"}
_KIND_NAMES = {"page": "page", "attachment": "attachment", "nav_menu_item": "menu item",
               "revision": "revision", "wp_block": "reusable block"}


def is_wxr(root) -> bool:
    return local(root) == "rss" and any(WP in (uri or "") for uri in root.nsmap.values())


def parse_wxr(root, origin: str) -> ParsedSource:
    channel = next(iter(children(root, "channel")), root)
    site_url = child_text(channel, "base_blog_url", namespace_part=WP) or child_text(channel, "link")
    authors = {child_text(a, "author_login", namespace_part=WP): child_text(a, "author_display_name",
                                                                             namespace_part=WP)
               for a in children(channel, "author")}
    items = children(channel, "item")
    attachments = {child_text(i, "post_id", namespace_part=WP): child_text(i, "attachment_url", namespace_part=WP)
                   for i in items if child_text(i, "post_type", namespace_part=WP) == "attachment"}
    attached: dict[str, list[str]] = {}  # post id -> its attached images, for galleries without ids
    for i in items:
        if child_text(i, "post_type", namespace_part=WP) == "attachment":
            attached.setdefault(child_text(i, "post_parent", namespace_part=WP), []).append(
                child_text(i, "attachment_url", namespace_part=WP))
    result = ParsedSource()
    for item in items:
        kind = child_text(item, "post_type", namespace_part=WP) or "post"
        title = squash(child_text(item, "title")) or "(untitled)"
        where = f"{origin}: {title}"
        if kind != "post":
            label = _KIND_NAMES.get(kind, f"custom type '{kind}'")
            result.skipped.append(SkippedItem(where, label))
            continue
        status = child_text(item, "status", namespace_part=WP) or "publish"
        content = _encoded(item, "content")
        if status == "trash" or status == "inherit":
            result.skipped.append(SkippedItem(where, f"post in {status}"))
            continue
        if status == "auto-draft" and not content.strip():
            result.skipped.append(SkippedItem(where, "empty auto-draft"))
            continue
        try:
            check_page_shape(content)
        except PageRejected as error:
            result.failures.append(f"{where}: not imported: {error}")
            continue
        content, gallery_warnings = expand_galleries(
            content, attachments, attached.get(child_text(item, "post_id", namespace_part=WP)))
        result.posts.append(_post(item, origin, site_url, authors, attachments, status, content, title))
        result.posts[-1].warnings += gallery_warnings
    return result


def _encoded(item, name: str) -> str:
    for child in item:
        if local(child) == "encoded" and name in (child.tag or ""):
            return child.text or ""
    return ""


def _post(item, origin, site_url, authors, attachments, status, content, title) -> ImportedPost:
    post_id = child_text(item, "post_id", namespace_part=WP)
    draft = status in DRAFT_STATUSES or status not in PUBLISHED_STATUSES
    link = child_text(item, "link")
    body = BeautifulSoup(autop(content), "lxml")
    container = body.body or body
    clean_article(container, base_url=site_url or None)
    post = ImportedPost(title=title, body_html=container.decode_contents(), origin=f"{origin}: {title}",
                        platform="wordpress-export", base_url=site_url or None,
                        source_id=f"wxr:{site_url}:{post_id}" if post_id else None)
    post.draft = draft
    post.date = _date(item)
    login = child_text(item, "creator")
    name = authors.get(login) or login
    post.authors = [name] if name else []
    post.tags = clean_tags([squash(c.text or "") for c in children(item, "category")
                            if c.get("domain") in ("category", "post_tag", None)])
    excerpt = squash(BeautifulSoup(_encoded(item, "excerpt"), "lxml").get_text(" "))
    post.summary = excerpt or first_paragraph(container)
    thumbnail = next((child_text(m, "meta_value", namespace_part=WP) for m in children(item, "postmeta")
                      if child_text(m, "meta_key", namespace_part=WP) == "_thumbnail_id"), None)
    post.image = attachments.get(thumbnail or "") or None
    # A draft's link is "?p=123": no old address worth a redirect.
    if link and "?" not in link and not draft:
        post.legacy_url = link
    post.slug_hint = child_text(item, "post_name", namespace_part=WP) or None
    return post


def _date(item):
    """wp:post_date is local time, wp:post_date_gmt UTC: together they give the zone."""
    local_time = parse_date(child_text(item, "post_date", namespace_part=WP))
    gmt = parse_date(child_text(item, "post_date_gmt", namespace_part=WP))
    if isinstance(local_time, dt.datetime) and isinstance(gmt, dt.datetime) and local_time.tzinfo is None:
        offset = local_time - gmt
        minutes = round(offset.total_seconds() / 60)
        if abs(minutes) <= 14 * 60:
            return local_time.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    return local_time or parse_date(child_text(item, "pubDate"))


_BLOCK = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|pre|figure|"
                    r"figcaption|hr|section|article|aside|iframe|dl|dt|dd|address|form|!--)\b", re.I)


_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_EMBED = re.compile(r"\[embed[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.I)
_BARE_EMBED = re.compile(r"^\s*(https?://(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com)/\S+)\s*$", re.M)


def expand_shortcodes(text: str) -> str:
    """[caption] becomes a figure, [embed] and bare video URLs (oEmbeds) a link."""
    def figure(match: re.Match) -> str:
        inner = match.group(1)
        image = re.search(r"(?:<a[^>]*>\s*)?<img[^>]*>(?:\s*</a>)?", inner, re.I)
        if image is None:
            return inner
        caption = (inner[: image.start()] + inner[image.end():]).strip()
        return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"

    text = _CAPTION.sub(figure, text)
    text = _EMBED.sub(lambda m: f'<p><a href="{m.group(1)}">{m.group(1)}</a></p>', text)
    return _BARE_EMBED.sub(lambda m: f'<p><a href="{m.group(1)}">{m.group(1)}</a></p>', text)


def autop(text: str) -> str:
    """WordPress's wpautop, simplified: blank lines separate paragraphs, single newlines are
    line breaks, block-level markup is left alone."""
    text = expand_shortcodes(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "<p" in text.lower() and "\n\n" not in text:
        return text
    chunks = re.split(r"\n\s*\n", text)
    html = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if _BLOCK.match(chunk) or "<pre" in chunk.lower():
            html.append(chunk)
        else:
            html.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(html)
