"""A tag's page: every post with the tag on one page (the contract), and its topic hub."""

from __future__ import annotations

from salesblog.content.posts import Post
from salesblog.render.markdown import render_bio
from salesblog.site.builders.context import PlanContext
from salesblog.site.builders.listings import listing_pages
from salesblog.site.specs import PageSpec
from salesblog.site.views import TopicView


def tag_pages(ctx: PlanContext) -> list[PageSpec]:
    pages = []
    for slug, (name, posts) in ctx.content.tags.items():
        tag = ctx.tags[slug]
        listing = listing_pages(ctx, ctx.routes.of("tag", slug), f"Posts tagged “{name}”", ctx.cards_of(posts),
                                feed=ctx.routes.path("feed", ("tag", slug)), tag=tag,
                                description=tag.description or f"{len(posts)} posts tagged {name}")
        if slug in ctx.content.topics:
            listing[0].view.topic = topic_view(ctx, ctx.content.topics[slug], posts)
        pages += listing
    return pages


def topic_view(ctx: PlanContext, topic, posts: list[Post]) -> TopicView:
    """The hub above a tag's list; "start here" posts that are not published are left out."""
    by_slug = {p.slug: p for p in posts}
    pinned = [ctx.cards[by_slug[s].source] for s in topic.start_here if s in by_slug]
    return TopicView(render_bio(topic.intro), pinned)  # one renderer, one link policy (render/)
