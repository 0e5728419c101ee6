"""`salesblog import` (being written)."""

import click

from salesblog.errors import SalesblogError


@click.command("import")
def command():
    """Not available yet."""
    raise SalesblogError("salesblog import is not available yet")
