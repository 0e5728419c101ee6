"""`salesblog import SOURCE...`: bring posts over from a legacy blog."""

from __future__ import annotations

import sys

import click

from salesblog.errors import SalesblogError


@click.command("import")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@click.option("--force", is_flag=True, help="Replace posts edited since their import.")
@click.option("--offline", is_flag=True,
              help="Download no remote images (their references are kept, and reported).")
@click.option("--allow-private-addresses", "allow_private", is_flag=True,
              help="Also fetch from loopback and private-network addresses (an intranet blog); "
                   "by default only public addresses are fetched.")
@click.option("--ignore-robots", is_flag=True, help="Crawl pages that the blog's robots.txt disallows.")
@click.option("--concurrency", type=click.IntRange(1, 16), default=4, show_default=True,
              help="Pages fetched at once when crawling a blog by its address.")
@click.pass_obj
def command(session, sources: tuple[str, ...], dry_run: bool, force: bool, offline: bool, allow_private: bool,
            ignore_robots: bool, concurrency: int):
    """Import posts from saved HTML pages, folders of them, WordPress (WXR) or Blogger exports,
    RSS or Atom feeds, http(s) URLs, a whole blog by its address (crawled through its sitemap,
    feed and listing pages), or HubSpot's CMS API (`hubspot:`, token in HUBSPOT_TOKEN; or a JSON
    file of its answers), into content/posts/.

    Re-importing a source updates its post, unless the post was edited since (then --force).
    Images are copied into content/images/<slug>/. A source that fails does not stop the
    others; the exit code is 1 when any failed.

    \b
    Example:
      salesblog import saved-pages/ wordpress-export.xml --dry-run
      salesblog import https://blog.example.com/
    """
    # Imported here: the importer pulls in trafilatura and lxml, which `check` never needs.
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from salesblog.importer.report import print_report
    from salesblog.importer.runner import run_import

    project = session.project()
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160)
    progress = Progress(TextColumn("Importing"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), console=Console(file=sys.stderr), transient=True)
    started = []
    crawl_tasks: dict[str, int] = {}

    def on_progress(counter, amount):
        if not crawl_tasks and counter != "found":
            return  # not a crawl: the per-source bar tells enough
        if not crawl_tasks:
            crawl_tasks.update({name: progress.add_task(f"pages {name}", total=None)
                                for name in ("found", "fetched", "imported")})
            progress.columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}"))
            progress.start()
        progress.update(crawl_tasks[counter], advance=amount)
        if counter == "found":
            for name in ("fetched", "imported"):
                progress.update(crawl_tasks[name], total=progress.tasks[crawl_tasks["found"]].completed)

    def on_source(total, source):
        if source is None:
            started.append(progress.add_task("", total=total))
            if total > 1:  # a bar is for many sources; one needs none
                progress.start()
        else:
            progress.update(started[0], completed=len(started) - 1, description=source.location[-60:])
            started.append(source)

    try:
        report = run_import(project, list(sources), dry_run=dry_run, force=force, offline=offline,
                            on_source=on_source, allow_private=allow_private, ignore_robots=ignore_robots,
                            concurrency=concurrency, on_progress=on_progress)
    finally:
        progress.stop()
    print_report(report, console, dry_run=dry_run)
    if report.failures:
        for failure in report.failures:
            click.echo(failure, err=True)
        count = len(report.failures)
        raise SalesblogError(f"{count} source{'s' if count != 1 else ''} could not be imported (see above)")

