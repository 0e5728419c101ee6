"""The contribute form shown again after a failed post: the built page, refilled.

Using site/contribute/index.html keeps the site's look (header, navigation, Material styles).
Without a built site, the same template is rendered on a bare page instead.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import jinja2
import lxml.html

from salesblog.config import SiteConfig
from salesblog.contribute.relocate import absolute_links
from salesblog.engine.template_context import bare_context

# Characters an HTML document cannot hold; a kept input loses them (its error says why).
_NOT_IN_HTML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_BARE_LAYOUT = """<!doctype html>
<html lang="{{ config.theme.language | e }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ page.title | e }} - {{ config.site_name | e }}</title>
{% block styles %}<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:1rem}</style>{% endblock %}
</head><body><article class="md-content__inner md-typeset">{% block content %}{% endblock %}</article></body></html>
"""


@dataclass
class _View:
    site: SiteConfig
    action: str


def bare_page(config: SiteConfig, action: str, template: str = "salesblog/contribute.html") -> str:
    """One of our templates rendered without MkDocs, on a minimal layout of its own."""
    loader = jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": _BARE_LAYOUT}),
        jinja2.PackageLoader("salesblog", "templates"),
    ])
    env = jinja2.Environment(loader=loader, autoescape=False)  # like MkDocs: templates escape
    context = bare_context("Write for us", _View(config, action), config.title, config.language)
    return env.get_template(template).render(**context)


class FormPage:
    """Fills the contribute page with what was sent and a message per field."""

    def __init__(self, built: Path, config: SiteConfig, action: str, page_url: str):
        self.built = built
        self.config = config
        self.action = action
        self.page_url = page_url  # where the built page lives; its relative links start there
        self._cache: tuple[float, str] | None = None
        self._lock = threading.Lock()

    def _source(self) -> str:
        try:
            stamp = self.built.stat().st_mtime
        except OSError:
            return bare_page(self.config, self.action)
        with self._lock:
            if self._cache is None or self._cache[0] != stamp:
                self._cache = (stamp, self.built.read_text(encoding="utf-8"))
            return self._cache[1]

    def render(self, values: dict[str, str], errors: dict[str, str], summary: str) -> str:
        document = lxml.html.document_fromstring(self._source())
        forms = document.xpath("//form[@data-salesblog-form]") or document.xpath("//form")
        if not forms:
            document = lxml.html.document_fromstring(bare_page(self.config, self.action))
            forms = document.xpath("//form")
        form = forms[0]
        for name, value in values.items():
            for element in form.xpath(".//*[@name=$name]", name=name):
                _fill(element, _NOT_IN_HTML.sub("", value))
        for name, message in errors.items():
            for slot in form.xpath(".//*[@data-error-for=$name]", name=name):
                slot.text = message
            for element in form.xpath(".//*[@name=$name]", name=name):
                element.set("aria-invalid", "true")
        for slot in form.xpath(".//*[@data-error-summary]"):
            slot.text = summary
        absolute_links(document, self.page_url)  # it is sent from the action's URL, not its own
        return lxml.html.tostring(document, doctype="<!doctype html>", encoding="unicode")


def _fill(element, value: str) -> None:
    if element.tag == "textarea":
        element.text = value
    elif element.tag == "input" and element.get("type") not in ("submit", "button", "hidden"):
        element.set("value", value)
