"""The live-reloading preview server: MkDocs' own, woken by the system's file events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import watchdog.events
import watchdog.observers

from salesblog.engine import compat
from mkdocs.livereload import LiveReloadServer

from salesblog.engine.session import LayoutSession

compat.check_live_reload()  # the server's interfaces this module uses


# MkDocs waits this long after a change for more changes before rebuilding (its default: 0.1 s).
# Editors write a file in one go; a later save starts another rebuild anyway.
BUILD_DELAY = 0.02  # seconds


def serve_with_reload(site_dir: Path, host: str, port: int, watch: list[Path],
                      rebuild: Callable[[], None], mount_path: str = "/",
                      session: LayoutSession | None = None) -> None:
    """Serve `site_dir`; run `rebuild` and reload open pages whenever a watched path changes.
    Returns on Ctrl+C. Pages the `session` lays out after a rebuild returns are followed by
    another (quick) rebuild, whose end reloads the open pages again."""
    # mount_path: a blog living under /news/ is previewed under /news/ too, or its links break.
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir),
                              mount_path=mount_path)
    server.build_delay = BUILD_DELAY  # an attribute of MkDocs' server (engine/compat.py checks it)
    if session is not None:
        session.after_aside = lambda: request_rebuild(server)
    # MkDocs' own watcher polls: it stats every file of content/ twice a second in Python, which
    # at a thousand posts slows the rebuild it triggers (one interpreter lock). The system's file
    # events (inotify on Linux; watchdog polls where there are none) cost nothing between saves.
    observer = watchdog.observers.Observer()
    for path in watch:
        if path.is_dir():
            observer.schedule(_RebuildOnChange(server), str(path), recursive=True)
        elif path.is_file():  # site_config.yml: its folder, for editors that save by renaming
            observer.schedule(_RebuildOnChange(server, only=str(path)), str(path.parent),
                              recursive=False)
    # MkDocs adds its reload script to pages only when it watches something: it is told the
    # paths, and its own observer (started for them) is given nothing to poll.
    server._watched_paths.update({str(path): 1 for path in watch if path.exists()})
    observer.start()
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()


class _RebuildOnChange(watchdog.events.FileSystemEventHandler):
    """Asks MkDocs' server for a rebuild, as its own watcher would (engine/compat.py checks the
    two attributes this relies on)."""

    # Reading a file (the rebuild itself does) is an event too: only changes count.
    CHANGES = {"created", "modified", "deleted", "moved", "closed"}

    def __init__(self, server: LiveReloadServer, only: str | None = None):
        self.server = server
        self.only = only  # the one file of interest in a folder watched for it alone

    def on_any_event(self, event: watchdog.events.FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in self.CHANGES:
            return
        if self.only is not None and self.only not in (str(event.src_path),
                                                       str(getattr(event, "dest_path", ""))):
            return
        request_rebuild(self.server)


def request_rebuild(server: LiveReloadServer) -> None:
    """What MkDocs' own watcher does on a change: wake the server's build loop."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
