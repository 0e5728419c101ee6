"""The SQLite file the inbox and the audience share: one connection per thread, opened the same
way by both (WAL, a long busy timeout, every commit fsynced), and writes of this process queued
behind one lock."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

BUSY_TIMEOUT_MS = 30_000


def connect(path: Path, *pragmas: str) -> sqlite3.Connection:
    """A connection to `path` that leaves transactions to us, with the settings every salesblog
    database uses and then `pragmas` ("foreign_keys = ON")."""
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so we know when a write is on disk.
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                         timeout=BUSY_TIMEOUT_MS / 1000)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    # FULL: every commit is fsynced to the WAL before it returns, so an acknowledged write
    # survives a crash of the server or the machine (NORMAL may lose the last commits).
    db.execute("PRAGMA synchronous = FULL")
    for pragma in pragmas:
        db.execute(f"PRAGMA {pragma}")
    return db


class ThreadConnections:
    """Connections made by `open`, one per thread that asks, all closed together."""

    def __init__(self, open: Callable[[], sqlite3.Connection]):
        self._open = open
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # Writers of this process queue here: a thread waiting on SQLite's busy handler sleeps
        # in steps of up to 100 ms, which made the slowest answers under load ten times slower.
        self._write_lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._open()
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT on this thread's connection under the process's write
        lock; rolled back on any error."""
        db = self.get()
        with self._write_lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        """Close every thread's connection; a thread asking again gets a new one."""
        with self._lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()
