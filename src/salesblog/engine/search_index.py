"""The search index, in the format Material's search reads, built from already-rendered posts
(so no page's HTML is parsed a second time)."""

from __future__ import annotations

import html
import json
import mmap
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from salesblog.site.plan import PageSpec
from salesblog.site.toc import without_permalinks
from salesblog.text import HTML_TAG

_SECTION = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def search_documents(pages: list[PageSpec]) -> Iterator[dict]:
    """One entry per post, then one per ## or ### section, as Material indexes pages."""
    for spec in pages:
        if spec.searchable:
            yield from _page_documents(spec)


def _page_documents(spec: PageSpec) -> Iterator[dict]:
    body = getattr(spec.view, "html", "")
    card = getattr(spec.view, "card", None)
    parts = _SECTION.split(body)
    intro = parts[0]
    # Material's search shows titles and tags as HTML: they must arrive escaped.
    entry = {"location": spec.path, "title": html.escape(spec.title, quote=False),
             "text": intro.strip()}
    if card is not None and card.tags:
        entry["tags"] = [html.escape(tag.name, quote=False) for tag in card.tags]
    yield entry
    for index in range(1, len(parts), 4):
        _level, anchor, heading, text = parts[index:index + 4]
        yield {"location": f"{spec.path}#{anchor}",
               "title": HTML_TAG.sub("", without_permalinks(heading)).strip(),  # our own heading
               "text": text.strip()}


Span = tuple[int, int]  # where a page's entries sit in an index file: [start, end)


def write_search_index(pages: list[PageSpec], settings: dict, out: BinaryIO,
                       previous: Callable[[PageSpec], bytes | None] | None = None) -> dict[str, Span]:
    """Material's search_index.json with Material's own `settings`, written page by page: at
    ten thousand posts the whole index would be a hundred megabytes held twice in memory.
    `previous(spec)` may give a page's entries as the last index had them (unchanged pages);
    returns where each page's entries are in this one, for the next build."""
    head = ('{"config":' + _dumps(settings) + ',"docs":[').encode()
    out.write(head)
    position, spans = len(head), {}
    for spec in pages:
        if not spec.searchable:
            continue
        entries = previous(spec) if previous is not None else None
        if entries is None:  # one dumps per page: the encoder's set-up costs more than an entry
            entries = _dumps(list(_page_documents(spec)))[1:-1].encode()
        if spans:
            out.write(b",")
            position += 1
        out.write(entries)
        spans[spec.path] = (position, position + len(entries))
        position += len(entries)
    out.write(b"]}")
    return spans


class PreviousIndex:
    """The index of the site in place, to take unchanged pages' entries from, with the spans
    the build that wrote it recorded. Mapped, not read: at ten thousand posts it is large."""

    def __init__(self, path: Path, spans: dict[str, Span]):
        self.spans = spans
        with path.open("rb") as source:
            self.data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)

    def entries(self, path: str) -> bytes | None:
        span = self.spans.get(path)
        return None if span is None else self.data[span[0]:span[1]]

    def close(self) -> None:
        self.data.close()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
