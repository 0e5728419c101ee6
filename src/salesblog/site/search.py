"""The search index, in the format Material's search reads, built from already-rendered posts
(so no page's HTML is parsed a second time)."""

from __future__ import annotations

import json
import re

from salesblog.site.plan import PageSpec

_SECTION = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def search_documents(pages: list[PageSpec]) -> list[dict]:
    """One entry per post, then one per ## or ### section, as Material indexes pages."""
    docs = []
    for spec in pages:
        if not spec.searchable:
            continue
        html = getattr(spec.view, "html", "")
        card = getattr(spec.view, "card", None)
        parts = _SECTION.split(html)
        intro = parts[0]
        entry = {"location": spec.path, "title": spec.title, "text": intro.strip()}
        if card is not None and card.tags:
            entry["tags"] = [tag.name for tag in card.tags]
        docs.append(entry)
        for index in range(1, len(parts), 4):
            _level, anchor, heading, text = parts[index:index + 4]
            docs.append({"location": f"{spec.path}#{anchor}",
                         "title": _TAG.sub("", heading).strip(), "text": text.strip()})
    return docs


def search_index_json(pages: list[PageSpec], language: str) -> str:
    index = {
        "config": {"lang": [language], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                              "tags": {"boost": 1000000.0}}},
        "docs": search_documents(pages),
    }
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
