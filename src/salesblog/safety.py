"""The trust boundary: what text from outside (imported pages and exports, guest drafts) may
become once it is Markdown in content/, and the link and id policy render/ applies to everything.

One policy, used by the importer, the contribute path and the renderer alike:
- `is_safe_url`: the only URL-scheme check (http, https, mailto, relative, #fragment);
- `safe_element_id`: ids the theme's scripts look up are never taken by a post's element;
- `escape_markdown_text`: any text as Markdown that shows exactly that text;
- `sanitize_html`: the nh3 allowlist, with the same URL and id policy;
- `vet_untrusted_markdown`: Markdown from outside, defanged and proven clean by rendering it as
  `salesblog build` does, or else the plain-text fallback.
"""

from __future__ import annotations

import functools
import html as html_entities
import re
from urllib.parse import unquote

import lxml.html
import nh3

from salesblog.text import CONTROL

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Whitespace and controls anywhere: browsers drop tabs and newlines inside a URL and trim the rest.
_INVISIBLE = re.compile(r"[\s\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


@functools.lru_cache(maxsize=65536)  # asked for every link of every post on each build
def is_safe_url(url: str) -> bool:
    """True for http(s), mailto, a relative reference or a #fragment; False for any other
    scheme (javascript:, data:, vbscript:, file:...), however spelled: character references,
    percent-encoding, whitespace or control characters inside, mixed case."""
    candidate = url
    for _ in range(4):  # each spelling a browser or a later decoder could see
        compact = _INVISIBLE.sub("", candidate)
        if not _scheme_allowed(compact):
            return False
        decoded = unquote(html_entities.unescape(candidate))
        if decoded == candidate:
            return True
        candidate = decoded
    return False  # still decoding after four rounds: nobody writes a real link like that


def _scheme_allowed(url: str) -> bool:
    head = re.split(r"[/?#\\]", url, maxsplit=1)[0]
    if ":" not in head:
        return True  # relative, or a fragment
    scheme = _SCHEME.fullmatch(head.split(":", 1)[0] + ":")
    return scheme is not None and scheme[1].lower() in SAFE_SCHEMES


# Material names all its elements "__..." (__config, __drawer, __search, __toc, __palette_0,
# __consent, __nav_1...) and finds them by id; our templates use contribute-* and year-NNNN.
_RESERVED_ID = re.compile(r"^(?:__|\W|contribute-|year-\d)", re.I)


def safe_element_id(element_id: str) -> str:
    """`element_id` when no template or theme script uses it, else a spelling none does."""
    if not _RESERVED_ID.match(element_id):
        return element_id
    return "h-" + (re.sub(r"^[_\W]+", "", element_id) or "section")


# --- text as Markdown ---------------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[`*_\[\]{}~|]|<|&(?=#?\w+;)")
# What makes a line a block of its own: heading, quote, list, setext or hr line, definition,
# admonition or details, table row, ordered list.
_LINE_START = re.compile(r"^([ \t]*)(?:([#>+\-!])|([=:?])|(\d+)([.)]))", re.M)


def _escape_inline(match: re.Match) -> str:
    found = match[0]
    if found == "<":
        return "&lt;"
    if found == "&":
        return "&amp;"
    return "\\" + found


def _escape_line_start(match: re.Match) -> str:
    indent, escapable, referenced, digits, dot = match.groups()
    if escapable:
        return f"{indent}\\{escapable}"
    if referenced:
        return f"{indent}&#{ord(referenced)};"
    return f"{indent}{digits}\\{dot}"


def escape_inline_text(text: str) -> str:
    """Text inside a line of Markdown (no line of its own): every character that could start
    a link, emphasis, code, HTML, an entity or an attribute list is escaped."""
    return _INLINE_SPECIAL.sub(_escape_inline, text)


def escape_line_starts(markdown: str) -> str:
    """Escape what would make a line a heading, quote, list, table or definition."""
    return _LINE_START.sub(_escape_line_start, markdown)


def escape_markdown_text(text: str) -> str:
    """Markdown that renders as `text` itself, literally: no link, emphasis, HTML, list or
    heading can come out of it. Lines are kept (as lines of one paragraph per blank line)."""
    lines = _normalise(text).split("\n")
    return escape_line_starts("\n".join(escape_inline_text(line.strip()) for line in lines))


def _normalise(text: str) -> str:
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


# --- HTML allowlist -----------------------------------------------------------------------------

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
# Tables align columns with style="text-align: ..."; nothing else may style an outside text.
ALLOWED_STYLES = {"text-align"}
_URL_ATTRIBUTES = {"href", "src"}


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if name in _URL_ATTRIBUTES:
        return value if is_safe_url(value) else None
    if name == "id":
        return safe_element_id(value)
    return value


def sanitize_html(html: str) -> str:
    """`html` reduced to the allowlist: unknown elements and attributes, comments, script and
    style content, URLs the policy refuses and ids the theme uses are removed."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(SAFE_SCHEMES), filter_style_properties=ALLOWED_STYLES,
                     clean_content_tags={"script", "style"}, link_rel=None,
                     attribute_filter=_filter_attribute)


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


# --- untrusted Markdown -------------------------------------------------------------------------

# Code is shown as written, so it is left alone: fenced blocks (any indent, in lists and quotes)
# and inline code spans (within one paragraph). A span found wrongly here is caught by the
# rendering check below.
_CODE = re.compile(r"^(?P<lead>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n.*?^[ \t>]*(?P=fence)[ \t]*$"
                   r"|(?P<ticks>`+)[^`\n](?:(?!\n[ \t]*\n).)*?(?<!`)(?P=ticks)(?!`)", re.M | re.S)
# A backslash escape stays one unit; a bare "<" (HTML, comments, autolinks) and braces
# (attribute lists, template syntax) become text; an <https://...> autolink stays a link.
_PROSE_SPECIAL = re.compile(r"\\[\\`*_{}\[\]()#+\-.!|~>]|<https?://[^\s<>\"'`]+>|[<{}]")
# Escape pairs are matched first so that an escaped "\\](" is left alone.
# A "](" whose link never closes is text: left as it is, Python-Markdown looks for its ")"
# through the rest of the paragraph, and thousands of them take minutes to render.
_LINK_END = r"""[ \t]*\n?[ \t]*(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))?[ \t]*\)"""  # [title] ")"
_INLINE_DESTINATION = re.compile(r"\\.|(\]\(\s*)((?:[^\s()]|\([^\s()]*\))*)(?=" + _LINK_END + r")|\]\(")
# Reference definitions carry a URL; footnote definitions ([^1]: ...) carry text and stay.
_REFERENCE_DEFINITION = re.compile(r"(^[ \t>]*\[(?!\^)[^\]\n]+\]:[ \t]*)(\S+)", re.M)
_FENCE_INFO = re.compile(r"[\w+#.\-]*")
_ABBREVIATION = re.compile(r"^([ \t]*)(\*\[[^\]\n]*\]:)", re.M)
MAX_ABBREVIATIONS = 100


def vet_untrusted_markdown(markdown: str, *, relative_links: bool = True) -> str:
    """Markdown from outside as it may be written into content/: rendered by render/, it has no
    script, no raw HTML, no event handler, no attribute list, no unsafe URL and no id the theme
    uses. When defanging cannot make it so, it is kept as plain text. Never raises for what the
    text contains: hostile text is data. `relative_links=False` also points relative links at
    "#" (a guest's relative link names a file of the guest's machine, not of the blog)."""
    text = _normalise(markdown)
    defanged = defang_markdown(text, relative_links=relative_links)
    rendered = _render(defanged)
    if is_clean(rendered):
        # An #anchor to no element of this text would fail `check` and `build` for the whole
        # blog once published: it points at the top of the page instead.
        anchors = frozenset(_ELEMENT_ID.findall(rendered))
        return defang_markdown(text, relative_links=relative_links, anchors=anchors)
    plain = plain_text_markdown(text)
    return plain if _renders_clean(plain) else ""


def defang_markdown(text: str, *, relative_links: bool = True,
                    anchors: frozenset[str] | None = None) -> str:
    """Markdown with raw HTML, attribute lists and unsafe link destinations neutralised; code
    and backslash escapes as they were (so defanging twice changes nothing). With `anchors`
    (the ids the text's HTML has), a link to any other #fragment becomes "#"."""
    allowed = is_safe_url if relative_links else _absolute_and_safe
    if anchors is not None:
        allowed = functools.partial(_known_anchor_and, allowed, anchors)
    parts, position = [], 0
    for code in _CODE.finditer(text):
        parts.append(_defang_prose(text[position:code.start()], allowed))
        parts.append(_defang_code(code))
        position = code.end()
    parts.append(_defang_prose(text[position:], allowed))
    return "".join(parts)


def _defang_prose(text: str, allowed) -> str:
    text = _PROSE_SPECIAL.sub(lambda m: {"<": "&lt;", "{": "\\{", "}": "\\}"}.get(m[0], m[0]), text)

    def destination(match: re.Match) -> str:
        if match[1] is None:
            return match[0]
        return match[1] + (match[2] if allowed(match[2]) else "#")

    def inline_destination(match: re.Match) -> str:
        return "]\\(" if match[0] == "](" else destination(match)  # the bare "](" of no link

    text = _INLINE_DESTINATION.sub(inline_destination, text)
    if len(_ABBREVIATION.findall(text)) > MAX_ABBREVIATIONS:
        # Each abbreviation is one more pattern matched over the whole text: quadratic.
        text = _ABBREVIATION.sub(lambda m: m[1] + "\\" + m[2], text)
    return _REFERENCE_DEFINITION.sub(destination, text)


_ELEMENT_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def _known_anchor_and(allowed, anchors: frozenset[str], url: str) -> bool:
    if url.startswith("#") and len(url) > 1 and unquote(url[1:]) not in anchors:
        return False
    return allowed(url)


def _absolute_and_safe(url: str) -> bool:
    return is_safe_url(url) and (url.startswith("#") or _SCHEME.match(url) is not None)


def _defang_code(code: re.Match) -> str:
    if code["fence"] is None:
        return code[0]
    # The info string may carry {attributes} for the fence: only a language name stays.
    info = _FENCE_INFO.match(code["info"].strip())[0]
    rest = code[0].split("\n", 1)[1]
    return f"{code['lead']}{code['fence']}{info}\n{rest}"


def plain_text_markdown(text: str) -> str:
    """Markdown that renders as the text itself with no syntax left at all: every punctuation
    character is written as a character reference; paragraphs are kept."""
    lines = (re.sub(r"[^\w\s]", lambda m: f"&#{ord(m[0])};", line).strip()
             for line in _normalise(text).split("\n"))
    return "\n".join(lines)


def _renders_clean(markdown: str) -> bool:
    return is_clean(_render(markdown))


def _render(markdown: str) -> str:
    from salesblog.render.markdown import render_markdown  # render/ applies this module's policy

    return render_markdown(markdown)
