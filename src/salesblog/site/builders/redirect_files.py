"""A small page at every old address the route table gives a redirect (a post's legacy_url,
content/redirects.yml), and the whole map for Netlify and nginx."""

from __future__ import annotations

from urllib.parse import urlsplit

from salesblog.site import redirects
from salesblog.site.builders.context import PlanContext
from salesblog.site.specs import OutputFile


def redirect_files(ctx: PlanContext) -> list[OutputFile]:
    files, table = [], []
    for route in ctx.routes.kind("redirect"):
        if route.target:  # content/redirects.yml: the old blog's tag, author and listing pages
            old, new = route.key, route.target
            target = new if "://" in new else ctx.urls.link(new.lstrip("/"))
            absolute = new if "://" in new else ctx.urls.absolute(new.lstrip("/"))
            files.append(OutputFile(route.path, redirects.redirect_page(ctx.config.title, absolute, noun="page")))
            table.append(redirects.Redirect(old, target))
        else:  # a post's legacy_url
            card = ctx.cards[route.key]
            files.append(OutputFile(route.path, redirects.redirect_page(card.title, card.absolute_url)))
            table.append(redirects.Redirect(urlsplit(ctx.posts[route.key].legacy_url).path, card.url))
    files.append(OutputFile(redirects.NETLIFY_FILE, redirects.netlify_redirects(table)))
    files.append(OutputFile(redirects.NGINX_FILE, redirects.nginx_map(table)))
    return files
