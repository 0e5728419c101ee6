"""Posts and authors as every page shows them: cards, made once per build, digested once."""

from __future__ import annotations

import re

from salesblog.content.model import resolve_image
from salesblog.content.posts import Post
from salesblog.render.markdown import render_bio
from salesblog.site.digests import with_digest
from salesblog.site.toc import without_permalinks
from salesblog.site.urls import SiteUrls
from salesblog.site.views import AuthorCard, Picture, PostCard
from salesblog.slugs import slugify

_FIRST_IMAGE = re.compile(r'\s*(?:<p>\s*)?(?:<a\b[^>]*>\s*)?<img\b[^>]*?\bsrc="([^"]+)"')


def author_card(author, urls: SiteUrls) -> AuthorCard:
    avatar = author.avatar
    if avatar and "://" not in avatar:
        avatar = urls.link(avatar.lstrip("/"))
    return with_digest(AuthorCard(author.id, author.name, author.title, render_bio(author.bio),
                                  avatar, urls.link(urls.author(author.id)), author.guest,
                                  website=author.url, linkedin=author.linkedin))


def post_card(ctx, post: Post) -> PostCard:
    """`ctx` is the PlanContext, its author and tag cards made already."""
    rendered = ctx.rendered[post.source]
    path = ctx.routes.path("post", post.source)
    return with_digest(PostCard(
        title=post.title, url=ctx.urls.link(path), absolute_url=ctx.urls.absolute(path),
        date=post.date, updated=post.updated,
        authors=[ctx.authors[a] for a in post.authors],
        tags=[ctx.card_tags[slugify(t)] for t in post.tags],
        summary_html=without_permalinks(rendered.summary_html), teaser=rendered.teaser,
        reading_minutes=rendered.reading_minutes, **_hero(post, _image(ctx, post), rendered.html)))


def _hero(post: Post, image: dict[str, str], html: str) -> dict[str, str]:
    """No hero above an imported post's body that opens with the same picture (old themes
    put the featured image in the body too): it would show twice. It stays the social image."""
    first = _FIRST_IMAGE.match(html) if post.legacy_url else None
    if first and image.get("image_href") and first.group(1) == image["image_href"]:
        return {**image, "image_href": "", "show_hero": False}  # still the card's thumbnail
    return image


def _image(ctx, post: Post) -> dict:
    """The post's front matter image, absolute (meta tags) and as a link (its hero); a post
    without one shares a generated card (site/share_card.py)."""
    urls = ctx.urls
    if not post.image:
        card = ctx.share_cards.card_for(ctx.routes.path("post", post.source), post.title,
                                        [ctx.authors[a].name for a in post.authors], ctx.config.title)
        return {"image_url": urls.absolute(card.path)}
    if "://" in post.image:
        return {"image_url": post.image, "image_href": post.image,
                "picture": Picture(post.image, post.image_alt or "")}
    # Looked for once per read (content/model.py hero_images); a Content made by hand has none.
    heroes = ctx.content.hero_images
    source = heroes[post.source] if post.source in heroes else resolve_image(ctx.content.project, post, post.image)
    routes = ctx.routes.of("asset", source)
    if not routes:
        return {}
    path = routes[0].path
    picture = Picture(urls.link(path), post.image_alt or "")
    attributes = ctx.images.attributes(source)
    if attributes is not None:
        picture.width, picture.height, picture.srcset = attributes.width, attributes.height, attributes.srcset
    return {"image_url": urls.absolute(path), "image_href": urls.link(path), "picture": picture}
