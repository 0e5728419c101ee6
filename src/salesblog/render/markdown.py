"""Markdown to HTML for posts: each post converted exactly once per build, links rewritten."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import lxml.html
import markdown
from markdown.treeprocessors import Treeprocessor

from salesblog.content.links import local_target
from salesblog.content.posts import MORE_MARKER
from salesblog.text import HTML_TAG, NOT_XML

EXTENSIONS = [
    "abbr", "attr_list", "def_list", "footnotes", "tables", "md_in_html", "admonition",
    "sane_lists", "toc", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.tilde",
    "pymdownx.tasklist", "pymdownx.details",
]
EXTENSION_CONFIGS = {
    # Every heading gets a copyable link to itself; site/toc.py reads the headings back.
    "toc": {"permalink": True, "permalink_title": "Link to this section"},
    "pymdownx.highlight": {"use_pygments": True, "anchor_linenums": False},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "footnotes": {"UNIQUE_IDS": True},
}
# Part of every cache key: bump when the output of render_post changes for the same input.
RENDERER_VERSION = "5"
WORDS_PER_MINUTE = 230
TEASER_CHARS = 150


@dataclass
class RenderedPost:
    """What a post's Markdown becomes; everything else about it comes from its front matter."""

    html: str
    summary_html: str
    teaser: str  # plain text, for the sidebar and meta descriptions
    reading_minutes: int
    digest: str = ""  # the cache key it was rendered under: stands for its HTML in other keys


class _RewriteLinks(Treeprocessor):
    """Relative links and images point at files next to the post; give them their site URLs."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.base = Path(".")
        self.table: dict[str, str] = {}

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value:
                element.set(attribute, self.rewrite(value))

    def rewrite(self, value: str) -> str:
        found = local_target(value, self.base)
        if found is None:
            return value
        target, fragment = found
        url = self.table.get(str(target))
        if url is None:
            return value
        return f"{url}#{fragment}" if fragment else url


class PostRenderer:
    """One Markdown instance, reset between posts: building it costs more than a short post."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
        self.links = _RewriteLinks(self.md)
        self.md.treeprocessors.register(self.links, "salesblog_links", 1)
        self.inline = markdown.Markdown()

    def render(self, body: str, base: Path, table: dict[str, str], summary: str | None) -> RenderedPost:
        self.links.base, self.links.table = base, table
        self.md.reset()
        # Characters XML cannot carry would break feeds; they are dropped once, here.
        body_html = NOT_XML.sub("", self.md.convert(body))
        if summary:
            summary_html = self.inline.reset().convert(summary)
        elif MORE_MARKER in body_html:
            summary_html = closed_html(body_html.split(MORE_MARKER, 1)[0].strip())
        else:
            first = re.search(r"<p>.*?</p>", body_html, re.S)
            summary_html = first.group(0) if first else ""
        words = len(strip_tags(body_html).split())
        return RenderedPost(html=body_html, summary_html=summary_html,
                            teaser=shorten(strip_tags(summary_html), TEASER_CHARS),
                            reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)))


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|blockquote|pre|tr|td|th|dd|dt)\s*>|<br\s*/?>", re.I)


def closed_html(fragment: str) -> str:
    """`fragment` with the elements it leaves open closed: the <!-- more --> marker may stand
    inside a quote or a list, and the excerpt must not swallow the listing after it."""
    if not fragment:
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)


def strip_tags(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace folded; block ends separate words."""
    return " ".join(html.unescape(HTML_TAG.sub("", _BLOCK_END.sub(" ", fragment))).split())


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return cut + "…"
