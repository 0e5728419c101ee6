"""Fetching pages and images over http(s): a timeout, a size cap and a content-type check."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from salesblog import __version__

USER_AGENT = f"salesblog-import/{__version__}"
TIMEOUT_SECONDS = 10
PAGE_LIMIT = 10 * 1024 * 1024
IMAGE_LIMIT = 15 * 1024 * 1024


class FetchError(Exception):
    """A URL that could not be fetched, with a reason fit for the report."""


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str


def fetch(url: str, *, accept: tuple[str, ...], limit: int, timeout: float = TIMEOUT_SECONDS,
          allow_private: bool = False, headers: dict[str, str] | None = None) -> Fetched:
    """GET `url`; FetchError unless it answers 200 with one of the `accept` content-type
    prefixes (e.g. "image/") and at most `limit` bytes. `headers` are added to the request
    (an API's Authorization)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by callers
            content_type = response.headers.get("Content-Type", "")
            kind = content_type.split(";")[0].strip().lower()
            if not any(kind.startswith(prefix) for prefix in accept):
                raise FetchError(f"{url}: unexpected content type {kind or 'none'!r}")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchError(f"{url}: too large ({int(length)} bytes, limit {limit})")
            data = response.read(limit + 1)
            if len(data) > limit:
                raise FetchError(f"{url}: too large (over {limit} bytes)")
            return Fetched(response.geturl(), data, content_type)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise FetchError(f"{url}: cannot connect ({error.reason})") from None
    except (TimeoutError, OSError, ValueError) as error:
        raise FetchError(f"{url}: {error}") from None


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))
