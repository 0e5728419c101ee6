"""Preview only: what MkDocs set up for the last full layout (settings, navigation, templates,
pages), kept so that an edit lays out only the pages it changed, in place.

A full MkDocs build re-reads Material's theme folder, lists and loads its templates, makes a
page object per page and rewrites every copied file: about two thirds of a rebuild after one edit
on a 1,000-post blog. When the edit leaves the layout (templates, settings, navigation) and the
set of pages as they were, none of that changed, and MkDocs' own page builder is called for the
changed pages alone.
"""

from __future__ import annotations

import filecmp
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from salesblog.engine.compat import build_page, build_page_atomically, build_theme_template
from salesblog.engine.outputs import SEARCH_INDEX
from salesblog.engine.plugin import PlannedPage, SalesblogPlugin, planned_file, src_uri
from salesblog.engine.search_index import write_search_index
from salesblog.site.plan import SitePlan
from salesblog.site.reuse import PageReuse


log = logging.getLogger(__name__)

# Fewer pages than this to lay out besides the post just saved, and all are laid out before the
# rebuild returns: a new post on a large blog shifts a hundred listing pages.
ASIDE_THRESHOLD = 20


@dataclass
class _Layout:
    key: tuple  # what must not have changed for the pages to be updated one by one
    config: MkDocsConfig
    plugin: SalesblogPlugin


class LayoutSession:
    """MkDocs' state after the last full layout into one folder, updated in place."""

    def __init__(self) -> None:
        self.layout: _Layout | None = None
        self.index_writer: threading.Thread | None = None
        # Called once the pages laid out aside are written (preview: reload the open pages).
        self.after_aside: Callable[[], None] | None = None

    @staticmethod
    def _key(plan: SitePlan, layout_digest: str, site_dir: Path) -> tuple:
        return (layout_digest, str(site_dir), repr(plan.nav), repr(sorted(plan.extra.items())))

    def keep(self, plan: SitePlan, layout_digest: str, site_dir: Path, config: MkDocsConfig,
             plugin: SalesblogPlugin) -> None:
        """Remember a full layout that just succeeded."""
        self.layout = _Layout(self._key(plan, layout_digest, site_dir), config, plugin)

    def forget(self) -> None:
        self.wait()
        self.layout = None

    def can_update(self, plan: SitePlan, layout_digest: str, site_dir: Path) -> bool:
        return self.layout is not None and self.layout.key == self._key(plan, layout_digest, site_dir)

    def update(self, plan: SitePlan, reuse: PageReuse, site_dir: Path) -> None:
        """Lay out the pages of `plan` whose fingerprint changed, then its changed files and the
        search index. Posts first: the page being edited is the one someone is looking at."""
        assert self.layout is not None
        self.wait()
        config, plugin = self.layout.config, self.layout.plugin
        self.layout = None  # a failure below leaves pages half updated: the next build is full
        previous = plugin.plan
        plugin.plan = plan
        known = {page.spec.path for page in plugin.pages}
        pages = _follow_page_set(plan, plugin, config)
        doc_files = plugin.files.documentation_pages()
        edited, others = _edited_first(plan, pages, known)
        later, first = [], {id(spec) for spec in edited}
        for spec in edited + others:
            page = pages[spec.path]
            if reuse.take_previous(spec, site_dir):
                page.spec = spec  # same fingerprint: nothing on the page changes
                continue
            page.refresh(spec, config, plugin.files)
            if id(spec) in first:
                build_page(page, config, doc_files, plugin.nav, plugin.env)
            else:
                later.append(page)
        if len(later) < ASIDE_THRESHOLD:
            for page in later:
                build_page(page, config, doc_files, plugin.nav, plugin.env)
            later = []
        reuse.hold_back([page.spec.path for page in later])
        for output in plan.files:
            _write_if_changed(site_dir / output.path, output.data, output.source)
        if repr(plan.not_found) != repr(previous.not_found):  # it lists recent posts
            build_theme_template("404.html", plugin.env, plugin.files, config, plugin.nav)
        if [spec.path for spec in plan.pages] != [spec.path for spec in previous.pages]:
            build_theme_template("sitemap.xml", plugin.env, plugin.files, config, plugin.nav)
        # MkDocs' server holds every page back until the rebuild returns: the pages an edit
        # only shifts (listings, neighbours) and the search index (a tenth to a third of a second
        # at a thousand posts) are written just after, aside; then open pages reload again.
        aside = _Aside(later, config, plugin, doc_files, reuse, site_dir / SEARCH_INDEX, plan.pages,
                       self.after_aside, self)
        self.index_writer = threading.Thread(target=aside.run, name="preview-aside")
        self.index_writer.start()
        self.layout = _Layout(self._key(plan, reuse.layout, site_dir), config, plugin)

    def wait(self) -> None:
        """Until what the last update left for after it is written (the next build may rewrite
        the same pages and the search index)."""
        if self.index_writer is not None:
            self.index_writer.join()
            self.index_writer = None


def _follow_page_set(plan: SitePlan, plugin: SalesblogPlugin, config: MkDocsConfig) -> dict:
    """MkDocs' page objects for the pages of `plan`: new pages (a new post, its tags' pages) get
    theirs, pages gone lose theirs (pipeline.py removes their files)."""
    pages = {page.spec.path: page for page in plugin.pages}
    wanted = {spec.path: spec for spec in plan.pages}
    for path in set(pages) - set(wanted):
        plugin.files.remove(pages.pop(path).file)
    for path in set(wanted) - set(pages):
        file = planned_file(config, src_uri(path), content="")
        pages[path] = PlannedPage(wanted[path], file, config)
        plugin.files.append(file)
    plugin.pages = [pages[spec.path] for spec in plan.pages]
    return pages


def _edited_first(plan: SitePlan, pages: dict, known: set[str]) -> tuple[list, list]:
    """The plan's pages in two lists: new ones and those whose own text changed (the post just
    saved, the one on screen), and the others (which an edit may only shift)."""
    edited, others = [], []
    for spec in plan.pages:
        before = getattr(pages[spec.path].spec.view, "html", None)
        changed = spec.path not in known or getattr(spec.view, "html", None) != before
        (edited if changed else others).append(spec)
    return edited, others


@dataclass
class _Aside:
    """What an update leaves for after the rebuild: the pages it only shifted, the search index."""

    pages: list
    config: MkDocsConfig
    plugin: SalesblogPlugin
    doc_files: object
    reuse: PageReuse
    index: Path
    specs: list
    after: Callable[[], None] | None
    session: "LayoutSession"

    def run(self) -> None:
        try:
            for page in self.pages:
                # Written beside and renamed: the server no longer holds requests back.
                build_page_atomically(page, self.config, self.doc_files, self.plugin.nav, self.plugin.env)
            if self.pages:
                self.reuse.release_held()  # their fingerprints are recorded once they are written
        except Exception as error:  # noqa: BLE001 - a thread's error would vanish otherwise
            # The held pages stay unrecorded, and the next rebuild is a full layout, which
            # reports the error as a rebuild does (no reload loop from here).
            log.error("preview: laying out the pages after the rebuild failed: %s", error)
            self.session.layout = None
            return
        finally:
            _write_search_index(self.index, self.specs)
        if self.pages and self.after is not None:
            self.after()


def _write_search_index(index: Path, pages: list) -> None:
    settings = _search_settings(index)
    tmp = index.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as out:
        write_search_index(pages, settings, out)
    os.replace(tmp, index)  # the browser never reads half an index


def _search_settings(index: Path) -> dict:
    with index.open(encoding="utf-8") as source:
        # Only the settings are needed; they come first, before the (large) list of entries.
        head = source.read(4096)
    start = head.index('{"config":') + len('{"config":')
    settings, _ = json.JSONDecoder().raw_decode(head, start)
    return settings


def _write_if_changed(target: Path, data: bytes | None, source: Path | None) -> None:
    if source is not None:
        if target.exists() and filecmp.cmp(source, target, shallow=False):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return
    data = data or b""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
