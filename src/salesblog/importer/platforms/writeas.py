"""Write.as and WriteFreely: the post in `#post-body .e-content`, the title an h2, hashtags in
the text linking to /tag:NAME, and the blog (not a person) as the author."""

from __future__ import annotations

from bs4 import BeautifulSoup

from salesblog.importer.platforms.base import Platform, generator, has_any


def detect(soup: BeautifulSoup, raw: str) -> bool:
    return any(name in generator(soup) for name in ("write.as", "writefreely")) or \
        has_any(soup, "article#post-body .e-content")


PLATFORM = Platform(
    name="writeas",
    detect=detect,
    body_selectors=("#post-body .e-content", "article#post-body"),
    title_selectors=("#post-body #title", "#post-body .p-name"),
    author_selectors=("#blog-title a.p-author",),
    date_selectors=("#post-body time.dt-published",),
    tag_selectors=("#post-body a.hashtag .p-category", "#post-body a.hashtag"),
    site_is_author=True,
)
