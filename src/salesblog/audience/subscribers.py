"""E-mail subscribers: double opt-in, topics and frequency, unsubscribe, import, forget, export.

Nothing the server answers depends on whether an address is subscribed: the form always says
"check your inbox", and what differs goes only into the e-mail, which only the address's owner
reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from salesblog.audience import outbox, tokens
from salesblog.audience.mailer import absolute, compose
from salesblog.audience.store import Store, now, stamp
from salesblog.config import SiteConfig
from salesblog.content.dates import to_datetime
from salesblog.contribute.form import _email
from salesblog.errors import SalesblogError

FREQUENCIES = ("each", "weekly")
EXPORT_COLUMNS = ["email", "name", "status", "topics", "frequency", "consent_time",
                  "consent_source", "created_time", "unsubscribed_time"]


@dataclass
class Subscriber:
    id: int
    email: str
    name: str
    status: str
    topics: list[str]
    frequency: str
    created_at: str
    consent_at: str | None
    consent_source: str
    unsubscribed_at: str | None
    last_digest_at: str | None


def _subscriber(row) -> Subscriber:
    values = dict(row)
    values["topics"] = json.loads(values["topics"])
    return Subscriber(**values)


def find(db, email: str) -> Subscriber | None:
    row = db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone()
    return _subscriber(row) if row else None


def request(store: Store, config: SiteConfig, email: str) -> None:
    """The subscribe form: a confirmation link goes to the address, whatever its state."""
    with store.transaction() as db:
        if find(db, email) is None:
            db.execute("INSERT INTO subscribers (email, status, created_at) VALUES (?, 'pending', ?)",
                       (email, stamp(now())))
        link = absolute(config, "subscribe/confirm/"
                        + tokens.make(store.secret(), "confirm", email.casefold()))
        text = (f"Please confirm that you want new posts of {config.title} by e-mail:\n\n{link}\n\n"
                f"The link works for {config.leads.link_days} days. If you did not ask for this, "
                "ignore this e-mail: you will not be subscribed.")
        outbox.enqueue_mail(db, compose(config, store.secret(), email,
                                        f"Confirm your subscription to {config.title}", text), email)


def confirm(store: Store, config: SiteConfig, token: str) -> str | None:
    """The address a confirmation link names, now active; None for a bad or old link."""
    email = tokens.read(store.secret(), "confirm", token, dt.timedelta(days=config.leads.link_days))
    if not isinstance(email, str):
        return None
    moment = stamp(now())
    with store.transaction() as db:
        current = find(db, email)
        if current is None:  # forgotten since the e-mail was sent: subscribe anew
            db.execute("INSERT INTO subscribers (email, status, created_at) VALUES (?, 'pending', ?)",
                       (email, moment))
            current = find(db, email)
        if current.status != "active":
            db.execute("UPDATE subscribers SET status = 'active', consent_at = ?, "
                       "consent_source = 'form', unsubscribed_at = NULL, last_digest_at = NULL "
                       "WHERE id = ?", (moment, current.id))
    return email


def unsubscribe(store: Store, email: str) -> None:
    """No more posts for this address (kept as unsubscribed, so an import cannot add it back)."""
    moment = stamp(now())
    with store.transaction() as db:
        if find(db, email) is None:
            db.execute("INSERT INTO subscribers (email, status, created_at, unsubscribed_at) "
                       "VALUES (?, 'unsubscribed', ?, ?)", (email, moment, moment))
        else:
            db.execute("UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ? "
                       "WHERE email = ? AND status != 'unsubscribed'", (moment, email))


def set_preferences(store: Store, email: str, topics: list[str], frequency: str) -> bool:
    if frequency not in FREQUENCIES:
        return False
    with store.transaction() as db:
        cursor = db.execute("UPDATE subscribers SET topics = ?, frequency = ? WHERE email = ? "
                            "AND status = 'active'", (json.dumps(sorted(set(topics))), frequency, email))
    return cursor.rowcount == 1


def active(store: Store) -> list[Subscriber]:
    rows = store.db().execute("SELECT * FROM subscribers WHERE status = 'active' ORDER BY id")
    return [_subscriber(row) for row in rows]


def all_subscribers(store: Store) -> list[Subscriber]:
    return [_subscriber(r) for r in store.db().execute("SELECT * FROM subscribers ORDER BY id")]


# --- operators ---------------------------------------------------------------------------------

_EMAIL_HEADERS = ("email", "e-mail", "email address", "e-mail address")
_NAME_HEADERS = ("name", "full name")
_FIRST_HEADERS = ("first name", "firstname", "first_name")
_LAST_HEADERS = ("last name", "lastname", "last_name")
_DATE_HEADERS = ("opt-in date", "optin date", "opt_in_date", "opt-in", "consent date",
                 "subscribed", "subscription date", "create date", "created", "date")


@dataclass
class ImportReport:
    added: int = 0
    kept: int = 0  # already known: left as they are (an unsubscribed address stays so)
    problems: list[str] = None


def import_csv(store: Store, path: Path, timezone: str) -> ImportReport:
    """Bring over a list exported from HubSpot or a mailing service; each row needs an e-mail
    and its opt-in date (the consent record), or it is reported and left out."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SalesblogError(f"{path}: cannot read: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip().casefold(): h for h in reader.fieldnames or []}
    email_key = _pick(headers, _EMAIL_HEADERS)
    date_key = _pick(headers, _DATE_HEADERS)
    if email_key is None or date_key is None:
        raise SalesblogError(f"{path}:1: needs an e-mail column and an opt-in date column "
                             f"(found: {', '.join(headers.values()) or 'no header'})")
    name_key, first_key, last_key = (_pick(headers, h) for h in (_NAME_HEADERS, _FIRST_HEADERS,
                                                                _LAST_HEADERS))
    report = ImportReport(problems=[])
    source = f"import:{path.name}"
    with store.transaction() as db:
        for line, row in enumerate(reader, start=2):
            email = (row.get(email_key) or "").strip()
            if _email(email):
                report.problems.append(f"{path}:{line}: {email!r} is not an e-mail address")
                continue
            try:
                opted_in = to_datetime((row.get(date_key) or "").strip(), timezone)
            except ValueError:
                report.problems.append(f"{path}:{line}: no usable opt-in date "
                                       f"{row.get(date_key)!r}; left out (no consent record)")
                continue
            name = (row.get(name_key) or "").strip() if name_key else " ".join(
                (row.get(k) or "").strip() for k in (first_key, last_key) if k).strip()
            if find(db, email) is not None:
                report.kept += 1
                continue
            db.execute("INSERT INTO subscribers (email, name, status, created_at, consent_at, "
                       "consent_source) VALUES (?, ?, 'active', ?, ?, ?)",
                       (email, " ".join(name.split())[:100], stamp(now()), stamp(opted_in), source))
            report.added += 1
    return report


def _pick(headers: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((headers[n] for n in names if n in headers), None)


def forget(store: Store, email: str) -> dict[str, int]:
    """Erase a person: subscription, leads, and every message about them in the outbox."""
    with store.transaction() as db:
        counts = {
            "subscribers": db.execute("DELETE FROM subscribers WHERE email = ?", (email,)).rowcount,
            "leads": db.execute("DELETE FROM leads WHERE email = ? COLLATE NOCASE", (email,)).rowcount,
            "outbox": db.execute("DELETE FROM outbox WHERE person = ?", (email.casefold(),)).rowcount,
        }
    return counts


def export_csv(subscribers: list[Subscriber]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for s in subscribers:
        writer.writerow([_cell(v) for v in (s.email, s.name, s.status, ",".join(s.topics), s.frequency,
                                            s.consent_at or "", s.consent_source, s.created_at,
                                            s.unsubscribed_at or "")])
    return out.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
