"""The inbox's SQLite schema and its migrations, versioned with PRAGMA user_version.

A release that changes the schema appends a step to MIGRATIONS; never edit a released step,
since inboxes in the wild already ran it.
"""

from __future__ import annotations

import sqlite3

from salesblog.errors import SalesblogError

MIGRATIONS: list[str] = [
    # 1: drafts as received, and the editor's decision on each.
    """
    CREATE TABLE drafts (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at TEXT NOT NULL,      -- UTC, ISO 8601
        client      TEXT NOT NULL,      -- the sender's IP address
        name        TEXT NOT NULL,
        email       TEXT NOT NULL,
        title       TEXT NOT NULL,
        body        TEXT NOT NULL,      -- Markdown, exactly as sent
        bio         TEXT NOT NULL DEFAULT '',
        tags        TEXT NOT NULL DEFAULT '[]',  -- JSON list
        fingerprint TEXT NOT NULL,      -- of email, title and body: repeats within minutes are one draft
        status      TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'accepted', 'rejected')),
        decided_at  TEXT,
        decided_by  TEXT,               -- the editor's operating-system user
        reason      TEXT,               -- why it was rejected
        post_path   TEXT,               -- the post file an accepted draft became
        author_id   TEXT                -- the authors.yml id it was published under
    );
    CREATE INDEX drafts_fingerprint ON drafts (fingerprint, received_at);
    CREATE INDEX drafts_status ON drafts (status, id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the inbox to SCHEMA_VERSION; each step and its version bump commit together."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SalesblogError(f"{path}: inbox schema version {version} is newer than this salesblog "
                             f"understands ({SCHEMA_VERSION}); upgrade salesblog")
    if version == SCHEMA_VERSION:
        return
    # BEGIN IMMEDIATE takes the write lock first, so two processes starting together cannot both
    # run a step; the version is read again under the lock.
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction first; split the script ourselves instead.
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s.strip(" ;\n")]
