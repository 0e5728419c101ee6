"""A built page sent from another URL than its own: its relative links made absolute.

The re-filled contribute form is built as {prefix}/contribute/ but answers a POST to
{prefix}/contribute (the form's action, CONTRACT.md). Against that URL a link such as
../assets/main.css would resolve one folder too high. A <base> element would fix the links but
break in-page ones (#field would leave the page and lose the input) and would not reach Material's
scripts, which resolve their settings against location; so every relative reference is resolved
here, against the URL the page was built for.
"""

from __future__ import annotations

import json
import re
import urllib.parse

import lxml.html

# Material's first inline script: the scope its saved settings (palette, consent) are keyed by.
_MATERIAL_SCOPE = re.compile(r'new URL\("([^"\\]*)",location\)')
# Material's settings: the site's root and the search worker, both relative to the page.
_MATERIAL_CONFIG_URLS = ("base", "search")


def absolute_links(document: lxml.html.HtmlElement, page_url: str) -> None:
    """Rewrite relative links of `document` (built to live at the path `page_url`) in place."""
    document.rewrite_links(lambda link: _resolve(link, page_url))
    for script in document.iter("script"):
        if script.get("id") == "__config" and script.text:
            script.text = _config(script.text, page_url)
        elif script.text and not script.get("src"):
            script.text = _MATERIAL_SCOPE.sub(
                lambda m: f'new URL({json.dumps(_resolve(m[1], page_url))},location)', script.text)


def _resolve(link: str, page_url: str) -> str:
    parts = urllib.parse.urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("/", "#")) or not link:
        return link  # absolute, or within this very page: right from any URL
    return urllib.parse.urljoin(page_url, link)


def _config(text: str, page_url: str) -> str:
    try:
        settings = json.loads(text)
    except ValueError:
        return text  # not Material's JSON: leave it alone
    if not isinstance(settings, dict):
        return text
    for key in _MATERIAL_CONFIG_URLS:
        if isinstance(settings.get(key), str):
            settings[key] = _resolve(settings[key], page_url)
    # "</" escaped: the JSON sits in a <script> element, which "</script>" would end.
    return json.dumps(settings).replace("</", "<\\/")
