"""The one write side for posts: `write_new_post`, which `new`, `import` and `inbox accept` all
call. It checks a post the way `salesblog check` would, beside everything content/ already
holds, before anything is written; then writes its files, the post and its new authors as one
unit, taking all of them back if any step fails."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from salesblog import safety
from salesblog.content.authors import Author, add_author, remove_author
from salesblog.content.catalogue import UNWRITABLE_SLUGS, Catalogue
from salesblog.content.front_matter import KEYS
from salesblog.content.posts import Post, parse_post
from salesblog.errors import ContentError, SalesblogError
from salesblog.files import write_atomic
from salesblog.yamlfile import YAMLLocatedError


class _PostDumper(yaml.SafeDumper):
    pass


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_PostDumper.add_representer(dt.datetime, _represent_datetime)


def format_post(front_matter: dict, body: str) -> str:
    """The text of a post file: a YAML front matter block, a blank line, the Markdown body.
    Keys come in the schema's order (content/front_matter.py); empty ones are left out."""
    ordered = {k: front_matter[k] for k in KEYS if front_matter.get(k) is not None}
    ordered.update({k: v for k, v in front_matter.items() if k not in ordered and v is not None})
    header = yaml.dump(ordered, Dumper=_PostDumper, allow_unicode=True, sort_keys=False,
                       width=100, default_flow_style=None)
    return f"---\n{header}---\n\n{body.strip()}\n"


@dataclass
class NewPost:
    """A post to write, as its writer knows it. Tags are spelled by the catalogue; the slug is
    given out by it from `title` unless `slug` is set."""

    title: str
    date: dt.date | dt.datetime
    authors: list[str]
    body: str
    tags: list[str] = field(default_factory=list)
    updated: dt.date | dt.datetime | None = None
    summary: str | None = None
    image: str | None = None
    image_alt: str | None = None
    draft: bool = False
    legacy_url: str | None = None
    slug: str | None = None  # fixed: refused when taken, never renumbered
    slug_fallback: str = "post"  # when the title gives no slug
    files: dict[Path, bytes] = field(default_factory=dict)  # written with the post (its images)

    def front_matter(self, tags: list[str]) -> dict:
        return {"title": self.title, "date": self.date, "updated": self.updated,
                "authors": list(dict.fromkeys(self.authors)), "tags": tags or None,
                "summary": self.summary, "image": self.image,
                "image_alt": self.image_alt if self.image else None, "draft": True if self.draft else None,
                "legacy_url": self.legacy_url}


@dataclass
class NewAuthor:
    """An authors.yml entry to add together with the post."""

    id: str
    entry: dict

    def as_author(self) -> Author:
        return Author(name=self.entry.get("name", self.id), guest=bool(self.entry.get("guest")),
                      email=self.entry.get("email", ""), id=self.id)


@dataclass
class Written:
    """A post write_new_post wrote (or, on a dry run, would have written)."""

    path: Path
    post: Post
    text: str
    authors_added: list[str] = field(default_factory=list)
    files_added: list[Path] = field(default_factory=list)
    folders_added: list[Path] = field(default_factory=list)
    replaced: str | None = None  # the text a replaced post had
    post_written: bool = False
    authors_file_created: bool = False

    def undo(self, project) -> str:
        """Take back everything this write did; returns what could not be (empty when all was)."""
        left = []
        for author_id in reversed(self.authors_added):
            try:
                remove_author(project, author_id)
            except (OSError, SalesblogError, YAMLLocatedError) as error:
                left.append(f"author {author_id!r} in {project.relative(project.authors_path)} ({error})")
        path = project.authors_path
        with contextlib.suppress(OSError):
            if self.authors_file_created and path.is_file() and not path.read_text(encoding="utf-8").strip():
                path.unlink()  # the file this write created, now empty again
        try:
            if self.post_written and self.replaced is not None:
                write_atomic(self.path, self.replaced)
            elif self.post_written:
                self.path.unlink(missing_ok=True)
        except OSError as error:
            left.append(f"{project.relative(self.path)} ({error.strerror})")
        for added in self.files_added:
            with contextlib.suppress(OSError):
                added.unlink()
        for folder in reversed(self.folders_added):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: another post's images stay
        return ", ".join(left)


@dataclass
class CheckedPost:
    """A post that passed every check, not yet written."""

    new: NewPost
    path: Path
    post: Post
    text: str
    new_authors: list[NewAuthor]
    replacing: Path | None


def write_new_post(catalogue: Catalogue, new: NewPost, *, untrusted: bool,
                   new_authors: list[NewAuthor] = (), replacing: Path | None = None,
                   dry_run: bool = False) -> Written:
    """Check `new` as `salesblog check` would, beside everything in `catalogue`, then write it.

    `untrusted` bodies (imported pages, guest drafts) pass the trust boundary first. Nothing is
    written when a check fails (ContentError, every problem at its line) or on a dry run. The
    post never replaces a file, except `replacing` (a re-import). On success the catalogue
    knows the post and its authors, for the next write of the same run."""
    fixed = new.slug is not None or replacing is not None
    while True:
        try:
            checked = check_new_post(catalogue, new, untrusted=untrusted, new_authors=new_authors,
                                     replacing=replacing)
        except ContentError as error:
            clash = [p for p in error.problems if p.message.startswith("its page /")]
            if fixed or not clash or len(clash) != len(error.problems):
                raise
            # A slug given out whose page a fixed page of the site has ("tags" under the
            # permalink {slug}/): the next number.
            catalogue.slugs[Path(clash[0].path).stem] = catalogue.project.root / clash[0].path
            continue
        try:
            return write_checked(catalogue, checked, dry_run=dry_run)
        except FileExistsError:
            path = checked.path
            if not (path.exists() or path.is_symlink()):
                raise _cannot_write(catalogue.project, path, None) from None  # posts/ is in the way
            if fixed:
                raise SalesblogError(f"{catalogue.project.relative(path)}: already exists; "
                                     "nothing written") from None
            catalogue.slugs[checked.post.slug] = path  # written by someone else since we looked


def check_new_post(catalogue: Catalogue, new: NewPost, *, untrusted: bool,
                   new_authors: list[NewAuthor] = (), replacing: Path | None = None) -> CheckedPost:
    """The first half of write_new_post: the post's file text, checked; nothing written."""
    project = catalogue.project
    body = safety.vet_untrusted_markdown(new.body) if untrusted else new.body
    tags = catalogue.spell_tags(new.tags)
    slug = new.slug or catalogue.allocate_slug(new.title, new.slug_fallback)
    if replacing is None and slug in UNWRITABLE_SLUGS:
        raise SalesblogError(f"slug {slug!r}: posts/{slug}.md would be the page of the folder "
                             "posts/, not a post of its own; choose another slug")
    path = replacing or project.posts_dir / f"{slug}.md"
    if replacing is not None and not _inside(replacing, project.posts_dir):
        raise SalesblogError(f"{project.relative(replacing)}: not a post file under "
                             f"{project.relative(project.posts_dir)}; refusing to write it")
    text = format_post(new.front_matter(tags), body)
    post, problems = parse_post(text.encode("utf-8"), path, project.relative(path), catalogue.config.timezone)
    if post is not None:
        problems += catalogue.problems_of(post, [a.as_author() for a in new_authors], replacing,
                                          pending=set(new.files))
    if problems or post is None:
        raise ContentError(problems)
    return CheckedPost(new, path, post, text, list(new_authors), replacing)


def write_checked(catalogue: Catalogue, checked: CheckedPost, *, dry_run: bool = False) -> Written:
    """The second half of write_new_post: write a checked post, its files and new authors as one
    unit (or, on a dry run, only tell the catalogue)."""
    authors = [a.as_author() for a in checked.new_authors]
    if dry_run:
        written = Written(checked.path, checked.post, checked.text)
    else:
        written = _write(catalogue, checked)
    catalogue.add(checked.post, authors)
    return written


def _inside(path: Path, folder: Path) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        return False
    return resolved.suffix == ".md" and resolved.is_relative_to(folder.resolve())


def _write(catalogue: Catalogue, checked: CheckedPost) -> Written:
    project = catalogue.project
    path, text, new, replacing = checked.path, checked.text, checked.new, checked.replacing
    written = Written(path, checked.post, text)
    try:
        for target, data in new.files.items():
            if target.exists():
                continue  # an image of an earlier import of the same post: kept as it is
            missing = [f for f in (target.parent, *target.parent.parents) if not f.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            written.folders_added += [f for f in reversed(missing) if f not in written.folders_added]
            with open(target, "xb") as handle:
                written.files_added.append(target)
                handle.write(data)
        if replacing is not None:
            written.replaced = replacing.read_text(encoding="utf-8") if replacing.exists() else None
            write_atomic(path, text)
        else:
            try:
                write_atomic(path, text, overwrite=False)
            except FileExistsError:
                raise
            except OSError as error:
                raise _cannot_write(project, path, error) from None
        written.post_written = True
        written.authors_file_created = not project.authors_path.exists()
        for author in checked.new_authors:
            _add_author(project, author)
            written.authors_added.append(author.id)
    except BaseException as error:
        left = written.undo(project)
        if left:
            raise SalesblogError(f"{_message(error)}; could not take back {left}: remove it by hand") from error
        raise
    return written


def _add_author(project, author: NewAuthor) -> None:
    where = project.relative(project.authors_path)
    try:
        added = add_author(project, author.id, author.entry)
    except OSError as error:
        raise SalesblogError(f"{where}: cannot add author {author.id!r}: {error}") from None
    if not added:  # the post already names this id, so another number will not do
        raise SalesblogError(f"{where}: author {author.id!r} was added by someone else meanwhile; "
                             "run the command again")


def _cannot_write(project, path: Path, error: OSError | None) -> SalesblogError:
    why = f"{project.relative(path.parent)} is not a folder" if error is None else (error.strerror or str(error))
    return SalesblogError(f"{project.relative(path)}: cannot write the post: {why}")


def _message(error: BaseException) -> str:
    return error.format_message() if isinstance(error, SalesblogError) else repr(error)
