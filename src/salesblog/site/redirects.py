"""Old addresses answered by the built site: a small page at each (for any static host), and
the whole map as `_redirects` (Netlify, Cloudflare Pages) and as an nginx `map` include, so a
host that reads them answers 301 instead of a page with a meta refresh.

The map holds each imported post's `legacy_url` path and content/redirects.yml, a mapping of
old path to new site path that `salesblog import` fills with the old blog's tag, author and
listing pages (an editor may add lines):

    /blog/tag/sales-coaching: /tags/sales-coaching/
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

REDIRECTS_FILE = "redirects.yml"  # under content/
NETLIFY_FILE = "_redirects"
NGINX_FILE = "redirects.nginx.conf"


@dataclass(frozen=True)
class Redirect:
    old: str  # a path of the old site, "/blog/old-post"
    new: str  # where it leads: a path of this site with its base path, or a URL


def redirect_page(title: str, target: str, *, noun: str = "post") -> bytes:
    """A tiny page that sends readers and search engines on to `target`."""
    url = escape(target, quote=True)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p>This {noun} has moved to <a href="{url}">{escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode("utf-8")


def read_redirect_table(content_dir: Path) -> dict[str, str]:
    """content/redirects.yml as old path -> new path; entries that are not two paths are left out."""
    path = content_dir / REDIRECTS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if isinstance(k, str) and isinstance(v, str) and k.startswith("/") and _safe(k) and _safe(v)}


def _safe(path: str) -> bool:
    # one token per line in both formats: no whitespace, quotes or nginx syntax characters
    return bool(path) and not any(c.isspace() or c in "\"';{}\\$" for c in path) and ".." not in path.split("/")


def netlify_redirects(redirects: list[Redirect]) -> bytes:
    lines = ["# Old addresses -> new ones (Netlify, Cloudflare Pages). Written by salesblog build."]
    lines += [f"{r.old} {r.new} 301" for r in redirects]
    return ("\n".join(lines) + "\n").encode("utf-8")


def nginx_map(redirects: list[Redirect]) -> bytes:
    """An nginx `map` from old path (with and without its trailing slash) to the new address.
    Include it inside `http {}` and add to the `server {}`:
        if ($salesblog_redirect) { return 301 $salesblog_redirect; }"""
    lines = ["# Old addresses -> new ones. Written by salesblog build. Include inside http {}, then in server {}:",
             "#   if ($salesblog_redirect) { return 301 $salesblog_redirect; }",
             "map $uri $salesblog_redirect {", '    default "";']
    seen = set()
    for r in redirects:
        for old in dict.fromkeys((r.old.rstrip("/") or "/", r.old.rstrip("/") + "/")):
            if old not in seen:
                seen.add(old)
                lines.append(f'    "{old}" "{r.new}";')
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
