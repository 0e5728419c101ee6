"""`salesblog check`: validate all content without building."""

from __future__ import annotations

import click

from salesblog.content.model import load_content
from salesblog.errors import ContentError
from salesblog.site.paths import path_problems


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
    content = load_content(project, include_drafts=True)
    problems = path_problems(content)
    if problems:
        raise ContentError(problems)
    click.echo(f"{len(content.posts)} posts and {len(content.authors)} authors checked: no problems")
