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

from salesblog.content.model import post_files
from salesblog.content.posts import read_post
from salesblog.content.writer import format_post
from salesblog.files import write_atomic
from salesblog.importer.assets import ImageFetcher, LocalImages, localize_images, localize_one
from salesblog.importer.authors import AuthorDirectory
from salesblog.importer.dates import as_front_matter
from salesblog.importer.markdown import markdown_text
from salesblog.importer.markdown import html_to_markdown
from salesblog.importer.model import ImportedPost
from salesblog.importer.state import ImportState, read_text, text_hash
from salesblog.project import Project
from salesblog.slugs import short_slug, slugify



@dataclass
class Outcome:
    """What became of one imported post."""

    origin: str
    title: str
    status: str  # imported | updated | unchanged | skipped
    path: str | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Existing:
    path: Path
    legacy_url: str | None
    title: str


class PostWriter:
    def __init__(self, project: Project, timezone: str, *, dry_run: bool, force: bool,
                 fetcher: ImageFetcher | None = None):
        self.project = project
        self.timezone = timezone
        self.dry_run = dry_run
        self.force = force
        self.state = ImportState(project)
        self.authors = AuthorDirectory(project, dry_run=dry_run)
        self.fetcher = fetcher or ImageFetcher(enabled=not dry_run)
        self.tag_spelling: dict[str, str] = {}  # tag slug -> the spelling the blog already uses
        self.existing = self._existing_posts()
        self.by_title: dict[str, list[_Existing]] = {}
        for existing in self.existing.values():
            self.by_title.setdefault(existing.title.strip().lower(), []).append(existing)
        self.claimed: set[str] = set()  # slugs given out in this run

    def _existing_posts(self) -> dict[str, _Existing]:
        """Posts already in content/posts/, by slug."""
        found = {}
        for source in post_files(self.project)[0]:
            post, _ = read_post(source, self.project.relative(source), self.timezone)
            if post is not None:
                found[post.slug] = _Existing(source, post.legacy_url, post.title)
                for tag in post.tags:
                    self.tag_spelling.setdefault(slugify(tag), tag)
        return found

    def _spell_tags(self, tags: list[str]) -> list[str]:
        """Tags as the blog already spells them: two spellings of one tag URL fail `check`."""
        spelled = []
        for tag in tags:
            slug = slugify(tag)
            if slug:
                spelled.append(self.tag_spelling.setdefault(slug, tag))
        return list(dict.fromkeys(spelled))

    def write(self, post: ImportedPost) -> Outcome:
        outcome = Outcome(post.origin, post.title, "imported", warnings=list(post.warnings))
        twin = self._same_title(post)
        if twin is not None:
            outcome.warnings.append(f"{self.project.relative(twin.path)} has the same title")
        recorded = self.state.get(post.identity)
        slug, path, clash = self._place(post, recorded)
        if clash is not None:
            outcome.status, outcome.reason = "skipped", clash
            return outcome
        relative = self.project.relative(path)
        outcome.path = relative

        images, body_html = self._images(post, slug)
        outcome.warnings += images.warnings
        text = format_post(self._front_matter(post, images, slug, outcome), self._markdown(body_html, post))

        current = read_text(path) if path.exists() else None
        if current is not None:
            edited = (recorded is not None and text_hash(current) != recorded.get("hash")) or (
                recorded is None and current != text)
            if current == text:
                outcome.status, outcome.reason = "unchanged", "already imported"
                self.state.record(post.identity, relative, text)
                return outcome
            if edited and not self.force:
                outcome.status = "skipped"
                outcome.reason = f"{relative} was edited after its import; --force replaces it"
                return outcome
            outcome.status = "updated"
        if not self.dry_run:
            self._write_files(path, text, images, slug)
        self.state.record(post.identity, relative, text)  # in memory on a dry run: no duplicates there either
        self.claimed.add(slug)
        return outcome

    def finish(self) -> None:
        if not self.dry_run:
            self.state.save()

    def _same_title(self, post: ImportedPost) -> _Existing | None:
        """A post already in the blog under the same title but from no import of this source."""
        same = self.by_title.get(post.title.strip().lower(), [])
        return next((e for e in same if not e.legacy_url or e.legacy_url != post.legacy_url), None)

    def _place(self, post: ImportedPost, recorded: dict | None) -> tuple[str, Path, str | None]:
        """(slug, file, reason to skip): the recorded file for a source seen before, else a new
        slug that no other post uses."""
        if recorded is not None:
            path = self.project.root / recorded["path"]
            return _slug_of(path), path, None
        base = _slug_for(post)
        slug, counter = base, 2
        while True:
            existing = self.existing.get(slug)
            if existing is None and slug not in self.claimed:
                break
            if existing is not None and existing.legacy_url and existing.legacy_url == post.legacy_url:
                return slug, existing.path, None  # imported before, state file lost: same post
            slug, counter = f"{base}-{counter}", counter + 1
        return slug, self.project.posts_dir / f"{slug}.md", None

    def _images(self, post: ImportedPost, slug: str) -> tuple[LocalImages, str]:
        base_dir = Path(post.base_dir) if post.base_dir else None
        body_html, images = localize_images(post.body_html, slug=slug, base_dir=base_dir, base_url=post.base_url,
                                            fetcher=self.fetcher, link_prefix=f"../images/{slug}/")
        return images, body_html

    def _front_matter(self, post: ImportedPost, images: LocalImages, slug: str, outcome: Outcome) -> dict:
        date = post.date
        if date is None:
            date = dt.datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()
        authors = [self.authors.id_for(name) for name in post.authors]
        if not authors:
            default = self.authors.default_id() or self.authors.id_for("Editor")
            authors = [default]
            outcome.warnings.append(f"no author found; credited to {default}")
        image = None
        if post.image:
            name = localize_one(post.image, images, base_dir=Path(post.base_dir) if post.base_dir else None,
                                base_url=post.base_url, fetcher=self.fetcher)
            image = f"images/{slug}/{name}" if name else (post.image if "://" in post.image else None)
        return {
            "title": post.title,
            "date": as_front_matter(date),
            "updated": as_front_matter(post.updated) if post.updated else None,
            "authors": list(dict.fromkeys(authors)),
            "tags": self._spell_tags(post.tags) or None,
            "summary": markdown_text(post.summary) if post.summary else None,
            "image": image,
            "draft": True if post.draft else None,
            "legacy_url": post.legacy_url,
        }

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

    def _write_files(self, path: Path, text: str, images: LocalImages, slug: str) -> None:
        folder = self.project.images_dir / slug
        for name, data in images.files.items():
            target = folder / name
            if not target.exists() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        write_atomic(path, text)


def _slug_for(post: ImportedPost) -> str:
    return short_slug(post.title, slugify(post.slug_hint or "") or "imported-post")


def _slug_of(path: Path) -> str:
    return path.parent.name if path.name == "index.md" else re.sub(r"\.md$", "", path.name)
