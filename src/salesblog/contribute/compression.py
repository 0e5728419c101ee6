"""Gzip for the text files of the built site, as a static host would send them: Material's
stylesheet and scripts are four times smaller compressed, which is what a phone waits for."""

from __future__ import annotations

import mimetypes
import os
import zlib
from collections.abc import Iterator
from functools import lru_cache

import flask

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}
# Files up to this size are kept compressed in memory; bigger ones (a large blog's search index
# can be 100 MB) are compressed as they are sent, so memory stays bounded by the two numbers.
MAX_CACHED_FILE = 1024 * 1024
CACHED_FILES = 64
_CHUNK = 256 * 1024
_GZIP = 16 + zlib.MAX_WBITS  # zlib's flag for a gzip header and trailer


def accepts_gzip(request: flask.Request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def gzip_response(path: str) -> flask.Response | None:
    """The file gzip-compressed, or None when it is not text worth compressing."""
    if os.path.splitext(path)[1].lower() not in COMPRESSIBLE:
        return None
    stat = os.stat(path)
    if stat.st_size <= MAX_CACHED_FILE:
        body = _compressed(path, stat.st_mtime_ns, stat.st_size)
    else:
        body = _Stream(path)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-gz")
    return response.make_conditional(flask.request)


@lru_cache(maxsize=CACHED_FILES)
def _compressed(path: str, mtime_ns: int, size: int) -> bytes:
    # The file's time and size are part of the key: a rebuilt file is compressed again.
    with open(path, "rb") as handle:
        return _gzip(iter(lambda: handle.read(_CHUNK), b""))


class _Stream:
    """A big file compressed chunk by chunk while it is sent. The file is opened at once, so the
    answer is the file as it was when asked for even if a build replaces it meanwhile; close()
    (which the WSGI server calls, even for HEAD or a 304 that never read it) closes it."""

    def __init__(self, path: str):
        self._handle = open(path, "rb")  # noqa: SIM115 - closed by close()

    def __iter__(self) -> Iterator[bytes]:
        return _gzip_chunks(iter(lambda: self._handle.read(_CHUNK), b""))

    def close(self) -> None:
        self._handle.close()


def _gzip(chunks: Iterator[bytes]) -> bytes:
    return b"".join(_gzip_chunks(chunks))


def _gzip_chunks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    # Level 6 as gzip's default; zlib writes a zero time in the header, so equal files give
    # equal bytes (and the ETag stays honest).
    compressor = zlib.compressobj(6, zlib.DEFLATED, _GZIP)
    for chunk in chunks:
        compressed = compressor.compress(chunk)
        if compressed:
            yield compressed
    yield compressor.flush()
