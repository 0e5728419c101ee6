"""`salesblog preview` (being written)."""

import click

from salesblog.errors import SalesblogError


@click.command("preview")
def command():
    """Not available yet."""
    raise SalesblogError("salesblog preview is not available yet")
