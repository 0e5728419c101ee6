"""`salesblog check`: validate all content without building."""

from __future__ import annotations

import datetime as dt

import click

from salesblog.checks import check_all, scheduling_warnings
from salesblog.errors import ContentError


@click.command("check")
@click.pass_obj
def command(session):
    """Check site_config.yml, content/authors.yml and every post, drafts included.

    Every problem is printed on its own line as `path:line: message`; the exit code is 1 when
    there is any.

    \b
    Example:
      salesblog check
    """
    project = session.project()
    content, problems = check_all(project)
    if problems:
        raise ContentError(problems)
    for warning in scheduling_warnings(content, dt.datetime.now(dt.timezone.utc)):
        click.echo(str(warning), err=True)
    click.echo(f"{len(content.posts)} posts and {len(content.authors)} authors checked: no problems")
