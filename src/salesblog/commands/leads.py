"""`salesblog leads`: readers who asked for a content offer."""

from __future__ import annotations

import click

from salesblog.audience.leads import all_leads, export_csv
from salesblog.audience.store import Store
from salesblog.config import load_site_config
from salesblog.contribute.terminal import one_line


def _leads(session, confirmed_only: bool):
    project = session.project()
    config = load_site_config(project)
    store = Store.of(project, config)
    try:
        found = all_leads(store)
    finally:
        store.close()
    return [lead for lead in found if lead.confirmed_at or not confirmed_only]


@click.group("leads")
def command():
    """Leads left through the content offers' forms.

    A lead is confirmed when its owner opens the download link we e-mailed (double opt-in).

    \b
    Example:
      salesblog leads list
      salesblog leads export --csv > leads.csv
    """


@command.command("list")
@click.pass_obj
def list_leads(session):
    """One line per lead: id, time, confirmed or not, name, e-mail, company, offer, post.

    \b
    Example:
      salesblog leads list
    """
    found = _leads(session, confirmed_only=False)
    for lead in found:
        state = "confirmed" if lead.confirmed_at else "unconfirmed"
        click.echo(f"{lead.id}  {lead.created_at[:16].replace('T', ' ')}  {state}  "
                   f"{one_line(lead.first_name)} {one_line(lead.last_name)} <{one_line(lead.email)}>  "
                   f"{one_line(lead.company)}  {lead.offer}  {one_line(lead.post)}")
    if not found:
        click.echo("no leads yet", err=True)


@command.command("export")
@click.option("--csv", "as_csv", is_flag=True, required=True,
              help="CSV for a CRM: first_name,last_name,email,company,role,offer,source_post,consent_time.")
@click.option("--all", "everything", is_flag=True, help="Include leads not confirmed yet.")
@click.pass_obj
def export(session, as_csv: bool, everything: bool):
    """Print confirmed leads as CSV (UTF-8, a header line), for a CRM import.

    \b
    Example:
      salesblog leads export --csv > leads.csv
    """
    click.echo(export_csv(_leads(session, confirmed_only=not everything)), nl=False)
