"""The pages that list the site's tags, authors and posts as a whole: /tags/, /authors/, /archive/."""

from __future__ import annotations

from itertools import groupby

from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import PageSpec
from salesblog.site.views import ArchiveView, AuthorIndexView, TagIndexView


def author_index_page(ctx: PlanContext) -> PageSpec:
    """/authors/: everyone with a published post, most posts first."""
    path = ctx.routes.path("author-index")
    entries = sorted(((ctx.authors[a], len(posts)) for a, posts in ctx.content.posts_by_author.items()),
                     key=lambda entry: (-entry[1], entry[0].name.lower()))
    return PageSpec(path, "Authors", "salesblog/authors.html", AuthorIndexView(entries, ctx.meta("Authors", path)),
                    description=f"The authors of {ctx.config.title}", kind="author-index")


def tag_index_page(ctx: PlanContext) -> PageSpec:
    path = ctx.routes.path("tag-index")
    return PageSpec(path, "Tags", "salesblog/tags.html",
                    TagIndexView(sorted(ctx.tags.values(), key=lambda t: t.name.lower()), ctx.meta("Tags", path)),
                    description=f"All tags of {ctx.config.title}", kind="tag-index")


def archive_page(ctx: PlanContext) -> PageSpec:
    path = ctx.routes.path("archive")
    years = [(year, list(group)) for year, group in groupby(ctx.cards_of(ctx.content.posts),
                                                             key=lambda c: c.date.year)]
    return PageSpec(path, "Archive", "salesblog/archive.html", ArchiveView(years, ctx.meta("Archive", path)),
                    description=f"Every post of {ctx.config.title}, by year", kind="archive")
