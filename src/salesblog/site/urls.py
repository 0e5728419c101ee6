"""Where every page of the site lives. One place decides, so links and files always agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from salesblog.config import SiteConfig
from salesblog.content.posts import Post
from salesblog.slugs import slugify

FEED_RSS = "feed.xml"
FEED_ATOM = "atom.xml"
FEED_JSON = "feed.json"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
BRAND_CSS = "assets/stylesheets/brand.css"  # generated from brand: in site_config.yml
# Pages every site has; the planner makes them and the path checks keep them free.
HOME = ""
TAG_INDEX = "tags/"
AUTHOR_INDEX = "authors/"
ARCHIVE = "archive/"
CONTRIBUTE = "contribute/"
THANKS = "contribute/thanks/"


@dataclass(frozen=True)
class SiteUrls:
    """Paths are relative to the site root ("blog/slug/"); `link` adds the base path for hrefs;
    `absolute` gives the public URL for feeds and meta tags."""

    config: SiteConfig

    def post(self, post: Post) -> str:
        moment = post.date
        return self.config.permalink.format(slug=post.slug, year=f"{moment.year:04d}",
                                            month=f"{moment.month:02d}", day=f"{moment.day:02d}")

    @staticmethod
    def tag(tag: str) -> str:
        return f"tags/{slugify(tag)}/"

    @staticmethod
    def tag_feed(tag: str) -> str:
        return f"tags/{slugify(tag)}/{FEED_RSS}"

    @staticmethod
    def author(author_id: str) -> str:
        return f"authors/{author_id}/"

    @staticmethod
    def author_feed(author_id: str) -> str:
        return f"authors/{author_id}/{FEED_RSS}"

    @staticmethod
    def series(series_id: str) -> str:
        return f"series/{series_id}/"

    def link(self, path: str) -> str:
        """An href that works from any page: the site's base path plus `path` (percent-encoded,
        for slugs in other scripts)."""
        return self.config.base_path + quote(path, safe="/#")

    def absolute(self, path: str) -> str:
        return self.config.origin + self.link(path)


_UNWRITABLE = re.compile(r"[\x00-\x1f\x7f]")


def legacy_path(legacy_url: str) -> str | None:
    """The site path an old URL's redirect page is written to ("old/post/index.html"), or None
    when the old URL's path is the site root or could not name a file under site/."""
    path = urlsplit(legacy_url).path.strip("/")
    # Judged as a web server reads it (decoded): "%2e%2e", "%2f..", a backslash or a NUL would
    # climb out of site/ or name a file no request reaches.
    decoded = unquote(path)
    if not path or ".." in decoded.split("/") or "\\" in decoded or _UNWRITABLE.search(decoded):
        return None
    if "." in path.rsplit("/", 1)[-1]:  # old-post.html, post.php: a file of that very name
        return path
    return f"{path}/index.html"


def asset_path(asset, urls: SiteUrls) -> str:
    """Where a file of content/ is in the site: beside its post's page, or at its own path."""
    return urls.post(asset.post) + asset.relative if asset.post else asset.relative


def link_table(content, urls: SiteUrls) -> dict[str, str]:
    """Resolved source file -> its href: what relative links in posts are rewritten to."""
    table = {str(p.source): urls.link(urls.post(p)) for p in content.posts}
    for asset in content.assets:
        table[str(asset.source)] = urls.link(asset_path(asset, urls))
    return table
