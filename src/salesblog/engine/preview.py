"""The live-reloading preview server: MkDocs' own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from salesblog.engine import compat  # noqa: F401 - checks the MkDocs interfaces we use, first
from mkdocs.livereload import LiveReloadServer


POLLING_INTERVAL = 0.1  # seconds
# MkDocs waits this long after a change for more changes before rebuilding (its default: 0.1 s).
# Editors write a file in one go; the watcher's next poll would see a second save anyway.
BUILD_DELAY = 0.02  # seconds


def serve_with_reload(site_dir: Path, host: str, port: int, watch: list[Path],
                      rebuild: Callable[[], None], mount_path: str = "/") -> None:
    """Serve `site_dir`; run `rebuild` and reload open pages whenever a watched path changes.
    Returns on Ctrl+C."""
    # MkDocs polls for changes every half second by default; a tenth of a second keeps an edit
    # well under a second from save to screen, for a few milliseconds of stat() calls each time.
    # mount_path: a blog living under /news/ is previewed under /news/ too, or its links break.
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir),
                              mount_path=mount_path, polling_interval=POLLING_INTERVAL)
    server.build_delay = BUILD_DELAY  # an attribute of MkDocs' server (engine/compat.py checks it)
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
