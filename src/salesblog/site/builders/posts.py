"""A page for every post: its body, contents, series box, related and recent posts, older and
newer links, share links and meta tags."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from salesblog.audience.offers import calls_for_post, load_offers
from salesblog.content.posts import Post
from salesblog.fingerprint import cache_key
from salesblog.render.markdown import RenderedPost
from salesblog.site.builders.context import PlanContext, script_json
from salesblog.site.digests import inputs_digest
from salesblog.site.related import RelatedInput, related_posts
from salesblog.site.share_card import HEIGHT as CARD_HEIGHT, WIDTH as CARD_WIDTH
from salesblog.site.specs import DeferredView, PageSpec
from salesblog.site.toc import contents
from salesblog.site.views import MetaTags, PostCard, PostView, SeriesNav, SeriesPart, ShareLink


def post_pages(ctx: PlanContext) -> list[PageSpec]:
    pages = []
    related = related_cards(ctx)
    posts = ctx.content.posts
    recent = ctx.cards_of(posts[: ctx.config.recent_posts + 1])
    offers = load_offers(ctx.content.project)
    for index, post in enumerate(posts):
        card = ctx.cards[post.source]
        inputs = _PostPageInputs(
            path=ctx.routes.path("post", post.source), card=card, rendered=ctx.rendered[post.source],
            recent=[c for c in recent if c is not card][: ctx.config.recent_posts],
            calls_to_action=calls_for_post(ctx.content, post, ctx.urls, offers),
            previous=ctx.cards[posts[index + 1].source] if index + 1 < len(posts) else None,
            next=ctx.cards[posts[index - 1].source] if index > 0 else None,
            related=related.get(post.source, []), series=series_nav(ctx, post))
        pages.append(ctx.memoized(inputs.key(ctx), lambda: post_page(ctx, post, inputs)))
    return pages


@dataclass
class _PostPageInputs:
    """All a post's page is made from besides the settings."""

    path: str
    card: PostCard
    rendered: RenderedPost
    recent: list[PostCard]
    calls_to_action: list
    previous: PostCard | None
    next: PostCard | None
    related: list[PostCard]
    series: SeriesNav | None

    def key(self, ctx: PlanContext) -> str:
        # The rendered post's digest stands for its HTML (the key it was rendered under).
        return inputs_digest("post", ctx.settings_digest, self.path, self.card, self.rendered.digest,
                             self.recent, self.calls_to_action, self.previous, self.next,
                             self.related, self.series)


def post_page(ctx: PlanContext, post: Post, inputs: _PostPageInputs) -> PageSpec:
    """The post's page; its view is made only if the page is laid out (its digest is that of
    its inputs, set by PlanContext.memoized, so nothing walks the view to fingerprint it)."""
    card, html = inputs.card, inputs.rendered.html

    def view() -> PostView:
        return PostView(
            card=card, html=html, recent=inputs.recent, calls_to_action=inputs.calls_to_action,
            previous=inputs.previous, next=inputs.next, meta=post_meta(ctx, card), toc=contents(html),
            related=inputs.related, share=share_links(card), series=inputs.series)

    return PageSpec(inputs.path, post.title, "salesblog/post.html", DeferredView(view, card=card, html=html),
                    description=card.teaser, searchable=True, kind="post")


def related_cards(ctx: PlanContext) -> dict[Path, list[PostCard]]:
    """"More on this topic" of every post; drafts and future posts (preview shows them)
    are never offered, and get none of their own."""
    live = [p for p in ctx.content.posts if not p.draft and p.date <= ctx.now]
    inputs = [(list(p.tags), f"{p.title} {ctx.rendered[p.source].teaser}") for p in live]
    # Kept with the feeds (in memory in preview): an edit to a post's body ranks nothing again.
    ranking = ctx.outputs.get_or_make(
        cache_key("related", json.dumps(inputs, ensure_ascii=False)),
        lambda: json.dumps(related_posts([RelatedInput(tags, text) for tags, text in inputs])).encode())
    ranked = json.loads(ranking)
    return {post.source: [ctx.cards[live[j].source] for j in others]
            for post, others in zip(live, ranked)}


def series_nav(ctx: PlanContext, post: Post) -> SeriesNav | None:
    """Where the post stands in its series, counted among the series' published parts
    (preview counts drafts too, as it shows them)."""
    parts = ctx.content.series_parts.get(post.series or "", [])
    if post not in parts:
        return None
    series = ctx.content.series[post.series]
    return SeriesNav(series.title, ctx.urls.link(ctx.routes.path("series", series.id)), parts.index(post) + 1,
                     [SeriesPart(ctx.cards[p.source], p is post) for p in parts])


def share_links(card: PostCard) -> list[ShareLink]:
    """LinkedIn, X and e-mail share links of a post: addresses those services document for
    sharing a URL, opened only when a reader follows them."""
    url, title = quote(card.absolute_url, safe=""), quote(card.title, safe="")
    return [ShareLink("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
            ShareLink("x", "X", f"https://x.com/intent/post?url={url}&text={title}"),
            ShareLink("email", "E-mail", f"mailto:?subject={title}&body={url}")]


def post_meta(ctx: PlanContext, card: PostCard) -> MetaTags:
    config = ctx.config
    tags = [("property", "og:type", "article"), ("property", "og:site_name", config.title),
            ("property", "og:title", card.title), ("property", "og:url", card.absolute_url),
            ("property", "og:description", card.teaser),
            ("property", "article:published_time", card.date.isoformat()),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:title", card.title), ("name", "twitter:description", card.teaser)]
    tags += ctx.site_tags()
    if card.updated:
        tags.append(("property", "article:modified_time", card.updated.isoformat()))
    tags += [("property", "article:author", a.name) for a in card.authors]
    tags += [("property", "article:tag", t.name) for t in card.tags]
    if card.image_url:
        tags += [("property", "og:image", card.image_url), ("name", "twitter:image", card.image_url)]
        if card.picture is None:  # the generated share card
            tags += [("property", "og:image:width", str(CARD_WIDTH)), ("property", "og:image:height", str(CARD_HEIGHT))]
        elif card.picture.alt:
            tags += [("property", "og:image:alt", card.picture.alt), ("name", "twitter:image:alt", card.picture.alt)]
    json_ld = {
        "@context": "https://schema.org", "@type": "BlogPosting",
        "headline": card.title, "description": card.teaser,
        "datePublished": card.date.isoformat(),
        "dateModified": (card.updated or card.date).isoformat(),
        "author": [ctx.person(a) for a in card.authors],
        "keywords": [t.name for t in card.tags],
        "mainEntityOfPage": card.absolute_url, "url": card.absolute_url,
        "publisher": ctx.publisher(),
    }
    if card.image_url:
        json_ld["image"] = card.image_url
    return MetaTags(tags, script_json(json_ld))
