"""Render every post of a build: from the cache when nothing changed, else on all cores."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from pathlib import Path

from salesblog.content.model import Content
from salesblog.content.posts import Post
from salesblog.fingerprint import cache_key
from salesblog.render.cache import RenderCache
from salesblog.render.images import SiteImages
from salesblog.render.markdown import PostRenderer, RenderedPost

# Below this many posts to render, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40

_worker_renderer: PostRenderer | None = None


def _render_job(job: tuple[str, str, dict[str, str], str | None, dict]) -> RenderedPost:
    global _worker_renderer
    if _worker_renderer is None:
        _worker_renderer = PostRenderer()
    body, base, table, summary, images = job
    return _worker_renderer.render(body, Path(base), table, summary, images)


def render_posts(content: Content, link_table: dict[str, str], cache: RenderCache,
                 jobs: int | None = None, images: SiteImages | None = None) -> dict[Path, RenderedPost]:
    """source path -> rendered post, for every post in `content`."""
    rendered: dict[Path, RenderedPost] = {}
    todo: list[tuple[Path, str, tuple]] = []
    keys = set()
    for post in content.posts:
        table = _links_used(post, link_table)
        used = images.used_by(post) if images else {}  # their sizes and renditions are in the HTML
        # The renderer, the safety policy and the libraries are in every key (fingerprint.py).
        key = cache_key("post", post.digest, repr(sorted(table.items())), repr(sorted(used.items())))
        keys.add(key)
        hit = cache.get(key)
        if hit is not None:
            hit.digest = key
            rendered[post.source] = hit
        else:
            todo.append((post.source, key, (post.body, str(post.source.parent), table, post.summary, used)))
    for (source, key, _), result in zip(todo, _run([job for _, _, job in todo], jobs)):
        result.digest = key
        cache.put(key, result)
        rendered[source] = result
    if todo:
        cache.prune(keys)
    return rendered


def _links_used(post: Post, table: dict[str, str]) -> dict[str, str]:
    """The part of the site's link table this post's links need: its cache key depends on it."""
    used = {}
    for _, found in post.link_targets:  # resolved once per post (content/posts.py)
        if found is not None and str(found[0]) in table:
            used[str(found[0])] = table[str(found[0])]
    return used


@contextlib.contextmanager
def _interrupts_kept_from_children():
    """Ctrl-C reaches every process of the terminal; only the parent should answer it (it stops
    the pool and leaves the old site), not each worker with a traceback of its own. Workers
    forked inside this block inherit a handler that only takes note; the parent answers a
    Ctrl-C that came meanwhile once the block is over (yields a function telling whether one did)."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # signal handlers can only be changed from the main thread
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: came.append(number))
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(jobs: list[tuple], workers: int | None) -> list[RenderedPost]:
    workers = workers or os.cpu_count() or 1
    if len(jobs) < PARALLEL_THRESHOLD or workers == 1:
        return [_render_job(job) for job in jobs]
    context = multiprocessing.get_context("fork")
    with _interrupts_kept_from_children() as interrupted:  # only while the workers are forked
        pool = context.Pool(workers)
    with pool:
        if interrupted():
            raise KeyboardInterrupt
        return pool.map(_render_job, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
