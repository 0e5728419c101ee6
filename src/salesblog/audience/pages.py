"""Pages and e-mails rendered by the server itself (thanks, confirm, preferences...): small,
self-contained HTML, all marked noindex, and the text of e-mails."""

from __future__ import annotations

import functools

import jinja2

from salesblog.config import SiteConfig


@functools.lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    # Kept apart from the site's templates: MkDocs copies every non-HTML file of a theme folder
    # into the site, which would publish the e-mails' text templates.
    return jinja2.Environment(loader=jinja2.PackageLoader("salesblog.audience", "templates"),
                              autoescape=jinja2.select_autoescape(["html"]),
                              keep_trailing_newline=True)


def render(template: str, config: SiteConfig, **values) -> str:
    return environment().get_template(template).render(site=config, home=config.base_path, **values)


def message_page(config: SiteConfig, title: str, *lines: str, link: tuple[str, str] | None = None) -> str:
    """A page that says one thing: a title, a few paragraphs, maybe a link (href, text)."""
    return render("audience/page.html", config, title=title, lines=lines, link=link)
