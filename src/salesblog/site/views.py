"""What each kind of page shows, as plain data the templates read. No engine code here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salesblog.config import CallToAction, SiteConfig
from salesblog.site.toc import TocEntry


@dataclass
class AuthorCard:
    id: str
    name: str
    title: str
    bio_html: str
    avatar_url: str
    url: str  # the author's page on this site
    guest: bool
    website: str = ""  # the author's own page (authors.yml url)
    linkedin: str = ""
    # site/digests.py: made once from the other fields when the planner makes the card
    digest: str = field(default="", init=False, repr=False, compare=False)


@dataclass
class TagLink:
    name: str
    slug: str
    url: str
    count: int = 0
    description: str = ""  # from content/tags.yml
    # site/digests.py: made once from the other fields when the planner makes the card
    digest: str = field(default="", init=False, repr=False, compare=False)


@dataclass
class TopicView:
    """A tag's hub (content/tags.yml): intro and the posts to start with."""

    intro_html: str
    start_here: list  # of PostCard


@dataclass
class Picture:
    """An image as an <img> shows it: size and WebP renditions when it is a local raster image."""

    src: str
    alt: str = ""
    width: int = 0  # 0: unknown (a remote image)
    height: int = 0
    srcset: str = ""


@dataclass
class PostCard:
    """A post as listings, the sidebar and feeds show it."""

    title: str
    url: str  # href on this site
    absolute_url: str
    date: dt.datetime
    updated: dt.datetime | None
    authors: list[AuthorCard]
    tags: list[TagLink]
    summary_html: str
    teaser: str
    reading_minutes: int
    image_url: str = ""  # absolute, for meta tags and feeds
    image_href: str = ""  # the same image as a link on this site, for the post's hero
    picture: Picture | None = None  # the post's own image: its hero, and its cards' thumbnail
    show_hero: bool = True  # False when the body already opens with that picture
    # site/digests.py: made once from the other fields when the planner makes the card
    digest: str = field(default="", init=False, repr=False, compare=False)

    @property
    def date_text(self) -> str:
        return f"{self.date:%B} {self.date.day}, {self.date.year}"

    @property
    def date_iso(self) -> str:
        return self.date.isoformat()

    @property
    def shows_update(self) -> bool:
        """An `updated:` date worth showing: a later day than the post's own."""
        return self.updated is not None and self.updated.date() > self.date.date()

    @property
    def updated_text(self) -> str:
        return f"{self.updated:%B} {self.updated.day}, {self.updated.year}" if self.updated else ""

    @property
    def updated_iso(self) -> str:
        return self.updated.isoformat() if self.updated else ""


@dataclass
class ShareLink:
    """A plain link that shares a post (no script of the network is loaded)."""

    network: str  # linkedin, x, email
    label: str
    href: str


@dataclass
class MetaTags:
    """Open Graph, Twitter and JSON-LD for a page's <head>."""

    tags: list[tuple[str, str, str]] = field(default_factory=list)  # (attribute, name, content)
    json_ld: str = ""


@dataclass
class SeriesPart:
    """One part in a series' list: the part's card, and whether it is the page showing it."""

    card: PostCard
    current: bool = False


@dataclass
class SeriesNav:
    """"Part 2 of 5" above a post of a series, with the series and every part linked."""

    title: str
    url: str
    number: int
    parts: list[SeriesPart]


@dataclass
class SeriesView:
    """/series/<id>/: the series' intro and its parts in reading order."""

    title: str
    intro_html: str
    parts: list  # of PostCard
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "series"


@dataclass
class PostView:
    card: PostCard
    html: str
    recent: list[PostCard]
    calls_to_action: list[CallToAction]
    previous: PostCard | None = None  # older
    next: PostCard | None = None  # newer
    meta: MetaTags = field(default_factory=MetaTags)
    toc: list[TocEntry] = field(default_factory=list)  # "In this post", when long enough
    related: list[PostCard] = field(default_factory=list)  # "More on this topic"
    share: list[ShareLink] = field(default_factory=list)
    series: SeriesNav | None = None
    kind: str = "post"


@dataclass
class ListingView:
    """Home pages, a tag's page and an author's page: a heading and post summaries."""

    heading: str
    posts: list[PostCard]
    page: int = 1
    pages: int = 1
    previous_url: str = ""  # newer posts
    next_url: str = ""  # older posts
    feed_url: str = ""
    author: AuthorCard | None = None
    tag: TagLink | None = None
    meta: MetaTags = field(default_factory=MetaTags)
    topic: TopicView | None = None
    kind: str = "listing"


@dataclass
class AuthorIndexView:
    """/authors/: every author with a published post, and how many."""

    authors: list[tuple[AuthorCard, int]]
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "authors"


@dataclass
class TagIndexView:
    tags: list[TagLink]
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "tags"


@dataclass
class ArchiveView:
    years: list[tuple[int, list[PostCard]]]
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "archive"


@dataclass
class ContributeView:
    site: SiteConfig
    action: str  # where the form posts, base path included
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "contribute"


@dataclass
class PageView:
    """A standalone page (content/pages/<slug>.md): About, Privacy..."""

    title: str
    html: str
    meta: MetaTags = field(default_factory=MetaTags)
    kind: str = "page"


@dataclass
class NotFoundView:
    """What the 404 page offers instead: the newest posts and the biggest tags."""

    recent: list[PostCard]
    tags: list[TagLink]


@dataclass
class FooterLink:
    title: str
    url: str
