"""The old blog's tag, author and listing pages, and where they lead now.

They are kept in content/redirects.yml, a plain mapping of old path to new site path, which
the build turns into redirect pages, `_redirects` and an nginx map:

    /blog/tag/sales-coaching: /tags/sales-coaching/
    /blog/author/brian-signorelli: /authors/brian-signorelli/
    /blog/page/2: /
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from salesblog.files import write_atomic
from salesblog.project import Project
from salesblog.site.redirects import REDIRECTS_FILE as REDIRECTS_NAME
from salesblog.site.redirects import read_redirect_table
from salesblog.slugs import slugify

_HEADER = ("# Old addresses of the imported blog -> where they lead now (site paths).\n"
           "# Written by `salesblog import`; edit freely. The build answers each with a redirect.\n")


@dataclass(frozen=True)
class OldPage:
    url: str
    kind: str  # tag | author | listing
    name: str = ""  # the tag's or author's name, or the last segment of the old address


def new_address(page: OldPage, tag_spelling: dict[str, str], author_ids: dict[str, str]) -> str:
    """The site path that now shows what the old page showed."""
    last = slugify(urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1])
    if page.kind == "tag":
        slug = next((s for s in (last, slugify(page.name)) if s in tag_spelling), None)
        return f"/tags/{slug}/" if slug else "/tags/"
    if page.kind == "author":
        by_slug = {slugify(name): author_id for name, author_id in author_ids.items()}
        author_id = author_ids.get(page.name.strip().lower()) or by_slug.get(last) or by_slug.get(slugify(page.name))
        return f"/authors/{author_id}/" if author_id else "/"
    return "/"


def old_path(url: str) -> str | None:
    path = urlsplit(url).path
    return path if path.strip("/") else None


def read_redirects(project: Project) -> dict[str, str]:
    return read_redirect_table(project.content_dir)


def record_redirects(project: Project, found: dict[str, str]) -> None:
    """Add `found` (old path -> new path) to content/redirects.yml; entries already there win
    (the editor may have changed them)."""
    current = read_redirects(project)
    merged = {**found, **current}
    if merged == current:
        return
    body = yaml.safe_dump(dict(sorted(merged.items())), allow_unicode=True, default_flow_style=False, width=1000)
    write_atomic(project.content_dir / REDIRECTS_NAME, _HEADER + body)
