"""Fetching pages and images over http(s): public addresses only (every redirect hop checked),
a timeout, a size cap and a content-type check."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from salesblog import __version__
from salesblog.importer.netpolicy import AddressRefused, CheckedAddress, check_public_address

USER_AGENT = f"salesblog-import/{__version__}"
TIMEOUT_SECONDS = 10
PAGE_LIMIT = 10 * 1024 * 1024
IMAGE_LIMIT = 15 * 1024 * 1024
MAX_REDIRECTS = 5
TOTAL_TIMEOUTS = 6  # a whole body may take this many socket timeouts to arrive
_REDIRECTS = {301, 302, 303, 307, 308}


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
    prefixes (e.g. "image/") and at most `limit` bytes. Redirects are followed here, at most
    MAX_REDIRECTS, each hop's address checked like the first (public only unless `allow_private`).
    `headers` (an API's Authorization) go to the first host only, never to one a redirect names."""
    current = url
    host = urlsplit(url).hostname
    for _ in range(MAX_REDIRECTS + 1):
        extra = headers if urlsplit(current).hostname == host else None
        response, connection = _get(current, timeout=timeout, allow_private=allow_private, origin=url,
                                    headers=extra)
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{url}: HTTP {response.status} without a Location")
                current = urljoin(current, location.strip())
                continue
            return _read(url, current, response, accept=accept, limit=limit, deadline=timeout * TOTAL_TIMEOUTS)
        except (TimeoutError, OSError, http.client.HTTPException, ValueError) as error:
            raise FetchError(f"{url}: {error or type(error).__name__}") from None
        finally:
            connection.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _get(url: str, *, timeout: float, allow_private: bool, origin: str,
         headers: dict[str, str] | None = None):
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(f"{origin}: not a valid address: {url}") from None
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"{origin}: not an http(s) address: {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"{origin}: invalid port in {url}") from None
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"{origin}: invalid host name in {url}") from None
    try:
        addresses = check_public_address(host, port, allow_private=allow_private)
    except AddressRefused as error:
        raise FetchError(f"{origin}: refused: {error}") from None
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(host, port, addresses, timeout)
    # as a browser sends it: spaces and non-ASCII characters percent-encoded, the rest as written
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~") + (
        f"?{quote(parts.query, safe='/%:@!$&()*+,;=-._~?')}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*", **(headers or {})})
        return connection.getresponse(), connection
    except (TimeoutError, socket.timeout) as error:
        connection.close()
        raise FetchError(f"{origin}: cannot connect (timed out)") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        connection.close()
        raise FetchError(f"{origin}: cannot connect ({error or type(error).__name__})") from None


def _read(url: str, final_url: str, response: http.client.HTTPResponse, *, accept: tuple[str, ...],
          limit: int, deadline: float) -> Fetched:
    if response.status != 200:
        raise FetchError(f"{url}: HTTP {response.status} {response.reason}")
    content_type = response.getheader("Content-Type", "") or ""
    kind = content_type.split(";")[0].strip().lower()
    if not any(kind.startswith(prefix) for prefix in accept):
        raise FetchError(f"{url}: unexpected content type {kind or 'none'!r}")
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(f"{url}: too large ({int(length)} bytes, limit {limit})")
    data = _read_body(url, response, limit=limit, seconds=deadline)
    return Fetched(final_url, data, content_type)


def _read_body(url: str, response: http.client.HTTPResponse, *, limit: int, seconds: float) -> bytes:
    """At most `limit` bytes, within `seconds` in all: a server dripping a byte at a time never
    outlasts one socket timeout, so each read alone would never stop it."""
    deadline = time.monotonic() + seconds
    chunks, size = [], 0
    while True:
        chunk = response.read1(min(65536, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FetchError(f"{url}: too large (over {limit} bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: too slow (not received within {seconds:.0f} s)")


class _PinnedHTTP(http.client.HTTPConnection):
    """A connection to the address that was checked, whatever the host name resolves to now;
    the Host header still names the host."""

    def __init__(self, host: str, port: int, addresses: list[CheckedAddress], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = self._open_socket()

    def _open_socket(self) -> socket.socket:
        """The first of the checked addresses that answers (an IPv6 one may not, on an IPv4 network)."""
        error: OSError | None = None
        for address in self.addresses:
            sock = socket.socket(address.family, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.timeout)
                sock.connect((address.ip, self.port))
                return sock
            except OSError as problem:
                sock.close()
                error = problem
        raise error or OSError("no address to connect to")


class _PinnedHTTPS(_PinnedHTTP):
    """The same over TLS, the certificate checked against the host name."""

    def connect(self) -> None:
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self._open_socket(), server_hostname=self.host)


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))
