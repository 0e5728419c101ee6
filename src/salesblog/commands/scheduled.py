"""`salesblog scheduled`: the posts dated in the future, and when each falls due."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import click

from salesblog.content.model import load_content


@click.command("scheduled")
@click.pass_obj
def command(session):
    """List posts dated in the future (drafts aside), soonest first, one plain line each:
    the time it falls due in the site's time zone, its file and its title.

    A post appears on the site with the first `salesblog build` after that time: run the build
    from cron or a CI schedule (see the README).

    \b
    Example:
      salesblog scheduled
    """
    project = session.project()
    content = load_content(project, include_drafts=True)
    zone = zoneinfo.ZoneInfo(content.config.timezone)
    now = dt.datetime.now(dt.timezone.utc)
    due = sorted((p for p in content.posts if p.date > now and not p.draft),
                 key=lambda p: (p.date, p.path))
    for post in due:
        click.echo(f"{post.date.astimezone(zone):%Y-%m-%d %H:%M %Z}  {post.path}  {post.title}")
    if not due:
        click.echo("no posts scheduled", err=True)
