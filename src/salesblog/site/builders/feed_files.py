"""The site's feeds (RSS, Atom, JSON; one RSS feed per tag and per author) and robots.txt."""

from __future__ import annotations

from salesblog.content.posts import Post
from salesblog.fingerprint import cache_key
from salesblog.site import feeds
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import OutputFile
from salesblog.site.toc import without_permalinks
from salesblog.site.urls import ROBOTS, SITEMAP

_BUILDS = {"rss": feeds.build_rss, "atom": feeds.build_atom, "json": feeds.build_json_feed}


def feed_files(ctx: PlanContext) -> list[OutputFile]:
    items = _FeedItems(ctx)
    count, title = ctx.config.feed_items, ctx.config.title
    newest = ctx.content.posts[:count]
    files = [feed_file(ctx, items, ctx.routes.path("feed", name), build, newest) for name, build in _BUILDS.items()]
    for slug, (name, posts) in ctx.content.tags.items():
        files.append(feed_file(ctx, items, ctx.routes.path("feed", ("tag", slug)), feeds.build_rss,
                               posts[:count], f"{title}: {name}"))
    for author_id, posts in ctx.content.posts_by_author.items():
        files.append(feed_file(ctx, items, ctx.routes.path("feed", ("author", author_id)), feeds.build_rss,
                               posts[:count], f"{title}: {ctx.authors[author_id].name}"))
    files.append(OutputFile(ROBOTS, feeds.robots_txt(ctx.urls.absolute(SITEMAP))))
    return files


def feed_file(ctx: PlanContext, items: "_FeedItems", path: str, build, posts: list[Post],
              title: str | None = None) -> OutputFile:
    """A feed, from the cache when neither its posts nor the settings changed."""
    self_url = ctx.urls.absolute(path)

    def make() -> bytes:
        return build(ctx.config, [items.of(p) for p in posts], self_url, ctx.now, title=title)

    return OutputFile(path, ctx.outputs.get_or_make(feed_key(ctx, build, posts, title, self_url), make))


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
