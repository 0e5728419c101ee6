"""Accepting a guest draft: it becomes content/posts/<slug>.md (draft: true) by a guest author."""

from __future__ import annotations

import getpass
import itertools
import os
import zoneinfo
from collections.abc import Iterator

from salesblog.config import SiteConfig
from salesblog.content.authors import Author, add_author, read_authors
from salesblog.content.model import post_files
from salesblog.content.writer import write_post
from salesblog.contribute.inbox import Decision, Draft, Inbox
from salesblog.contribute.sanitize import safe_markdown
from salesblog.errors import ContentError
from salesblog.project import Project
from salesblog.slugs import slugify

MAX_SLUG = 80


def editor() -> str:
    """The operating-system user, recorded as the one who decided."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the user database
        return f"uid {os.getuid()}"


def accept(project: Project, config: SiteConfig, inbox: Inbox, draft_id: int) -> Decision:
    """Publish a pending draft as a post with draft: true; records who, what and when."""

    def act(draft: Draft) -> Decision:
        author_id = _guest_author(project, inbox, draft)
        path = _write_post(project, config, draft, author_id)
        return Decision("accepted", editor(), post_path=project.relative(path), author_id=author_id)

    return inbox.decide(draft_id, act)


def reject(inbox: Inbox, draft_id: int, reason: str | None) -> Decision:
    return inbox.decide(draft_id, lambda draft: Decision("rejected", editor(), reason=reason))


def _guest_author(project: Project, inbox: Inbox, draft: Draft) -> str:
    """The authors.yml id for the draft's sender: the guest an earlier draft from the same
    address was published under, else a guest of the same name, else a new guest entry."""
    authors = _authors(project)
    earlier = inbox.author_for_email(draft.email)
    if earlier in authors and authors[earlier].guest:
        return earlier
    same_name = [a.id for a in authors.values() if a.guest and a.name.casefold() == draft.name.casefold()]
    if same_name:
        return same_name[0]
    entry = {"name": draft.name, "guest": True}
    if draft.bio:
        entry["bio"] = safe_markdown(draft.bio)
    # A staff author's id is never reused for a guest of the same name: the guest gets "-2".
    for candidate in _numbered(slugify(draft.name)[:MAX_SLUG].strip("-") or "guest"):
        if candidate not in authors and add_author(project, candidate, entry):
            return candidate
    raise AssertionError("unreachable: _numbered never ends")


def _authors(project: Project) -> dict[str, Author]:
    authors, problems = read_authors(project)
    if problems:
        raise ContentError(problems)
    return authors


def _write_post(project: Project, config: SiteConfig, draft: Draft, author_id: str):
    date = draft.received_at.astimezone(zoneinfo.ZoneInfo(config.timezone)).date()
    front_matter = {"title": draft.title, "date": date, "authors": [author_id],
                    "tags": draft.tags or None, "draft": True}
    body = safe_markdown(draft.body)
    taken = {p.parent.name if p.name == "index.md" else p.stem for p in post_files(project)[0]}
    base = slugify(draft.title)[:MAX_SLUG].strip("-") or "guest-post"
    for slug in _numbered(base):
        if slug in taken:
            continue
        path = project.posts_dir / f"{slug}.md"
        try:
            write_post(path, front_matter, body)
        except FileExistsError:  # written by someone else since we looked
            continue
        return path
    raise AssertionError("unreachable: _numbered never ends")


def _numbered(base: str) -> Iterator[str]:
    """base, base-2, base-3, ..."""
    yield base
    for number in itertools.count(2):
        yield f"{base}-{number}"
