"""content/pages/<slug>.md at /<slug>/: About, Privacy... Few, so rendered on every build."""

from __future__ import annotations

from salesblog.render.markdown import PostRenderer
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import PageSpec
from salesblog.site.urls import link_table
from salesblog.site.views import PageView


def standalone_pages(ctx: PlanContext) -> list[PageSpec]:
    if not ctx.content.pages:
        return []
    renderer = PostRenderer()
    table = link_table(ctx.content, ctx.urls)
    specs = []
    for page in ctx.content.pages:
        rendered = renderer.render(page.body, page.source.parent, table, page.summary or None)
        description = page.summary or rendered.teaser
        path = ctx.routes.path("page", page.source)
        view = PageView(page.title, rendered.html, ctx.meta(page.title, path, description))
        specs.append(PageSpec(path, page.title, "salesblog/page.html", view,
                              description=description, searchable=True, kind="page"))
    return specs
