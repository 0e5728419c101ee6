"""Lists of post summaries, a page of them at each of a listing's routes: the home pages, and
(tags.py, authors.py) a tag's and an author's pages."""

from __future__ import annotations

from salesblog.site.builders.context import PlanContext
from salesblog.site.routes import Route
from salesblog.site.specs import PageSpec
from salesblog.site.urls import FEED_RSS
from salesblog.site.views import AuthorCard, ListingView, PostCard, TagLink


def home_pages(ctx: PlanContext) -> list[PageSpec]:
    return listing_pages(ctx, ctx.routes.of("home"), ctx.config.title, ctx.cards_of(ctx.content.posts),
                         feed=FEED_RSS, home=True, per_page=ctx.config.posts_per_page)


def listing_pages(ctx: PlanContext, routes: tuple[Route, ...], heading: str, cards: list[PostCard], *,
                  feed: str = "", home: bool = False, author: AuthorCard | None = None,
                  tag: TagLink | None = None, description: str = "",
                  per_page: int | None = None) -> list[PageSpec]:
    """A page at each of the listing's routes, `per_page` cards on each (None: all on one)."""
    size = per_page or max(1, len(cards))
    chunks = [cards[i:i + size] for i in range(0, len(cards), size)] or [[]]
    if len(chunks) != len(routes):  # the route table counted pages the same way, or a page is lost
        raise RuntimeError(f"{len(chunks)} pages of posts for the {len(routes)} routes of /{routes[0].path}")
    pages = []
    for index, (route, chunk) in enumerate(zip(routes, chunks)):
        view = ListingView(
            heading=heading, posts=chunk, page=route.number, pages=len(routes),
            previous_url=ctx.urls.link(routes[index - 1].path) if index > 0 else "",
            next_url=ctx.urls.link(routes[index + 1].path) if index + 1 < len(routes) else "",
            feed_url=ctx.urls.link(feed) if feed else "", author=author, tag=tag,
            meta=ctx.meta(heading, route.path, description))
        title = heading if route.number == 1 else f"{heading} (page {route.number})"
        pages.append(PageSpec(route.path, "Home" if home and route.number == 1 else title,
                              "salesblog/listing.html", view,
                              description=description or ctx.config.description, kind=route.kind))
    return pages
