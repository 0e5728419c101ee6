"""All of a blog's content, read and cross-checked: settings, authors, posts and their files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from salesblog.config import SiteConfig, load_site_config
from salesblog.content.authors import Author, read_authors
from salesblog.content.links import local_target
from salesblog.content.posts import Post, read_post
from salesblog.errors import ContentError, Problem
from salesblog.project import Project
from salesblog.slugs import slugify


@dataclass(frozen=True)
class Asset:
    """A non-Markdown file under content/ that the site publishes."""

    source: Path
    relative: str  # below its post's folder when `post` is set, else below content/
    post: Post | None = None


@dataclass
class Content:
    """What a build renders: checked, with drafts and future posts already left out (or not)."""

    project: Project
    config: SiteConfig
    authors: dict[str, Author]
    posts: list[Post]  # newest first
    assets: list[Asset] = field(default_factory=list)
    by_source: dict[Path, Post] = field(default_factory=dict)

    def tags(self) -> dict[str, tuple[str, list[Post]]]:
        """tag slug -> (tag as written, its posts newest first), in the posts' order."""
        result: dict[str, tuple[str, list[Post]]] = {}
        for post in self.posts:
            for tag in post.tags:
                result.setdefault(slugify(tag), (tag, []))[1].append(post)
        return result


def post_files(project: Project) -> list[Path]:
    """content/posts/*.md and content/posts/<slug>/index.md, in a stable order."""
    if not project.posts_dir.is_dir():
        return []
    flat = [p for p in project.posts_dir.glob("*.md") if p.is_file()]
    bundles = [p for p in project.posts_dir.glob("*/index.md") if p.is_file()]
    return sorted(flat + bundles)


def load_content(project: Project, *, include_drafts: bool = False,
                 now: dt.datetime | None = None, seen: dict | None = None) -> Content:
    """Read everything and check it; raise ContentError listing every problem found.

    `seen`, kept by a long-lived caller, remembers parsed posts by file, size and time, so an
    unchanged file is not parsed again."""
    config = load_site_config(project)
    authors, problems = read_authors(project)
    posts: list[Post] = []
    for source in post_files(project):
        post, found = _read_post_once(source, project, config.timezone, seen)
        problems += found
        if post is not None:
            posts.append(post)
    problems += _cross_check(project, posts, authors)
    if problems:
        raise ContentError(problems)

    now = now or dt.datetime.now(dt.timezone.utc)
    if not include_drafts:
        posts = [p for p in posts if not p.draft and p.date <= now]
    posts.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return Content(project, config, authors, posts, assets=_assets(project, posts),
                   by_source={p.source: p for p in posts})


def _read_post_once(source: Path, project: Project, timezone: str, seen: dict | None):
    if seen is None:
        return read_post(source, project.relative(source), timezone)
    stat = source.stat()
    key = (source, stat.st_mtime_ns, stat.st_size, timezone)
    if key not in seen:
        seen[key] = read_post(source, project.relative(source), timezone)
    return seen[key]


def _cross_check(project: Project, posts: list[Post], authors: dict[str, Author]) -> list[Problem]:
    problems: list[Problem] = []
    by_slug: dict[str, Post] = {}
    tag_spelling: dict[str, tuple[str, Post]] = {}
    sources = {p.source for p in posts}
    for post in posts:
        for author_id in post.authors:
            if author_id not in authors:
                key = "authors" if "authors" in post.lines else "author"
                problems.append(Problem(post.path, post.lines.get(key, 2),
                                        f"unknown author id {author_id!r}; add it to content/authors.yml"))
        other = by_slug.setdefault(post.slug, post)
        if other is not post:
            problems.append(Problem(post.path, post.lines.get("slug", 1),
                                    f"slug {post.slug!r} is also used by {other.path}"))
        for tag in post.tags:
            first = tag_spelling.setdefault(slugify(tag), (tag, post))
            if first[0] != tag:
                problems.append(Problem(post.path, post.lines.get("tags", 2),
                                        f"tag {tag!r} and tag {first[0]!r} (in {first[1].path}) "
                                        f"share the URL /tags/{slugify(tag)}/; spell them the same"))
        problems += _check_files(project, post, sources)
    return problems


def _check_files(project: Project, post: Post, sources: set[Path]) -> list[Problem]:
    problems = []
    content_dir = project.content_dir
    if post.image and "://" not in post.image:
        if resolve_image(project, post, post.image) is None:
            problems.append(Problem(post.path, post.lines.get("image", 2),
                                    f"image {post.image!r} not found"))
    for link in post.links:
        found = local_target(link.target, post.source.parent)
        if found is None:
            continue
        target, _ = found
        kind = "image" if link.is_image else "link"
        if not target.is_relative_to(content_dir):
            problems.append(Problem(post.path, link.line,
                                    f"{kind} {link.target!r} points outside content/"))
        elif target.suffix == ".md":
            if target not in sources:
                problems.append(Problem(post.path, link.line,
                                        f"broken link {link.target!r}: no such post"))
        elif not target.is_file():
            problems.append(Problem(post.path, link.line, f"{kind} {link.target!r} not found"))
    return problems


def resolve_image(project: Project, post: Post, value: str) -> Path | None:
    """The file a front matter image names: beside the post first, else under content/."""
    for base in (post.source.parent, project.content_dir):
        candidate = Path(os.path.normpath(base / value))
        if candidate.is_file() and candidate.is_relative_to(project.content_dir):
            return candidate
    return None


def _assets(project: Project, posts: list[Post]) -> list[Asset]:
    """Every non-Markdown file under content/ to publish: a bundle post's files go beside the
    post; anything else keeps its path below content/."""
    content_dir = project.content_dir
    bundle_dirs = {p.source.parent: p for p in posts if p.is_bundle}
    skipped = {project.authors_path}
    assets: list[Asset] = []
    if not content_dir.is_dir():
        return assets
    for path in sorted(content_dir.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path in skipped or path.name.startswith("."):
            continue
        relative = path.relative_to(content_dir)
        if relative.parts[0] == "posts":
            owner = next((bundle_dirs[d] for d in path.parents if d in bundle_dirs), None)
            if owner is None:
                if len(relative.parts) > 2:
                    continue  # a draft's or future post's bundle: not published yet
                assets.append(Asset(path, relative.as_posix()))
                continue
            inside = path.relative_to(owner.source.parent).as_posix()
            assets.append(Asset(path, inside, owner))
            continue
        assets.append(Asset(path, relative.as_posix()))
    return assets
