"""Render every post of a build: from the cache when nothing changed, else on all cores."""

from __future__ import annotations

from pathlib import Path

from salesblog.content.model import Content
from salesblog.content.posts import Post
from salesblog.fingerprint import cache_key
from salesblog.forked import forked_map
from salesblog.render.cache import RenderCache
from salesblog.render.images import SiteImages
from salesblog.render.markdown import PostRenderer, RenderedPost

# Below this many posts to render, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 40

_worker_renderer: PostRenderer | None = None
# The cache the posts being rendered go to: each worker writes its own (a thousand small files
# written by the parent after the workers were done took a quarter of a second).
_rendering_into: RenderCache | None = None


def _render_job(job: tuple[str, str, str, dict[str, str], str | None, dict]) -> RenderedPost:
    global _worker_renderer
    if _worker_renderer is None:
        _worker_renderer = PostRenderer()
    key, body, base, table, summary, images = job
    rendered = _worker_renderer.render(body, Path(base), table, summary, images)
    rendered.digest = key
    if _rendering_into is not None:
        _rendering_into.write(key, rendered)
    return rendered


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
            todo.append((post.source, key, (key, post.body, str(post.source.parent), table, post.summary, used)))
    for (source, key, _), result in zip(todo, _render_into(cache, [job for _, _, job in todo], jobs)):
        cache.remember(key, result)  # written to its folder by the worker already
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


def _render_into(cache: RenderCache, jobs: list[tuple], workers: int | None) -> list[RenderedPost]:
    global _rendering_into
    _rendering_into = cache
    try:
        return forked_map(_render_job, jobs, workers, threshold=PARALLEL_THRESHOLD)
    finally:
        _rendering_into = None
