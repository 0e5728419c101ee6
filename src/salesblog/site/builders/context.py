"""What every builder shares: the content and its routes, the cards made once for the whole
site, and the meta tags every page carries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable
from pathlib import Path

from salesblog.content.model import Content
from salesblog.render.cache import OutputCache
from salesblog.render.images import SiteImages
from salesblog.render.markdown import RenderedPost
from salesblog.site.builders.cards import author_card, post_card
from salesblog.site.digests import inputs_digest, with_digest
from salesblog.site.routes import RouteTable
from salesblog.site.share_card import ShareCards
from salesblog.site.specs import PageMemo, PageSpec
from salesblog.site.urls import SiteUrls
from salesblog.site.views import AuthorCard, MetaTags, PostCard, TagLink


class PlanContext:
    """The content, its routes and renditions, and the cards of every post, author and tag."""

    def __init__(self, content: Content, routes: RouteTable, rendered: dict[Path, RenderedPost],
                 now: dt.datetime, outputs: OutputCache, images: SiteImages | None = None,
                 share_cards: ShareCards | None = None, memo: PageMemo | None = None, *,
                 jobs: int = 1):
        self.content = content
        self.jobs = jobs  # processes for the work that pays for them (feeds)
        self.memo = memo
        self.config = content.config
        self.routes = routes
        self.urls = SiteUrls(content.config)
        self.rendered = rendered
        self.now = now
        self.outputs = outputs
        self.images = images or SiteImages(None)
        self.share_cards = share_cards or ShareCards(None, content.config.brand)
        self.posts = {p.source: p for p in content.posts}
        self.authors: dict[str, AuthorCard] = {a.id: author_card(a, self.urls) for a in content.authors.values()}
        self.tags: dict[str, TagLink] = {
            slug: with_digest(TagLink(name, slug, self.urls.link(routes.path("tag", slug)), len(posts),
                                      content.topics[slug].description if slug in content.topics else ""))
            for slug, (name, posts) in content.tags.items()}
        # Cards show a tag's name, never its count: left out, a new post does not change every
        # card sharing one of its tags, and with them nearly every page (preview, reuse).
        self.card_tags = {slug: with_digest(dataclasses.replace(tag, count=0)) for slug, tag in self.tags.items()}
        self.cards: dict[Path, PostCard] = {p.source: post_card(self, p) for p in content.posts}

    @functools.cached_property
    def settings_digest(self) -> str:
        """The settings every page may show (title, URL, publisher, call to action...)."""
        return inputs_digest(repr(self.config))

    def memoized(self, key: str, make: Callable[[], PageSpec]) -> PageSpec:
        """The page made from inputs with digest `key`, which then stands for all it shows (no
        walk over its view to fingerprint it): the last plan's if it had one (preview)."""
        spec = self.memo.take(key) if self.memo is not None else None
        if spec is None:
            spec = make()
            spec.digest = key
            if self.memo is not None:
                self.memo.keep(key, spec)
        return spec

    def cards_of(self, posts) -> list[PostCard]:
        return [self.cards[p.source] for p in posts]

    # --- meta --------------------------------------------------------------------------------

    def meta(self, title: str, path: str, description: str = "", *, noindex: bool = False) -> MetaTags:
        description = description or self.config.description
        tags = [("property", "og:type", "website"), ("property", "og:site_name", self.config.title),
                ("property", "og:title", title), ("property", "og:url", self.urls.absolute(path)),
                ("name", "twitter:card", "summary"), ("name", "twitter:title", title)]
        tags += self.site_tags()
        if noindex:
            tags.append(("name", "robots", "noindex"))
        if description:
            tags += [("property", "og:description", description),
                     ("name", "twitter:description", description)]
        return MetaTags(tags)

    def site_tags(self) -> list[tuple[str, str, str]]:
        """Meta tags every page carries: the blog's X account, when it has one."""
        return [("name", "twitter:site", self.config.twitter)] if self.config.twitter else []

    def publisher(self) -> dict:
        publisher: dict = {"@type": "Organization", "name": self.config.title, "url": self.config.url}
        if self.config.brand.logo:  # a file under theme/, which the site serves at the same path
            publisher["logo"] = {"@type": "ImageObject", "url": self.urls.absolute(self.config.brand.logo)}
        return publisher

    def person(self, author: AuthorCard) -> dict:
        """An author as schema.org's Person: their page here, job title and own profiles."""
        person = {"@type": "Person", "name": author.name,
                  "url": self.urls.absolute(self.routes.path("author", author.id))}
        if author.title:
            person["jobTitle"] = author.title
        same_as = [link for link in (author.website, author.linkedin) if "://" in link]
        if same_as:
            person["sameAs"] = same_as
        return person


def script_json(data: dict) -> str:
    # "</script>" or "<!--" inside a <script> would end or confuse it; JSON allows \u003c.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
