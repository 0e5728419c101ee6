"""Markdown to HTML for posts: each post converted exactly once per build, links rewritten."""

from __future__ import annotations

import html
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import lxml.html
import markdown
from markdown.extensions.toc import slugify
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from salesblog.content.links import local_target
from salesblog.content.posts import MORE_MARKER
from salesblog.render import brackets, inline_triggers
from salesblog.render.images import BODY_SIZES, COLUMN
from salesblog.safety import is_safe_url, safe_element_id
from salesblog.text import HTML_TAG, NOT_XML


def heading_id(value: str, separator: str) -> str:
    """toc's slug of a heading, never an id the theme's scripts use ("__config")."""
    return safe_element_id(slugify(value, separator))


EXTENSIONS = [
    "abbr", "attr_list", "def_list", "footnotes", "tables", "md_in_html", "admonition",
    "sane_lists", "toc", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.tilde",
    "pymdownx.tasklist", "pymdownx.details",
]
EXTENSION_CONFIGS = {
    # Every heading gets a copyable link to itself; site/toc.py reads the headings back.
    "toc": {"permalink": True, "permalink_title": "Link to this section", "slugify": heading_id},
    "pymdownx.highlight": {"use_pygments": True, "anchor_linenums": False},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "footnotes": {"UNIQUE_IDS": True},
}
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
    """Relative links and images point at files next to the post: give them their site URLs.
    Then the policy every rendered text shares (safety.py): a link or image whose URL is not
    safe loses it (its text stays), and no element takes an id the theme's scripts use."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.base = Path(".")
        self.table: dict[str, str] = {}
        self.images: dict = {}  # source path -> render.images.ImageAttributes

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = _URL_ATTRIBUTE.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value:
                if element.tag == "img" and self.images:
                    describe_image(element, value, self.base, self.images)
                if is_safe_url(value):
                    element.set(attribute, self.rewrite(value) if self.table else value)
                else:
                    del element.attrib[attribute]
            element_id = element.get("id")
            if element_id:
                element.set("id", safe_element_id(element_id))

    def rewrite(self, value: str) -> str:
        found = local_target(value, self.base)
        if found is None:
            return value
        target, fragment = found
        url = self.table.get(str(target))
        if url is None:
            return value
        return f"{url}#{fragment}" if fragment else url


_URL_ATTRIBUTE = {"a": "href", "img": "src"}
_RAW_TAG = re.compile(r"""<[A-Za-z](?:[^<>"']|"[^"]*"|'[^']*')*>""")
_RAW_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|action|formaction|poster|data|xlink:href)\s*=\s*)"""
                                r"""("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)


class _RawHtmlLinks(Postprocessor):
    """The link policy for HTML an author wrote into a post (raw HTML is kept as written, so
    the tree above never sees it): a URL attribute with an unsafe URL is removed. Only real
    tags are looked at: highlighted code is stashed here too, and its "<" are "&lt;"."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for number, block in enumerate(blocks):
            if isinstance(block, str) and "=" in block:
                blocks[number] = _RAW_TAG.sub(_tag_with_safe_urls, block)
        return text


def _tag_with_safe_urls(tag: re.Match) -> str:
    return _RAW_URL_ATTRIBUTE.sub(_keep_if_safe, tag[0])


def _keep_if_safe(match: re.Match) -> str:
    value = match[2].strip("\"'")
    return match[0] if is_safe_url(html.unescape(value)) else ""


def describe_image(element: Element, value: str, base: Path, images: dict) -> None:
    """Size, lazy loading and WebP renditions for a local image of the site (render/images.py)."""
    found = local_target(value, base)
    facts = images.get(str(found[0])) if found else None
    if facts is None:
        return
    element.set("width", str(facts.width))
    element.set("height", str(facts.height))
    element.set("loading", "lazy")
    element.set("decoding", "async")
    if facts.srcset:
        element.set("srcset", facts.srcset)
        element.set("sizes", BODY_SIZES.format(width=min(facts.width, COLUMN)))


def _with_faster_inlines(md: markdown.Markdown) -> markdown.Markdown:
    """`md` with the same output, sooner (render/brackets.py, render/inline_triggers.py)."""
    brackets.install(md)
    inline_triggers.install(md)
    return md


def _with_policy(md: markdown.Markdown) -> markdown.Markdown:
    md.treeprocessors.register(_RewriteLinks(md), "salesblog_links", 1)
    # Before "raw_html" (30) puts the stashed HTML back in.
    md.postprocessors.register(_RawHtmlLinks(md), "salesblog_raw_links", 35)
    return md


class PostRenderer:
    """One Markdown instance, reset between posts: building it costs more than a short post."""

    def __init__(self) -> None:
        self.md = _with_faster_inlines(markdown.Markdown(extensions=EXTENSIONS,
                                                         extension_configs=EXTENSION_CONFIGS))
        self.links = _RewriteLinks(self.md)
        self.md.treeprocessors.register(self.links, "salesblog_links", 1)
        self.md.postprocessors.register(_RawHtmlLinks(self.md), "salesblog_raw_links", 35)
        self.inline = _with_faster_inlines(_with_policy(markdown.Markdown()))

    def render(self, body: str, base: Path, table: dict[str, str], summary: str | None,
               images: dict | None = None) -> RenderedPost:
        self.links.base, self.links.table, self.links.images = base, table, images or {}
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


_bio_renderer: markdown.Markdown | None = None
_plain_renderer: PostRenderer | None = None
# A Markdown instance holds state while it converts: one conversion at a time per instance.
_shared = threading.Lock()


def render_bio(text: str) -> str:
    """An author's bio (authors.yml, Markdown) as HTML, under the same link policy as posts."""
    global _bio_renderer
    if not text:
        return ""
    with _shared:
        if _bio_renderer is None:
            _bio_renderer = _with_faster_inlines(_with_policy(markdown.Markdown()))
        return NOT_XML.sub("", _bio_renderer.reset().convert(text))


def render_markdown(text: str) -> str:
    """`text` as a post body's HTML (same extensions, settings and policy, no site links):
    what safety.py checks outside text against."""
    global _plain_renderer
    with _shared:
        if _plain_renderer is None:
            _plain_renderer = PostRenderer()
        return _plain_renderer.render(text, Path("."), {}, None).html
