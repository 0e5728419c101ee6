"""`salesblog digest`: new posts e-mailed to subscribers, per their topics and frequency.

A subscriber's messages and their sent-log rows (subscriber, post) are written in the same
transaction (one per chunk of subscribers): a rerun after an interruption skips what was
enqueued, and never sends a post to the same subscriber twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from salesblog.audience import outbox
from salesblog.audience.mailer import compose, personal_links
from salesblog.audience.pages import render
from salesblog.audience.store import Store, now as utc_now, parse_stamp, stamp
from salesblog.audience.subscribers import Subscriber, active
from salesblog.content.model import load_content
from salesblog.project import Project
from salesblog.site.urls import SiteUrls
from salesblog.slugs import slugify

WEEK = dt.timedelta(days=7)
SLACK = dt.timedelta(hours=1)  # a weekly cron job that runs a little early still sends
FIRST_WINDOW = dt.timedelta(days=7)  # posts a first digest looks back over
SUMMARY_CHARS = 300
CHUNK = 100  # subscribers per transaction


@dataclass
class DigestPost:
    path: str  # on the site: the sent-log key
    title: str
    url: str
    date: str
    summary: str
    published: dt.datetime
    tags: set[str]


@dataclass
class DigestReport:
    since: dt.datetime
    posts: int = 0
    messages: int = 0
    subscribers: int = 0
    lines: list[str] = field(default_factory=list)


def digest_posts(project: Project, moment: dt.datetime) -> tuple[object, list[DigestPost]]:
    content = load_content(project, now=moment)
    urls = SiteUrls(content.config)
    posts = [DigestPost(urls.post(p), p.title, urls.absolute(urls.post(p)),
                        f"{p.date:%B} {p.date.day}, {p.date.year}", _summary(p), p.date,
                        {slugify(t) for t in p.tags}) for p in content.posts]
    return content.config, posts


def _summary(post) -> str:
    if post.summary:
        text = post.summary
    else:
        paragraphs = [p for p in post.body.split("<!-- more -->")[0].split("\n\n") if p.strip()]
        text = paragraphs[0] if paragraphs else ""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = " ".join(re.sub(r"[*_`#>]", "", text).split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def run_digest(project: Project, store: Store, since: dt.datetime | None = None,
               dry_run: bool = False, moment: dt.datetime | None = None) -> DigestReport:
    """Enqueue what each active subscriber has not had yet: posts first seen by a digest after
    they subscribed (or, with `since`, every post dated since then)."""
    moment = moment or utc_now()
    config, posts = digest_posts(project, moment)
    seen = _see(store, posts, moment, dry_run)
    report = DigestReport(since or _last_run(store) or moment - FIRST_WINDOW)
    report.posts = len([p for p in posts if (p.published >= since if since else
                                             seen[p.path] >= stamp(report.since))])
    everyone = active(store)
    for first in range(0, len(everyone), CHUNK):
        chunk = everyone[first:first + CHUNK]
        # The messages of a chunk of subscribers and their sent-log rows commit together.
        with contextlib.nullcontext(store.db()) if dry_run else store.transaction() as db:
            for subscriber in chunk:
                batches = _batches(db, subscriber, posts, seen, since, moment)
                report.lines += [f"{subscriber.email}: {', '.join(p.title for p in batch)}"
                                 for batch in batches]
                if batches:
                    report.subscribers += 1
                    report.messages += len(batches)
                    if not dry_run:
                        _enqueue(db, store.secret(), config, subscriber, batches, moment)
    if not dry_run:
        with store.transaction() as db:
            db.execute("INSERT INTO digest_runs (ran_at) VALUES (?)", (stamp(moment),))
    return report


def _see(store: Store, posts: list[DigestPost], moment: dt.datetime, dry_run: bool) -> dict[str, str]:
    """post path -> when a digest first saw it; posts seen now for the first time are recorded
    (those dated more than FIRST_WINDOW ago as old: an imported archive is not news)."""
    seen = dict(store.db().execute("SELECT post, first_seen_at FROM digest_seen").fetchall())
    fresh = {p.path: (stamp(moment) if p.published >= moment - FIRST_WINDOW else "")
             for p in posts if p.path not in seen}
    if fresh and not dry_run:
        with store.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO digest_seen (post, first_seen_at) VALUES (?, ?)",
                           fresh.items())
    return {**seen, **fresh}


def _last_run(store: Store) -> dt.datetime | None:
    row = store.db().execute("SELECT max(ran_at) FROM digest_runs").fetchone()
    return parse_stamp(row[0])


def _batches(db, subscriber: Subscriber, posts: list[DigestPost], seen: dict[str, str],
             since: dt.datetime | None, moment: dt.datetime) -> list[list[DigestPost]]:
    """The e-mails this subscriber gets now: one per post, or one a week with all of them."""
    last = parse_stamp(subscriber.last_digest_at)
    if subscriber.frequency == "weekly" and last is not None and last > moment - WEEK + SLACK:
        return []
    joined = max(subscriber.created_at, subscriber.consent_at or "")
    sent = {row[0] for row in db.execute(
        "SELECT post FROM digest_sent WHERE subscriber_id = ?", (subscriber.id,))}
    topics = set(subscriber.topics)
    chosen = [p for p in reversed(posts)  # oldest first
              if (p.published >= since if since else seen[p.path] >= joined)
              and p.path not in sent and (not topics or topics & p.tags)]
    if not chosen:
        return []
    return [chosen] if subscriber.frequency == "weekly" else [[p] for p in chosen]


def _enqueue(db, secret: str, config, subscriber: Subscriber, batches: list[list[DigestPost]],
             moment: dt.datetime) -> None:
    links = personal_links(config, secret, subscriber.email)
    for batch in batches:
        subject = batch[0].title if len(batch) == 1 else f"{config.title}: {len(batch)} new posts"
        values = dict(posts=batch, subject=subject, **links)
        message = compose(config, secret, subscriber.email, subject,
                          render("audience/email/digest.txt", config, **values),
                          render("audience/email/digest.html", config, **values),
                          name=subscriber.name, links=links)
        message_id = outbox.enqueue_mail(db, message, subscriber.email)
        db.executemany("INSERT INTO digest_sent (subscriber_id, post, outbox_id) VALUES (?, ?, ?)",
                       [(subscriber.id, p.path, message_id) for p in batch])
    db.execute("UPDATE subscribers SET last_digest_at = ? WHERE id = ?", (stamp(moment), subscriber.id))
