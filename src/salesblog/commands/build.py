"""`salesblog build`: the site, into site/ (or -d DIR)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from salesblog.pipeline import build_site
from salesblog.process_exit import skip_teardown


@click.command("build")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/ in the project).")
@click.option("--no-cache", is_flag=True, help="Render every post again, ignoring the cache.")
@click.pass_obj
def command(session, site_dir: Path | None, no_cache: bool):
    """Check all content, then build the site. Drafts and future posts are left out.

    On any content problem every one is printed as `path:line: message`, the exit code is 1
    and the previous site is left exactly as it was.

    \b
    Example:
      salesblog build
      salesblog build -d /var/www/blog
    """
    project = session.project()
    started = time.perf_counter()
    result = build_site(project, site_dir or project.root / "site", use_cache=not no_cache)
    click.echo(f"Built {result.posts} posts ({result.pages} pages) into "
               f"{project.relative(result.site_dir)} in {time.perf_counter() - started:.1f}s"
               + scheduled_note(result.scheduled))
    skip_teardown()  # the site is in place: nothing in memory is needed any more


def scheduled_note(dates: list) -> str:
    """"; 2 future posts left out, the first due 2025-03-01 09:00 UTC" (empty when none)."""
    if not dates:
        return ""
    count = len(dates)
    return (f"; {count} future {'post' if count == 1 else 'posts'} left out, the first due "
            f"{dates[0]:%Y-%m-%d %H:%M %Z}".rstrip())
