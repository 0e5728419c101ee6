"""The one writer: ImportedPost -> content/posts/<slug>.md (+ content/images/<slug>/), never
destroying edits, never making duplicates, writing nothing on a dry run."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from salesblog.content.catalogue import Catalogue
from salesblog.content.front_matter import MAX_TAGS
from salesblog.content.posts import Post, clean_text
from salesblog.content.writer import CheckedPost, NewAuthor, NewPost, check_new_post, write_checked
from salesblog.errors import ContentError
from salesblog.importer.assets import ImageFetcher, LocalImages, localize_images, localize_one
from salesblog.importer.authors import AuthorDirectory
from salesblog.importer.dates import as_front_matter
from salesblog.importer.markdown import markdown_text
from salesblog.importer.markdown import html_to_markdown
from salesblog.importer.model import ImportedPost
from salesblog.importer.state import STATE_NAME, ImportState, read_text, text_hash
from salesblog.project import Project
from salesblog.slugs import slugify



@dataclass
class Outcome:
    """What became of one imported post."""

    origin: str
    title: str
    status: str  # imported | updated | unchanged | skipped
    path: str | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


class PostWriter:
    """Imported posts -> write_new_post: the checks `salesblog check` makes run before each post
    is written, and every item of one run gets a file of its own."""

    def __init__(self, project: Project, timezone: str, *, dry_run: bool, force: bool,
                 fetcher: ImageFetcher | None = None):
        self.project = project
        self.timezone = timezone
        self.dry_run = dry_run
        self.force = force
        self.state = ImportState(project)
        self.catalogue = Catalogue.load(project)
        self.authors = AuthorDirectory(self.catalogue)
        self.fetcher = fetcher or ImageFetcher(enabled=not dry_run)
        self.existing = {p.slug: p for p in self.catalogue.posts}  # before this run, by slug
        self.by_title: dict[str, list[Post]] = {}
        for existing in self.catalogue.posts:
            self.by_title.setdefault(existing.title.strip().lower(), []).append(existing)
        self.source_number = 0
        self.seen: dict[str, tuple[int, int, str]] = {}  # identity -> (source number, items, path)
        self.written: set[Path] = set()  # files this run wrote (or would have): never twice

    def start_source(self) -> None:
        """The items that follow come from the next source (a page, an export)."""
        self.source_number += 1

    def write(self, post: ImportedPost) -> Outcome:
        outcome = Outcome(post.origin, post.title, "imported", warnings=list(post.warnings))
        twin = self._same_title(post)
        if twin is not None:
            outcome.warnings.append(f"{twin.path} has the same title")
        identity, first = self._identity(post, outcome)
        if identity is None:
            outcome.status = "skipped"
            outcome.reason = f"the same post as {first}, already imported in this run"
            return outcome
        recorded = self.state.get(identity)
        slug, replacing = self._place(post, recorded, outcome)
        path = replacing or self.project.posts_dir / f"{slug}.md"
        relative = self.project.relative(path)
        outcome.path = relative

        images, body_html = self._images(post, slug)
        outcome.warnings += images.warnings
        new, new_authors = self._new_post(post, images, slug, outcome, body_html)
        checked = self._checked(new, new_authors, replacing, outcome)
        if checked is None:
            outcome.path = None
            return outcome
        text = checked.text

        current = read_text(path) if replacing is not None and path.exists() else None
        if current is not None:
            edited = (recorded is not None and text_hash(current) != recorded.get("hash")) or (
                recorded is None and current != text)
            if current == text:
                outcome.status, outcome.reason = "unchanged", "already imported"
                self._done(post, identity, path, text)
                return outcome
            if edited and not self.force:
                outcome.status = "skipped"
                outcome.reason = f"{relative} was edited after its import; --force replaces it"
                return outcome
            outcome.status = "updated"
        write_checked(self.catalogue, checked, dry_run=self.dry_run)
        self._done(post, identity, path, text)  # in memory on a dry run: no duplicates there either
        return outcome

    def finish(self) -> None:
        if not self.dry_run:
            self.state.save()

    def _done(self, post: ImportedPost, identity: str, path: Path, text: str) -> None:
        self.state.record(identity, self.project.relative(path), text)
        self.written.add(path)
        number, items, _ = self.seen[post.identity]
        self.seen[post.identity] = (number, items, self.project.relative(path))

    def _identity(self, post: ImportedPost, outcome: Outcome) -> tuple[str | None, str]:
        """The post's identity in the import state. An identity (guid, link, id) met again in the
        same source is another item of that export: numbered, a post of its own. Met again from
        another source, it is the same post (a saved page and its export entry): skipped."""
        base = post.identity
        if base not in self.seen:
            self.seen[base] = (self.source_number, 1, "")
            return base, ""
        number, items, path = self.seen[base]
        if number != self.source_number:
            return None, path or "another item"
        self.seen[base] = (number, items + 1, path)
        outcome.warnings.append(f"shares its address or id with {path or 'an earlier item'} of the same "
                                "source; imported as a post of its own")
        return f"{base}#item-{items + 1}", ""

    def _checked(self, new: NewPost, new_authors: list[NewAuthor], replacing: Path | None,
                 outcome: Outcome) -> CheckedPost | None:
        """The post checked as `check` would; a legacy_url whose path the site needs is dropped
        (with a warning: the post comes over without a redirect); any other problem skips it."""
        try:
            return check_new_post(self.catalogue, new, untrusted=True, new_authors=new_authors,
                                  replacing=replacing)
        except ContentError as error:
            problems = error.problems
        legacy = [p for p in problems if p.message.startswith("legacy_url")]
        if legacy and len(legacy) == len(problems):
            outcome.warnings.append(f"{legacy[0].message}: imported without legacy_url (no redirect)")
            new.legacy_url = None
            try:
                return check_new_post(self.catalogue, new, untrusted=True, new_authors=new_authors,
                                      replacing=replacing)
            except ContentError as error:
                problems = error.problems
        outcome.status = "skipped"
        outcome.reason = "; ".join(p.message for p in problems)
        return None

    def _same_title(self, post: ImportedPost) -> Post | None:
        """A post already in the blog under the same title but from no import of this source."""
        same = self.by_title.get(post.title.strip().lower(), [])
        return next((e for e in same if not e.legacy_url or e.legacy_url != post.legacy_url), None)

    def _place(self, post: ImportedPost, recorded: dict | None, outcome: Outcome) -> tuple[str, Path | None]:
        """(slug, file to replace): the recorded file for a source seen before, else a new slug
        that no other post uses (None: a new file)."""
        if recorded is not None:
            path = self.project.root / recorded["path"]
            if path in self.written:
                outcome.warnings.append(f"{recorded['path']} was already written in this run; "
                                        "imported as a post of its own")
            elif path.suffix == ".md" and path.resolve().is_relative_to(self.project.posts_dir.resolve()):
                return _slug_of(path), path
            else:
                outcome.warnings.append(f"{STATE_NAME} names {recorded['path']!r}, not a file under "
                                        "content/posts/; ignored")
        same_address = next((p for p in self.existing.values()
                             if p.legacy_url and p.legacy_url == post.legacy_url and p.source not in self.written), None)
        if same_address is not None:
            return same_address.slug, same_address.source  # imported before, state file lost: same post
        return self.catalogue.allocate_slug(post.title, slugify(post.slug_hint or "") or "imported-post"), None

    def _images(self, post: ImportedPost, slug: str) -> tuple[LocalImages, str]:
        base_dir = Path(post.base_dir) if post.base_dir else None
        body_html, images = localize_images(post.body_html, slug=slug, base_dir=base_dir, base_url=post.base_url,
                                            fetcher=self.fetcher, link_prefix=f"../images/{slug}/")
        return images, body_html

    def _new_post(self, post: ImportedPost, images: LocalImages, slug: str, outcome: Outcome,
                  body_html: str) -> tuple[NewPost, list[NewAuthor]]:
        date = post.date
        if date is None:
            date = dt.datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()
        authors, new_authors = self.authors.ids_for(post.authors)
        if not authors:
            default = self.authors.default_id()
            if default is None:
                [default], new_authors = self.authors.ids_for(["Editor"])
            authors = [default]
            outcome.warnings.append(f"no author found; credited to {default}")
        image = None
        if post.image:
            name = localize_one(post.image, images, base_dir=Path(post.base_dir) if post.base_dir else None,
                                base_url=post.base_url, fetcher=self.fetcher)
            image = f"images/{slug}/{name}" if name else (post.image if "://" in post.image else None)
        tags = post.tags
        if len(tags) > MAX_TAGS:
            outcome.warnings.append(f"{len(tags)} tags; kept the first {MAX_TAGS}")
            tags = tags[:MAX_TAGS]
        folder = self.project.images_dir / slug
        return NewPost(
            title=post.title, date=as_front_matter(date),
            updated=as_front_matter(post.updated) if post.updated else None,
            authors=authors, tags=tags, body=self._markdown(body_html, post),
            summary=markdown_text(post.summary) if post.summary else None, image=image,
            image_alt=clean_text(post.image_alt)[:300] or None if post.image_alt else None,
            draft=post.draft, legacy_url=post.legacy_url, slug=slug,
            files={folder / name: data for name, data in images.files.items()},
        ), new_authors

    def _markdown(self, body_html: str, post: ImportedPost) -> str:
        soup = BeautifulSoup(body_html, "lxml")
        for link in soup.find_all("a", href=True):
            href = link["href"].strip()
            if urlsplit(href).scheme or href.startswith(("#", "//")):
                continue
            if post.base_url:
                link["href"] = urljoin(post.base_url, href)
            elif not href.startswith("/"):
                link.unwrap()  # a link to a file of the old site that did not come along
        markdown = html_to_markdown(soup.body or soup)
        return markdown if markdown.strip() else "(This post had no text.)"

def _slug_of(path: Path) -> str:
    return path.parent.name if path.name == "index.md" else re.sub(r"\.md$", "", path.name)
