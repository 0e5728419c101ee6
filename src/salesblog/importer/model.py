"""What every parser produces and what the writer consumes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ImportedPost:
    """One post as read from a legacy source, before it is written to content/posts/."""

    title: str
    body_html: str  # the article only, already cleaned of furniture
    origin: str  # what the user gave (file, URL or export), shown in the report
    date: dt.datetime | dt.date | None = None
    updated: dt.datetime | dt.date | None = None
    authors: list[str] = field(default_factory=list)  # names, not ids
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    image: str | None = None  # hero image URL or path as the source gives it
    image_alt: str | None = None  # its alternative text, when the source gives one
    legacy_url: str | None = None
    draft: bool = False
    slug_hint: str | None = None  # the old URL's last path segment, when known
    base_url: str | None = None  # what relative links and images in the body are relative to
    base_dir: str | None = None  # the folder of a saved page, for its local images
    platform: str = "generic"
    source_id: str | None = None  # an export's own id for the post (WordPress post id, Blogger entry id)
    warnings: list[str] = field(default_factory=list)

    @property
    def identity(self) -> str:
        """What makes two imports the same post: its old address, else where it came from (a
        saved page by its absolute path, however the command line spelled it)."""
        return self.legacy_url or self.source_id or f"{_canonical(self.origin)}#{self.title}"


@dataclass
class SkippedItem:
    """Something a source held that did not become a post, and why."""

    origin: str
    reason: str


@dataclass
class ParsedSource:
    """Everything one source gave: posts, skipped items (pages, attachments...) and warnings."""

    posts: list[ImportedPost] = field(default_factory=list)  # or an iterator: a crawl's, as pages arrive
    skipped: list[SkippedItem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # parts of the source (items, crawled pages) that could not be read
    old_pages: list = field(default_factory=list)  # OldPage: the old blog's tag/author/listing pages


def _canonical(origin: str) -> str:
    if "://" in origin:
        return origin
    path = Path(origin)
    return str(path.resolve()) if path.exists() else origin
