"""Links and images written in a post's Markdown, with the line each stands on."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Footnote definitions ("[^1]: Source: ...") hold text, not a link: (?!\^) leaves them out.
# Only links that may name a file of the blog: URLs, site paths and #anchors are left out at once.
_NOT_LOCAL = r"(?!https?:|mailto:|tel:|#|/)"
# Site paths (/blog/x/, not //host/...) and #anchors: checked against the site's pages.
_SITE = r"(?=/(?!/)|#)"


def _inline(prefix: str) -> re.Pattern:
    # The "](" that ends a link's text, then its target; the text's "[" is found backwards from
    # it (a pattern that starts at every "[" costs several times more on long posts).
    return re.compile(r"\]\(\s*<?" + prefix + r"([^)\s>]+)>?(?:\s+[\"'(][^)\n]*)?\)")


def _reference(prefix: str) -> re.Pattern:
    return re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?" + prefix + r"(\S+?)>?(?=\s|$)", re.M)


_INLINE_TARGET, _REFERENCE = _inline(_NOT_LOCAL), _reference(_NOT_LOCAL)
_SITE_PATTERNS = (_inline(_SITE), _reference(_SITE))
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)|`[^`\n]+`", re.M | re.S)


@dataclass(frozen=True)
class Link:
    target: str  # as written
    line: int  # in the file
    is_image: bool


def _blank_code(match: re.Match) -> str:
    # Keep the newlines so that offsets still give the right line numbers.
    return re.sub(r"[^\n]", " ", match.group(0))


def find_links(body: str, first_line: int) -> list[Link]:
    """Every Markdown link and image outside code that may point at a file of the blog (not
    http(s), mailto, /path or #anchor), in the order written."""
    return _find(body, first_line, _INLINE_TARGET, _REFERENCE)


@lru_cache(maxsize=65536)  # a long-lived preview asks again for every unchanged post
def find_site_links(body: str, first_line: int) -> tuple[Link, ...]:
    """Every Markdown link and image outside code to a path of the site (/blog/x/, /tags/y/)
    or an #anchor of the same page, in the order written."""
    return tuple(_find(body, first_line, *_SITE_PATTERNS))


def _find(body: str, first_line: int, inline: re.Pattern, reference: re.Pattern) -> list[Link]:
    if "](" not in body and "]:" not in body:
        return []
    text = _CODE.sub(_blank_code, body) if "`" in body or "~~~" in body else body
    found = []
    for match in inline.finditer(text):
        opening = text.rfind("[", text.rfind("\n", 0, match.start()) + 1, match.start())
        if opening >= 0:
            found.append((opening, match.group(1), opening > 0 and text[opening - 1] == "!"))
    found += [(m.start(), m.group(1), False) for m in reference.finditer(text)]
    found.sort()
    links, line, offset = [], first_line, 0
    for start, target, is_image in found:
        line += text.count("\n", offset, start)
        offset = start
        links.append(Link(target, line, is_image))
    return links


@lru_cache(maxsize=65536)  # asked for each link by the checks, the renderer and the planner
def local_target(target: str, base: Path) -> tuple[Path, str] | None:
    """The file a relative link points at and its #fragment; None for URLs, /paths and #anchors."""
    if target.startswith(("/", "#", "http:", "https:", "mailto:")) or ":" in target.split("/", 1)[0]:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    # normpath, not resolve(): no file system call per link, and paths stay comparable with the
    # post paths found under the (already resolved) project root.
    return Path(os.path.normpath(base / unquote(parts.path))), parts.fragment
