"""What content/ already holds, as a writer of a new post needs it: the slugs in use, how the
blog spells each tag, and the authors by id, name and e-mail.

It is the one place that gives out slugs (`allocate_slug`, also for author ids) and spells tags
(`spell_tags`), and it runs the cross-checks `salesblog check` runs on the whole content on one
post about to be written (`problems_of`), so `new`, `import` and `inbox accept` cannot drift.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from salesblog.config import SiteConfig, load_site_config
from salesblog.content.authors import Author, read_authors
from salesblog.content.front_matter import MAX_TAG_LENGTH
from salesblog.content.links import local_target
from salesblog.content.model import Asset, Content, _assets, _check_files, post_files
from salesblog.content.posts import Post, clean_text, read_post
from salesblog.errors import ContentError, Problem
from salesblog.project import Project
from salesblog.slugs import short_slug, slugify


@dataclass
class Catalogue:
    project: Project
    config: SiteConfig
    authors: dict[str, Author]
    by_source: dict[Path, Post] = field(default_factory=dict)  # every readable post, drafts included
    slugs: dict[str, Path] = field(default_factory=dict)  # slug in use -> the file using it
    tag_spelling: dict[str, str] = field(default_factory=dict)  # tag slug -> the blog's spelling
    assets: list[Asset] = field(default_factory=list)
    # The site's routes as they are (site/routes.py's table, and its generated pages), and those
    # the post checked last would add: taken over when that post is written.
    _paths: tuple | None = field(default=None, repr=False)
    _claimed: tuple | None = field(default=None, repr=False)

    @property
    def posts(self) -> list[Post]:
        return list(self.by_source.values())

    @classmethod
    def load(cls, project: Project, config: SiteConfig | None = None) -> "Catalogue":
        """Read content/ once; authors.yml must be readable (a writer adds to it)."""
        config = config or load_site_config(project)
        authors, problems = read_authors(project)
        if problems:
            raise ContentError(problems)
        catalogue = cls(project, config, authors)
        for source in post_files(project)[0]:
            catalogue.slugs.setdefault(_file_slug(source), source)
            post, _ = read_post(source, project.relative(source), config.timezone)
            if post is not None:
                catalogue.add(post)
        catalogue.assets = [a for a in _assets(project, catalogue.posts) if a.post is None]
        return catalogue

    def add(self, post: Post, authors: list[Author] = ()) -> None:
        """Take in a post (and authors) just written, so the next writer of this run sees them."""
        self.by_source.pop(post.source, None)
        self.by_source[post.source] = post
        claimed, self._claimed = self._claimed, None
        self._paths = (claimed[1], claimed[2]) if claimed and claimed[0] == post.source and self._paths else None
        self.slugs.setdefault(_file_slug(post.source), post.source)
        self.slugs.setdefault(post.slug, post.source)
        for tag in post.tags:
            self.tag_spelling.setdefault(slugify(tag), tag)
        for author in authors:
            self.authors[author.id] = author

    # -- the one slug allocator ------------------------------------------------------------
    def allocate_slug(self, text: str, fallback: str) -> str:
        """A post slug made from `text` that no post uses yet: base, base-2, base-3..."""
        return next(s for s in numbered(short_slug(text, fallback))
                    if s not in self.slugs and s not in UNWRITABLE_SLUGS and not (self.project.posts_dir / s).exists()
                    and not (self.project.posts_dir / f"{s}.md").exists())

    def allocate_author_id(self, name: str, fallback: str = "author", also_taken: set[str] = frozenset()) -> str:
        """An authors.yml id made from `name` that no author has yet (a guest never gets a staff
        author's id: "brian-signorelli-2"), nor one of `also_taken` (given out, not yet written)."""
        return next(i for i in numbered(short_slug(name, fallback))
                    if i not in self.authors and i not in also_taken)

    # -- the one tag speller ---------------------------------------------------------------
    def spell_tags(self, tags: list[str]) -> list[str]:
        """Tags as the blog spells them: each cleaned (no control characters, one line, at most
        MAX_TAG_LENGTH characters), spelled as the blog already spells that tag's URL
        ("sales coaching" -> "Sales Coaching"), duplicates by URL folded into one ("Closing-Deals,
        closing deals"), tags without letters or digits dropped. Two spellings of one tag URL
        would fail `check` for the whole blog."""
        spelled: dict[str, str] = {}
        for tag in tags:
            tag = _shortened(clean_text(str(tag)))
            slug = slugify(tag)
            if slug and slug not in spelled:
                spelled[slug] = self.tag_spelling.get(slug, tag)
        return list(spelled.values())

    # -- authors ---------------------------------------------------------------------------
    def author_by_email(self, email: str) -> Author | None:
        wanted = email.strip().casefold()
        return next((a for a in self.authors.values() if wanted and a.email.strip().casefold() == wanted), None)

    def authors_named(self, name: str) -> list[Author]:
        wanted = " ".join(name.split()).casefold()
        return [a for a in self.authors.values() if " ".join(a.name.split()).casefold() == wanted]

    # -- the cross-checks of `check`, on one post ------------------------------------------
    def problems_of(self, post: Post, new_authors: list[Author], replacing: Path | None = None,
                    pending: set[Path] = frozenset()) -> list[Problem]:
        """What `check` would report about `post` (not yet written) beside everything else;
        `pending` are the files to be written with it (its images), as if they were there."""
        problems: list[Problem] = []
        known = {**self.authors, **{a.id: a for a in new_authors}}
        for author_id in post.authors:
            if author_id not in known:
                problems.append(Problem(post.path, post.lines.get("authors", 2),
                                        f"unknown author id {author_id!r}; add it to content/authors.yml"))
        owner = self.slugs.get(post.slug)
        if owner is not None and owner not in (post.source, replacing):
            problems.append(Problem(post.path, post.lines.get("slug", 1),
                                    f"slug {post.slug!r} is also used by {self.project.relative(owner)}"))
        for tag in post.tags:
            spelling = self.tag_spelling.get(slugify(tag), tag)
            if spelling != tag:
                problems.append(Problem(post.path, post.lines.get("tags", 2),
                                        f"tag {tag!r} and tag {spelling!r} share the URL "
                                        f"/tags/{slugify(tag)}/; spell them the same"))
        others = [p for p in self.by_source.values() if p.source not in (post.source, replacing)]
        missing = _check_files(self.project, post, {p.source for p in others} | {post.source})
        problems += [p for p in missing if p not in _pending_problems(post, pending, self.project.content_dir)]
        return problems + self._path_problems(post, others, known, replacing)

    def _path_problems(self, post: Post, others: list[Post], authors: dict[str, Author],
                       replacing: Path | None) -> list[Problem]:
        """The checks of site/routes.py for one more post: the site paths it takes (its page,
        its redirect, the pages of its new tags and authors) must be free. The routes of what is
        there are worked out once per run, not once per post: an import of 500 posts stays linear."""
        from salesblog.site.routes import build_routes, generated_routes
        from salesblog.site.urls import SiteUrls

        if replacing is not None:  # a re-import: the replaced post's paths are free again
            content = Content(self.project, self.config, authors, [*others, post], assets=self.assets)
            return [p for p in build_routes(content)[1] if p.path == post.path]
        urls = SiteUrls(self.config)
        if self._paths is None:
            content = Content(self.project, self.config, self.authors, self.posts, assets=self.assets)
            self._paths = (build_routes(content)[0], _owners(generated_routes(content, urls)))
        table, generated = self._paths[0].copy(), self._paths[1]
        after = _owners(generated_routes(Content(self.project, self.config, authors, [*self.posts, post]), urls))
        problems = []
        for path, owner in after.items():
            if path not in generated:
                other = table.owner(path)
                if other:
                    problems.append(Problem(post.path, post.lines.get("tags", 1),
                                            f"{owner} would be at /{path}, which is also {other}"))
                else:
                    table.claim(path, owner)
        problems += [p for claim in (table.claim_post_page, table.claim_redirect) if (p := claim(post, urls))]
        self._claimed = (post.source, table, after)
        return problems


def _owners(routes) -> dict[str, str]:
    """File path -> owner; of two routes with one file, the later one's (as the table has it)."""
    return {route.file: route.owner for route in routes}


def _pending_problems(post: Post, pending: set[Path], content_dir: Path) -> set[Problem]:
    """The "not found" problems _check_files reports about files that are about to be written."""
    found = set()
    for link in post.links:
        target = local_target(link.target, post.source.parent)
        if target is not None and target[0] in pending:
            kind = "image" if link.is_image else "link"
            found.add(Problem(post.path, link.line, f"{kind} {link.target!r} not found"))
    if post.image and any(Path(os.path.normpath(base / post.image)) in pending
                          for base in (post.source.parent, content_dir)):
        found.add(Problem(post.path, post.lines.get("image", 2), f"image {post.image!r} not found"))
    return found


# posts/index.md is not a post called "index": index.md is the page of a post folder
# (posts/<slug>/index.md), so it would be the post "posts", owning every file under posts/.
UNWRITABLE_SLUGS = frozenset({"index"})


def numbered(base: str) -> Iterator[str]:
    """base, base-2, base-3, ..."""
    yield base
    for number in itertools.count(2):
        yield f"{base}-{number}"


def _shortened(tag: str) -> str:
    """A tag cut at a word boundary to MAX_TAG_LENGTH characters."""
    if len(tag) <= MAX_TAG_LENGTH:
        return tag
    cut = tag[:MAX_TAG_LENGTH + 1].rsplit(" ", 1)[0]
    return cut if 0 < len(cut) <= MAX_TAG_LENGTH else tag[:MAX_TAG_LENGTH]


def _file_slug(source: Path) -> str:
    return source.parent.name if source.name == "index.md" else source.stem
