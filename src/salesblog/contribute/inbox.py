"""The inbox: guest drafts kept durably in SQLite until an editor accepts or rejects them."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from salesblog.config import SiteConfig
from salesblog.contribute.form import Submission
from salesblog.contribute.schema import migrate
from salesblog.errors import SalesblogError
from salesblog.project import Project
from salesblog.sqlite_db import ThreadConnections, connect

# The same e-mail, title and body sent again within this time is the same draft (a double click,
# a browser retry after a lost answer), not a second one.
REPEAT_WINDOW = dt.timedelta(minutes=10)
# SQLite integers are signed 64-bit: a larger number cannot be an ID, and binding it would raise
# OverflowError instead of finding nothing.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Draft:
    """One submission as the inbox holds it."""

    id: int
    received_at: dt.datetime
    client: str
    name: str
    email: str
    title: str
    body: str
    bio: str
    tags: list[str]
    status: str
    decided_at: dt.datetime | None = None
    decided_by: str | None = None
    reason: str | None = None
    post_path: str | None = None
    author_id: str | None = None


@dataclass(frozen=True)
class Decision:
    """What an editor did with a draft; recorded with who and when."""

    status: str  # "accepted" or "rejected"
    by: str
    reason: str | None = None
    post_path: str | None = None
    author_id: str | None = None


def inbox_path(project: Project, config: SiteConfig, site_dir: Path | None = None) -> Path:
    """Where contribute.inbox points; refused inside content/ or site/, which get published."""
    path = (project.root / config.contribute.inbox).resolve()
    for folder in (project.content_dir, site_dir or project.root / "site"):
        if path.is_relative_to(folder.resolve()):
            raise SalesblogError(f"site_config.yml: contribute.inbox {config.contribute.inbox!r} must "
                                 f"be outside {project.relative(folder)}/, which is published")
    return path


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _stamp(moment: dt.datetime) -> str:
    # One fixed width format, so that timestamps compare correctly as text in SQL.
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def fingerprint(email: str, title: str, body: str) -> str:
    return hashlib.sha256(json.dumps([email.casefold(), title, body]).encode()).hexdigest()


class Inbox:
    """The SQLite inbox. Safe to share between threads: each thread gets its own connection."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._connections = ThreadConnections(self._connect)

    def exists(self) -> bool:
        return self.path.exists()

    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = connect(self.path)
            migrate(db, str(self.path))
        except sqlite3.DatabaseError as error:
            raise SalesblogError(f"{self.path}: cannot open the inbox: {error}") from None
        db.row_factory = sqlite3.Row
        return db

    def close(self) -> None:
        self._connections.close()

    def add(self, submission: Submission, client: str, now: dt.datetime | None = None) -> tuple[int, bool]:
        """Store a draft and commit it; returns its id and False when it repeats a recent one."""
        now = now or _now()
        digest = fingerprint(submission.email, submission.title, submission.body)
        with self._write() as db:
            # The write lock is held from the look-up to the insert, so two identical submissions
            # arriving together cannot both be stored.
            row = db.execute("SELECT id FROM drafts WHERE fingerprint = ? AND received_at >= ? "
                             "ORDER BY id LIMIT 1", (digest, _stamp(now - REPEAT_WINDOW))).fetchone()
            if row is not None:
                return row["id"], False
            cursor = db.execute(
                "INSERT INTO drafts (received_at, client, name, email, title, body, bio, tags, "
                "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_stamp(now), client, submission.name, submission.email, submission.title,
                 submission.body, submission.bio, json.dumps(submission.tags), digest))
            return cursor.lastrowid, True

    def pending(self) -> list[Draft]:
        rows = self._db().execute("SELECT * FROM drafts WHERE status = 'pending' ORDER BY id")
        return [_draft(row) for row in rows]

    def all(self) -> list[Draft]:
        return [_draft(row) for row in self._db().execute("SELECT * FROM drafts ORDER BY id")]

    def get(self, draft_id: int) -> Draft | None:
        if not 0 <= draft_id <= MAX_ID:
            return None
        row = self._db().execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return _draft(row) if row else None

    def decide(self, draft_id: int, act: Callable[[Draft], Decision]) -> Decision:
        """Run `act` on a pending draft and record its decision, all under the write lock, so
        that two editors cannot both accept the same draft. Returns once it is committed."""
        try:
            with self._write() as db:
                draft = self.get(draft_id)
                if draft is None:
                    raise SalesblogError(f"no draft {draft_id} in the inbox (see: salesblog inbox list)")
                if draft.status != "pending":
                    raise SalesblogError(f"draft {draft_id} was already {draft.status} by "
                                         f"{draft.decided_by} on {draft.decided_at:%Y-%m-%d %H:%M}")
                decision = act(draft)
                db.execute("UPDATE drafts SET status = ?, decided_at = ?, decided_by = ?, reason = ?, "
                           "post_path = ?, author_id = ? WHERE id = ?",
                           (decision.status, _stamp(_now()), decision.by, decision.reason,
                            decision.post_path, decision.author_id, draft_id))
        except sqlite3.Error as error:
            raise SalesblogError(f"{self.path}: cannot record the decision on draft {draft_id}: "
                                 f"{error}") from None
        return decision

    def author_for_email(self, email: str) -> str | None:
        """The author id an earlier accepted draft from this address was published under."""
        row = self._db().execute(
            "SELECT author_id FROM drafts WHERE status = 'accepted' AND author_id IS NOT NULL "
            "AND lower(email) = lower(?) ORDER BY id DESC LIMIT 1", (email,)).fetchone()
        return row["author_id"] if row else None

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return self._connections.transaction()


def _draft(row: sqlite3.Row) -> Draft:
    values = dict(row)
    values.pop("fingerprint")
    values["tags"] = json.loads(values["tags"])
    for key in ("received_at", "decided_at"):
        if values[key]:
            values[key] = dt.datetime.fromisoformat(values[key])
    return Draft(**values)
