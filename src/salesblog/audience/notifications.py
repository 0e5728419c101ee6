"""Editorial e-mails: editors hear of each new guest draft, the guest of the decision and of the
day the post is on the site. Each is enqueued in the outbox, never sent from the request."""

from __future__ import annotations

import logging
import sqlite3

from salesblog.audience import outbox
from salesblog.audience.mailer import compose
from salesblog.audience.store import Store, now, stamp
from salesblog.config import SiteConfig
from salesblog.errors import SalesblogError
from salesblog.project import Project
from salesblog.site.urls import SiteUrls

log = logging.getLogger(__name__)


def draft_received(store: Store, config: SiteConfig, draft_id: int, name: str, email: str,
                   title: str) -> None:
    """Tell every editor in site_config's `editors` about a new draft."""
    if not config.editors:
        return
    text = (f"A guest draft arrived through the contribute page.\n\nTitle: {title}\n"
            f"From:  {name} <{email}>\n\nReview it with:\n  salesblog inbox show {draft_id}\n")
    with store.transaction() as db:
        for editor in config.editors:
            outbox.enqueue_mail(db, compose(config, store.secret(), editor,
                                            f"New guest draft: {title}", text), email)


_stores: dict[str, Store] = {}


def new_draft(inbox_file, config: SiteConfig, draft_id: int, submission) -> None:
    """The contribute endpoint's hook, after the draft is committed: a failure is logged, and
    the guest still gets the 303 (their draft is safe)."""
    try:
        store = _stores.setdefault(str(inbox_file), Store(inbox_file))
        draft_received(store, config, draft_id, submission.name, submission.email, submission.title)
    except (SalesblogError, sqlite3.Error) as error:
        log.warning("could not enqueue the e-mail to the editors: %s", error)


def _to_guest(store: Store, config: SiteConfig, name: str, email: str, subject: str, text: str,
              db: sqlite3.Connection | None = None) -> None:
    message = compose(config, store.secret(), email, subject, f"Hello {name},\n\n{text}", name=name)
    if db is not None:
        outbox.enqueue_mail(db, message, email)
        return
    with store.transaction() as db:
        outbox.enqueue_mail(db, message, email)


def draft_decided(project: Project, config: SiteConfig, draft) -> None:
    """After `inbox accept` or `inbox reject`: the guest hears the decision. A failure here is
    reported but does not undo the decision, which is already committed."""
    try:
        store = Store.of(project, config)
        try:
            if draft.status == "accepted":
                text = (f"our editors accepted your draft \"{draft.title}\". We will write again "
                        "when it is published on the blog.")
                _to_guest(store, config, draft.name, draft.email, f"Accepted: {draft.title}", text)
            else:
                text = f"our editors decided not to publish your draft \"{draft.title}\"."
                if draft.reason:
                    text += f"\n\nTheir reason: {draft.reason}"
                _to_guest(store, config, draft.name, draft.email, f"Your draft: {draft.title}", text)
        finally:
            store.close()
    except (SalesblogError, sqlite3.Error) as error:
        log.warning("could not enqueue the e-mail to the guest: %s", error)


def notice_published(project: Project, content) -> int:
    """After a build put the site in place: guests whose accepted draft is now a published post
    get one e-mail each (recorded in published_notices with the enqueue). Never fails a build."""
    try:
        from salesblog.contribute.inbox import inbox_path

        if not inbox_path(project, content.config).exists():
            return 0
        store = Store.of(project, content.config)
        try:
            return _notice_published(store, content)
        finally:
            store.close()
    except (SalesblogError, sqlite3.Error) as error:
        log.warning("could not enqueue the published e-mails: %s", error)
        return 0


def _notice_published(store: Store, content) -> int:
    config = content.config
    urls = SiteUrls(config)
    posts = {post.path: post for post in content.posts}
    count = 0
    with store.transaction() as db:
        rows = db.execute("SELECT id, name, email, title, post_path FROM drafts "
                          "WHERE status = 'accepted' AND post_path IS NOT NULL AND id NOT IN "
                          "(SELECT draft_id FROM published_notices)").fetchall()
        for row in rows:
            post = posts.get(row["post_path"])
            if post is None:
                continue  # still a draft, or not yet built
            text = (f"your post \"{post.title}\" is now on {config.title}:\n\n"
                    f"{urls.absolute(urls.post(post))}\n\nThank you for writing for us.")
            _to_guest(store, config, row["name"], row["email"], f"Published: {post.title}", text, db)
            db.execute("INSERT INTO published_notices (draft_id, noticed_at) VALUES (?, ?)",
                       (row["id"], stamp(now())))
            count += 1
    return count
