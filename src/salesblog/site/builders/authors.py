"""An author's pages: their card, then their posts, with schema.org's ProfilePage."""

from __future__ import annotations

from salesblog.site.builders.context import PlanContext, script_json
from salesblog.site.builders.listings import listing_pages
from salesblog.site.specs import PageSpec


def author_pages(ctx: PlanContext) -> list[PageSpec]:
    pages = []
    for author_id, posts in ctx.content.posts_by_author.items():
        card = ctx.authors[author_id]
        listing = listing_pages(ctx, ctx.routes.of("author", author_id), card.name, ctx.cards_of(posts),
                                author=card, feed=ctx.routes.path("feed", ("author", author_id)),
                                description=card.title or f"Posts by {card.name}",
                                per_page=ctx.config.posts_per_page)
        profile = script_json({"@context": "https://schema.org", "@type": "ProfilePage",
                               "mainEntity": ctx.person(card)})
        for spec in listing:
            spec.view.meta.json_ld = profile
        pages += listing
    return pages
