"""Leads: a reader's details left for an offer, confirmed by the link e-mailed to them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass

from salesblog.audience import outbox, tokens
from salesblog.audience.mailer import absolute, compose
from salesblog.audience.offers import Offer
from salesblog.audience.store import Store, now, stamp
from salesblog.config import SiteConfig
from salesblog.contribute.form import _email, _single_line

LEAD_FIELDS = ("name", "email", "company", "role")
MAX_CHARS = {"name": 100, "email": 254, "company": 100, "role": 100, "post": 300, "tag": 100}
# The same address asking for the same offer again within this time is the same request.
REPEAT_WINDOW = dt.timedelta(minutes=10)
EXPORT_COLUMNS = ["first_name", "last_name", "email", "company", "role", "offer", "source_post",
                  "consent_time"]


@dataclass
class Lead:
    id: int
    created_at: str
    first_name: str
    last_name: str
    email: str
    company: str
    role: str
    offer: str
    post: str
    tag: str
    referrer: str
    client: str
    confirmed_at: str | None


def validate(form: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The form's values (trimmed) and a message per broken field."""
    values = {name: (form.get(name) or "") for name in (*LEAD_FIELDS, "post", "tag")}
    values["consent"] = form.get("consent") or ""
    errors: dict[str, str] = {}
    for name, limit in MAX_CHARS.items():
        value = values[name]
        if len(value) > limit:
            errors[name] = f"At most {limit} characters."
        elif value and _single_line(value, "This field"):
            errors[name] = _single_line(value, "This field")
    for name, label in (("name", "your name"), ("company", "your company")):
        if name not in errors and not values[name].strip():
            errors[name] = f"Please enter {label}."
    if "email" not in errors:
        problem = _email(values["email"])
        if problem:
            errors["email"] = problem
    if values["consent"] != "yes":
        errors["consent"] = "Please tick the box: we need your consent to keep your details."
    cleaned = {k: " ".join(v.split()) for k, v in values.items()}
    return cleaned, errors


def split_name(name: str) -> tuple[str, str]:
    """"Jane van Doe" -> ("Jane", "van Doe"): the first word is the first name."""
    first, _, last = name.partition(" ")
    return first, last


def add_lead(store: Store, config: SiteConfig, offer: Offer, values: dict[str, str],
             referrer: str, client: str) -> int:
    """Store the lead and enqueue its confirmation e-mail, in one transaction."""
    first, last = split_name(values["name"])
    moment = now()
    with store.transaction() as db:
        repeat = db.execute("SELECT id FROM leads WHERE email = ? COLLATE NOCASE AND offer = ? "
                            "AND created_at >= ?", (values["email"], offer.id,
                                                    stamp(moment - REPEAT_WINDOW))).fetchone()
        if repeat is not None:  # a double click or a browser's retry: one lead, one e-mail
            return repeat[0]
        lead_id = db.execute(
            "INSERT INTO leads (created_at, first_name, last_name, email, company, role, offer, post, "
            "tag, referrer, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (stamp(moment), first, last, values["email"], values["company"], values["role"], offer.id,
             values["post"], values["tag"], referrer[:300], client)).lastrowid
        link = absolute(config, "offers/download/" + tokens.make(store.secret(), "download", lead_id))
        text = (f"Hello {first},\n\nhere is your copy of \"{offer.title}\":\n\n{link}\n\n"
                f"The link works for {config.leads.link_days} days. If you did not ask for it, "
                "ignore this e-mail: nothing more will be sent.")
        outbox.enqueue_mail(db, compose(config, store.secret(), values["email"], offer.title, text,
                                        name=values["name"]), values["email"])
    return lead_id


def confirm(store: Store, config: SiteConfig, token: str) -> Lead | None:
    """The lead behind a download link; the first click confirms it (and calls the webhook)."""
    lead_id = tokens.read(store.secret(), "download", token, dt.timedelta(days=config.leads.link_days))
    if not isinstance(lead_id, int):
        return None
    with store.transaction() as db:
        row = db.execute("SELECT * FROM leads WHERE id = ?", (lead_id,)).fetchone()
        if row is None:  # forgotten since
            return None
        lead = Lead(**dict(row))
        if lead.confirmed_at is None:
            lead.confirmed_at = stamp(now())
            db.execute("UPDATE leads SET confirmed_at = ? WHERE id = ?", (lead.confirmed_at, lead_id))
            if config.leads.webhook:
                outbox.enqueue_webhook(db, config.leads.webhook, webhook_body(lead), lead.email)
    return lead


def webhook_body(lead: Lead) -> dict:
    body = export_row(lead)
    body.update({"id": lead.id, "tag": lead.tag, "referrer": lead.referrer,
                 "confirmed_time": lead.confirmed_at})
    return body


def all_leads(store: Store) -> list[Lead]:
    return [Lead(**dict(row)) for row in store.db().execute("SELECT * FROM leads ORDER BY id")]


def export_row(lead: Lead) -> dict:
    return {"first_name": lead.first_name, "last_name": lead.last_name, "email": lead.email,
            "company": lead.company, "role": lead.role, "offer": lead.offer,
            "source_post": lead.post, "consent_time": lead.created_at}


def export_csv(leads: list[Lead]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for lead in leads:
        writer.writerow({k: _no_formula(v) for k, v in export_row(lead).items()})
    return out.getvalue()


def _no_formula(value):
    # A cell starting with = + - @ is run as a formula by spreadsheets: keep it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value

