"""The live-reloading preview server: MkDocs' own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer


def serve_with_reload(site_dir: Path, host: str, port: int, watch: list[Path],
                      rebuild: Callable[[], None]) -> None:
    """Serve `site_dir`; run `rebuild` and reload open pages whenever a watched path changes.
    Returns on Ctrl+C."""
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
