"""`salesblog outbox`: the e-mails and webhook calls waiting to go out."""

from __future__ import annotations

import click

from salesblog.audience.outbox import Sender
from salesblog.audience.store import Store
from salesblog.config import load_site_config


@click.group("outbox")
def command():
    """E-mails and webhook calls waiting to be sent.

    `salesblog serve` sends them as they come; `outbox send` sends what is due from cron or by
    hand. Each message is marked sent once; one that fails waits and is tried again later.

    \b
    Example:
      salesblog outbox list
      salesblog outbox send
    """


@command.command("send")
@click.pass_obj
def send(session):
    """Send every message that is due now; failures wait for their next attempt.

    \b
    Example:
      salesblog outbox send
    """
    project = session.project()
    config = load_site_config(project)
    store = Store.of(project, config)
    try:
        report = Sender(store, config).send_due()
        waiting = store.db().execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
    finally:
        store.close()
    for error in report.errors:
        click.echo(error, err=True)
    click.echo(f"sent {report.sent}, failed {report.failed}, waiting {waiting}")
    if not config.mail.host:
        click.echo("mail.host is not set in site_config.yml: e-mails wait in the outbox", err=True)


@command.command("list")
@click.option("--all", "everything", is_flag=True, help="Include messages already sent.")
@click.pass_obj
def list_messages(session, everything: bool):
    """One line per waiting message: id, kind, attempts, next attempt, recipient, subject.

    \b
    Example:
      salesblog outbox list
    """
    project = session.project()
    config = load_site_config(project)
    store = Store.of(project, config)
    try:
        where = "" if everything else "WHERE status = 'pending'"
        rows = store.db().execute(f"SELECT * FROM outbox {where} ORDER BY id").fetchall()
    finally:
        store.close()
    for row in rows:
        click.echo(f"{row['id']}  {row['kind']}  {row['status']}  attempts={row['attempts']}  "
                   f"next={row['next_attempt_at'][:19]}  {_line(row['recipient'])}  {_line(row['subject'])}")
    if not rows:
        click.echo("the outbox is empty", err=True)


def _line(text: str) -> str:
    return " ".join(text.split()).encode("unicode_escape").decode("ascii")
