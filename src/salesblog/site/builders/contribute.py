"""/contribute/ (the form guests send a post with) and the thanks page it leads to."""

from __future__ import annotations

from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import PageSpec
from salesblog.site.views import ContributeView


def contribute_pages(ctx: PlanContext) -> list[PageSpec]:
    form, thanks = ctx.routes.path("contribute"), ctx.routes.path("thanks")
    action = ctx.urls.link(form.rstrip("/"))  # the contract's form action, /contribute
    intro = ctx.config.contribute.intro
    return [
        PageSpec(form, "Contribute", "salesblog/contribute.html",
                 ContributeView(ctx.config, action, ctx.meta("Contribute", form)), description=intro,
                 kind="contribute"),
        PageSpec(thanks, "Thank you", "salesblog/contribute-thanks.html",
                 ContributeView(ctx.config, action, ctx.meta("Thank you", thanks, noindex=True)),
                 description=intro, indexable=False, kind="thanks"),
    ]
