"""The search index, in the format Material's search reads, built from already-rendered posts
(so no page's HTML is parsed a second time)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import TextIO

from salesblog.site.plan import PageSpec
from salesblog.site.toc import without_permalinks
from salesblog.text import HTML_TAG

_SECTION = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def search_documents(pages: list[PageSpec]) -> Iterator[dict]:
    """One entry per post, then one per ## or ### section, as Material indexes pages."""
    for spec in pages:
        if not spec.searchable:
            continue
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


def write_search_index(pages: list[PageSpec], settings: dict, out: TextIO) -> None:
    """Material's search_index.json with Material's own `settings`, written entry by entry: at
    ten thousand posts the whole index would be a hundred megabytes held twice in memory."""
    out.write('{"config":' + _dumps(settings) + ',"docs":[')
    for number, doc in enumerate(search_documents(pages)):
        out.write(("," if number else "") + _dumps(doc))
    out.write("]}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
