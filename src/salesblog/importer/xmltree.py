"""Reading export files (WXR, Blogger Atom) with lxml: tolerant of broken bytes and markup,
namespaces matched by local name since every WXR version uses another URI."""

from __future__ import annotations

from lxml import etree


class ExportError(ValueError):
    """An export file that cannot be read as XML at all."""


def parse_xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise ExportError(f"not readable XML: {error}") from None
    if root is None:
        raise ExportError("not readable XML")
    return root


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
