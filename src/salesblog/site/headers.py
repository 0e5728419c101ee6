"""The security headers every page of the site is sent with, in one place: `salesblog serve`
sends them, and the build writes them for static hosts (`_headers` for Netlify and Cloudflare
Pages, an nginx snippet for the rest).

The Content-Security-Policy lets pages run only the site's own script files and the few inline
scripts of the theme itself, each named by its SHA-256 hash (computed by the build from the
theme's templates, never from page content): a script that reached a page from an imported post
or a guest draft does not run, whatever it looks like. Styles come from the site's own files only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

HEADERS_FILE = "_headers"  # Netlify / Cloudflare Pages
NGINX_FILE = ".nginx-headers.conf"  # `include` it in nginx's server or location block

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]+=*'")


def script_hash(source: str) -> str:
    """The CSP source expression allowing the inline script `source` (its exact text)."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every attribute-less <script> element of `html` (the theme's inline ones)."""
    return _INLINE_SCRIPT.findall(html)


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    scripts = " ".join(["'self'", *sorted(set(script_hashes))])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        # Posts may show pictures from other sites; Material draws its icons from data: URLs.
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(script_hashes: Iterable[str] = ()) -> dict[str, str]:
    """Header name -> value, for every response of the site."""
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        # Older browsers ignore frame-ancestors: no page (the form above all) goes in a frame.
        "X-Frame-Options": "DENY",
        # The contribute endpoint compares Origin/Referer with the site's: keep them within it.
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


def headers_file(headers: dict[str, str]) -> str:
    """The `_headers` file of Netlify and Cloudflare Pages: these headers on every path."""
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())


def nginx_snippet(headers: dict[str, str]) -> str:
    """add_header lines for nginx (`always`: error pages get them too). nginx drops inherited
    add_header lines in a block that has its own, so include this in every such block."""
    lines = "".join(f"add_header {name} \"{value}\" always;\n" for name, value in headers.items())
    return "# Security headers of the site, written by `salesblog build`.\n" + lines


def write_headers(site_dir: Path, script_hashes: Iterable[str]) -> None:
    headers = security_headers(script_hashes)
    (site_dir / HEADERS_FILE).write_text(headers_file(headers), encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(nginx_snippet(headers), encoding="utf-8")


def site_headers(site_dir: Path) -> dict[str, str]:
    """The headers for a built site, with the script hashes its build wrote into `_headers`;
    without that file (a site not built yet), the policy allows no inline script at all."""
    try:
        text = (site_dir / HEADERS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    policy = next((line for line in text.splitlines()
                   if line.strip().startswith("Content-Security-Policy:")), "")
    script_src = next((part for part in policy.split(";") if "script-src" in part), "")
    return security_headers(_HASH.findall(script_src))
