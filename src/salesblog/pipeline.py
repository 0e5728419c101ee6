"""A whole build: read and check, render posts, plan the site, lay it out, swap it in."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from salesblog.content.model import Content, load_content
from salesblog.project import Project
from salesblog.render.batch import render_posts
from salesblog.render.cache import RenderCache
from salesblog.site.plan import link_table, plan_site
from salesblog.site.urls import SiteUrls


@dataclass
class BuildResult:
    site_dir: Path
    posts: int
    pages: int
    files: int


def build_site(project: Project, site_dir: Path, *, include_drafts: bool = False,
               now: dt.datetime | None = None, use_cache: bool = True) -> BuildResult:
    """Build into a fresh folder beside `site_dir` and swap it in only when all went well: a
    failed or interrupted build leaves the previous site exactly as it was."""
    now = now or dt.datetime.now(dt.timezone.utc)
    content = load_content(project, include_drafts=include_drafts, now=now)
    plan = plan_content(content, now, use_cache)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.with_name(f".{site_dir.name}.building-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    from salesblog.engine.mkdocs_site import render_site  # MkDocs loads only when building

    try:
        render_site(project, content.config, plan, staging)
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(site_dir, len(content.posts), len(plan.pages), len(plan.files))


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
