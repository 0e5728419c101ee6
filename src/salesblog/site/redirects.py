"""Pages left at an imported post's old path, so old links keep working."""

from __future__ import annotations

from html import escape


def redirect_page(title: str, target: str) -> bytes:
    """A tiny page that sends readers and search engines on to `target`."""
    url = escape(target, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p>This post has moved to <a href="{url}">{escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode("utf-8")
