"""`salesblog subscribers`: the e-mail list (import, export, forget)."""

from __future__ import annotations

from pathlib import Path

import click

from salesblog.audience import subscribers
from salesblog.audience.store import Store
from salesblog.config import load_site_config
from salesblog.errors import SalesblogError


def _open(session):
    project = session.project()
    config = load_site_config(project)
    return project, config, Store.of(project, config)


@click.group("subscribers")
def command():
    """Readers who get new posts by e-mail.

    \b
    Example:
      salesblog subscribers import hubspot-contacts.csv
      salesblog subscribers export > subscribers.csv
      salesblog subscribers forget jane@example.com
    """


@command.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_file(session, file: Path):
    """Add subscribers from a CSV with an e-mail, a name and an opt-in date per row.

    Column names as HubSpot and mailing services export them are understood ("Email",
    "First Name", "Last Name", "Opt-in date"...). The opt-in date is kept as the consent record;
    rows without one are left out and reported. Known addresses are left as they are (an
    unsubscribed one stays unsubscribed).

    \b
    Example:
      salesblog subscribers import contacts.csv
    """
    project, config, store = _open(session)
    try:
        report = subscribers.import_csv(store, file, config.timezone)
    finally:
        store.close()
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(f"added {report.added}, already known {report.kept}, left out {len(report.problems)}")
    if report.problems:
        raise SalesblogError(f"{len(report.problems)} rows of {file} were left out (see above)")


@command.command("export")
@click.pass_obj
def export(session):
    """Print every subscriber as CSV, with consent time and source.

    \b
    Example:
      salesblog subscribers export > subscribers.csv
    """
    project, config, store = _open(session)
    try:
        click.echo(subscribers.export_csv(subscribers.all_subscribers(store)), nl=False)
    finally:
        store.close()


@command.command("forget")
@click.argument("email")
@click.pass_obj
def forget(session, email: str):
    """Erase a person: their subscription, leads and every message about them in the outbox.

    \b
    Example:
      salesblog subscribers forget jane@example.com
    """
    project, config, store = _open(session)
    try:
        counts = subscribers.forget(store, email.strip())
    finally:
        store.close()
    click.echo(", ".join(f"{table}: {n} removed" for table, n in counts.items()))
