"""Reading export files (WXR, Blogger Atom) with lxml: namespaces matched by local name since
every WXR version uses another URI; prefixes that older tools forgot to declare declared here.

An export that is not well-formed is never read as a silent prefix of itself (what a
recovering parser does): each item is then read on its own, and the ones that cannot be read
are named, so the import reports them and fails. Entities are never expanded (no XXE, no
billion laughs) and nothing is fetched from the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

# What older tools (Blogger's own exports included) use without declaring it
KNOWN_NAMESPACES = {
    b"app": b"http://purl.org/atom/app#",
    b"media": b"http://search.yahoo.com/mrss/",
    b"gd": b"http://schemas.google.com/g/2005",
    b"thr": b"http://purl.org/syndication/thread/1.0",
    b"georss": b"http://www.georss.org/georss",
    b"openSearch": b"http://a9.com/-/spec/opensearchrss/1.0/",
    b"blogger": b"http://schemas.google.com/blogger/2018",
    b"wp": b"http://wordpress.org/export/1.2/",
    b"excerpt": b"http://wordpress.org/export/1.2/excerpt/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
    b"atom": b"http://www.w3.org/2005/Atom",
}
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>)", re.S | re.I)
_START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>", re.S)
_USED_PREFIX = re.compile(rb"</?([A-Za-z_][\w.-]*):[A-Za-z_]|\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=\s*[\"']")
_DECLARED = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)\s*=")
_ITEM = re.compile(rb"<(item|entry)(?:\s[^>]*)?>.*?</\1\s*>", re.S)
_TITLE = re.compile(rb"<title[^>]*>(?:<!\[CDATA\[)?(.{0,80}?)(?:\]\]>)?</title>", re.S)


class ExportError(ValueError):
    """An export file that cannot be read as XML at all."""


@dataclass
class ExportTree:
    root: etree._Element
    unreadable: list[str] = field(default_factory=list)  # items that could not be read, and why
    items: int = 0  # how many items the file holds, readable or not (0 when it read whole)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(recover=False, resolve_entities=False, no_network=True, load_dtd=False)


def parse_export(data: bytes) -> ExportTree:
    """The export's tree: read whole when it is well-formed, else item by item (the items that
    could not be read left out and listed); ExportError when not even its frame can be read."""
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        declared = declare_missing_prefixes(data)  # only now: scanning a large file costs seconds
        if declared is data:
            return _item_by_item(data, error)
        try:
            root = etree.fromstring(declared, parser=_parser())
        except etree.XMLSyntaxError as still:
            return _item_by_item(declared, still)
    if root is None:
        raise ExportError("not readable XML")
    return ExportTree(root)


def parse_xml(data: bytes) -> etree._Element:
    """A small XML document that is no export (a sitemap): read as exports are, entities never
    expanded; ExportError when it cannot be read."""
    return parse_export(data).root


def declare_missing_prefixes(data: bytes) -> bytes:
    """Declare, on the root element, every namespace prefix the file uses without declaring it
    there: a strict parser refuses such a file whole."""
    root = _root_start(data)
    if root is None:
        return data
    declared = set(_DECLARED.findall(root.group(0)))
    used = {prefix for match in _USED_PREFIX.finditer(data) for prefix in match.groups() if prefix}
    missing = sorted(used - declared - {b"xml", b"xmlns"})
    if not missing:
        return data
    declarations = b"".join(b" xmlns:%s=\"%s\"" % (prefix, KNOWN_NAMESPACES.get(prefix, b"urn:undeclared:" + prefix))
                            for prefix in missing)
    insert_at = root.end(1)
    return data[:insert_at] + declarations + data[insert_at:]


def _root_start(data: bytes) -> re.Match | None:
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        prolog = _PROLOG.match(data, position)
        if prolog is None:
            break
        position = prolog.end()
    while position < len(data) and data[position:position + 1].isspace():
        position += 1
    return _START_TAG.match(data, position)


def _item_by_item(data: bytes, whole_error: etree.XMLSyntaxError) -> ExportTree:
    items = list(_ITEM.finditer(data))
    if not items:
        raise ExportError(f"not well-formed XML: {whole_error}")
    frame = data[:items[0].start()] + data[items[-1].end():]
    try:
        root = etree.fromstring(frame, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise ExportError(f"not well-formed XML, not even around its items: {error}") from None
    parent = next((c for c in root if local(c) == "channel"), root)
    root_start = _root_start(data)
    opening = data[:root_start.end()] if root_start is not None else b""
    closing = b"</%s>" % root_start.group(1) if root_start is not None else b""
    tree = ExportTree(root, items=len(items))
    for number, match in enumerate(items, start=1):
        try:
            wrapper = etree.fromstring(opening + match.group(0) + closing, parser=_parser())
            parent.append(wrapper[0])
        except (etree.XMLSyntaxError, IndexError) as error:
            tree.unreadable.append(f"item {number}{_title_of(match.group(0))}: {error}")
    return tree


def _title_of(item: bytes) -> str:
    match = _TITLE.search(item)
    if not match:
        return ""
    title = match.group(1).decode("utf-8", "replace").strip()
    return f" ({title!r})" if title else ""


def local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if local(c) == name]


def child_text(element: etree._Element, name: str, *, namespace_part: str | None = None) -> str:
    """Text of the first child called `name` (whose namespace URI contains `namespace_part`)."""
    for child in element:
        if local(child) != name:
            continue
        if namespace_part is not None and namespace_part not in (etree.QName(child.tag).namespace or ""):
            continue
        return (child.text or "").strip()
    return ""
