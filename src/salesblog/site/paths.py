"""Every file the site will have, and who owns it: two owners of one path would silently lose
a page, so `check` and `build` report it with the post's file and line."""

from __future__ import annotations

import math

from salesblog.content.model import Content
from salesblog.engine.outputs import ENGINE_FOLDERS, MKDOCS_FILES
from salesblog.errors import Problem
from salesblog.site import redirects
from salesblog.site.headers import HEADERS_FILE, NGINX_FILE
from salesblog.site.urls import (ARCHIVE, AUTHOR_INDEX, CONTRIBUTE, FEED_ATOM, FEED_JSON, FEED_RSS,
                                 HOME, TAG_INDEX, THANKS, SiteUrls, legacy_path)

PAGE = "index.html"
# Files and folders MkDocs and Material write into every site (engine/outputs.py), and our headers.
ENGINE_FILES = set(MKDOCS_FILES) | {HEADERS_FILE, NGINX_FILE}
# Files browsers, crawlers and static hosts ask for at the root: kept free for the site's own,
# never a post's or a redirect's.
ROOT_FILES = {"robots.txt", "favicon.ico", "sw.js", "_headers", redirects.NETLIFY_FILE, redirects.NGINX_FILE}


def generated_paths(content: Content, urls: SiteUrls) -> dict[str, str]:
    """Path -> owner of every page and file that is not a post's own page."""
    taken = {path: "a file the site needs" for path in ENGINE_FILES | ROOT_FILES}
    taken.update({FEED_RSS: "the RSS feed", FEED_ATOM: "the Atom feed", FEED_JSON: "the JSON feed"})
    for path, owner in ((HOME, "the home page"), (TAG_INDEX, "the tag index"), (ARCHIVE, "the archive"),
                        (AUTHOR_INDEX, "the author index"),
                        (CONTRIBUTE, "the contribute page"), (THANKS, "the thanks page")):
        taken[path + PAGE] = owner
    per_page = content.config.posts_per_page
    _listing(taken, "", len(content.posts), per_page, "the home page")
    for name, posts in content.tags.values():
        _listing(taken, urls.tag(name), 1, 1, f"tag {name!r}")  # one page: every post with the tag
        taken[urls.tag_feed(name)] = f"the feed of tag {name!r}"
    for author_id, posts in content.posts_by_author.items():
        _listing(taken, urls.author(author_id), len(posts), per_page, f"author {author_id!r}")
        taken[urls.author_feed(author_id)] = f"the feed of author {author_id!r}"
    for series_id in content.series_parts:
        taken[urls.series(series_id) + PAGE] = f"the page of series {series_id!r}"
    return taken


def _listing(taken: dict[str, str], base: str, count: int, per_page: int, owner: str) -> None:
    for number in range(1, max(1, math.ceil(count / per_page)) + 1):
        taken[f"{listing_path(base, number)}{PAGE}"] = f"the page of {owner}"


def listing_path(base: str, number: int) -> str:
    """Page `number` of a listing at `base` ("tags/x/" -> "tags/x/page/2/")."""
    return base if number == 1 else f"{base}page/{number}/"


# First path segments the site keeps for itself (or will): a page may not take them, even where
# no file is there yet (a blog without tags still must not have a page at /tags/).
RESERVED_SEGMENTS = {"tags", "authors", "contribute", "archive", "assets", "search", "page", "series",
                     "blog", "feed", "feed.xml", "atom.xml", "feed.json", "robots.txt", "sitemap.xml",
                     "404", "index"}


def reserved_segments(content: Content) -> set[str]:
    """RESERVED_SEGMENTS and the fixed start of the permalink pattern ("posts/{slug}/" -> posts)."""
    first = content.config.permalink.split("/", 1)[0]
    return RESERVED_SEGMENTS | ({first} if "{" not in first else set())


def path_problems(content: Content) -> list[Problem]:
    """Pages, posts and redirects whose path something else already has."""
    return path_table(content)[1]


def path_table(content: Content) -> tuple["_PathTable", list[Problem]]:
    """Every path of the site with its owner, and the problems path_problems reports."""
    urls = SiteUrls(content.config)
    table = _PathTable(generated_paths(content, urls))
    for asset in content.assets:
        if asset.post is None:
            table.add(asset.relative, f"the file content/{asset.relative}")
    problems = []
    reserved = reserved_segments(content)
    for page in content.pages:
        path = f"{page.slug}/{PAGE}"
        owner = ("reserved for the site's own pages" if page.slug.lower() in reserved
                 else table.owner(path) and f"also {table.owner(path)}")
        if owner:
            problems.append(Problem(page.path, 1, f"its address /{page.slug}/ is {owner}; "
                                                  "rename the file"))
        else:
            table.add(path, f"the page of {page.path}")
    # Every page first, then the redirects: a redirect never takes a post's page from it.
    problems += [p for post in content.posts if (p := claim_post_page(table, post, urls))]
    problems += [p for post in content.posts if (p := claim_redirect(table, post, urls))]
    return table, problems


def claim_post_page(table: "_PathTable", post, urls: SiteUrls) -> Problem | None:
    """Take the post's page path in `table`, or the problem of its being taken already."""
    path = urls.post(post) + PAGE
    owner = table.owner(path)
    if owner is None:
        table.add(path, f"the page of {post.path}")
        return None
    key = "slug" if "slug" in post.lines else "title"
    return Problem(post.path, post.lines.get(key, 1), f"its page /{urls.post(post)} is also {owner}; "
                                                      "change slug (or permalink in site_config.yml)")


def claim_redirect(table: "_PathTable", post, urls: SiteUrls) -> Problem | None:
    """Take the path of the post's legacy_url for its redirect, or the problem of its being taken."""
    old = legacy_path(post.legacy_url) if post.legacy_url else None
    if old is None or old == urls.post(post) + PAGE:
        return None  # the post still lives at its old address: nothing to redirect
    owner = table.owner(old)
    if owner is None:
        table.add(old, f"the redirect of {post.path}")
        return None
    return Problem(post.path, post.lines.get("legacy_url", 1), f"legacy_url path /{old} is also {owner}")


class _PathTable:
    """Files of the site by path, and the folders they make: a file and a folder cannot share
    a name either."""

    def __init__(self, files: dict[str, str]):
        self.files: dict[str, str] = {}
        self.folders: set[str] = set()
        for path, owner in files.items():
            self.add(path, owner)

    def copy(self) -> "_PathTable":
        other = _PathTable({})
        other.files, other.folders = dict(self.files), set(self.folders)
        return other

    def add(self, path: str, owner: str) -> None:
        self.files[path] = owner
        parts = path.split("/")
        self.folders.update("/".join(parts[:depth]) for depth in range(1, len(parts)))

    def owner(self, path: str) -> str | None:
        if path in self.files:
            return self.files[path]
        if path.startswith(ENGINE_FOLDERS) or path in self.folders:
            return "a folder the site needs" if path.startswith(ENGINE_FOLDERS) else "a folder of other pages"
        parts = path.split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth])
            if parent in self.files:
                return self.files[parent]
        return None
