"""Gates a legacy page's HTML passes before any tree is built from it: a size cap and a nesting
cap, so that a pathological page fails fast, alone and with a clear message instead of
exhausting time, memory or the stack (BeautifulSoup's and markdownify's walks recurse and
cleaning visits every ancestor of every element: the cost grows with the square of the depth).

The depth is measured by a streaming pass of lxml's HTML parser (the one BeautifulSoup uses
here), which builds no tree and reads the markup as the later parse will."""

from __future__ import annotations

import io

from lxml import etree

MAX_PAGE_BYTES = 10 * 1024 * 1024  # real saved pages, inlined images included, stay far below
MAX_DEPTH = 200  # real pages nest a few dozen levels; markdownify's recursion fails near 400


class PageRejected(ValueError):
    """A page too large or too deeply nested to import; the message says which and by how much."""


def check_page_size(size: int) -> None:
    if size > MAX_PAGE_BYTES:
        raise PageRejected(f"too large to import ({size / 1024 / 1024:.1f} MB; a page may be at most "
                           f"{MAX_PAGE_BYTES // 1024 // 1024} MB)")


def check_page_shape(html: str) -> None:
    """PageRejected when `html` is too large or nests its elements deeper than MAX_DEPTH."""
    data = html.encode("utf-8", errors="replace")
    check_page_size(len(data))
    depth = 0
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), html=True, recover=True,
                             no_network=True, encoding="utf-8", huge_tree=True)
    try:
        for event, _ in events:
            depth += 1 if event == "start" else -1
            if depth > MAX_DEPTH:
                raise PageRejected(f"its markup nests more than {MAX_DEPTH} levels deep (no real "
                                   "article does; a page built to exhaust the importer does)")
    except etree.XMLSyntaxError:
        return  # whatever lxml cannot stream, BeautifulSoup's tolerant parse still reads
