"""Making a guest's Markdown safe to publish: no raw HTML, no script, no javascript:/data: URLs.

The Markdown itself is defanged (so editors can still edit it after `inbox accept`), then it is
rendered and the HTML checked against an nh3 allowlist. When anything would have been removed
by nh3, the body is published as plain text instead: we never rely on the defanging alone.
"""

from __future__ import annotations

import re

import lxml.html
import markdown
import nh3

from salesblog.render.markdown import EXTENSION_CONFIGS, EXTENSIONS
from salesblog.text import CONTROL

SAFE_SCHEMES = {"http", "https", "mailto"}

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s",
    "del", "ins", "mark", "sup", "sub", "small", "code", "pre", "kbd", "blockquote", "ul", "ol",
    "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "span", "div", "details", "summary", "input", "label",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "th": {"align", "style"},
    "td": {"align", "style"},
    "input": {"type", "disabled", "checked"},  # task lists
}
# Tables align columns with style="text-align: ..."; nothing else may style a guest's post.
ALLOWED_STYLES = {"text-align"}

# "&" that starts a character reference: browsers decode those in URLs too (javascript&#58;),
# so they are written as text.
_REFERENCE = re.compile(r"&(?=[#A-Za-z])")
_INLINE_DESTINATION = re.compile(r"(\]\(\s*)([^\s)]*)")
_REFERENCE_DEFINITION = re.compile(r"(^[ ]{0,3}\[[^\]\n]+\]:\s*)(\S+)", re.M)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_markdown(text: str) -> str:
    """The Markdown a guest post or bio is published with; its rendering passes `is_clean`."""
    defanged = defang(text)
    if is_clean(render(defanged)):
        return defanged
    plain = as_plain_text(text)
    if not is_clean(render(plain)):  # cannot happen: plain text has no syntax left; never publish it
        raise RuntimeError("a guest text could not be made safe to publish")
    return plain


def defang(text: str) -> str:
    """Markdown with raw HTML, attribute lists, template braces and unsafe links neutralised."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    text = _REFERENCE.sub("&amp;", text)
    # "<" as text kills every HTML tag, comment and <autolink>; braces as text kill {: attr lists}
    # (which can add onclick=...) and any template syntax a build plugin might run.
    text = text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")
    text = _INLINE_DESTINATION.sub(_safe_destination, text)
    return _REFERENCE_DEFINITION.sub(_safe_destination, text)


def _safe_destination(match: re.Match) -> str:
    return match[1] + (match[2] if is_safe_url(match[2]) else "#")


def is_safe_url(url: str) -> bool:
    """An absolute URL with an allowed scheme, or a #fragment. A guest's relative links point at
    files that are not ours (and `salesblog build` refuses links to missing files), so they go."""
    url = url.strip()
    scheme = _SCHEME.match(url)
    return url.startswith("#") or (scheme is not None and scheme[1].lower() in SAFE_SCHEMES)


def as_plain_text(text: str) -> str:
    """Markdown that renders as the text itself: every punctuation character written as a
    character reference, so no Markdown or HTML syntax is left; paragraphs are kept."""
    text = CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    lines = (re.sub(r"[^\w\s]", lambda m: f"&#{ord(m[0])};", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def render(text: str) -> str:
    """HTML as `salesblog build` renders a post body: same extensions, same settings."""
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def sanitize_html(html: str) -> str:
    """`html` reduced to the allowlist: unknown tags and attributes, comments, and URLs with any
    scheme but http, https and mailto are removed."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=SAFE_SCHEMES, filter_style_properties=ALLOWED_STYLES,
                     clean_content_tags={"script", "style"}, link_rel=None)


def is_clean(html: str) -> bool:
    """True when sanitizing would remove nothing: same elements, same attributes, same text."""
    return _shape(html) == _shape(sanitize_html(html))


def _shape(html: str) -> list:
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    shape = []
    for node in root.iter():
        if not isinstance(node.tag, str):  # a comment or processing instruction
            shape.append(("#comment",))
            continue
        attributes = sorted((k, _comparable(k, v)) for k, v in node.attrib.items())
        shape.append((node.tag, attributes, node.text or "", node.tail or ""))
    return shape


def _comparable(name: str, value: str) -> str:
    # Serializers differ in spelling only: `disabled` vs disabled="", "text-align: left;" vs
    # "text-align:left".
    if value == name:
        return ""
    return "".join(value.split()).rstrip(";") if name == "style" else value
