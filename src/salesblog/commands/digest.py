"""`salesblog digest`: e-mail new posts to subscribers."""

from __future__ import annotations

import datetime as dt

import click

from salesblog.audience.digest import run_digest
from salesblog.audience.store import Store
from salesblog.config import load_site_config
from salesblog.content.dates import to_datetime
from salesblog.errors import SalesblogError


@click.command("digest")
@click.option("--since", metavar="DATE", help="Posts published since DATE (default: since the last digest).")
@click.option("--dry-run", is_flag=True, help="Print who would get what; enqueue nothing.")
@click.pass_obj
def command(session, since: str | None, dry_run: bool):
    """Put e-mails of the posts published since the last digest into the outbox.

    Each subscriber gets the posts of their topics: one e-mail per post, or one a week with
    all of them, as they chose. A post is never sent twice to the same subscriber, even when
    a digest is interrupted and run again. `salesblog serve` (or `salesblog outbox send`)
    sends the e-mails. Run it from cron, e.g. every hour.

    \b
    Example:
      salesblog digest --dry-run
      salesblog digest --since 2024-03-01
    """
    project = session.project()
    config = load_site_config(project)
    start: dt.datetime | None = None
    if since:
        try:
            start = to_datetime(since, config.timezone)
        except ValueError as error:
            raise SalesblogError(f"--since {error}") from None
    store = Store.of(project, config)
    try:
        report = run_digest(project, store, start, dry_run)
    finally:
        store.close()
    for line in report.lines if dry_run else []:
        click.echo(line)
    verb = "would enqueue" if dry_run else "enqueued"
    click.echo(f"{verb} {report.messages} e-mails for {report.subscribers} subscribers "
               f"({report.posts} posts since {report.since:%Y-%m-%d %H:%M})")
