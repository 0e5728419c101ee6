"""The "read more" break of a legacy post (`<!-- more -->`, WordPress's `<span id="more-12">`,
Blogger's `<a name="more">`). Cleaning drops comments and Markdown conversion drops markup, so
the break travels through both as a token paragraph and becomes `<!-- more -->` again in the
written Markdown (see relink.finish_markdown)."""

from __future__ import annotations

import re

TOKEN = "SALESBLOGMOREBREAK7F3A"
MARKER = "<!-- more -->"
_BREAK = re.compile(r"<!--\s*more\b[^>]{0,200}?-->|<span\s+id=[\"']more-\d+[\"']\s*>\s*</span>|"
                    r"<a\s+name=[\"']more[\"']\s*>\s*</a>", re.I)


def mark_more(html: str) -> str:
    """The first break as a token paragraph (a post has one summary)."""
    return _BREAK.sub(f"<p>{TOKEN}</p>", html, count=1)


def restore_more(markdown: str) -> str:
    if TOKEN not in markdown:
        return markdown
    markdown = re.sub(rf"^[ \t]*{TOKEN}[ \t]*$", MARKER, markdown, count=1, flags=re.M)
    return markdown.replace(TOKEN, "")
