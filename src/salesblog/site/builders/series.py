"""/series/<id>/ for every series with a published part: its intro, then the parts in order."""

from __future__ import annotations

from salesblog.render.markdown import render_bio
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import PageSpec
from salesblog.site.views import SeriesView


def series_pages(ctx: PlanContext) -> list[PageSpec]:
    pages = []
    for series_id, parts in ctx.content.series_parts.items():
        series = ctx.content.series[series_id]
        path = ctx.routes.path("series", series_id)
        description = f"A series of {len(parts)} posts on {ctx.config.title}"
        view = SeriesView(series.title, render_bio(series.intro),  # one renderer, one link policy
                          ctx.cards_of(parts), ctx.meta(series.title, path, description))
        pages.append(PageSpec(path, series.title, "salesblog/series.html", view,
                              description=description, kind="series"))
    return pages
