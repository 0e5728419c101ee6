"""RSS 2.0 and Atom feeds with feedgen, and a JSON Feed 1.1: full content, absolute links, a
category (tag) per tag."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from salesblog.config import SiteConfig
from salesblog.site.views import PostCard
from salesblog.text import NOT_XML

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

FeedItem = tuple[PostCard, str]  # the card and the post's full HTML, links already absolute


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster)=)(["'])(.*?)\2""", re.I | re.S)
_SRCSET_ATTRIBUTE = re.compile(r"""(\ssrcset=)(["'])(.*?)\2""", re.I | re.S)


def absolute_html(fragment: str, base_url: str) -> str:
    """The post's HTML with every link and image made absolute, as feed readers need.

    The HTML is our own renderer's output, so a pattern over its attributes is enough (and far
    cheaper than parsing each post again for every feed it is in)."""

    def absolute(match: re.Match) -> str:
        prefix, quote, value = match.groups()
        if "://" in value or value.startswith(("mailto:", "tel:", "data:")):
            return match.group(0)
        url = urljoin(base_url, html.unescape(value))
        return f"{prefix}{quote}{html.escape(url, quote=True)}{quote}"

    def absolute_set(match: re.Match) -> str:  # srcset: "url 480w, url 960w"
        prefix, quote, value = match.groups()
        candidates = []
        for candidate in html.unescape(value).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base_url, url)} {descriptor}".strip())
        return f"{prefix}{quote}{html.escape(', '.join(candidates), quote=True)}{quote}"

    # The renderer already dropped non-XML characters.
    return _SRCSET_ATTRIBUTE.sub(absolute_set, _URL_ATTRIBUTE.sub(absolute, fragment))


def card_key(card: PostCard) -> str:
    """What of a card a feed shows (its HTML is keyed apart): part of a feed's cache key."""
    return repr((card.title, card.absolute_url, card.date, card.updated, card.teaser,
                 [a.name for a in card.authors], [t.name for t in card.tags]))


def _feed(config: SiteConfig, self_url: str, updated: dt.datetime, title: str | None) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # only when a feed is made: a rebuild reuses them

    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.id(config.url)
    feed.title(xml_safe(title or config.title))
    # feedgen takes the last link given as the RSS channel's <link>: the site, not the feed.
    feed.link(href=self_url, rel="self")
    feed.link(href=config.url, rel="alternate")
    feed.description(xml_safe(config.description or config.title))
    feed.language(config.language)
    feed.generator("salesblog")
    feed.updated(updated)
    feed.lastBuildDate(updated)
    return feed


def _add_items(feed: FeedGenerator, items: list[FeedItem], *, rss: bool) -> None:
    for card, body in items:
        entry = feed.add_entry(order="append")
        entry.id(card.absolute_url)
        entry.guid(card.absolute_url, permalink=True)
        entry.title(xml_safe(card.title))
        entry.link(href=card.absolute_url)
        entry.published(card.date)
        entry.updated(card.updated or card.date)
        entry.summary(xml_safe(card.teaser))  # RSS <description>, Atom <summary>
        if rss:
            # Readers take an RSS <description> as HTML (an Atom summary is text): the teaser is
            # plain text, so "<" in it must arrive as a character, not as a tag.
            entry.description(html.escape(xml_safe(card.teaser), quote=False))
            entry.content(body, type="CDATA")
            for author in card.authors:
                entry.dc.dc_creator(xml_safe(author.name), replace=False)
        else:
            entry.content(body, type="html")
            for author in card.authors:
                entry.author(name=xml_safe(author.name))
        for tag in card.tags:
            entry.category(term=xml_safe(tag.name), label=xml_safe(tag.name))


def _last_change(items: list[FeedItem], now: dt.datetime) -> dt.datetime:
    """A feed changes when a post in it does: its date is the newest post's, so rebuilding
    unchanged content gives the same bytes (the clock is used only for an empty feed)."""
    return max(((card.updated or card.date) for card, _ in items), default=now)


def build_rss(config: SiteConfig, items: list[FeedItem], self_url: str, now: dt.datetime,
              title: str | None = None) -> bytes:
    feed = _feed(config, self_url, _last_change(items, now), title)
    _add_items(feed, items, rss=True)
    return feed.rss_str(pretty=True)


def build_atom(config: SiteConfig, items: list[FeedItem], self_url: str, now: dt.datetime,
               title: str | None = None) -> bytes:
    feed = _feed(config, self_url, _last_change(items, now), title)
    _add_items(feed, items, rss=False)
    return feed.atom_str(pretty=True)


def build_json_feed(config: SiteConfig, items: list[FeedItem], self_url: str, now: dt.datetime,
                    title: str | None = None) -> bytes:
    """A JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as feed readers read it."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title or config.title,
        "home_page_url": config.url,
        "feed_url": self_url,
        "language": config.language,
        "items": [_json_item(card, body) for card, body in items],
    }
    if config.description:
        feed["description"] = config.description
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _json_item(card: PostCard, body: str) -> dict:
    item = {"id": card.absolute_url, "url": card.absolute_url, "title": card.title,
            "content_html": body, "summary": card.teaser,
            "date_published": card.date.isoformat(),
            "authors": [{"name": a.name} for a in card.authors],
            "tags": [t.name for t in card.tags]}
    if card.updated:
        item["date_modified"] = card.updated.isoformat()
    if card.image_url:
        item["image"] = card.image_url
    return item


def robots_txt(sitemap_url: str) -> bytes:
    """Every page may be crawled; the sitemap says which there are."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
