"""Reading one post: front matter + Markdown, every problem located at its line."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter

from salesblog.content.dates import to_datetime
from salesblog.content.front_matter import ALIASES, KEYS, MAX_TAG_LENGTH, MAX_TAGS, check_value
from salesblog.content.links import Link, find_links, find_site_links, local_target
from salesblog.errors import Problem
from salesblog.slugs import is_safe_slug, slugify
from salesblog.text import CONTROL
from salesblog.yamlfile import YAMLLocatedError, line_of, load_yaml

KNOWN_KEYS_TEXT = KEYS
FRONT_MATTER_KEYS = {*KEYS, *ALIASES}  # "author: id" is accepted for one author
MORE_MARKER = "<!-- more -->"


@dataclass
class Post:
    """A post as its file says it: metadata checked, body still Markdown."""

    source: Path
    path: str  # as shown in messages, relative to the project root
    title: str
    date: dt.datetime
    authors: list[str]
    tags: list[str]
    slug: str
    body: str
    body_line: int  # the file line on which the body starts
    updated: dt.datetime | None = None
    summary: str | None = None
    image: str | None = None
    image_alt: str | None = None
    draft: bool = False
    legacy_url: str | None = None
    offer: str | None = None  # id of a content/offers/ file shown instead of the tag's offer
    series: str | None = None  # id of a content/series.yml entry
    series_order: int | None = None
    lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""  # of the file's bytes: the key of everything rendered from it

    @cached_property
    def links(self) -> list[Link]:
        """The links and images in the body; found once, used by checks and the renderer."""
        return find_links(self.body, self.body_line)

    @cached_property
    def link_targets(self) -> list[tuple[Link, tuple[Path, str] | None]]:
        """Each of `links` with the file it points at and its #fragment (None for URLs), as
        local_target says: found once per post, for every check that follows a link."""
        folder = self.source.parent
        return [(link, local_target(link.target, folder)) for link in self.links]

    @cached_property
    def site_links(self) -> tuple[Link, ...]:
        """The links to site paths (/blog/x/) and #anchors in the body, for the site checks."""
        return find_site_links(self.body, self.body_line)

    @property
    def is_bundle(self) -> bool:
        """posts/<slug>/index.md, with its images beside it."""
        return self.source.name == "index.md"


class _LocatedYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler, with our loader: line numbers, no tags, no dup keys."""

    def load(self, fm: str, **kwargs) -> object:
        # split() leaves the rest of the opening "---" line in front: text line 1 is file line 1.
        return load_yaml(fm, first_line=1)


_HANDLER = _LocatedYAMLHandler()


def clean_text(text: str) -> str:
    """Text without control characters (they break XML feeds and terminals); newlines to spaces."""
    return CONTROL.sub("", " ".join(text.split()))


def read_post(source: Path, display: str, timezone: str) -> tuple[Post | None, list[Problem]]:
    """Read and check one post file. Returns the post (None if unusable) and its problems."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, f"cannot read: {error.strerror}")]
    return parse_post(raw, source, display, timezone)


def post_text(raw: bytes) -> str:
    """The text of a post or page file: UTF-8 (a BOM left out), every line ending a newline.
    Raises UnicodeDecodeError."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def parse_post(raw: bytes, source: Path, display: str, timezone: str) -> tuple[Post | None, list[Problem]]:
    """Check the bytes of a post file that is (or is about to be) at `source`."""
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(display, line, message))

    try:
        text = post_text(raw)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(display, line, "not valid UTF-8 text; save the file as UTF-8")]

    if not text.startswith("---\n"):
        match = re.search(r"^---\n(?:.*\n)*?\w+:.*\n(?:.*\n)*?---$", text, re.M)
        if match:
            report(text[: match.start()].count("\n") + 1,
                   "front matter must be at the very top of the file, starting on line 1 with ---")
        else:
            report(1, "no front matter: start the file with a --- block holding title, date and authors")
        return None, problems
    try:
        meta_text, body = _HANDLER.split(text)
    except ValueError:
        report(1, "front matter is never closed: end it with a line holding only ---")
        return None, problems
    try:
        meta = _HANDLER.load(meta_text)
    except YAMLLocatedError as error:
        report(error.line, error.message)
        return None, problems
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        report(2, "front matter must be key: value lines")
        return None, problems
    body_line = text[: len(text) - len(body)].count("\n") + 1

    fields = _check_fields(meta, source, timezone, report)
    if fields is None:
        return None, problems
    post = Post(source=source, path=display, body=body, body_line=body_line,
                lines={k: line_of(meta, k) for k in meta}, digest=hashlib.sha256(raw).hexdigest(),
                **fields)
    return post, problems


def _check_fields(meta: dict, source: Path, timezone: str, report) -> dict | None:
    """Checked values of the front matter keys; None when a required one is unusable."""
    values: dict = {}
    ok = True

    def at(key: str) -> int:
        return line_of(meta, key, 2)

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            # Unknown keys are refused: "published: false" from Jekyll would otherwise publish.
            close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(KNOWN_KEYS_TEXT)}"
            report(at(key), f"unknown front matter key {key!r}; {hint}")

    title = meta.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        report(at("title"), "missing required key 'title'")
        ok = False
    elif not isinstance(title, (str, int, float)) or isinstance(title, bool):
        report(at("title"), f"title must be text, not {title!r}")
        ok = False
    else:
        values["title"] = clean_text(str(title))
        if not any(unicodedata.category(c)[0] in "LN" for c in values["title"]):
            report(at("title"), "title has no letters or digits; give it words readers can see")
            ok = False

    if "date" not in meta or meta["date"] is None:
        report(at("date"), "missing required key 'date' (e.g. date: 2016-04-12)")
        ok = False
    else:
        try:
            values["date"] = to_datetime(meta["date"], timezone)
        except ValueError as error:
            report(at("date"), f"date {error}")
            ok = False
    if meta.get("updated") is not None:
        try:
            values["updated"] = to_datetime(meta["updated"], timezone)
        except ValueError as error:
            report(at("updated"), f"updated {error}")

    authors = _authors(meta, report, at)
    if authors is None:
        ok = False
    else:
        values["authors"] = authors
    values["tags"] = _tags(meta, report, at)

    for key in ("summary", "image", "image_alt", "legacy_url", "offer"):
        if meta.get(key) is not None:
            if isinstance(meta[key], str) and meta[key].strip():
                values[key] = meta[key].strip()
            else:
                report(at(key), f"{key} must be text")
    if "legacy_url" in values and not _is_legacy_url(values["legacy_url"]):
        report(at("legacy_url"), "legacy_url must be an http(s) URL or a path starting with /")
        del values["legacy_url"]
    if meta.get("draft") is not None:
        if isinstance(meta["draft"], bool):
            values["draft"] = meta["draft"]
        else:
            report(at("draft"), f"draft must be true or false, not {meta['draft']!r}")

    values.update(_series(meta, report, at))

    slug = meta.get("slug")
    if slug is None:
        stem = source.parent.name if source.name == "index.md" else source.stem
        values["slug"] = slugify(stem)
        if not values["slug"]:
            report(1, "the file name gives no slug; rename the file or set slug:")
            ok = False
    elif not isinstance(slug, str) or not is_safe_slug(slug):
        report(at("slug"), f"slug {slug!r} must be lowercase letters, digits and hyphens (no / or ..)")
        ok = False
    else:
        values["slug"] = slug
    return values if ok else None


def _series(meta: dict, report, at) -> dict:
    """series and series_order; an order without a series would number nothing."""
    values: dict = {}
    series, order = meta.get("series"), meta.get("series_order")
    if series is not None:
        if isinstance(series, str) and series.strip():
            values["series"] = series.strip()
        else:
            report(at("series"), "series must be the id of a series in content/series.yml")
    if order is not None:
        if not isinstance(order, int) or isinstance(order, bool):
            report(at("series_order"), f"series_order must be a whole number, not {order!r}")
        elif series is None:
            report(at("series_order"), "series_order without series: add series: <id>")
        else:
            values["series_order"] = order
    return values


def _authors(meta: dict, report, at) -> list[str] | None:
    if meta.get("authors") is not None and meta.get("author") is not None:
        report(at("author"), "give either 'authors' or 'author', not both")
        return None
    key = "authors" if meta.get("authors") is not None else "author"
    value = meta.get(key)
    if value is None:
        report(2, "missing required key 'authors' (ids from content/authors.yml)")
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        report(at(key), f"{key} must be a list of author ids, e.g. [brian-signorelli]")
        return None
    return list(dict.fromkeys(i.strip() for i in items))


def _tags(meta: dict, report, at) -> list[str]:
    value = meta.get("tags")
    if value is None:
        return []
    if isinstance(value, str):  # "tags: sales, coaching" is what people write; accept it
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        report(at("tags"), "tags must be a list, e.g. [sales coaching, leadership]")
        return []
    if len(value) > MAX_TAGS:  # before reading them: 10,000 tags would make every step crawl
        report(at("tags"), check_value("tags", value))
        return []
    tags = []
    for item in value:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            report(at("tags"), f"a tag must be text, not {item!r}")
            continue
        tag = clean_text(str(item))
        if not tag:
            continue
        if not slugify(tag):
            report(at("tags"), f"tag {tag!r} has no letters or digits to make its URL")
            continue
        if len(tag) > MAX_TAG_LENGTH:
            report(at("tags"), check_value("tags", [tag]))
            continue
        tags.append(tag)
    return list(dict.fromkeys(tags))


def _is_legacy_url(value: str) -> bool:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return True
    return value.startswith("/") and not parts.scheme and ".." not in value.split("/")
