"""Every page and file of the site, worked out once from the content: its path, what kind of
page it is, who owns it and where that comes from. Two owners of one path would silently lose
a page, so `check` and `build` report it with the file and line; the planner, redirects and
page reuse read their paths from here instead of working them out again."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from salesblog.content.model import Content
from salesblog.engine.outputs import ENGINE_FOLDERS, MKDOCS_FILES
from salesblog.errors import Problem
from salesblog.site import redirects
from salesblog.site.headers import HEADERS_FILE, NGINX_FILE
from salesblog.site.urls import (ARCHIVE, AUTHOR_INDEX, BRAND_CSS, CONTRIBUTE, FEED_ATOM, FEED_JSON,
                                 FEED_RSS, HOME, TAG_INDEX, THANKS, SiteUrls, legacy_path)

PAGE = "index.html"
# Files and folders MkDocs and Material write into every site (engine/outputs.py), and our headers.
ENGINE_FILES = set(MKDOCS_FILES) | {HEADERS_FILE, NGINX_FILE}
# Files browsers, crawlers and static hosts ask for at the root: kept free for the site's own,
# never a post's or a redirect's.
ROOT_FILES = {"robots.txt", "favicon.ico", "sw.js", "_headers", redirects.NETLIFY_FILE, redirects.NGINX_FILE}

# First path segments the site keeps for itself (or will): a page may not take them, even where
# no file is there yet (a blog without tags still must not have a page at /tags/).
RESERVED_SEGMENTS = {"tags", "authors", "contribute", "archive", "assets", "search", "page", "series",
                     "blog", "feed", "feed.xml", "atom.xml", "feed.json", "robots.txt", "sitemap.xml",
                     "404", "index"}

# Kinds whose path is a folder holding an index.html (an HTML page the planner lays out).
PAGE_KINDS = frozenset({"post", "page", "home", "tag", "author", "series", "tag-index",
                        "author-index", "archive", "contribute", "thanks"})


@dataclass(frozen=True)
class Route:
    """One page or file of the site.

    `path` is a page's folder ("blog/x/", "" for home) or a file's path ("feed.xml"); `key` says
    which thing of its kind it is (a post's source file, a tag's slug, an author's id, a series'
    id, an old path), `number` which page of a listing, `target` where a redirect leads."""

    path: str
    kind: str
    owner: str  # as messages name it: "the page of content/posts/x.md"
    source: str = ""  # the file it comes from, "" for the site's own pages and files
    line: int = 0
    key: object = None
    number: int = 1
    target: str = ""

    @property
    def file(self) -> str:
        return self.path + PAGE if self.kind in PAGE_KINDS else self.path


@dataclass
class RouteTable:
    """The routes in the order they were claimed, by kind and key, and the files and folders
    they make (a file and a folder cannot share a name either)."""

    routes: list[Route] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file path -> owner
    folders: set[str] = field(default_factory=set)
    # Tuples, never changed in place: a copy (one per post the write side checks) shares them.
    by_key: dict[tuple[str, object], tuple[Route, ...]] = field(default_factory=dict)

    def copy(self) -> "RouteTable":
        return RouteTable(list(self.routes), dict(self.files), set(self.folders), dict(self.by_key))

    def add(self, route: Route) -> None:
        """Record `route` and claim its file (a later owner of the same file replaces the first)."""
        self.record(route)
        self.claim(route.file, route.owner)

    def record(self, route: Route) -> None:
        """Record a route the builders need that claims no path (files inside a post's folder)."""
        self.routes.append(route)
        key = (route.kind, route.key)
        self.by_key[key] = (*self.by_key.get(key, ()), route)

    def claim(self, path: str, owner: str) -> None:
        self.files[path] = owner
        parts = path.split("/")
        self.folders.update("/".join(parts[:depth]) for depth in range(1, len(parts)))

    def owner(self, path: str) -> str | None:
        """Who has `path` already: the file itself, a folder of that name, or a file where one
        of its folders would be. None when it is free."""
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

    # -- what the builders ask ---------------------------------------------------------------
    def of(self, kind: str, key: object = None) -> tuple[Route, ...]:
        """The routes of one thing: a listing's pages in order, or the one route of a page."""
        return self.by_key.get((kind, key), ())

    def path(self, kind: str, key: object = None) -> str:
        return self.of(kind, key)[0].path

    def kind(self, kind: str) -> list[Route]:
        return [route for route in self.routes if route.kind == kind]

    # -- claims of the content, one at a time (the write side checks one post with them) --------
    def claim_post_page(self, post, urls: SiteUrls) -> Problem | None:
        """Take the post's page path, or the problem of its being taken already."""
        path = urls.post(post)
        owner = self.owner(path + PAGE)
        line = post.lines.get("slug" if "slug" in post.lines else "title", 1)  # what names the page
        if owner is None:
            self.add(Route(path, "post", f"the page of {post.path}", post.path, line, post.source))
            return None
        return Problem(post.path, line, f"its page /{path} is also {owner}; "
                                        "change slug (or permalink in site_config.yml)")

    def claim_redirect(self, post, urls: SiteUrls) -> Problem | None:
        """Take the path of the post's legacy_url for its redirect, or the problem of its being taken."""
        old = legacy_path(post.legacy_url) if post.legacy_url else None
        if old is None or old == urls.post(post) + PAGE:
            return None  # the post still lives at its old address: nothing to redirect
        owner = self.owner(old)
        line = post.lines.get("legacy_url", 1)
        if owner is None:
            self.add(Route(old, "redirect", f"the redirect of {post.path}", post.path, line, post.source))
            return None
        return Problem(post.path, line, f"legacy_url path /{old} is also {owner}")


def generated_routes(content: Content, urls: SiteUrls) -> list[Route]:
    """Every page and file the site makes of its own (not a post's, a page's or a redirect's)."""
    routes = [Route(path, "engine", "a file the site needs") for path in sorted(ENGINE_FILES | ROOT_FILES)]
    routes += [Route(FEED_RSS, "feed", "the RSS feed", key="rss"), Route(FEED_ATOM, "feed", "the Atom feed", key="atom"),
               Route(FEED_JSON, "feed", "the JSON feed", key="json")]
    routes += [Route(TAG_INDEX, "tag-index", "the tag index"), Route(ARCHIVE, "archive", "the archive"),
               Route(AUTHOR_INDEX, "author-index", "the author index"),
               Route(CONTRIBUTE, "contribute", "the contribute page"), Route(THANKS, "thanks", "the thanks page")]
    per_page = content.config.posts_per_page
    routes += _listing("home", None, HOME, len(content.posts), per_page, "the home page")
    for slug, (name, posts) in content.tags.items():
        routes += _listing("tag", slug, urls.tag(name), 1, 1, f"tag {name!r}")  # one page: every post with the tag
        routes.append(Route(urls.tag_feed(name), "feed", f"the feed of tag {name!r}", key=("tag", slug)))
    for author_id, posts in content.posts_by_author.items():
        routes += _listing("author", author_id, urls.author(author_id), len(posts), per_page, f"author {author_id!r}")
        routes.append(Route(urls.author_feed(author_id), "feed", f"the feed of author {author_id!r}",
                            key=("author", author_id)))
    routes += [Route(urls.series(series_id), "series", f"the page of series {series_id!r}", key=series_id)
               for series_id in content.series_parts]
    return routes


def _listing(kind: str, key: object, base: str, count: int, per_page: int, owner: str) -> list[Route]:
    return [Route(listing_path(base, number), kind, f"the page of {owner}", key=key, number=number)
            for number in range(1, max(1, math.ceil(count / per_page)) + 1)]


def listing_path(base: str, number: int) -> str:
    """Page `number` of a listing at `base` ("tags/x/" -> "tags/x/page/2/")."""
    return base if number == 1 else f"{base}page/{number}/"


def reserved_segments(content: Content) -> set[str]:
    """RESERVED_SEGMENTS and the fixed start of the permalink pattern ("posts/{slug}/" -> posts)."""
    first = content.config.permalink.split("/", 1)[0]
    return RESERVED_SEGMENTS | ({first} if "{" not in first else set())


def route_table(content: Content) -> tuple[RouteTable, list[Problem]]:
    """The content's routes and the paths two owners want, worked out once per Content: the
    checks and the planner both ask."""
    built = content.__dict__.get("_routes")  # like functools.cached_property, for a module apart
    if built is None:
        built = content.__dict__["_routes"] = build_routes(content)
    return built


def build_routes(content: Content) -> tuple[RouteTable, list[Problem]]:
    """Every route of the site, and a problem for each page, post or redirect whose path
    something else already has (reported at its file and line)."""
    urls = SiteUrls(content.config)
    table = RouteTable()
    for route in generated_routes(content, urls):
        table.add(route)
    table.add(Route(BRAND_CSS, "brand", "the brand stylesheet"))
    for asset in content.assets:
        if asset.post is None:
            table.add(Route(asset.relative, "asset", f"the file content/{asset.relative}", key=asset.source))
    problems = [p for page in content.pages if (p := _claim_page(table, page, reserved_segments(content)))]
    # Every page first, then the redirects: a redirect never takes a post's page from it.
    problems += [p for post in content.posts if (p := table.claim_post_page(post, urls))]
    for asset in content.assets:
        if asset.post is not None:  # inside its post's folder: a redirect may not take its path
            table.add(Route(urls.post(asset.post) + asset.relative, "asset", f"the file of {asset.post.path}",
                            key=asset.source))
    problems += [p for post in content.posts if (p := table.claim_redirect(post, urls))]
    _record_redirect_table(table, content)
    return table, problems


def _claim_page(table: RouteTable, page, reserved: set[str]) -> Problem | None:
    path = f"{page.slug}/"
    owner = ("reserved for the site's own pages" if page.slug.lower() in reserved
             else table.owner(path + PAGE) and f"also {table.owner(path + PAGE)}")
    if owner:
        return Problem(page.path, 1, f"its address /{page.slug}/ is {owner}; rename the file")
    table.add(Route(path, "page", f"the page of {page.path}", page.path, 1, page.source))
    return None


def _record_redirect_table(table: RouteTable, content: Content) -> None:
    """content/redirects.yml: the old blog's tag, author and listing pages, each where no page
    or file of the site is (the site's own pages and posts' redirects win over an old address,
    silently: the file is written by `import`). Recorded, not claimed: the write side claims a
    new post's paths after these, and a post's redirect still wins over one of them."""
    taken = set()
    for old, new in redirects.read_redirect_table(content.project.content_dir).items():
        path = legacy_path(old)
        if path and path not in taken and table.owner(path) is None:
            taken.add(path)
            table.record(Route(path, "redirect", "an old address in content/redirects.yml",
                               f"content/{redirects.REDIRECTS_FILE}", 1, old, target=new))
