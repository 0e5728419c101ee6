"""Errors users see: each one a message that names the file and line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as `path:line`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SalesblogError(click.ClickException):
    """Base of every error salesblog reports; exit code 1 (content or input error)."""

    exit_code = 1


class ContentError(SalesblogError):
    """The content has problems; every one of them is reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def format_message(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        return f"{self.message}\n{count} {noun} found"

    def show(self, file=None) -> None:  # noqa: D102 - click's hook; no "Error:" prefix on each line
        click.echo(self.format_message(), err=True, file=file)


class ProjectError(SalesblogError):
    """The project folder is not usable (no site_config.yml, unreadable folder...)."""
