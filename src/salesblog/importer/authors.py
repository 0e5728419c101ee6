"""Author names from legacy posts -> ids in content/authors.yml: an existing author with the
same name (any case) first, else a new entry, written together with its first post."""

from __future__ import annotations

from salesblog.content.catalogue import Catalogue
from salesblog.content.writer import NewAuthor


class AuthorDirectory:
    """The project's authors as the catalogue knows them (those this run added included)."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def ids_for(self, names: list[str]) -> tuple[list[str], list[NewAuthor]]:
        """The ids of a post's authors, and the entries to add for those new to the blog."""
        ids: list[str] = []
        new: list[NewAuthor] = []
        for name in (" ".join(n.split()) for n in names):
            known = self.catalogue.authors_named(name)
            pending = next((a for a in new if a.entry["name"].casefold() == name.casefold()), None)
            if known:
                ids.append(known[0].id)
            elif pending is not None:
                ids.append(pending.id)
            else:
                author_id = self.catalogue.allocate_author_id(name, "author", also_taken={a.id for a in new})
                new.append(NewAuthor(author_id, {"name": name, "guest": False}))
                ids.append(author_id)
        return list(dict.fromkeys(ids)), new

    def default_id(self) -> str | None:
        """The first non-guest author, for posts whose source names nobody."""
        authors = self.catalogue.authors
        return next((a.id for a in authors.values() if not a.guest), next(iter(authors), None))
