"""A whole build: read and check, render posts, plan the site, lay it out, swap it in."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from salesblog.content.model import Content, load_content
from salesblog.project import Project
from salesblog.render.batch import render_posts
from salesblog.render.cache import RenderCache
from salesblog.site.plan import link_table, plan_site
from salesblog.site.urls import SiteUrls

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    site_dir: Path
    posts: int
    pages: int
    files: int


def build_site(project: Project, site_dir: Path, *, include_drafts: bool = False,
               now: dt.datetime | None = None, use_cache: bool = True, jobs: int | None = None
               ) -> BuildResult:
    """Build into a fresh folder beside `site_dir` and swap it in only when all went well: a
    failed or interrupted build leaves the previous site exactly as it was."""
    now = now or dt.datetime.now(dt.timezone.utc)
    clock = _Stopwatch()
    content = load_content(project, include_drafts=include_drafts, now=now)
    clock.lap("read and check content")
    plan = plan_content(content, now, use_cache)
    clock.lap("render posts and plan the site")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    from salesblog.engine.mkdocs_site import render_site  # MkDocs loads only when building

    jobs = jobs or os.cpu_count() or 1
    try:
        pages = render_site(project, content.config, plan, staging, site_dir,
                            reuse_pages=use_cache, jobs=jobs)
        clock.lap(f"lay out pages ({pages.laid_out} laid out, {pages.reused} reused)")
        swap_in(staging, site_dir)
        pages.save()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(site_dir, len(content.posts), len(plan.pages), len(plan.files))


class _Stopwatch:
    """Times each step of a build, for `salesblog -v build`."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        log.info("%-55s %6.2fs", step, now - self.last)
        self.last = now


def plan_content(content: Content, now: dt.datetime, use_cache: bool = True):
    urls = SiteUrls(content.config)
    table = link_table(content, urls)
    cache = RenderCache(content.project.cache_dir if use_cache else None)
    rendered = render_posts(content, table, cache)
    return plan_site(content, rendered, now)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` by two renames; the old site is removed afterwards."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)
