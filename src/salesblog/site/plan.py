"""The site as a list of pages and files: which page shows what, at which path. The paths come
from the route table (site/routes.py), each kind of page from its builder (site/builders/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from salesblog.content.model import Content
from salesblog.render.cache import OutputCache
from salesblog.render.images import SiteImages
from salesblog.render.markdown import RenderedPost
from salesblog.site.builders.asset_files import asset_files, brand_file
from salesblog.site.builders.authors import author_pages
from salesblog.site.builders.context import PlanContext
from salesblog.site.builders.contribute import contribute_pages
from salesblog.site.builders.feed_files import feed_files
from salesblog.site.builders.indexes import archive_page, author_index_page, tag_index_page
from salesblog.site.builders.listings import home_pages
from salesblog.site.builders.posts import post_pages
from salesblog.site.builders.redirect_files import redirect_files
from salesblog.site.builders.series import series_pages
from salesblog.site.builders.standalone import standalone_pages
from salesblog.site.builders.tags import tag_pages
from salesblog.site.routes import route_table
from salesblog.site.share_card import ShareCards
from salesblog.site.specs import OutputFile, PageMemo, PageSpec, SitePlan
from salesblog.site.urls import (ARCHIVE, AUTHOR_INDEX, CONTRIBUTE, FEED_ATOM, FEED_JSON, FEED_RSS, HOME,
                                 TAG_INDEX, asset_path, link_table)
from salesblog.site.views import FooterLink, NotFoundView

__all__ = ["OutputFile", "PageSpec", "SitePlan", "asset_path", "link_table", "plan_site"]


def plan_site(content: Content, rendered: dict[Path, RenderedPost], now: dt.datetime,
              outputs: OutputCache | None = None, images: SiteImages | None = None,
              share_cards: ShareCards | None = None, memo: PageMemo | None = None,
              jobs: int = 1) -> SitePlan:
    """Every page and file of the site, from checked content and its rendered posts. The
    renditions of `images` and the cards of `share_cards` are files the caller adds once made.
    With a `memo` (preview), pages whose inputs are unchanged since the last plan are reused.
    Feeds not in `outputs` are made on `jobs` processes."""
    routes, _ = route_table(content)  # checked already: read_checked refuses what has problems
    if memo is not None:
        memo.start()
    ctx = PlanContext(content, routes, rendered, now, outputs or OutputCache(None), images, share_cards, memo,
                      jobs=jobs)
    plan = SitePlan(nav=[("Home", HOME), ("Tags", TAG_INDEX), ("Archive", ARCHIVE), ("Contribute", CONTRIBUTE)])
    plan.nav[-1:-1] = [(page.title, routes.path("page", page.source)) for page in content.pages if page.nav]
    plan.pages += post_pages(ctx)
    plan.pages += standalone_pages(ctx)
    plan.pages += home_pages(ctx)
    plan.pages += tag_pages(ctx)
    plan.pages += author_pages(ctx)
    plan.pages += series_pages(ctx)
    plan.pages += [author_index_page(ctx), tag_index_page(ctx), archive_page(ctx)]
    plan.pages += contribute_pages(ctx)
    plan.files += feed_files(ctx)
    plan.files.append(brand_file(ctx))
    plan.files += redirect_files(ctx)
    plan.files += asset_files(ctx)
    plan.build_date = max(((p.updated or p.date) for p in content.posts), default=None)
    plan.extra = {
        "contribute_url": ctx.urls.link(CONTRIBUTE),
        "contribute_text": ctx.config.contribute.intro,
        "feed_url": ctx.urls.link(FEED_RSS),
        "atom_url": ctx.urls.link(FEED_ATOM),
        "json_feed_url": ctx.urls.link(FEED_JSON),
        "home_url": ctx.urls.link(HOME),
        "footer_links": footer_links(ctx),
    }
    plan.not_found = not_found_view(ctx)
    if memo is not None:
        memo.finish()
    return plan


def footer_links(ctx: PlanContext) -> list[FooterLink]:
    pages = [FooterLink(p.title, ctx.urls.link(ctx.routes.path("page", p.source))) for p in ctx.content.pages if p.nav]
    return [*pages, FooterLink("Archive", ctx.urls.link(ARCHIVE)),
            FooterLink("Tags", ctx.urls.link(TAG_INDEX)),
            FooterLink("Authors", ctx.urls.link(AUTHOR_INDEX)),
            FooterLink("RSS", ctx.urls.link(FEED_RSS)),
            FooterLink("Contribute", ctx.urls.link(CONTRIBUTE))]


def not_found_view(ctx: PlanContext) -> NotFoundView:
    """What the 404 page offers instead: the newest posts and the biggest tags."""
    recent = ctx.cards_of(ctx.content.posts[: ctx.config.recent_posts])
    biggest = sorted(ctx.tags.values(), key=lambda t: (-t.count, t.name.lower()))[:20]
    return NotFoundView(recent, sorted(biggest, key=lambda t: t.name.lower()))
