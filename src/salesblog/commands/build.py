"""`salesblog build` (being written)."""

import click

from salesblog.errors import SalesblogError


@click.command("build")
def command():
    """Not available yet."""
    raise SalesblogError("salesblog build is not available yet")
