"""`salesblog inbox`: review guest drafts (list, show, accept, reject)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import click

from salesblog.audience.notifications import draft_decided
from salesblog.config import SiteConfig, load_site_config
from salesblog.contribute import publish
from salesblog.contribute.inbox import Draft, Inbox, inbox_path
from salesblog.contribute.terminal import multi_line, one_line
from salesblog.errors import SalesblogError


class _Review:
    """The project, its settings and its inbox, opened once per command."""

    def __init__(self, session):
        self.project = session.project()
        self.config: SiteConfig = load_site_config(self.project)
        self.inbox = Inbox(inbox_path(self.project, self.config))

    def when(self, moment: dt.datetime) -> str:
        return moment.astimezone(zoneinfo.ZoneInfo(self.config.timezone)).strftime("%Y-%m-%d %H:%M")

    def draft(self, text: str) -> Draft:
        draft_id = _draft_id(text)
        draft = self.inbox.get(draft_id) if self.inbox.exists() else None
        if draft is None:
            raise SalesblogError(f"no draft {draft_id} in the inbox (see: salesblog inbox list)")
        return draft

    def pending(self, text: str) -> Draft:
        """The draft, refused unless still pending: said here to give the time in the site's
        zone, as list and show do (the inbox says it again, in UTC, only if a race decides it)."""
        draft = self.draft(text)
        if draft.status != "pending":
            raise SalesblogError(f"draft {draft.id} was already {draft.status} by "
                                 f"{draft.decided_by} on {self.when(draft.decided_at)}")
        return draft


def _draft_id(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise SalesblogError(f"draft ID {one_line(text)!r} is not a number; "
                             "use an ID as salesblog inbox list prints it")
    return int(text)


@click.group("inbox")
def command():
    """Review guest drafts sent through the contribute page.

    Drafts wait in the SQLite inbox (contribute.inbox in site_config.yml) until an editor
    accepts or rejects them. Text from guests is shown with control characters written out.

    \b
    Example:
      salesblog inbox list
      salesblog inbox show 12
      salesblog inbox accept 12
      salesblog inbox reject 13 --reason "Off topic"
    """


@command.command("list")
@click.pass_obj
def list_drafts(session):
    """Print one line per pending draft: ID, date, author, title.

    The ID is the first word, as show, accept and reject take it. Every pending draft is
    listed, oldest first, without paging or truncation.

    \b
    Example:
      salesblog inbox list
    """
    review = _Review(session)
    drafts = review.inbox.pending() if review.inbox.exists() else []
    for draft in drafts:
        click.echo(f"{draft.id}  {review.when(draft.received_at)}  "
                   f"{one_line(draft.name)} <{one_line(draft.email)}>  {one_line(draft.title)}")
    if not drafts:
        click.echo("no pending drafts", err=True)


@command.command("show")
@click.argument("draft_id", metavar="ID")
@click.pass_obj
def show(session, draft_id: str):
    """Print a draft: who sent it, when, its fields and its Markdown body.

    \b
    Example:
      salesblog inbox show 12
    """
    review = _Review(session)
    draft = review.draft(draft_id)
    lines = [
        f"Draft {draft.id} ({draft.status})",
        f"Received: {review.when(draft.received_at)} from {one_line(draft.client)}",
        f"Name:     {one_line(draft.name)}",
        f"E-mail:   {one_line(draft.email)}",
        f"Title:    {one_line(draft.title)}",
        f"Tags:     {one_line(', '.join(draft.tags))}",
    ]
    if draft.status != "pending":
        lines.append(f"Decision: {draft.status} by {one_line(draft.decided_by or '?')} "
                     f"on {review.when(draft.decided_at)}")
    if draft.post_path:
        lines.append(f"Post:     {draft.post_path} (author {draft.author_id})")
    if draft.reason:
        lines.append(f"Reason:   {one_line(draft.reason)}")
    if draft.bio:
        lines += ["", "Bio:", multi_line(draft.bio)]
    lines += ["", "Body:", multi_line(draft.body)]
    click.echo("\n".join(lines))


@command.command("accept")
@click.argument("draft_id", metavar="ID")
@click.option("--as", "as_author", metavar="AUTHOR_ID",
              help="Credit this author from content/authors.yml instead of a guest.")
@click.pass_obj
def accept(session, draft_id: str, as_author: str | None):
    """Turn a draft into content/posts/<slug>.md with draft: true.

    The sender becomes a guest in content/authors.yml, with their e-mail (never published); an
    author with the same e-mail is reused. A sender whose name matches an author but whose
    e-mail does not becomes a new guest: give --as AUTHOR_ID to credit an existing author.
    Tags take the blog's spelling. Raw HTML and unsafe links in the body are neutralised. Your
    operating-system user and the time are recorded. Edit the post, then set draft: false.

    \b
    Example:
      salesblog inbox accept 12
      salesblog inbox accept 14 --as brian-signorelli
    """
    review = _Review(session)
    draft = review.pending(draft_id)
    accepted = publish.accept(review.project, review.config, review.inbox, draft.id, as_author)
    decision = accepted.decision
    draft_decided(review.project, review.config, review.inbox.get(draft.id))  # e-mails the guest
    click.echo(f"accepted draft {draft.id}: {decision.post_path} (draft: true), "
               f"author {decision.author_id}: {accepted.credit}")


@command.command("reject")
@click.argument("draft_id", metavar="ID")
@click.option("--reason", metavar="TEXT", help="Why; kept with the draft.")
@click.pass_obj
def reject(session, draft_id: str, reason: str | None):
    """Mark a draft as rejected, recording your user, the time and the reason.

    \b
    Example:
      salesblog inbox reject 13 --reason "Off topic for this blog"
    """
    review = _Review(session)
    draft = review.pending(draft_id)
    publish.reject(review.inbox, draft.id, reason)
    draft_decided(review.project, review.config, review.inbox.get(draft.id))  # e-mails the guest
    click.echo(f"rejected draft {draft.id}")
