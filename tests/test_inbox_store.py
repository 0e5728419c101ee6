"""The SQLite inbox itself: durability settings, the versioned schema, the repeat window."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from salesblog.contribute.form import Submission
from salesblog.contribute.inbox import Inbox
from salesblog.contribute.schema import SCHEMA_VERSION
from salesblog.errors import SalesblogError

T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)


def draft(**changes) -> Submission:
    values = dict(name="Jane", email="jane@example.com", title="Title", body="A body of twenty characters.")
    values.update(changes)
    return Submission(**values)


@pytest.fixture
def inbox(tmp_path):
    opened = Inbox(tmp_path / "data" / "inbox.sqlite3")
    yield opened
    opened.close()


def test_wal_mode_full_sync_and_the_current_schema_version(inbox):
    inbox.add(draft(), "127.0.0.1")
    db = inbox._db()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1


def test_an_empty_file_is_migrated_and_a_newer_schema_refused(tmp_path):
    path = tmp_path / "inbox.sqlite3"
    sqlite3.connect(path).close()
    inbox = Inbox(path)
    assert inbox.pending() == []
    inbox.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SalesblogError, match="newer than this salesblog"):
        Inbox(path).pending()


def test_a_file_that_is_not_a_database_is_reported(tmp_path):
    path = tmp_path / "inbox.sqlite3"
    path.write_text("not sqlite " * 100)
    with pytest.raises(SalesblogError, match="cannot open the inbox"):
        Inbox(path).pending()


def test_the_same_draft_within_ten_minutes_is_kept_once(inbox):
    first, new = inbox.add(draft(), "10.0.0.1", now=T0)
    assert new
    assert inbox.add(draft(name="Jane D."), "10.0.0.2", now=T0 + dt.timedelta(minutes=9)) == (first, False)
    assert inbox.add(draft(email="JANE@example.com"), "10.0.0.1", now=T0 + dt.timedelta(minutes=5)) == (first, False)
    later, new = inbox.add(draft(), "10.0.0.1", now=T0 + dt.timedelta(minutes=11))
    assert new and later != first
    other, new = inbox.add(draft(body="A different body, long enough."), "10.0.0.1", now=T0)
    assert new
    assert len(inbox.all()) == 3


def test_drafts_round_trip_exactly(inbox):
    sent = draft(body="Line one\n\nLine \u2603 two\x1b[31m", bio="Bio", tags=["a", "B c"])
    draft_id, _ = inbox.add(sent, "::1", now=T0)
    got = inbox.get(draft_id)
    assert (got.body, got.bio, got.tags, got.client, got.received_at) == (sent.body, "Bio", ["a", "B c"], "::1", T0)
    assert inbox.get(draft_id + 1) is None
