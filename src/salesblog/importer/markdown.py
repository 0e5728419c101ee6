"""Cleaned article HTML to readable Markdown: ATX headings, "-" bullets, fenced code with its
language, figures as an image and an italic caption, no raw HTML.

The page's text is data: whatever Markdown or HTML it seems to hold is escaped (salesblog.safety),
and the result passes the same check as a guest's draft before anything is written."""

from __future__ import annotations

import re

from urllib.parse import quote

from bs4 import BeautifulSoup, Tag
from markdownify import ATX, MarkdownConverter

from salesblog.safety import (escape_inline_text, escape_line_starts, escape_markdown_text,
                              is_safe_url, vet_untrusted_markdown)

_LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language-|lang-|brush:\s*|highlight-source-|sourceCode\s+)?"
                             r"(python|py|javascript|js|typescript|ts|bash|shell|sh|console|html|xml|css|"
                             r"json|yaml|yml|sql|java|c|cpp|csharp|cs|go|ruby|rb|php|rust|swift|kotlin|"
                             r"text|markdown|md|diff|powershell|ini|toml|dockerfile)(?:\s|;|$)", re.I)


def _code_language(element: Tag) -> str:
    for candidate in (element, element.find("code")):
        if isinstance(candidate, Tag):
            names = " ".join(candidate.get("class") or []) + " " + (candidate.get("data-lang") or "") + \
                " " + (candidate.get("data-language") or "")
            match = _LANGUAGE_CLASS.search(names)
            if match:
                return match.group(1).lower()
    return ""


def markdown_text(text: str) -> str:
    """Plain text (a summary from a meta description) as Markdown that shows it literally."""
    return escape_markdown_text(" ".join(text.split()))


class ArticleConverter(MarkdownConverter):
    """markdownify, tuned for imported articles."""

    def escape(self, text, parent_tags):
        # An article about HTML or Markdown writes "&lt;script&gt;" or "[x](javascript:...)": it
        # must stay text. Line breaks in HTML text are spaces, so only the node's start can begin
        # a line of Markdown (a heading, list or quote).
        if not text:
            return ""
        return escape_line_starts(escape_inline_text(text))

    def convert_img(self, el, text, parent_tags):
        src = (el.get("src") or "").strip()
        if not src or not is_safe_url(src):
            return ""
        alt = " ".join((el.get("alt") or "").split()).replace("[", "(").replace("]", ")").replace("\\", "/")
        title = " ".join((el.get("title") or "").split()).replace('"', "'").replace("\\", "/")
        title_part = f' "{title}"' if title and title != alt else ""
        markdown = f"![{alt}]({_escape_url(src)}{title_part})"
        if "_inline" in parent_tags and el.find_parent(["p", "li", "td", "th", "a"]) is not None:
            return markdown
        return f"\n\n{markdown}\n\n"

    def convert_figure(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        caption = " ".join(text.split())
        return f"\n\n*{caption}*\n\n" if caption else ""

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").strip()
        if "_noformat" in parent_tags or not text.strip() or not href or not is_safe_url(href):
            return text  # a javascript: link keeps its words, not its script
        title = " ".join((el.get("title") or "").split()).replace('"', "'").replace("\\", "/")
        title_part = f' "{title}"' if title else ""
        before, inner, after = _chomp(text)
        url = _escape_url(href)
        if inner.replace("\\", "") == href == url and not title and re.match(r"https?://", href):
            return f"{before}<{url}>{after}"
        return f"{before}[{inner}]({url}{title_part}){after}"

    def convert_pre(self, el, text, parent_tags):
        # A fence longer than any backtick run in the code: the code cannot close it early.
        markdown = super().convert_pre(el, text, parent_tags)
        longest = max((len(run) for run in re.findall(r"`+", text or "")), default=0)
        if longest < 3:
            return markdown
        fence = "`" * (longest + 1)
        return re.sub(r"^(\n\n)```(.*?)```(\n\n)$", lambda m: f"{m[1]}{fence}{m[2]}{fence}{m[3]}",
                      markdown, flags=re.S)

    def convert_hN(self, n, el, text, parent_tags):
        # The post's title is the page's only h1; headings in the body start at h2.
        return super().convert_hN(min(max(n, 2), 6), el, text, parent_tags)

    def convert_span(self, el, text, parent_tags):
        return text


def _chomp(text: str) -> tuple[str, str, str]:
    inner = text.strip()
    return (" " if text[:1].isspace() else ""), inner, (" " if text[-1:].isspace() else "")


def _escape_url(url: str) -> str:
    """A URL as one Markdown link destination: whitespace, controls, parentheses, quotes,
    angle brackets, braces and backslashes percent-encoded (`a){: onclick=x}(` stays one URL)."""
    return quote(url, safe="/:?#@!$&*+,;=%~-._[]'")


def html_to_markdown(html: str | Tag) -> str:
    """Markdown for an article's HTML, blank lines normalised."""
    soup = html if isinstance(html, Tag) else BeautifulSoup(html, "lxml")
    _prepare_code_blocks(soup)
    converter = ArticleConverter(heading_style=ATX, bullets="-", escape_misc=False, strong_em_symbol="*",
                                 code_language_callback=_code_language, table_infer_header=True)
    markdown = converter.convert_soup(soup)
    return vet_untrusted_markdown(tidy_markdown(markdown))


def _prepare_code_blocks(soup: Tag) -> None:
    """Pygments tables with line numbers: keep only the code cell."""
    for table in soup.select("table.highlighttable, table.rouge-table"):
        code = table.select_one("td.code pre, td.rouge-code pre")
        if code is not None:
            table.replace_with(code)


def tidy_markdown(markdown: str) -> str:
    lines = [line.rstrip() if not line.endswith("  ") or not line.strip() else line
             for line in markdown.replace("\r\n", "\n").replace("\u00a0", " ").split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"
