"""Accepting a guest draft: it becomes content/posts/<slug>.md (draft: true) by a guest author."""

from __future__ import annotations

import getpass
import itertools
import os
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

from salesblog.config import SiteConfig
from salesblog.content.authors import Author, add_author, read_authors, remove_author
from salesblog.content.model import taken_slugs
from salesblog.content.writer import write_post
from salesblog.contribute.inbox import Decision, Draft, Inbox
from salesblog.contribute.sanitize import safe_markdown
from salesblog.errors import ContentError, SalesblogError
from salesblog.project import Project
from salesblog.slugs import short_slug
from salesblog.yamlfile import YAMLLocatedError



def editor() -> str:
    """The operating-system user, recorded as the one who decided."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the user database
        return f"uid {os.getuid()}"


def accept(project: Project, config: SiteConfig, inbox: Inbox, draft_id: int) -> Decision:
    """Publish a pending draft as a post with draft: true; records who, what and when.

    The steps run in the order that is easiest to undo: the post (a new file), then the guest
    author, then the inbox's record. If a step fails, what this accept wrote is removed and the
    draft stays pending, so accepting it again gives the same post and author, not "-2" copies."""
    written = _Written(project)

    def act(draft: Draft) -> Decision:
        author_id, entry = _guest_author(project, inbox, draft)
        written.post = _write_post(project, config, draft, author_id)
        if entry is not None:
            written.authors_existed = project.authors_path.exists()
            _add_guest(project, author_id, entry)
            written.author = author_id
        return Decision("accepted", editor(), post_path=project.relative(written.post),
                        author_id=author_id)

    try:
        return inbox.decide(draft_id, act)  # the decision is committed when this returns
    except BaseException as error:
        left = written.undo()
        if left:  # say so rather than let the first error hide what is left on disk
            raise SalesblogError(f"{_message(error)}; could not take back {left}: remove it by hand, "
                                 "then accept again") from error
        raise


class _Written:
    """The files one accept has written so far, to take back when a later step fails."""

    def __init__(self, project: Project):
        self.project = project
        self.post: Path | None = None
        self.author: str | None = None  # only a guest this accept added, never one it reused
        self.authors_existed = True

    def undo(self) -> str:
        """Take back what was written; returns what could not be (empty when all was)."""
        left = []
        if self.post is not None:
            try:
                self.post.unlink(missing_ok=True)
            except OSError as error:
                left.append(f"{self.project.relative(self.post)} ({error.strerror})")
        if self.author is not None:
            try:
                self._remove_author()
            except (OSError, YAMLLocatedError) as error:
                left.append(f"author {self.author!r} in {self.project.relative(self.project.authors_path)} "
                            f"({error})")
        return ", ".join(left)

    def _remove_author(self) -> None:
        remove_author(self.project, self.author)
        path = self.project.authors_path
        if not self.authors_existed and path.is_file() and not path.read_text(encoding="utf-8").strip():
            path.unlink()  # the file this accept created, now empty again


def _message(error: BaseException) -> str:
    return error.format_message() if isinstance(error, SalesblogError) else repr(error)


def reject(inbox: Inbox, draft_id: int, reason: str | None) -> Decision:
    return inbox.decide(draft_id, lambda draft: Decision("rejected", editor(), reason=reason))


def _guest_author(project: Project, inbox: Inbox, draft: Draft) -> tuple[str, dict | None]:
    """The authors.yml id for the draft's sender, and the entry to add when it is new: the guest
    an earlier draft from the same address was published under, else a guest of the same name,
    else a new guest entry. Nothing is written here."""
    authors = _authors(project)
    earlier = inbox.author_for_email(draft.email)
    if earlier in authors and authors[earlier].guest:
        return earlier, None
    same_name = [a.id for a in authors.values() if a.guest and a.name.casefold() == draft.name.casefold()]
    if same_name:
        return same_name[0], None
    entry = {"name": draft.name, "guest": True}
    if draft.bio:
        entry["bio"] = safe_markdown(draft.bio)
    # A staff author's id is never reused for a guest of the same name: the guest gets "-2".
    for candidate in _numbered(short_slug(draft.name, "guest")):
        if candidate not in authors:
            return candidate, entry
    raise AssertionError("unreachable: _numbered never ends")


def _add_guest(project: Project, author_id: str, entry: dict) -> None:
    where = project.relative(project.authors_path)
    try:
        added = add_author(project, author_id, entry)
    except OSError as error:
        raise SalesblogError(f"{where}: cannot add guest author {author_id!r}: {error}") from None
    if not added:  # the post already names this id, so another number will not do
        raise SalesblogError(f"{where}: author {author_id!r} was added by someone else during this "
                             "accept; run the accept again")


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
    taken = taken_slugs(project, config.timezone)
    base = short_slug(draft.title, "guest-post")
    for slug in _numbered(base):
        if slug in taken:
            continue
        path = project.posts_dir / f"{slug}.md"
        try:
            write_post(path, front_matter, body)  # never replaces a file
        except FileExistsError:
            if path.exists() or path.is_symlink():
                continue  # written by someone else since we looked
            raise _cannot_write(project, path) from None  # content/posts itself is in the way
        except OSError as error:
            raise _cannot_write(project, path, error) from None
        return path
    raise AssertionError("unreachable: _numbered never ends")


def _cannot_write(project: Project, path: Path, error: OSError | None = None) -> SalesblogError:
    if error is None:
        why = f"{project.relative(path.parent)} is not a folder"
    else:
        why = error.strerror or str(error)
    return SalesblogError(f"{project.relative(path)}: cannot write the post: {why}")


def _numbered(base: str) -> Iterator[str]:
    """base, base-2, base-3, ..."""
    yield base
    for number in itertools.count(2):
        yield f"{base}-{number}"
