"""Running the contribute app on waitress, a production WSGI server, with limits that keep one
client from locking the others out (settings `serve.*`)."""

from __future__ import annotations

import collections
import socket
import threading
import time

import waitress
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer

from salesblog.config import ServeSettings, SiteConfig
from salesblog.contribute.app import request_limit

THREADS = 8
# Sent, without reading the request, to a connection over its address's share.
_BUSY_TEXT = b"Too many connections from your address; please try again later.\n"
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 10\r\n"
         b"Content-Type: text/plain; charset=utf-8\r\n"
         b"Content-Length: %d\r\n\r\n%s" % (len(_BUSY_TEXT), _BUSY_TEXT))


def make_server(app, config: SiteConfig, host: str, port: int,
                threads: int = THREADS) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to host:port (port 0: any free port), not yet running."""
    limit = request_limit(config)
    limits = config.serve
    server = waitress.create_server(
        app, host=host, port=port, threads=threads,
        # waitress answers 413 itself past this, before the app reads anything
        max_request_body_size=limit,
        # request bodies stay in memory (waitress would spool bigger ones to a temporary file):
        # the endpoint writes nothing but the inbox
        inbuf_overflow=limit + 1,
        connection_limit=limits.connection_limit,
        channel_timeout=limits.idle_timeout,
        cleanup_interval=max(1, min(limits.idle_timeout // 2, 30)),
        # poll(), not select(): select() fails past 1024 open descriptors
        asyncore_use_poll=True,
        ident="salesblog",
    )
    channel = _guarded_channel(_Connections(limits.connections_per_client), limits)
    for listener in _listeners(server):
        listener.channel_class = channel
    return server


def _listeners(server) -> list[BaseWSGIServer]:
    # One server per listening socket; several when a host name resolves to more addresses.
    if isinstance(server, MultiSocketServer):
        return [s for s in server.map.values() if isinstance(s, BaseWSGIServer)]
    return [server]


class _Connections:
    """Open connections per client address, shared by every listening socket."""

    def __init__(self, per_client: int):
        self.per_client = per_client
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def admit(self, client: str) -> bool:
        with self.lock:
            if self.counts[client] >= self.per_client:
                return False
            self.counts[client] += 1
            return True

    def release(self, client: str) -> None:
        with self.lock:
            self.counts[client] -= 1
            if self.counts[client] <= 0:
                del self.counts[client]


def _guarded_channel(connections: _Connections, limits: ServeSettings):
    """waitress's channel class, but (1) a connection over its address's share is answered 503
    and closed at once, and (2) a request must arrive whole within request_timeout of its first
    byte (or of the connection): waitress alone only closes connections that send nothing for
    idle_timeout, so a client sending a byte now and then kept its connections for ever."""

    class GuardedChannel(HTTPChannel):
        deadline: float | None = None
        client: str | None = None

        def __init__(self, server, sock, addr, adj, map=None):
            super().__init__(server, sock, addr, adj, map)
            self.client = _client_of(addr)
            self.deadline = time.monotonic() + limits.request_timeout

        def received(self, data):
            if self.request is None and data:  # the first bytes of a new request
                self.deadline = time.monotonic() + limits.request_timeout
            result = super().received(data)
            if self.request is None:  # nothing partly received: idle until the next request
                self.deadline = None
            return result

        def readable(self):
            # Asked on every turn of the server's loop (at least once a second).
            if (self.deadline is not None and not self.requests
                    and time.monotonic() > self.deadline):
                self.will_close = True
            return super().readable()

        def del_channel(self, map=None):
            if self.client is not None:
                connections.release(self.client)
                self.client = None
            super().del_channel(map)

    def channel(server, sock, addr, adj, map=None):
        if not connections.admit(_client_of(addr)):
            _refuse(sock)
            return None
        return GuardedChannel(server, sock, addr, adj, map)

    return channel


def _client_of(addr) -> str:
    return str(addr[0]) if isinstance(addr, tuple) else str(addr)


def _refuse(sock: socket.socket) -> None:
    try:
        sock.setblocking(False)
        sock.send(_BUSY)
    except OSError:
        pass  # the answer is a courtesy; closing is what matters
    finally:
        sock.close()


def address(server, host: str, port: int) -> str:
    """http://host:port/ the server listens on (the port it got when asked for 0)."""
    port = getattr(server, "effective_port", None) or port
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
