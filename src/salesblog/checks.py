"""Everything `build` refuses, checked in one place that `check` runs too: the posts, the paths
of every page, and links that must lead somewhere on the built site: site paths (/blog/x/,
/tags/y/) and #anchors to headings of a post, checked against the pages the build will write."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from salesblog.content.links import Link
from salesblog.content.model import Content, load_content, unpublished_state
from salesblog.content.parsed import ParsedFiles
from salesblog.content.posts import Post
from salesblog.errors import ContentError, Problem
from salesblog.project import Project
from salesblog.site.routes import ENGINE_FOLDERS, PAGE, route_table
from salesblog.site.urls import SiteUrls


def read_checked(project: Project, now: dt.datetime, *, include_drafts: bool = False,
                 parsed: ParsedFiles | None = None) -> Content:
    """The content a build at `now` publishes, checked as a whole: the posts, the paths of every
    page and every link between them. `check` runs this very function, so it never passes what
    `build` refuses. Raises ContentError listing every problem. `parsed` gives back the posts
    and pages whose files have not changed since it last read them."""
    content = load_content(project, include_drafts=include_drafts, now=now, parsed=parsed)
    problems = route_table(content)[1] + site_link_problems(content) + template_problems(project)
    if problems:
        raise ContentError(problems)
    return content


def check_all(project: Project, now: dt.datetime | None = None) -> tuple[Content, list[Problem]]:
    """What `salesblog check` reports: every problem a build at `now` would refuse, and those
    of drafts and future posts as if they were published (they will be, one day). Returns the
    content with drafts included and the problems."""
    now = now or dt.datetime.now(dt.timezone.utc)
    # Each file parsed once for both passes; kept for the next build when it has a cache.
    parsed = ParsedFiles(project.cache_dir if project.cache_dir.is_dir() else None)
    problems: set[Problem] = set()
    content = None
    for include_drafts in (False, True):
        try:
            content = read_checked(project, now, include_drafts=include_drafts, parsed=parsed)
        except ContentError as error:
            problems.update(error.problems)
        else:
            if not include_drafts and not content.left_out:
                break  # nothing left out: the second pass would check the very same content
    return content, sorted(problems)


def template_problems(project: Project) -> list[Problem]:
    """Syntax errors in the project's template overrides (theme/**/*.html), which would stop
    the build half-way through laying out the site."""
    templates = sorted(project.theme_dir.rglob("*.html")) if project.theme_dir.is_dir() else []
    if not templates:
        return []
    import jinja2  # only for projects that override templates: check stays fast without

    # As MkDocs reads them: its environment has the i18n extension ({% trans %}).
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    problems = []
    for path in templates:
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(project.relative(path), 1, f"cannot read: {error}"))
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(project.relative(path), error.lineno or 1,
                                    f"template syntax error: {error.message}"))
    return problems


def scheduling_warnings(content: Content, now: dt.datetime) -> list[Problem]:
    """Links from a post dated in the future to a post that will not be on the site when it
    falls due (a draft, or a post due later): the scheduled build at that time would fail.
    `content` holds drafts and future posts."""
    by_source = {p.source: p for p in content.posts}
    warnings = []
    for post in content.posts:
        if post.draft or post.date <= now:
            continue
        for link, found in post.link_targets:
            target = by_source.get(found[0]) if found else None
            if target is not None and (target.draft or target.date > post.date):
                state = "a draft" if target.draft else f"due {target.date:%Y-%m-%d %H:%M %Z}"
                warnings.append(Problem(post.path, link.line,
                                        f"warning: link {link.target!r}: when this post falls due "
                                        f"({post.date:%Y-%m-%d %H:%M %Z}) that post will not be on "
                                        f"the site yet ({state}), and that build will fail"))
    return warnings


@dataclass
class _Site:
    """The files the build will write, and which post each post page belongs to."""

    files: set[str]
    posts: dict[str, Post]  # "blog/x/index.html" -> its post, published or not
    base: str  # the site's base path, "/" at the root
    published: dict  # source file -> post, for the posts the build publishes

    def page(self, path: str) -> str | None:
        """The file a site path is served from, or None when the site has no such file."""
        path = path.lstrip("/")
        candidates = [path + PAGE] if path.endswith("/") or not path else [path, f"{path}/{PAGE}"]
        for candidate in candidates:
            if candidate in self.files or candidate in self.posts or candidate.startswith(ENGINE_FOLDERS):
                return candidate
        return None


def site_link_problems(content: Content) -> list[Problem]:
    """Every site path or #anchor in the content's posts that leads to no page or heading."""
    site = None  # the site's files, listed only when a post has such a link
    problems: list[Problem] = []
    for post in content.posts:
        anchored = [(link, found) for link, found in post.link_targets if found and found[1]]
        if site is None and (post.site_links or anchored):
            site = _site(content)
        for link in post.site_links:
            message = _site_link_problem(link.target, post, site)
            if message:
                problems.append(Problem(post.path, link.line, message))
        for link, found in anchored:  # other-post.md#heading
            message = _file_anchor_problem(link, found, site)
            if message:
                problems.append(Problem(post.path, link.line, message))
    return problems


def _site(content: Content) -> _Site:
    urls = SiteUrls(content.config)
    routes = route_table(content)[0].routes
    published = {p.source: p for p in content.posts}
    posts = {route.file: published[route.key] for route in routes if route.kind == "post"}
    for post in content.left_out:
        posts.setdefault(urls.post(post) + PAGE, post)
    return _Site({route.file for route in routes}, posts, content.config.base_path, published)


def _site_link_problem(target: str, post: Post, site: _Site) -> str | None:
    parts = urlsplit(target)
    if not parts.path:  # "#anchor": a heading of this very post
        return _anchor_problem(target, parts.fragment, post)
    path = unquote(parts.path)
    if not path.startswith(site.base):
        return None  # another site on the same host: not ours to check
    path = path[len(site.base) - 1:]
    page = site.page(path)
    owner = site.posts.get(page) if page else None
    if page is None:
        return f"link {target!r}: no such page on this site{_suggestion(path, site)}"
    if owner is not None and owner.source not in site.published:
        return f"link {target!r}: that post is {unpublished_state(owner)}"
    if owner is not None and parts.fragment:
        return _anchor_problem(target, parts.fragment, owner)
    return None


def _file_anchor_problem(link: Link, found: tuple | None, site: _Site) -> str | None:
    if found is None or not found[1]:
        return None
    target = site.published.get(found[0])
    return _anchor_problem(link.target, found[1], target) if target else None


# "#" and "#top" lead to the top of any page (HTML says so), with or without such an id.
_TOP = {"", "top"}


def _anchor_problem(target: str, fragment: str, post: Post) -> str | None:
    fragment = unquote(fragment)
    if fragment.lower() in _TOP:
        return None
    anchors = heading_ids(post.body, post.digest)
    if fragment in anchors:
        return None
    close = difflib.get_close_matches(fragment, sorted(anchors), n=1)
    hint = f"; did you mean #{close[0]}?" if close else ""
    where = "this post" if target.startswith("#") else post.path
    return f"link {target!r}: {where} has no heading (or anchor) #{fragment}{hint}"


def _suggestion(path: str, site: _Site) -> str:
    pages = sorted("/" + f[: -len(PAGE)] for f in site.files if f.endswith(PAGE))
    close = difflib.get_close_matches(path if path.endswith("/") else path + "/", pages, n=1)
    return f"; did you mean {close[0]}?" if close else ""


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@lru_cache(maxsize=4096)
def heading_ids(body: str, digest: str) -> frozenset[str]:
    """Every id the post's HTML will have (headings, {#custom} ids, footnotes), from the very
    Markdown settings the renderer uses. Only asked for posts that #links point at."""
    return frozenset(_ID.findall(_markdown().reset().convert(body)))


@lru_cache(maxsize=1)
def _markdown():
    import markdown  # only when a link has an #anchor: check stays fast without

    from salesblog.render.markdown import EXTENSION_CONFIGS, EXTENSIONS

    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
