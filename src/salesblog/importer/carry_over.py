"""What an import run does once every post is written: links between the imported posts and
to the old tag and author pages rewritten, the old tag/author/listing addresses recorded in
content/redirects.yml, and a re-import that changed nothing reported as unchanged."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from salesblog.importer.crawl_urls import AUTHOR, TAG
from salesblog.importer.model import ImportedPost
from salesblog.importer.old_addresses import OldPage, new_address, old_path, record_redirects
from salesblog.importer.post_shape import shape_post
from salesblog.importer.relink import LinkMap, finish_posts
from salesblog.importer.state import read_text
from salesblog.importer.writer import Outcome, PostWriter
from salesblog.project import Project


_ABSOLUTE_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]{1,4000})")


class CarryOver:
    def __init__(self, project: Project, writer: PostWriter, *, dry_run: bool, base_path: str = "/"):
        self.project = project
        self.writer = writer
        self.dry_run = dry_run
        self.base_path = base_path
        self.before: dict[str, str | None] = {}  # identity -> its file's text before this run
        self.written: list[tuple[str, Outcome]] = []
        self.old_pages: list[OldPage] = []
        self.old_hosts: set[str] = set()  # of the imported posts' old addresses

    def before_write(self, post: ImportedPost) -> None:
        shape_post(post)
        recorded = self.writer.state.get(post.identity)
        if recorded is not None:
            self.before[post.identity] = read_text(self.project.root / recorded["path"])

    def after_write(self, post: ImportedPost, outcome: Outcome) -> None:
        if outcome.path and outcome.status in ("imported", "updated", "unchanged"):
            self.written.append((post.identity, outcome))
            if post.legacy_url:
                self.old_hosts.add(urlsplit(post.legacy_url).netloc.lower())

    def finish(self) -> None:
        if self.dry_run or not self.written and not self.old_pages:
            return
        links = LinkMap.from_state(self.writer.state)
        redirects = {}
        catalogue = self.writer.catalogue  # the blog as this run left it
        author_ids = {a.name.strip().lower(): a.id for a in catalogue.authors.values()}
        for page in self.old_pages + self._linked_old_pages():
            target = new_address(page, catalogue.tag_spelling, author_ids)
            links.add_page(page.url, target)
            path = old_path(page.url)
            if path:
                redirects[path] = target
        finish_posts(self.project, self.writer.state, [o.path for _, o in self.written], links, self.base_path)
        for identity, outcome in self.written:
            if outcome.status == "updated" and identity in self.before and \
                    read_text(self.project.root / outcome.path) == self.before[identity]:
                outcome.status, outcome.reason = "unchanged", "already imported"
        if redirects:
            record_redirects(self.project, redirects)

    def _linked_old_pages(self) -> list[OldPage]:
        """Tag and author pages of the old blog that the imported posts link to (a feed or an
        API names no such pages; the posts' links do)."""
        found = {}
        for _, outcome in self.written:
            text = read_text(self.project.root / outcome.path) or ""
            for url in _ABSOLUTE_LINK.findall(text):
                parts = urlsplit(url)
                if parts.netloc.lower() not in self.old_hosts:
                    continue
                for kind, pattern in (("tag", TAG), ("author", AUTHOR)):
                    match = pattern.search(parts.path)
                    if match and url not in found:
                        found[url] = OldPage(url, kind, unquote(match.group(1)))
        return list(found.values())
