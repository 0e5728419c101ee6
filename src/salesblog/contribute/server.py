"""Running the contribute app on waitress, a production WSGI server."""

from __future__ import annotations

import waitress
from waitress.server import BaseWSGIServer, MultiSocketServer

from salesblog.config import SiteConfig
from salesblog.contribute.app import request_limit

THREADS = 8


def make_server(app, config: SiteConfig, host: str, port: int,
                threads: int = THREADS) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server bound to host:port (port 0: any free port), not yet running."""
    limit = request_limit(config)
    return waitress.create_server(
        app, host=host, port=port, threads=threads,
        # waitress answers 413 itself past this, before the app reads anything
        max_request_body_size=limit,
        # request bodies stay in memory (waitress would spool bigger ones to a temporary file):
        # the endpoint writes nothing but the inbox
        inbuf_overflow=limit + 1,
        ident="salesblog",
    )


def address(server, host: str, port: int) -> str:
    """http://host:port/ the server listens on (the port it got when asked for 0)."""
    port = getattr(server, "effective_port", None) or port
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
