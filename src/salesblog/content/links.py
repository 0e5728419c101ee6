"""Links and images written in a post's Markdown, with the line each stands on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

_INLINE = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Link:
    target: str  # as written
    line: int  # in the file
    is_image: bool


def find_links(body: str, first_line: int) -> list[Link]:
    """Every Markdown link and image outside code blocks."""
    links = []
    fence = None
    for offset, text in enumerate(body.split("\n")):
        match = _FENCE.match(text)
        if match:
            marker = match.group(1)[0]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence or text.startswith("    ") or text.startswith("\t"):
            continue
        text = re.sub(r"`[^`]*`", "", text)
        for bang, target in _INLINE.findall(text):
            links.append(Link(target, first_line + offset, bool(bang)))
        reference = _REFERENCE.match(text)
        if reference:
            links.append(Link(reference.group(1), first_line + offset, False))
    return links


def local_target(target: str, base: Path) -> tuple[Path, str] | None:
    """The file a relative link points at and its #fragment; None for URLs, /paths and #anchors."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path:
        return None
    return (base / unquote(parts.path)).resolve(), parts.fragment
