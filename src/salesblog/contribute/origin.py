"""Refusing cross-site posts: the browser's Origin (or Referer) must be this site's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> str | None:
    """scheme://host[:port] of `url`, lower case, default port left out; None if it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 address...
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def is_foreign(headers: Mapping[str, str], allowed: Iterable[str]) -> bool:
    """True when the request names an origin that is not allowed. Origin decides when present
    ("null", sent by sandboxed frames and some redirects, is foreign); else Referer. A request
    with neither (curl, scripts) is let through: browsers send Origin with every cross-site
    POST, so a forged form post from another site always names its origin."""
    accepted = {origin_of(url) for url in allowed} - {None}
    origin = headers.get("Origin")
    if origin is not None:
        return origin_of(origin) not in accepted
    referer = headers.get("Referer")
    if referer:
        return origin_of(referer) not in accepted
    return False
