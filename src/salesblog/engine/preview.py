"""The live-reloading preview server: MkDocs' own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from salesblog.engine import compat  # noqa: F401 - checks the MkDocs interfaces we use, first
from mkdocs.livereload import LiveReloadServer


POLLING_INTERVAL = 0.2  # seconds


def serve_with_reload(site_dir: Path, host: str, port: int, watch: list[Path],
                      rebuild: Callable[[], None], mount_path: str = "/") -> None:
    """Serve `site_dir`; run `rebuild` and reload open pages whenever a watched path changes.
    Returns on Ctrl+C."""
    # MkDocs polls for changes every half second by default; a fifth of a second keeps an edit
    # under a second from save to screen, for a few milliseconds of stat() calls each time.
    # mount_path: a blog living under /news/ is previewed under /news/ too, or its links break.
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir),
                              mount_path=mount_path, polling_interval=POLLING_INTERVAL)
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
