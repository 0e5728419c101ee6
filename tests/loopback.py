"""A real HTTP server on 127.0.0.1 for the import tests: it serves a folder (or generated
files), with `http://127.0.0.1:PORT` in the files replaced by its own address, records every
request, and can be told to fail a path a few times (to test retries)."""

from __future__ import annotations

import http.server
import mimetypes
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PLACEHOLDER = b"http://127.0.0.1:PORT"
_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
          ".html": "text/html; charset=utf-8", ".json": "application/json", ".txt": "text/plain",
          ".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif"}


@dataclass
class Site:
    """What the server answers: url path -> (bytes, content type)."""

    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    failures: Counter = field(default_factory=Counter)  # path -> how many more times to answer 503
    requests: list[tuple[str, str, dict]] = field(default_factory=list)  # (method, path, headers)
    dynamic: object = None  # callable(path, query, headers) -> (status, bytes, type) | None
    base: str = ""
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests served at one moment
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0  # seconds each answer waits (to make concurrency observable)

    def add(self, path: str, data: bytes | str, content_type: str | None = None) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        kind = content_type or _TYPES.get(Path(path.rstrip("/")).suffix) or (
            mimetypes.guess_type(path)[0] or "text/html; charset=utf-8")
        self.files[path] = (data, kind)

    def add_folder(self, folder: Path) -> None:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                relative = file.relative_to(folder).as_posix()
                self.add("/" + relative, file.read_bytes())
                if file.name == "index.html":
                    self.add("/" + relative[: -len("index.html")], file.read_bytes())

    def paths_requested(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def serve(site: Site):
    """Start the server; returns (server, base URL). Call server.shutdown() when done."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802 - the stdlib's name
            # counted while the answer is being prepared: a client that got its answer may ask
            # again before this thread has finished sending
            with site.lock:
                site.in_flight += 1
                site.most_in_flight = max(site.most_in_flight, site.in_flight)
            try:
                if site.delay:
                    time.sleep(site.delay)
            finally:
                with site.lock:
                    site.in_flight -= 1
            self._get()

        def _get(self):
            parts = urlsplit(self.path)
            site.requests.append(("GET", self.path, dict(self.headers)))
            if site.failures[parts.path] > 0:
                site.failures[parts.path] -= 1
                return self._answer(503, b"busy", "text/plain")
            if site.dynamic is not None:
                answer = site.dynamic(parts.path, parts.query, self.headers)
                if answer is not None:
                    return self._answer(*answer)
            found = site.files.get(parts.path) or site.files.get(parts.path.rstrip("/") or "/")
            if found is None:
                return self._answer(404, b"not found", "text/plain")
            data, kind = found
            return self._answer(200, data.replace(PLACEHOLDER, site.base.encode()), kind)

        def _answer(self, status: int, data: bytes, kind: str):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, site.base


def substitute(data: bytes, base: str) -> bytes:
    return data.replace(PLACEHOLDER, base.encode())
