"""A whole build: read and check, render posts, plan the site, lay it out, put it in place."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import glob
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from salesblog.checks import read_checked
from salesblog.content.parsed import ParsedFiles
from salesblog.errors import ProjectError, SalesblogError
from salesblog.files import locked
from salesblog.project import Project
from salesblog.render.batch import render_posts
from salesblog.render.cache import OutputCache, RenderCache
from salesblog.render.images import SiteImages
from salesblog.site.share_card import ShareCards
from salesblog.site.plan import SitePlan, link_table, plan_site
from salesblog.site.specs import PageMemo
from salesblog.site.urls import SiteUrls

log = logging.getLogger(__name__)

# Left in every site salesblog builds: a folder without it is not ours to replace.
SITE_MARK = ".salesblog-site"


@dataclass
class BuildResult:
    site_dir: Path
    posts: int
    pages: int
    files: int
    laid_out: int = 0
    images_encoded: int = 0  # WebP renditions and share cards made (none on a warm rebuild)
    scheduled: list[dt.datetime] = field(default_factory=list)  # future posts left out, by date


@dataclass
class Builder:
    """Builds one project into one folder, as often as asked.

    `build` (staged=True) writes a fresh folder beside the site and swaps it in only when all
    went well, so a failed or interrupted build leaves the previous site exactly as it was.
    `preview` (staged=False) updates its private folder in place, and keeps what it read and
    rendered in memory between rebuilds.
    """

    project: Project
    site_dir: Path
    include_drafts: bool = False
    use_cache: bool = True
    staged: bool = True
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    layout_session: object = None  # preview: the engine's state kept between rebuilds

    def __post_init__(self) -> None:
        self.site_dir = self.site_dir.resolve()
        check_site_dir(self.project, self.site_dir, self.staged)
        cache = self.project.cache_dir
        if cache.exists() and not cache.is_dir():
            raise ProjectError(f"{self.project.relative(cache)}: must be a folder (salesblog's "
                               "cache); remove the file")
        folder = self.project.cache_dir if self.use_cache else None
        self.cache = RenderCache(folder, in_memory=not self.staged)
        self.outputs = OutputCache(folder, in_memory=not self.staged)
        self.parsed = ParsedFiles(folder)  # posts and pages read before
        # Preview plans the site again on every save: pages whose inputs did not change are kept.
        self.page_memo = PageMemo() if not self.staged else None

    def build(self, now: dt.datetime | None = None) -> BuildResult:
        with _fewer_collections():
            return self._build(now or dt.datetime.now(dt.timezone.utc))

    def _build(self, now: dt.datetime) -> BuildResult:
        clock = _Stopwatch()
        content = read_checked(self.project, now, include_drafts=self.include_drafts,
                               parsed=self.parsed)
        clock.lap("read and check content")
        folder = self.project.cache_dir if self.use_cache else None
        images = SiteImages.of_content(content, SiteUrls(content.config), folder)
        images.encode(self.jobs)
        clock.lap(f"encode images ({images.encoded} WebP renditions made)")
        share_cards = ShareCards(folder, content.config.brand)
        rendered = render_posts(content, link_table(content, SiteUrls(content.config)), self.cache,
                                self.jobs, images)
        plan = plan_site(content, rendered, now, self.outputs, images, share_cards, self.page_memo,
                         jobs=self.jobs)
        self.outputs.prune()
        clock.lap("render posts and plan the site")
        share_cards.draw(self.jobs)
        plan.files += images.output_files() + share_cards.output_files()
        images.prune()
        share_cards.prune()
        clock.lap(f"draw share cards ({share_cards.drawn} made)")
        laid_out = self._lay_out(content.config, plan, clock)
        if self.staged and _has_inbox(self.project, content.config):
            from salesblog.audience.notifications import notice_published  # mail, only now

            notice_published(self.project, content)  # guests hear their post is on the site
        return BuildResult(self.site_dir, len(content.posts), len(plan.pages), len(plan.files),
                           laid_out, images.encoded + share_cards.drawn, scheduled=content.scheduled)

    def _lay_out(self, config, plan: SitePlan, clock: "_Stopwatch") -> int:
        # One build at a time per project: two swaps racing could lose a site.
        with locked(self.project.cache_dir / "build"):
            return self._lay_out_locked(config, plan, clock)

    def _lay_out_locked(self, config, plan: SitePlan, clock: "_Stopwatch") -> int:
        from salesblog.engine.mkdocs_site import render_site  # MkDocs loads only when building

        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        target = self.site_dir
        if self.staged:
            target = self.site_dir.with_name(f".{self.site_dir.name}.building-{os.getpid()}")
            shutil.rmtree(target, ignore_errors=True)
        if not self.staged and self.layout_session is None:
            from salesblog.engine.session import LayoutSession
            self.layout_session = LayoutSession()
        try:
            pages = render_site(self.project, config, plan, target, self.site_dir,
                                reuse_pages=self.use_cache, jobs=self.jobs,
                                session=self.layout_session)
            clock.lap(f"lay out pages ({pages.laid_out} laid out, {pages.reused} reused)")
            if self.staged:
                swap_in(target, self.site_dir)
                (self.site_dir / SITE_MARK).touch()
            else:
                pages.remove_stale()
            pages.save()
            clock.lap("put the new site in place")
        finally:
            if self.staged:
                shutil.rmtree(target, ignore_errors=True)
        return pages.laid_out


def _has_inbox(project: Project, config) -> bool:
    """Whether guests have sent drafts: only then may one be waiting to hear it is published
    (the mail code is loaded only then; notice_published reports a misplaced inbox)."""
    from salesblog.contribute.inbox import inbox_path

    try:
        return inbox_path(project, config).exists()
    except SalesblogError:
        return True


def build_site(project: Project, site_dir: Path, *, include_drafts: bool = False,
               now: dt.datetime | None = None, use_cache: bool = True, jobs: int | None = None
               ) -> BuildResult:
    """One staged build (what `salesblog build` does)."""
    builder = Builder(project, site_dir, include_drafts=include_drafts, use_cache=use_cache)
    if jobs:
        builder.jobs = jobs
    return builder.build(now)


@contextlib.contextmanager
def _fewer_collections():
    """Python's cycle collector runs every 700 new objects by default: a build makes millions
    and keeps most until it ends, so it ran some 240 times in a rebuild after one edit (5% of
    it, 2% of a cold build). Every 10,000 it runs 16 times; the garbage it waits for is small."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Stopwatch:
    """Times each step of a build, for `salesblog -v build`."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        log.info("%-55s %6.2fs", step, now - self.last)
        self.last = now


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` by two renames; the old site is removed afterwards, aside.
    Should the second rename fail, the old site is put back where it was."""
    # A name of its own: the old site of the build before may still be being removed.
    old = target.with_name(f"{_old_prefix(target)}{os.getpid()}-{secrets.token_hex(4)}")
    had_site = target.exists()
    if had_site:
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if had_site:
            os.rename(old, target)
        raise
    if had_site:
        remove_old_sites(target)


def _old_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.old-"


def remove_old_sites(site_dir: Path) -> None:
    """Remove the sites swapped out beside `site_dir` (this build's, and any an earlier build
    left behind) in a detached process: the new site is whole and in place already, and at a
    thousand posts removing the old one takes a few tenths of a second nobody needs to wait."""
    builder = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: remove them here
        _remove_old_sites(site_dir, builder)
        return
    if pid:
        os.waitpid(pid, 0)  # the child only starts the remover, and ends at once
        return
    try:
        if os.fork() == 0:  # the remover, a grandchild: nobody has to wait for it
            os.setsid()  # a Ctrl+C in the terminal is for the command, not for this
            _detach_from_files()
            _remove_old_sites(site_dir, builder)
    finally:
        os._exit(0)


def _detach_from_files() -> None:
    """Let go of every file the build held (the build lock, the terminal, pipes a caller reads
    to their end): the remover must not keep anyone waiting."""
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.closerange(3, _open_file_limit())


def _open_file_limit() -> int:
    try:
        return min(os.sysconf("SC_OPEN_MAX"), 65536)
    except (OSError, ValueError):
        return 1024


def _remove_old_sites(site_dir: Path, builder: int) -> None:
    """Remove the old site of the build `builder` (a process id), and those of builds that
    ended; a running build may still need its own (to put it back should its swap fail)."""
    prefix = _old_prefix(site_dir)
    for old in site_dir.parent.glob(f"{glob.escape(prefix)}*"):
        owner = old.name[len(prefix):].split("-")[0]
        if owner.isdigit() and int(owner) != builder and _running(int(owner)):
            continue
        shutil.rmtree(old, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _built_by_us(site_dir: Path) -> bool:
    # Sites built before the mark existed are recognised by what MkDocs always writes.
    return (site_dir / SITE_MARK).exists() or all(
        (site_dir / name).exists() for name in ("404.html", "sitemap.xml", "search"))


def check_site_dir(project: Project, site_dir: Path, staged: bool) -> None:
    """Refuse a site folder whose replacement would destroy the project or foreign files."""
    guarded = {"the project": project.root, "content/": project.content_dir,
               "theme/": project.theme_dir, "the cache": project.cache_dir}
    for name, folder in guarded.items():
        if site_dir == folder or folder.is_relative_to(site_dir):
            raise ProjectError(f"{site_dir}: building there would replace {name}; choose a folder of its own")
    for name in ("content/", "theme/"):
        if site_dir.is_relative_to(guarded[name]):
            raise ProjectError(f"{site_dir}: a site inside {name} would be published with it; "
                               "choose a folder outside it")
    if site_dir.exists() and not site_dir.is_dir():
        raise ProjectError(f"{site_dir}: is a file, not a folder")
    if staged and site_dir.is_dir() and any(site_dir.iterdir()) and not _built_by_us(site_dir):
        raise ProjectError(f"{site_dir}: not empty and not built by salesblog; empty it or choose "
                           "another folder (a build replaces the whole folder)")
