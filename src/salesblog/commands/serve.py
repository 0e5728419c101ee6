"""`salesblog serve` (being written)."""

import click

from salesblog.errors import SalesblogError


@click.command("serve")
def command():
    """Not available yet."""
    raise SalesblogError("salesblog serve is not available yet")
