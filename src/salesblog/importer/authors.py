"""Author names from legacy posts -> ids in content/authors.yml: an existing author with the
same name (any case) first, else a new entry whose id is the slugified name."""

from __future__ import annotations

from salesblog.content.authors import add_author, read_authors
from salesblog.errors import ContentError
from salesblog.project import Project
from salesblog.slugs import slugify


class AuthorDirectory:
    """The project's authors, plus those this import adds (written unless dry_run)."""

    def __init__(self, project: Project, *, dry_run: bool):
        authors, problems = read_authors(project)
        if problems:
            raise ContentError(problems)
        self.project = project
        self.dry_run = dry_run
        self.by_name = {a.name.strip().lower(): a.id for a in authors.values()}
        self.ids = set(authors)
        self.added: list[str] = []

    def id_for(self, name: str, *, guest: bool = False) -> str:
        key = name.strip().lower()
        if key in self.by_name:
            return self.by_name[key]
        base = slugify(name) or "author"
        author_id, counter = base, 2
        while author_id in self.ids:
            author_id, counter = f"{base}-{counter}", counter + 1
        if not self.dry_run:
            add_author(self.project, author_id, {"name": name.strip(), "guest": guest})
        self.ids.add(author_id)
        self.by_name[key] = author_id
        self.added.append(author_id)
        return author_id

    def default_id(self) -> str | None:
        """The first non-guest author, for posts whose source names nobody."""
        authors, _ = read_authors(self.project)
        return next((a.id for a in authors.values() if not a.guest), next(iter(self.ids), None))
