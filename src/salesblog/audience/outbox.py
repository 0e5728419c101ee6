"""The outbox: every e-mail and webhook call is a row committed before any attempt to send it.

A sender claims one row at a time with a lease (its host:pid and a deadline), sends it, and marks
it sent; a failure puts it back with a later next attempt (exponential backoff). A sender killed
mid-send leaves its lease behind: the row is taken again once the lease ends, or at once by a
sender on the same host that sees the owner's process is gone. So nothing is lost, and only the
message in flight at the crash can go out twice.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import os
import smtplib
import socket
import sqlite3
import threading
import urllib.request
from dataclasses import dataclass, field
from email.utils import parseaddr

from salesblog.audience.mailer import Mail, SmtpTransport
from salesblog.audience.store import Store, now, stamp
from salesblog.config import SiteConfig

log = logging.getLogger(__name__)

CLAIM_BATCH = 20
# Longer than sending a whole claimed batch takes, however slow the server
LEASE = dt.timedelta(minutes=15)
MAX_DELAY = dt.timedelta(hours=1)
WEBHOOK_TIMEOUT = 10
OWNER = f"{socket.gethostname()}:{os.getpid()}"

# Set when this process enqueues, so that its worker sends at once instead of at its next poll.
wake = threading.Event()


def enqueue_mail(db: sqlite3.Connection, message: Mail, person: str) -> int:
    """Add an e-mail inside the caller's transaction; sent once that commits."""
    return _enqueue(db, "mail", message.to, person, message.subject, message.data)


def enqueue_webhook(db: sqlite3.Connection, url: str, body: dict, person: str) -> int:
    return _enqueue(db, "webhook", url, person, "", json.dumps(body).encode())


def _enqueue(db, kind: str, recipient: str, person: str, subject: str, payload: bytes) -> int:
    moment = stamp(now())
    cursor = db.execute(
        "INSERT INTO outbox (created_at, kind, recipient, person, subject, payload, next_attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (moment, kind, recipient, person.casefold(), subject,
                                         payload, moment))
    wake.set()
    return cursor.lastrowid


@dataclass
class Claimed:
    id: int
    kind: str
    recipient: str
    payload: bytes
    attempts: int


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(config: SiteConfig, attempts: int) -> dt.timedelta:
    """Wait after the `attempts`-th failure: retry_seconds, doubled each time, at most an hour."""
    seconds = config.mail.retry_seconds * 2 ** min(attempts - 1, 30)
    return min(dt.timedelta(seconds=seconds), MAX_DELAY)


def _owner_is_gone(owner: str | None) -> bool:
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or owner == OWNER:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, but another user's
        return False
    return False


class Sender:
    """Sends what is due; `outbox send` runs it once, `serve` in a thread."""

    def __init__(self, store: Store, config: SiteConfig):
        self.store = store
        self.config = config
        self.transport = SmtpTransport(config)

    def _kinds(self) -> tuple[str, ...]:
        """What this sender can send: e-mail only once an SMTP server is set."""
        return ("mail", "webhook") if self.config.mail.host else ("webhook",)

    def claim(self, count: int = CLAIM_BATCH) -> list[Claimed]:
        """Lease up to `count` due messages to this process, oldest first. Leasing several in one
        transaction keeps the database free for the web requests; they are still sent and marked
        one by one, so a crash can send again only the one in flight."""
        moment = now()
        kinds = self._kinds()
        with self.store.transaction() as db:
            held = db.execute("SELECT DISTINCT lease_owner FROM outbox WHERE status = 'pending' "
                              "AND lease_until >= ?", (stamp(moment),)).fetchall()
            gone = [row[0] for row in held if _owner_is_gone(row[0])]
            found = db.execute(
                f"SELECT id, kind, recipient, payload, attempts FROM outbox WHERE status = 'pending' "
                f"AND kind IN ({','.join('?' * len(kinds))}) AND next_attempt_at <= ? "
                f"AND (lease_until IS NULL OR lease_until < ? "
                f"OR lease_owner IN ({','.join('?' * len(gone)) or 'NULL'})) ORDER BY id LIMIT ?",
                (*kinds, stamp(moment), stamp(moment), *gone, count)).fetchall()
            db.executemany("UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 "
                           "WHERE id = ?", [(OWNER, stamp(moment + LEASE), row["id"]) for row in found])
        return [Claimed(row["id"], row["kind"], row["recipient"], bytes(row["payload"]),
                        row["attempts"] + 1) for row in found]

    def send_due(self, limit: int | None = None) -> SendReport:
        """Send every message due now (each claimed, sent, marked); failures wait for later."""
        report = SendReport()
        # This thread's connection only: its commits (leases, "sent" marks) reach the WAL file at
        # once, so a killed process loses none of them, but are not flushed to the disk one by
        # one. A power cut may thus send again the last few messages; a crash only the one in
        # flight. Messages themselves are enqueued by other connections, with synchronous=FULL.
        self.store.db().execute("PRAGMA synchronous = NORMAL")
        try:
            while limit is None or report.sent + report.failed < limit:
                batch = self.claim()
                if not batch:
                    break
                for message in batch:
                    self._attempt(message, report)
        finally:
            self.transport.close()
        return report

    def _attempt(self, message: Claimed, report: SendReport) -> None:
        try:
            self._deliver(message)
        except (smtplib.SMTPException, OSError, http.client.HTTPException, ValueError,
                _WebhookRefused) as error:  # URLError is an OSError
            delay = backoff(self.config, message.attempts)
            text = f"{type(error).__name__}: {error}"[:500]
            with self.store.transaction() as db:
                db.execute("UPDATE outbox SET lease_owner = NULL, lease_until = NULL, "
                           "next_attempt_at = ?, last_error = ? WHERE id = ? AND lease_owner = ?",
                           (stamp(now() + delay), text, message.id, OWNER))
            report.failed += 1
            report.errors.append(f"message {message.id} to {message.recipient}: {text}")
            log.warning("outbox message %s not sent (attempt %s), retry in %s: %s",
                        message.id, message.attempts, delay, text)
            return
        with self.store.transaction() as db:
            db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, lease_owner = NULL, "
                       "lease_until = NULL, last_error = NULL WHERE id = ? AND status = 'pending'",
                       (stamp(now()), message.id))
        report.sent += 1

    def _deliver(self, message: Claimed) -> None:
        if message.kind == "mail":
            self.transport.send(self.config.mail.from_address, _address(message.recipient),
                                message.payload)
            return
        request = urllib.request.Request(message.recipient, data=message.payload, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "User-Agent": "salesblog"})
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as answer:
            if not 200 <= answer.status < 300:
                raise _WebhookRefused(f"HTTP {answer.status}")

    def run(self, stop: threading.Event, poll: float = 1.0) -> None:
        """Send until `stop` is set: at once after an enqueue in this process, else every `poll` s."""
        while not stop.is_set():
            wake.clear()
            try:
                self.send_due()
            except Exception as error:  # noqa: BLE001 - the thread must outlive any one failure
                log.warning("outbox: %s: %s", type(error).__name__, error)
                stop.wait(poll)
                continue
            wake.wait(self._until_next(poll))

    def _until_next(self, poll: float) -> float:
        """Seconds until the next retry is due, at most `poll` (other processes enqueue too)."""
        kinds = self._kinds()
        row = self.store.db().execute(
            f"SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending' AND lease_owner "
            f"IS NULL AND kind IN ({','.join('?' * len(kinds))})", kinds).fetchone()
        if not row or not row[0]:
            return poll
        due = (dt.datetime.fromisoformat(row[0]) - now()).total_seconds()
        return min(poll, max(0.01, due))


class _WebhookRefused(Exception):
    pass


def _address(recipient: str) -> str:
    return parseaddr(recipient)[1] or recipient


def start_worker(store: Store, config: SiteConfig) -> threading.Event:
    """The sending thread of `salesblog serve`; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=Sender(store, config).run, args=(stop,), daemon=True,
                              name="salesblog-outbox")
    thread.start()
    return stop
