"""`salesblog inbox` (being written)."""

import click

from salesblog.errors import SalesblogError


@click.command("inbox")
def command():
    """Not available yet."""
    raise SalesblogError("salesblog inbox is not available yet")
