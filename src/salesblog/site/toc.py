"""A post's "In this post" contents, read back from its rendered HTML, and the heading
permalinks taken out again where a post's HTML is shown away from the post (feeds, listings)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from salesblog.text import HTML_TAG

# The renderer's own output (Python-Markdown's toc extension with permalinks): a pattern is
# enough, and a post is scanned once per build.
PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="[^"]*">&para;</a>')
_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
MIN_HEADINGS = 3  # fewer, and a contents list is only in the way


@dataclass
class TocEntry:
    level: int  # 2 or 3
    anchor: str  # the heading's id, as written in the HTML (already escaped)
    text: str  # plain text of the heading


def contents(post_html: str) -> list[TocEntry]:
    """The ## and ### headings of a post, when it has MIN_HEADINGS or more; else nothing."""
    entries = [TocEntry(int(level), anchor, _plain(inner))
               for level, anchor, inner in _HEADING.findall(post_html)]
    return entries if len(entries) >= MIN_HEADINGS else []


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(HTML_TAG.sub("", without_permalinks(fragment))).split())


def without_permalinks(fragment: str) -> str:
    return PERMALINK.sub("", fragment) if "headerlink" in fragment else fragment
