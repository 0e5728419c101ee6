"""Accepting a guest draft: it becomes content/posts/<slug>.md (draft: true) by a guest author."""

from __future__ import annotations

import getpass
import os
import zoneinfo
from dataclasses import dataclass

from salesblog.config import SiteConfig
from salesblog.content.catalogue import Catalogue
from salesblog.content.writer import NewAuthor, NewPost, Written, write_new_post
from salesblog.contribute.inbox import Decision, Draft, Inbox
from salesblog.contribute.sanitize import safe_markdown
from salesblog.errors import SalesblogError
from salesblog.project import Project


def editor() -> str:
    """The operating-system user, recorded as the one who decided."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the user database
        return f"uid {os.getuid()}"


@dataclass
class Accepted:
    """An accepted draft: the decision recorded, and how its author was chosen (for the editor)."""

    decision: Decision
    credit: str


def accept(project: Project, config: SiteConfig, inbox: Inbox, draft_id: int,
           as_author: str | None = None) -> Accepted:
    """Publish a pending draft as a post with draft: true; records who, what and when.

    The post and a new guest author are written as one unit by write_new_post, after the
    checks `salesblog check` makes; then the inbox records the decision. If that fails, what
    this accept wrote is taken back and the draft stays pending, so accepting it again gives the
    same post and author, not "-2" copies."""
    written: list[Written] = []
    credit: list[str] = []

    def act(draft: Draft) -> Decision:
        catalogue = Catalogue.load(project, config)
        author = _guest_author(catalogue, inbox, draft, as_author)
        credit.append(author.says)
        date = draft.received_at.astimezone(zoneinfo.ZoneInfo(config.timezone)).date()
        new = NewPost(title=draft.title, date=date, authors=[author.id], tags=list(draft.tags),
                      body=safe_markdown(draft.body), draft=True, slug_fallback="guest-post")
        written.append(write_new_post(catalogue, new, untrusted=True,
                                      new_authors=[author.entry] if author.entry else []))
        return Decision("accepted", editor(), post_path=project.relative(written[0].path),
                        author_id=author.id)

    try:
        decision = inbox.decide(draft_id, act)  # the decision is committed when this returns
    except BaseException as error:
        left = written[0].undo(project) if written else ""
        if left:  # say so rather than let the first error hide what is left on disk
            raise SalesblogError(f"{_message(error)}; could not take back {left}: remove it by hand, "
                                 "then accept again") from error
        raise
    return Accepted(decision, credit[0])


def _message(error: BaseException) -> str:
    return error.format_message() if isinstance(error, SalesblogError) else repr(error)


def reject(inbox: Inbox, draft_id: int, reason: str | None) -> Decision:
    return inbox.decide(draft_id, lambda draft: Decision("rejected", editor(), reason=reason))


@dataclass
class _Credit:
    id: str
    entry: NewAuthor | None  # the authors.yml entry to add, when the author is new
    says: str  # how the author was chosen, in words for the editor


def _guest_author(catalogue: Catalogue, inbox: Inbox, draft: Draft, as_author: str | None) -> _Credit:
    """Who the draft is credited to: the author the editor names with --as; else the author
    with the sender's e-mail (in authors.yml, or the guest an earlier draft from that address
    was published under); else a new guest. A name alone never attaches a draft to an existing
    author: anyone can type a name. Nothing is written here."""
    authors = catalogue.authors
    if as_author is not None:
        if as_author not in authors:
            known = ", ".join(sorted(authors)) or "none"
            raise SalesblogError(f"--as {as_author!r}: no such author in "
                                 f"{catalogue.project.relative(catalogue.project.authors_path)} (known: {known})")
        return _Credit(as_author, None, f"credited to {as_author} (--as)")
    same_email = catalogue.author_by_email(draft.email)
    if same_email is not None:
        return _Credit(same_email.id, None, f"credited to {same_email.id} (same e-mail)")
    earlier = inbox.author_for_email(draft.email)
    if earlier in authors and authors[earlier].guest and not authors[earlier].email:
        return _Credit(earlier, None, f"credited to {earlier} (an earlier draft from the same e-mail)")
    entry = {"name": draft.name, "guest": True, "email": draft.email}
    if draft.bio:
        entry["bio"] = safe_markdown(draft.bio)
    author_id = catalogue.allocate_author_id(draft.name, "guest")
    namesakes = catalogue.authors_named(draft.name)
    if namesakes:
        others = ", ".join(a.id for a in namesakes)
        says = (f"new guest author {author_id}: {others} has the same name but not this e-mail "
                f"(set authors: in the post to credit them instead)")
    else:
        says = f"new guest author {author_id}"
    return _Credit(author_id, NewAuthor(author_id, entry), says)
