"""`salesblog check`: validate all content without building."""

from __future__ import annotations

import datetime as dt

import click

from salesblog.checks import check_all, scheduling_warnings
from salesblog.errors import ContentError
from salesblog.render.images import image_warnings


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
    warnings = image_warnings(content.posts) if content is not None else []
    for warning in warnings:  # worth fixing, but no reason to refuse the build
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message}", err=True)
    if problems:
        raise ContentError(problems)
    for warning in scheduling_warnings(content, dt.datetime.now(dt.timezone.utc)):
        click.echo(str(warning), err=True)
    found = f"{len(warnings)} warning(s)" if warnings else "no problems"
    click.echo(f"{len(content.posts)} posts and {len(content.authors)} authors checked: {found}")
