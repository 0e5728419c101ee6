"""The audience's tables (outbox, leads, subscribers, digests) in the inbox's SQLite file.

They share the inbox file so that one backup holds every piece of personal data, and so that a
message is enqueued in the same transaction as what caused it. The inbox's own schema counts its
versions in PRAGMA user_version; these tables count theirs in `audience_schema`, with the same
rules: a release appends a step to MIGRATIONS and never edits a released one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import sqlite3
from pathlib import Path

from salesblog.config import SiteConfig
from salesblog.contribute.inbox import Inbox, inbox_path
from salesblog.contribute.schema import _statements
from salesblog.errors import SalesblogError
from salesblog.project import Project
from salesblog.sqlite_db import ThreadConnections, connect

MIGRATIONS: list[str] = [
    """
    CREATE TABLE audience_secret (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
    -- Every message, committed before any attempt to send it. kind: mail (SMTP) or webhook (POST).
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at      TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('mail', 'webhook')),
        recipient       TEXT NOT NULL,      -- an e-mail address or the webhook's URL
        person          TEXT NOT NULL,      -- whose data it carries (for subscribers forget)
        subject         TEXT NOT NULL DEFAULT '',
        payload         BLOB NOT NULL,      -- the whole RFC 5322 message, or the JSON body
        status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_owner     TEXT,               -- host:pid of the sender holding it
        lease_until     TEXT,
        sent_at         TEXT,
        last_error      TEXT
    );
    CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
    CREATE INDEX outbox_person ON outbox (person);
    CREATE TABLE leads (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at   TEXT NOT NULL,          -- when the form was sent: the consent time
        first_name   TEXT NOT NULL,
        last_name    TEXT NOT NULL,
        email        TEXT NOT NULL,
        company      TEXT NOT NULL,
        role         TEXT NOT NULL,
        offer        TEXT NOT NULL,
        post         TEXT NOT NULL,          -- the post whose box it came from
        tag          TEXT NOT NULL,
        referrer     TEXT NOT NULL,          -- path of the page that sent the form
        client       TEXT NOT NULL,
        confirmed_at TEXT                    -- first click on the e-mailed link (double opt-in)
    );
    CREATE INDEX leads_email ON leads (email COLLATE NOCASE);
    CREATE TABLE subscribers (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name            TEXT NOT NULL DEFAULT '',
        status          TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed')),
        topics          TEXT NOT NULL DEFAULT '[]',   -- JSON list of tag slugs; empty: every topic
        frequency       TEXT NOT NULL DEFAULT 'each' CHECK (frequency IN ('each', 'weekly')),
        created_at      TEXT NOT NULL,
        consent_at      TEXT,                -- when they opted in (confirmed, or the imported date)
        consent_source  TEXT NOT NULL DEFAULT '',   -- form, import:<file>
        unsubscribed_at TEXT,
        last_digest_at  TEXT
    );
    -- One row per post e-mailed to a subscriber, written with the enqueue: never sent twice.
    CREATE TABLE digest_sent (
        subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
        post          TEXT NOT NULL,          -- the post's path on the site
        outbox_id     INTEGER NOT NULL,
        PRIMARY KEY (subscriber_id, post)
    );
    CREATE TABLE digest_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, ran_at TEXT NOT NULL);
    -- When a digest first saw each post ('' for posts already old then, as after an import):
    -- a post is new to a subscriber when first seen after they subscribed, whatever its date.
    CREATE TABLE digest_seen (post TEXT PRIMARY KEY, first_seen_at TEXT NOT NULL);
    -- Guests told that their accepted draft is now on the site: once each.
    CREATE TABLE published_notices (draft_id INTEGER PRIMARY KEY, noticed_at TEXT NOT NULL);
    """,
]


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def stamp(moment: dt.datetime) -> str:
    """One fixed-width UTC format, so that timestamps compare correctly as text in SQL."""
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def parse_stamp(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def migrate(db: sqlite3.Connection, path: str) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS audience_schema (version INTEGER NOT NULL)")
    version = _version(db)
    if version > len(MIGRATIONS):
        raise SalesblogError(f"{path}: audience schema version {version} is newer than this "
                             f"salesblog understands ({len(MIGRATIONS)}); upgrade salesblog")
    if version == len(MIGRATIONS):
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for number in range(_version(db) + 1, len(MIGRATIONS) + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                db.execute(statement)
            db.execute("DELETE FROM audience_schema")
            db.execute("INSERT INTO audience_schema (version) VALUES (?)", (number,))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT version FROM audience_schema").fetchone()
    return row[0] if row else 0


class Store:
    """The database, one connection per thread; writes go through `transaction()`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._connections = ThreadConnections(self._connect)
        self._secret: str | None = None

    @classmethod
    def of(cls, project: Project, config: SiteConfig, site_dir: Path | None = None) -> "Store":
        return cls(inbox_path(project, config, site_dir))

    def db(self) -> sqlite3.Connection:
        return self._connections.get()

    def _connect(self) -> sqlite3.Connection:
        # The inbox creates the file and its own tables (WAL, synchronous=FULL) first.
        inbox = Inbox(self.path)
        try:
            inbox.pending()
        finally:
            inbox.close()
        try:
            db = connect(self.path, "foreign_keys = ON")
            migrate(db, str(self.path))
            if self._secret is None:
                db.execute("INSERT OR IGNORE INTO audience_secret (id, value) VALUES (1, ?)",
                           (secrets.token_urlsafe(32),))
                self._secret = db.execute("SELECT value FROM audience_secret").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise SalesblogError(f"{self.path}: cannot open the database: {error}") from None
        db.row_factory = sqlite3.Row
        return db

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT under the process's write lock; rolled back on any error."""
        return self._connections.transaction()

    def secret(self) -> str:
        """The key tokens are signed with: made once per database, kept in it."""
        if self._secret is None:
            db = self.db()
            # Outside any transaction of ours (callers may hold one): one autocommitted statement.
            db.execute("INSERT OR IGNORE INTO audience_secret (id, value) VALUES (1, ?)",
                       (secrets.token_urlsafe(32),))
            self._secret = db.execute("SELECT value FROM audience_secret").fetchone()[0]
        return self._secret

    def close(self) -> None:
        self._connections.close()
