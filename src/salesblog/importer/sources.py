"""What the user named on the command line -> sources, and each source -> ParsedSource.

A source is a saved page, a folder of them (searched recursively, a browser's "_files" folders
left out), a WordPress WXR export, a Blogger export, or an http(s) URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from salesblog.importer.blogger_export import is_blogger_export, parse_blogger_export
from salesblog.importer.crawl import crawl_blog, is_blog_address
from salesblog.importer.decoding import decode_bytes
from salesblog.importer.identities import give_distinct_identities
from salesblog.importer.feed_export import is_feed, parse_feed
from salesblog.importer.hubspot_api import (HubSpotError, is_hubspot_json, is_hubspot_source,
                                            parse_hubspot_json, read_hubspot_api)
from salesblog.importer.fetch import PAGE_LIMIT, FetchError, fetch, is_url
from salesblog.importer.limits import MAX_PAGE_BYTES, PageRejected, check_page_size
from salesblog.importer.model import ParsedSource
from salesblog.importer.more import mark_more
from salesblog.importer.options import SourceOptions
from salesblog.importer.page import NotAnArticle, parse_legacy_page
from salesblog.importer.wxr import is_wxr, parse_wxr
from salesblog.importer.xmltree import ExportError, parse_export

PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx"}
EXPORT_SUFFIXES = {".xml", ".atom", ".wxr", ".rss"}
PAGE_TYPES = ("text/html", "application/xhtml+xml")
EXPORT_TYPES = ("application/xml", "text/xml", "application/rss+xml", "application/atom+xml")


class SourceError(Exception):
    """A source that gave nothing: the message names it and says why."""


@dataclass(frozen=True)
class Source:
    location: str  # a path or URL as the user can recognise it

    @property
    def is_url(self) -> bool:
        return is_url(self.location)


def expand_sources(arguments: list[str]) -> tuple[list[Source], list[str]]:
    """Sources to import, and problems with arguments that name nothing usable."""
    sources: list[Source] = []
    problems: list[str] = []
    for argument in arguments:
        if is_url(argument) or is_hubspot_source(argument):
            sources.append(Source(argument))
            continue
        path = Path(argument)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _importable(p, path))
            if not found:
                problems.append(f"{argument}: no .html pages or .xml exports in this folder")
            sources += [Source(str(p)) for p in found]
        elif path.is_file():
            sources.append(Source(argument))
        else:
            problems.append(f"{argument}: no such file or folder")
    return list(dict.fromkeys(sources)), problems


def _importable(path: Path, root: Path) -> bool:
    relative = path.relative_to(root)
    if any(part.endswith("_files") or part.startswith(".") for part in relative.parts[:-1]):
        return False  # a browser's folder of a saved page's assets
    return path.suffix.lower() in PAGE_SUFFIXES | EXPORT_SUFFIXES and not path.name.startswith(".")


def parse_source(source: Source, options: SourceOptions = SourceOptions()) -> ParsedSource:
    """Read one source; SourceError when it yields nothing importable. A URL is fetched from a
    public address only, unless `options.allow_private`."""
    if is_hubspot_source(source.location):
        try:
            return read_hubspot_api(options)
        except HubSpotError as error:
            raise SourceError(str(error)) from None
    if source.is_url:
        try:
            fetched = fetch(source.location, accept=PAGE_TYPES + EXPORT_TYPES, limit=PAGE_LIMIT,
                            allow_private=options.allow_private)
        except FetchError as error:
            raise SourceError(str(error)) from None
        if not _looks_like_xml_export(fetched.data) and is_blog_address(
                fetched.url, decode_bytes(fetched.data[:200_000], fetched.content_type)):
            return crawl_blog(fetched, options)  # a blog's home or listing: every post of it
        return _parse_bytes(fetched.data, source.location, url=fetched.url, content_type=fetched.content_type)
    path = Path(source.location)
    try:
        data = _read_file(path)
    except OSError as error:
        raise SourceError(f"{source.location}: cannot read ({error.strerror})") from None
    except PageRejected as error:
        raise SourceError(f"{source.location}: {error}") from None
    return _parse_bytes(data, source.location, base_dir=str(path.parent.resolve()))


def _read_file(path: Path) -> bytes:
    """A saved page's bytes; PageRejected, before reading it all, when a page is too large to
    import (exports may be any size: they are read by lxml, item by item)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_PAGE_BYTES and not _looks_like_xml_export(head):
            check_page_size(size)
        return head + handle.read()


def _parse_bytes(data: bytes, origin: str, *, url: str | None = None, base_dir: str | None = None,
                 content_type: str | None = None) -> ParsedSource:
    if not data.strip():
        raise SourceError(f"{origin}: the file is empty")
    if _looks_like_xml_export(data):
        return _parse_export(data, origin, url=url)
    if is_hubspot_json(data):
        try:
            return parse_hubspot_json(data, origin)
        except HubSpotError as error:
            raise SourceError(str(error)) from None
    text = mark_more(decode_bytes(data, content_type))
    try:
        post = parse_legacy_page(text, origin=origin, url=url, base_dir=base_dir)
    except NotAnArticle as error:
        raise SourceError(f"{origin}: {error}") from None
    return ParsedSource(posts=[post])


def _looks_like_xml_export(data: bytes) -> bool:
    head = data[:3000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<html" in head or b"<!doctype html" in head:
        return False
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def _parse_export(data: bytes, origin: str, url: str | None = None) -> ParsedSource:
    try:
        tree = parse_export(data)
    except ExportError as error:
        raise SourceError(f"{origin}: {error}") from None
    if is_wxr(tree.root):
        parsed = parse_wxr(tree.root, origin)
    elif is_blogger_export(tree.root):
        parsed = parse_blogger_export(tree.root, origin)
    elif is_feed(tree.root):
        parsed = parse_feed(tree.root, origin, feed_url=url)
    else:
        raise SourceError(f"{origin}: an XML file, but neither a WordPress (WXR) nor a Blogger export, "
                          "nor an RSS or Atom feed")
    give_distinct_identities(parsed.posts, origin if is_url(origin) else str(Path(origin).resolve()))
    if tree.unreadable:
        parsed.failures.append(f"{origin}: {len(tree.unreadable)} of {tree.items} items could not be read "
                               f"(the file is not well-formed XML; the other items were imported): "
                               + "; ".join(tree.unreadable))
    return parsed
