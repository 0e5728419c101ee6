"""All of a blog's content, read and cross-checked: settings, authors, posts and their files."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from salesblog.config import SiteConfig, load_site_config
from salesblog.content.authors import Author, read_authors, suggest_author
from salesblog.content.pages import StandalonePage, read_pages, unpublished_markdown
from salesblog.content.parsed import ParsedFiles
from salesblog.content.posts import Post, read_post
from salesblog.content.series import Series, order_problems, part_problems, read_series, series_parts
from salesblog.content.topics import Topic, read_topics, topic_problems
from salesblog.content.tree import ContentTree
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
    left_out: list[Post] = field(default_factory=list)  # drafts and future posts not in `posts`
    pages: list[StandalonePage] = field(default_factory=list)  # content/pages/*.md
    scheduled: list[dt.datetime] = field(default_factory=list)  # dates of future posts left out
    topics: dict[str, Topic] = field(default_factory=dict)  # content/tags.yml, by tag slug
    series: dict[str, Series] = field(default_factory=dict)  # content/series.yml, by id
    # post file -> the file its front matter image names (hero_images), for posts with one
    hero_images: dict[Path, Path | None] = field(default_factory=dict)

    @cached_property  # asked for by the path checks and the planner
    def series_parts(self) -> dict[str, list[Post]]:
        """series id -> its parts among `posts`, in reading order."""
        return series_parts(self.series, self.posts)

    @cached_property  # asked for by the path checks and the planner
    def posts_by_author(self) -> dict[str, list[Post]]:
        """author id -> their posts newest first, for every author with a post."""
        result: dict[str, list[Post]] = {}
        for post in self.posts:
            for author_id in post.authors:
                result.setdefault(author_id, []).append(post)
        return result

    @cached_property  # asked for by the path checks, the planner and the feeds
    def tags(self) -> dict[str, tuple[str, list[Post]]]:
        """tag slug -> (tag as written, its posts newest first), in the posts' order."""
        result: dict[str, tuple[str, list[Post]]] = {}
        for post in self.posts:
            for tag in post.tags:
                result.setdefault(slugify(tag), (tag, []))[1].append(post)
        return result


def post_files(project: Project, tree: ContentTree | None = None) -> tuple[list[Path], list[Problem]]:
    """content/posts/*.md and content/posts/<slug>/index.md, in a stable order; and a problem
    for every other Markdown file there, which would otherwise vanish without a word. `tree`,
    content/ as listed for this read, saves listing the folder again."""
    if not project.posts_dir.is_dir():
        return [], []
    found, problems = [], []
    shown = project.relative(project.posts_dir)
    for path, relative in _posts_markdown(project, tree):
        if _is_ignored(relative):
            continue
        display = f"{shown}/{'/'.join(relative)}"  # project.relative(path), for a path inside it
        if not (tree.is_file(path) if tree is not None else path.is_file()):
            problems.append(Problem(display, 1, "not a readable file (a folder, or a broken link?)"))
        elif len(relative) == 1 or relative[1:] == ("index.md",):
            found.append(path)
        else:
            problems.append(Problem(display, 1, "posts are content/posts/<name>.md or "
                                                "content/posts/<name>/index.md; move this file"))
    return found, problems


def _posts_markdown(project: Project, tree: ContentTree | None) -> list[tuple[Path, tuple[str, ...]]]:
    """Path.rglob("*.md") below content/posts/, sorted: each path and its parts below posts/."""
    posts_dir = project.posts_dir
    if tree is None or posts_dir.is_symlink():  # the tree does not enter linked folders
        return [(path, path.relative_to(posts_dir).parts) for path in sorted(posts_dir.rglob("*.md"))]
    return [(path, parts[1:]) for parts, path in tree.entries
            if len(parts) > 1 and parts[0] == "posts" and parts[-1].endswith(".md")]


# Editor leftovers, backups and hidden files are never content (nor published).
_IGNORED_SUFFIXES = ("~", ".bak", ".orig", ".swp", ".swo", ".tmp", ".rej")


def is_ignored(relative: Path) -> bool:
    return _is_ignored(relative.parts)


def _is_ignored(parts: tuple[str, ...]) -> bool:
    name = parts[-1] if parts else ""
    return (any(part.startswith(".") for part in parts) or name.endswith(_IGNORED_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")))


def load_content(project: Project, *, include_drafts: bool = False,
                 now: dt.datetime | None = None, parsed: ParsedFiles | None = None) -> Content:
    """Read everything and check it; raise ContentError listing every problem found.

    `parsed`, kept by the caller, gives back the posts and pages whose files have not changed
    without parsing them again."""
    config = load_site_config(project)
    authors, problems = read_authors(project)
    read = parsed.post if parsed is not None else read_post
    posts: list[Post] = []
    tree = ContentTree(project.content_dir)
    sources, found = post_files(project, tree)
    problems += found
    root = str(project.root).rstrip("/") + "/"
    for source in sources:  # each below the root: project.relative(source), without its cost
        post, found = read(source, str(source).removeprefix(root), config.timezone)
        problems += found
        if post is not None:
            posts.append(post)
    pages, found = read_pages(project, parsed)
    problems += found
    if parsed is not None:
        parsed.save()
    images = hero_images(project, posts, tree)
    problems += _cross_check(project, posts, authors, images, tree)
    problems += links_leaving_content(project, tree)
    problems += unpublished_markdown(project, is_ignored, tree)
    topics, found = read_topics(project)
    problems += found + topic_problems(project, topics, posts)
    series, found = read_series(project)
    problems += found + part_problems(series, posts)
    if problems:
        raise ContentError(problems)

    now = now or dt.datetime.now(dt.timezone.utc)
    if not include_drafts:
        published = [p for p in posts if not p.draft and p.date <= now]
        problems = _links_to_unpublished(published, {p.source: p for p in posts} , now)
        if problems:
            raise ContentError(problems)
        live = {p.source for p in published}
        left_out = [p for p in posts if p.source not in live]
        scheduled = sorted(p.date for p in posts if not p.draft and p.date > now)
        posts = published
    else:
        left_out, scheduled = [], []
    problems = order_problems(posts)  # among what is published: a draft may take a part's place
    if problems:
        raise ContentError(problems)
    posts.sort(key=lambda p: (p.date, p.slug), reverse=True)
    return Content(project, config, authors, posts, assets=_assets(project, posts, images, tree), left_out=left_out,
                   pages=pages, scheduled=scheduled, topics=topics, series=series, hero_images=images)


def links_leaving_content(project: Project, tree: ContentTree | None = None) -> list[Problem]:
    """A symbolic link under content/ whose target lies outside it would publish that file (say
    /etc/passwd, or the inbox database): each one is a problem, wherever it sits."""
    content_dir = project.content_dir
    if not content_dir.is_dir():
        return []
    inside = content_dir.resolve()
    problems = []
    for path in (tree or ContentTree(content_dir)).links:  # links to folders are not followed
        if is_ignored(path.relative_to(content_dir)):
            continue
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a loop of links
            target = Path(os.readlink(path))
        if not target.is_relative_to(inside):
            problems.append(Problem(project.relative(path), 1,
                                    f"a link to {target}, outside content/; copy the file in "
                                    "instead"))
    return problems


def _links_to_unpublished(published: list[Post], every: dict[Path, Post], now: dt.datetime) -> list[Problem]:
    """A published post must not link to a draft or a future post: the link would lead nowhere
    and give the draft's address away."""
    problems = []
    live = {p.source for p in published}
    for post in published:
        for link, found in post.link_targets:
            target = every.get(found[0]) if found else None
            if target is not None and target.source not in live:
                problems.append(Problem(post.path, link.line,
                                        f"link {link.target!r}: that post is {unpublished_state(target)}"))
    return problems


def unpublished_state(post: Post) -> str:
    """Why a post is not on the site yet, for messages about links to it."""
    return "a draft" if post.draft else f"not published before {post.date:%Y-%m-%d %H:%M %Z}"


def _cross_check(project: Project, posts: list[Post], authors: dict[str, Author],
                 images: dict[Path, Path | None], tree: ContentTree) -> list[Problem]:
    problems: list[Problem] = _slug_problems(posts)
    tag_spelling: dict[str, tuple[str, Post]] = {}
    sources = {p.source for p in posts}
    content_dir = str(project.content_dir)
    for post in posts:
        for author_id in post.authors:
            if author_id not in authors:
                key = "authors" if "authors" in post.lines else "author"
                close = suggest_author(author_id, authors)
                hint = f"did you mean {close!r}? (or add" if close else "add"
                problems.append(Problem(post.path, post.lines.get(key, 2),
                                        f"unknown author id {author_id!r}; {hint} it to "
                                        f"content/authors.yml{')' if close else ''}"))
        for tag in post.tags:
            first = tag_spelling.setdefault(slugify(tag), (tag, post))
            if first[0] != tag:
                problems.append(Problem(post.path, post.lines.get("tags", 2),
                                        f"tag {tag!r} and tag {first[0]!r} (in {first[1].path}) "
                                        f"share the URL /tags/{slugify(tag)}/; spell them the same"))
        if post.link_targets or post.image:
            problems += _check_files(project, post, sources, images, tree, content_dir)
    return problems


def _slug_problems(posts: list[Post]) -> list[Problem]:
    """Posts sharing a slug, each reported against the post that introduced the clash: one that
    borrows the slug (sets slug: to another post's file name) before one named so; else the
    newer by date, then the later file name. The oldest, untouched post is left alone."""
    by_slug: dict[str, list[Post]] = {}
    for post in posts:
        by_slug.setdefault(post.slug, []).append(post)
    problems = []
    for slug, sharing in by_slug.items():
        if len(sharing) < 2:
            continue
        first, *others = sorted(sharing, key=lambda p: (_borrows_slug(p), p.date, p.path))
        for post in others:
            problems.append(Problem(post.path, post.lines.get("slug", 1),
                                    f"slug {slug!r} is also used by {first.path}"))
    return problems


def _borrows_slug(post: Post) -> bool:
    stem = post.source.parent.name if post.is_bundle else post.source.stem
    return slugify(stem) != post.slug


def _check_files(project: Project, post: Post, sources: set[Path],
                 images: dict[Path, Path | None] | None = None, tree: ContentTree | None = None,
                 content_dir: str | None = None) -> list[Problem]:
    """Files the post names that are missing or outside content/. `images` are the hero images
    already looked for (hero_images), `tree` content/ as listed for this read."""
    problems = []
    content_dir = content_dir or str(project.content_dir)
    if post.image and "://" not in post.image:
        images = images if images is not None else hero_images(project, [post], tree)
        if images[post.source] is None:
            problems.append(Problem(post.path, post.lines.get("image", 2),
                                    f"image {post.image!r} not found"))
    for link, found in post.link_targets:
        if found is None:
            continue
        target, _ = found
        kind = "image" if link.is_image else "link"
        name = str(target)
        if not _inside(name, content_dir):
            problems.append(Problem(post.path, link.line,
                                    f"{kind} {link.target!r} points outside content/"))
        elif name.endswith(".md") and len(os.path.basename(name)) > 3:  # target.suffix == ".md"
            if target not in sources:
                problems.append(Problem(post.path, link.line,
                                        f"broken link {link.target!r}: no such post"))
        elif not (tree.is_file(target) if tree is not None else target.is_file()):
            problems.append(Problem(post.path, link.line, f"{kind} {link.target!r} not found"))
    return problems


def _inside(path: str, folder: str) -> bool:
    """Path(path).is_relative_to(folder), for normalised absolute paths, without pathlib's cost."""
    return path == folder or path.startswith(folder + os.sep)


@lru_cache(maxsize=65536)  # asked again at every read of a preview
def _image_candidates(folder: str, value: str, content_dir: str) -> tuple[str, ...]:
    """Where a front matter image may be, in order: beside the post, then under content/."""
    candidates = (os.path.normpath(os.path.join(base, value)) for base in (folder, content_dir))
    return tuple(c for c in candidates if _inside(c, content_dir))


def hero_images(project: Project, posts: list[Post], tree: ContentTree | None = None
                ) -> dict[Path, Path | None]:
    """post file -> the file its front matter image names (None when not found), for every post
    with an image: looked for once per read, by the checks and the assets alike."""
    content_dir = str(project.content_dir)
    return {p.source: _find_image(content_dir, p, p.image, tree) for p in posts if p.image}


def resolve_image(project: Project, post: Post, value: str, tree: ContentTree | None = None
                  ) -> Path | None:
    """The file a front matter image names: beside the post first, else under content/."""
    return _find_image(str(project.content_dir), post, value, tree)


def _find_image(content_dir: str, post: Post, value: str, tree: ContentTree | None) -> Path | None:
    for candidate in _image_candidates(os.path.dirname(str(post.source)), value, content_dir):
        listed = tree.files.get(candidate) if tree is not None else None
        if listed is not None:
            return listed
        if os.path.isfile(candidate):
            return Path(candidate)
    return None


# content/ files that are the blog's data, read by the build and never published: settings of
# authors, topics, series and old addresses, and the offers (their files go out only through a
# signed, expiring link, so a public copy would give the guide away without the form).
DATA_FILES = {"authors.yml", "tags.yml", "redirects.yml", "series.yml"}
DATA_FOLDERS = {"offers"}


def is_data(relative: Path) -> bool:
    """Whether `relative` (a path below content/) is data of the blog rather than a file to publish."""
    return (len(relative.parts) == 1 and relative.name in DATA_FILES) or relative.parts[0] in DATA_FOLDERS


def _assets(project: Project, posts: list[Post], images: dict[Path, Path | None] | None = None,
            tree: ContentTree | None = None) -> list[Asset]:
    """The non-Markdown files under content/ to publish. A bundle post's files go beside the
    post. Other files under posts/ only when a published post links to them (a draft's image
    stays unpublished); files elsewhere (images/...) keep their path below content/."""
    content_dir = project.content_dir
    images = images if images is not None else hero_images(project, posts, tree)
    bundle_dirs = {p.source.parent: p for p in posts if p.is_bundle}
    linked = {found[0] for p in posts for _, found in p.link_targets if found}
    linked.update(image for p in posts if p.image and (image := images[p.source]))
    assets: list[Asset] = []
    if not content_dir.is_dir():
        return assets
    tree = tree or ContentTree(content_dir)
    for parts, path in tree.entries:
        if parts[-1].endswith(".md") and path.suffix == ".md":
            continue
        relative = Path(*parts)
        if str(path) not in tree.files or is_data(relative) or is_ignored(relative):
            continue
        if relative.parts[0] != "posts":
            assets.append(Asset(path, relative.as_posix()))
            continue
        owner = next((bundle_dirs[d] for d in path.parents if d in bundle_dirs), None)
        if owner is not None:
            assets.append(Asset(path, path.relative_to(owner.source.parent).as_posix(), owner))
        elif path in linked:
            assets.append(Asset(path, relative.as_posix()))
    return assets
