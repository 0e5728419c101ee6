"""Standalone pages (About, Privacy, Write for us): content/pages/<slug>.md -> /<slug>/.

Front matter: `title` (required), `nav: true` to list the page in the header and footer,
`summary` for search engines. Also: every other Markdown file under content/ that no page of the
site would show is reported, since an author who writes content/about.md expects to see it.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from salesblog.content.posts import _HANDLER, clean_text, post_text
from salesblog.errors import Problem
from salesblog.project import Project
from salesblog.slugs import is_safe_slug
from salesblog.yamlfile import YAMLLocatedError, line_of

PAGE_KEYS = ("title", "nav", "summary")


@dataclass
class StandalonePage:
    source: Path
    path: str  # as shown in messages
    slug: str
    title: str
    body: str
    body_line: int
    nav: bool = False
    summary: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""


def pages_dir(project: Project) -> Path:
    return project.content_dir / "pages"


def read_pages(project: Project, parsed=None) -> tuple[list[StandalonePage], list[Problem]]:
    """Every content/pages/*.md, by slug; and their problems. `parsed` (a ParsedFiles) gives
    back unchanged pages without parsing them again."""
    folder = pages_dir(project)
    if not folder.is_dir():
        return [], []
    pages, problems = [], []
    for source in sorted(folder.glob("*.md")):
        if source.name.startswith(".") or not source.is_file():
            continue
        read = parsed.page if parsed is not None else read_page
        page, found = read(source, project.relative(source))
        problems += found
        if page is not None:
            pages.append(page)
    return pages, problems


def read_page(source: Path, display: str) -> tuple[StandalonePage | None, list[Problem]]:
    if not is_safe_slug(source.stem):
        return parse_page(b"", source, display)  # refused by its name, whatever it holds
    try:
        raw = source.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, f"cannot read: {error.strerror}")]
    return parse_page(raw, source, display)


def parse_page(raw: bytes, source: Path, display: str) -> tuple[StandalonePage | None, list[Problem]]:
    """Check the bytes of the page file at `source`."""
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(display, line, message))

    slug = source.stem
    if not is_safe_slug(slug):
        report(1, f"{source.name!r}: a page's file name is its address; use letters, digits and "
                  "hyphens, e.g. content/pages/about.md")
        return None, problems
    try:
        text = post_text(raw)
    except UnicodeDecodeError as error:
        return None, [Problem(display, raw[: error.start].count(b"\n") + 1,
                              "not valid UTF-8 text; save the file as UTF-8")]
    if not text.startswith("---\n"):
        report(1, "no front matter: start the file with a --- block holding at least title:")
        return None, problems
    try:
        meta_text, body = _HANDLER.split(text)
        meta = _HANDLER.load(meta_text)
    except ValueError:
        report(1, "front matter is never closed: end it with a line holding only ---")
        return None, problems
    except YAMLLocatedError as error:
        report(error.line, error.message)
        return None, problems
    if not isinstance(meta, dict):
        report(2, "front matter must be key: value lines")
        return None, problems
    for key in meta:
        if key not in PAGE_KEYS:
            close = difflib.get_close_matches(str(key), PAGE_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            report(line_of(meta, key, 2), f"unknown front matter key {key!r} for a page{hint}; "
                                          f"a page takes {', '.join(PAGE_KEYS)}")
    title = meta.get("title")
    if not isinstance(title, str) or not clean_text(title):
        report(line_of(meta, "title", 2), "a page needs a title: title: About us")
    nav = meta.get("nav", False)
    if not isinstance(nav, bool):
        report(line_of(meta, "nav", 2), f"nav must be true or false, not {nav!r}")
    summary = meta.get("summary", "")
    if not isinstance(summary, str):
        report(line_of(meta, "summary", 2), "summary must be text")
    if problems:
        return None, problems
    return StandalonePage(source=source, path=display, slug=slug, title=clean_text(title),
                          body=body, body_line=text[: len(text) - len(body)].count("\n") + 1,
                          nav=nav, summary=clean_text(summary),
                          lines={k: line_of(meta, k) for k in meta},
                          digest=hashlib.sha256(raw).hexdigest()), problems


def unpublished_markdown(project: Project, ignored, tree=None) -> list[Problem]:
    """Markdown files under content/ that no page of the site shows: not a post (posts/ reports
    its own), not a page. `ignored(relative)` tells editor leftovers apart; `tree` (a
    ContentTree) is content/ as already listed."""
    content = project.content_dir
    if not content.is_dir():
        return []
    problems = []
    if tree is None:
        listed = [(path.relative_to(content).parts, path) for path in sorted(content.rglob("*.md"))]
    else:
        listed = [(parts, path) for parts, path in tree.entries if parts[-1].endswith(".md")]
    for parts, path in listed:
        if parts[0] == "posts":
            continue
        relative = Path(*parts)
        if ignored(relative):
            continue
        if relative.parts[0] == "pages" and len(relative.parts) == 2:
            continue
        problems.append(Problem(project.relative(path), 1,
                                "not published: posts go in content/posts/, pages in "
                                "content/pages/<name>.md (shown at /<name>/)"))
    return problems
