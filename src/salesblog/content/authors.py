"""content/authors.yml: author profiles keyed by id."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from salesblog.errors import Problem
from salesblog.files import locked, write_atomic
from salesblog.project import Project
from salesblog.schema import Loader, link_value, setting
from salesblog.slugs import is_safe_slug, slugify
from salesblog.yamlfile import YAMLLocatedError, line_of, load_yaml


def _linkedin(value: str) -> str | None:
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if (parts.scheme != "https" or not (host == "linkedin.com" or host.endswith(".linkedin.com"))
            or link_value(value)):
        return "must be a LinkedIn profile address, e.g. https://www.linkedin.com/in/name/"
    return None


@dataclass
class Author:
    """One author's profile, as content/authors.yml declares it."""

    name: str = setting("Full name, shown on posts and in feeds.")
    title: str = setting("Job title, e.g. Sales Manager.", "")
    bio: str = setting("A few sentences about the author (Markdown).", "")
    avatar: str = setting("Picture: a path under content/ or an absolute URL.", "", check=link_value)
    url: str = setting("The author's own page or profile.", "", check=link_value)
    linkedin: str = setting("LinkedIn profile, e.g. https://www.linkedin.com/in/name/.", "",
                            check=lambda v: _linkedin(v))
    guest: bool = setting("True for guest contributors.", False)
    email: str = setting("E-mail address, to recognise a returning contributor; never published.", "")
    id: str = ""  # filled from the mapping key
    line: int = 1  # where the entry starts in authors.yml


def read_authors(project: Project) -> tuple[dict[str, Author], list[Problem]]:
    """All authors by id, and the problems found in authors.yml (a missing file is no problem)."""
    path = project.relative(project.authors_path)
    if not project.authors_path.exists():
        return {}, []
    try:
        data = load_yaml(project.authors_path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as error:
        return {}, [Problem(path, 1, f"cannot read: {error}")]
    except YAMLLocatedError as error:
        return {}, [Problem(path, error.line, error.message)]
    if data is None:
        return {}, []
    loader = Loader(path)
    if not isinstance(data, dict):
        loader.report(1, "authors.yml must map author ids to their profiles")
        return {}, loader.problems
    authors: dict[str, Author] = {}
    for author_id, entry in data.items():
        line = line_of(data, author_id)
        if not isinstance(author_id, str) or not is_safe_slug(author_id):
            loader.report(line, f"author id {author_id!r} must be lowercase letters, digits and hyphens")
            continue
        author = loader.section(Author, entry, f"{author_id}.", line)
        if author is not None:
            author.id, author.line = author_id, line
            authors[author_id] = author
    return authors, loader.problems


def suggest_author(author_id: str, authors: dict[str, Author]) -> str | None:
    """The known author id closest to a mistyped one ("brain" -> "brian"), or one whose id or
    name starts with what was given ("brian" -> "brian-signorelli"); None when nothing is close."""
    close = difflib.get_close_matches(author_id, sorted(authors), n=1, cutoff=0.6)
    if close:
        return close[0]
    given = author_id.lower()
    for known, author in sorted(authors.items()):
        if len(given) >= 3 and (known.startswith(given) or given in slugify(author.name)):
            return known
    return None


def _authors_lock(project: Project):
    # The lock file lives in the (git-ignored) cache folder, not beside authors.yml, where it
    # would be left in content/ for git to pick up. Never deleted: removing a lock file while
    # another process waits on it would let two writers in at once.
    return project.cache_dir / "authors.yml"


def add_author(project: Project, author_id: str, entry: dict) -> bool:
    """Append an author to authors.yml unless the id is taken; the rest of the file is kept as
    written (comments included). Returns True when the author was added."""
    with locked(_authors_lock(project)):
        text = project.authors_path.read_text(encoding="utf-8-sig") if project.authors_path.exists() else ""
        existing = load_yaml(text) if text.strip() else None
        if isinstance(existing, dict) and author_id in existing:
            return False
        block = yaml.safe_dump({author_id: entry}, allow_unicode=True, sort_keys=False, width=100)
        if isinstance(existing, dict) and existing:
            # Appending keeps the file as its editors wrote it, comments included.
            separator = "" if text.endswith("\n") else "\n"
            write_atomic(project.authors_path, text + separator + block)
        else:  # empty, comments only, or "{}": a mapping of one author replaces it
            comments = "".join(line + "\n" for line in text.splitlines() if line.lstrip().startswith("#"))
            write_atomic(project.authors_path, comments + block)
        return True


def remove_author(project: Project, author_id: str) -> None:
    """Take one author's entry out of authors.yml (undoing add_author), keeping every other line
    as written. An id that is not there is no error."""
    with locked(_authors_lock(project)):
        if not project.authors_path.exists():
            return
        text = project.authors_path.read_text(encoding="utf-8-sig")
        data = load_yaml(text) if text.strip() else None
        if not isinstance(data, dict) or author_id not in data:
            return
        lines = text.splitlines(keepends=True)
        start = line_of(data, author_id) - 1
        if not lines[start].startswith(f"{author_id}:"):
            return  # not a block entry of its own (add_author writes nothing else): leave it
        # The entry is its key's line and the indented (or blank) lines under it; a comment or
        # key at the margin belongs to what follows.
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t"):
            end += 1
        write_atomic(project.authors_path, "".join(lines[:start] + lines[end:]))
