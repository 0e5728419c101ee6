"""The site's feeds (RSS, Atom, JSON; one RSS feed per tag and per author) and robots.txt."""

from __future__ import annotations

from salesblog.content.posts import Post
from salesblog.fingerprint import cache_key
from salesblog.forked import forked_map
from salesblog.site import feeds
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import OutputFile
from salesblog.site.toc import without_permalinks
from salesblog.site.urls import ROBOTS, SITEMAP

_BUILDS = {"rss": feeds.build_rss, "atom": feeds.build_atom, "json": feeds.build_json_feed}


# Below this many feeds to make, forking workers costs more than it saves.
PARALLEL_THRESHOLD = 8


def feed_files(ctx: PlanContext) -> list[OutputFile]:
    items = _FeedItems(ctx)
    count, title = ctx.config.feed_items, ctx.config.title
    newest = ctx.content.posts[:count]
    wanted = [_Feed(ctx, items, ctx.routes.path("feed", name), build, newest) for name, build in _BUILDS.items()]
    for slug, (name, posts) in ctx.content.tags.items():
        wanted.append(_Feed(ctx, items, ctx.routes.path("feed", ("tag", slug)), feeds.build_rss,
                            posts[:count], f"{title}: {name}"))
    for author_id, posts in ctx.content.posts_by_author.items():
        wanted.append(_Feed(ctx, items, ctx.routes.path("feed", ("author", author_id)), feeds.build_rss,
                            posts[:count], f"{title}: {ctx.authors[author_id].name}"))
    made = {feed.key: ctx.outputs.get(feed.key) for feed in wanted}
    missing = [feed for feed in wanted if made[feed.key] is None]
    for feed, data in zip(missing, make_feeds([feed.make for feed in missing], ctx.jobs)):
        ctx.outputs.put(feed.key, data)
        made[feed.key] = data
    return [OutputFile(feed.path, made[feed.key]) for feed in wanted] + [
        OutputFile(ROBOTS, feeds.robots_txt(ctx.urls.absolute(SITEMAP)))]


class _Feed:
    """One feed file: where it goes, the cache key of all it is made from, and how to make it."""

    def __init__(self, ctx: PlanContext, items: "_FeedItems", path: str, build, posts: list[Post],
                 title: str | None = None):
        self_url = ctx.urls.absolute(path)
        self.path = path
        self.key = feed_key(ctx, build, posts, title, self_url)
        self.make = lambda: build(ctx.config, [items.of(p) for p in posts], self_url, ctx.now, title=title)


_makers: list = []  # the feeds being made: forked workers find them here


def make_feeds(makers: list, jobs: int) -> list[bytes]:
    """Each maker's feed; a cold build has some seventy to make, on every core."""
    global _makers
    _makers = makers
    try:
        return forked_map(_make_feed, range(len(makers)), jobs, threshold=PARALLEL_THRESHOLD)
    finally:
        _makers = []


def _make_feed(index: int) -> bytes:
    return _makers[index]()


def feed_key(ctx: PlanContext, build, posts: list[Post], title: str | None, self_url: str) -> str:
    """The cache key of a feed: all it is made from (its posts' HTML stands in by its digest)."""
    cards = ctx.cards_of(posts)
    return cache_key("feed", build.__name__, repr((ctx.config, title, self_url, ctx.now if not posts else None)),
                     *(ctx.rendered[p.source].digest + feeds.card_key(c) for p, c in zip(posts, cards)))


class _FeedItems:
    """Posts as feeds carry them; each made once, though a post is in several feeds."""

    def __init__(self, ctx: PlanContext):
        self.ctx = ctx
        self.made: dict = {}

    def of(self, post: Post) -> feeds.FeedItem:
        if post.source not in self.made:
            card = self.ctx.cards[post.source]
            body = without_permalinks(self.ctx.rendered[post.source].html)  # "¶" means nothing in a reader
            self.made[post.source] = (card, feeds.absolute_html(body, card.absolute_url))
        return self.made[post.source]
