"""Imported and guest text is data, not markup (issue 9): one blog gets legacy pages and exports
through `salesblog import`, guest drafts through POST /contribute + `inbox accept`, and staff
content with script links in a summary, a bio and a body; one real build; then each rule is
checked on the built pages."""

from __future__ import annotations

import random

import lxml.html
import pytest

from salesblog.render.markdown import render_markdown
from salesblog.safety import (escape_markdown_text, is_clean, is_safe_url, safe_element_id,
                              sanitize_html, vet_untrusted_markdown)
from tests.hostile_site import (FIXTURES, cli, contribute_and_accept, import_sources, scan_site,
                                unsafe_in_tree)
from tests.test_contribute_support import make_project

THEME_IDS = ("__config", "__drawer", "__search", "__toc", "__consent", "__skip", "__palette_0")

GUEST_DRAFTS = [
    {"title": "Guest Headings", "body": "An opening paragraph of the guest post.\n\n## __config\n\n"
     "Words under it.\n\n## __search\n\n## __drawer\n\n## Contribute name\n\nThe end."},
    {"title": "Guest Footnote", "body": "Pipeline reviews double win rates.[^1] Really.\n\n"
     "[^1]: Source: [Harvard Business Review](https://hbr.example.com/study), 2019."},
]

STAFF_POST = """\
---
title: "Staff Policy Post"
date: 2024-05-01
authors: [staff-writer]
summary: "A summary with [a script link](javascript:alert('XSS-summary')) and ![i](data:image/png;base64,AAAA)"
---

A body with [a mixed-case link](JaVaScRiPt:alert('XSS-body')) and [a tab link](java&#x09;script:alert(1)).

<p>Raw HTML: <a href="java&#115;cript:alert('XSS-raw')">raw link</a> <img src="data:image/png;base64,AAAA" alt="raw"></p>

## Setup {#__config}

A [good link](https://example.com/good).
"""

STAFF_AUTHOR = """
staff-writer:
  name: Staff Writer
  bio: "Writes [here](javascript:alert('XSS-bio')) and ![me](data:image/svg+xml,XSS)."
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("trust") / "blog")
    import_sources(project.root, FIXTURES / "markdown-lookalikes.html", FIXTURES / "wordpress-hostile.xml",
                   FIXTURES / "blogger-hostile.xml")
    contribute_and_accept(project, GUEST_DRAFTS)
    (project.root / "content/posts/staff-policy-post.md").write_text(STAFF_POST, encoding="utf-8")
    with (project.root / "content/authors.yml").open("a", encoding="utf-8") as authors:
        authors.write(STAFF_AUTHOR)
    cli(project.root, "build")
    return project.root / "site"


def page(site, path: str):
    return lxml.html.document_fromstring((site / path / "index.html").read_bytes())


def article(site, path: str):
    return page(site, path).xpath("//article")[0]


def text_of(element) -> str:
    """The words of an element, without the permalink (¶) each heading carries."""
    words = "".join(t for t in element.itertext() if t != "¶")
    return " ".join(words.split())


# --- imported text that looks like Markdown stays text -------------------------------------------

def test_markdown_written_on_a_legacy_page_stays_text(site):
    post = article(site, "blog/markdown-lookalikes")
    text = text_of(post)
    for literal in ("[click me](javascript:alert('XSS-inline'))",
                    "![pic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
                    "[refdef]: javascript:alert('XSS-refdef')",
                    "See [the reference][refdef] above, and [^note] too.",
                    "[^note]: A footnote definition written as text.",
                    "{: onclick=\"alert('XSS-attr')\" }",
                    "*here*{: onmouseover=\"alert('XSS-attr2')\"}",
                    "# Not a heading, > not a quote, and | not | a table",
                    "<!-- more --> and <div markdown=\"1\">*raw*</div> stay text."):
        assert literal in text, literal
    assert post.xpath(".//*[contains(@class, 'footnote')]") == []
    assert unsafe_in_tree(post, "post") == []


def test_a_code_fence_on_a_legacy_page_cannot_close_early(site):
    code = [text_of(c) for c in article(site, "blog/markdown-lookalikes").xpath(".//pre")]
    assert len(code) == 1
    assert "```" in code[0] and "[fence escape](javascript:alert('XSS-fence'))" in code[0]
    assert "<script>alert('XSS-fence2')</script>" in code[0]


def test_link_text_with_a_bracket_and_an_href_with_an_attribute_list_stay_one_link(site):
    links = {text_of(a): a.get("href") for a in article(site, "blog/markdown-lookalikes").xpath(".//a[@href]")}
    assert links["safe text](javascript:alert('XSS-linktext'))"] == "https://example.com/ok"
    hostile = links["one url"]
    assert hostile.startswith("https://example.com/a") and hostile.endswith("b")
    assert "onclick" in hostile and " " not in hostile


def test_markdown_in_exports_stays_text(site):
    wxr = text_of(article(site, "blog/export-lookalikes"))
    assert "[wxr link](javascript:alert('XSS-wxr-inline'))" in wxr
    assert "[wxrdef]: javascript:alert('XSS-wxr-refdef')" in wxr
    assert "[^wxr]: not a footnote, only text" in wxr
    assert "{: onclick=\"alert('XSS-wxr-attr')\" }" in wxr
    blogger = text_of(article(site, "blog/blogger-lookalikes"))
    assert "[blogger link](javascript:alert('XSS-blogger-inline'))" in blogger
    assert "[bdef]: vbscript:msgbox('XSS-blogger-refdef')" in blogger


def test_a_meta_description_with_a_script_link_becomes_a_plain_summary(site):
    home = [p for p in (site / "index.html", *sorted(site.glob("page/*/index.html")))
            if "Markdown Lookalikes" in p.read_text(encoding="utf-8")]
    assert home
    document = lxml.html.document_fromstring(home[0].read_bytes())
    text = text_of(document)
    assert "Read [the offer](javascript:alert('XSS-meta')) now <img src=x onerror=alert('XSS-meta2')>" in text
    assert unsafe_in_tree(document, "home") == []
    excerpt = page(site, "blog/export-lookalikes").xpath("//meta[@name='description']")[0].get("content")
    assert excerpt.startswith("Summary with [a link](javascript:alert('XSS-wxr-excerpt'))")


# --- ids the theme's scripts use -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["blog/guest-headings", "blog/markdown-lookalikes", "blog/staff-policy-post",
                                  "blog/export-lookalikes", "blog/blogger-lookalikes", ""])
def test_headings_never_take_an_id_the_theme_uses(site, path):
    document = page(site, path)
    config = document.xpath("//*[@id='__config']")
    assert [(e.tag, e.get("type")) for e in config] == [("script", "application/json")]
    for theme_id in THEME_IDS:
        assert len(document.xpath("//*[@id=$i]", i=theme_id)) <= 1, theme_id
    headings = document.xpath("//article//*[self::h2 or self::h3]/@id")
    assert not [h for h in headings if h.startswith("__") or h.startswith("contribute-")]
    assert headings or path == ""


def test_a_guest_heading_named_like_a_theme_id_keeps_its_words_and_a_safe_anchor(site):
    headings = {text_of(h): h.get("id") for h in article(site, "blog/guest-headings").xpath(".//h2")}
    assert headings["__config"] == "h-config"
    assert headings["__search"] == "h-search"
    assert headings["Contribute name"] == "h-contribute-name"


# --- a guest's footnote ---------------------------------------------------------------------------

def test_a_guest_footnote_survives_as_a_footnote(site):
    post = article(site, "blog/guest-footnote")
    reference = post.xpath(".//sup/a[contains(@class, 'footnote-ref')]")
    assert len(reference) == 1
    notes = post.xpath(".//div[contains(@class, 'footnote')]//li")
    assert len(notes) == 1 and reference[0].get("href") == "#" + notes[0].get("id")
    assert text_of(notes[0]).startswith("Source: Harvard Business Review, 2019.")
    assert notes[0].xpath(".//a[@href='https://hbr.example.com/study']")


# --- one link policy for everything render/ renders -----------------------------------------------

def test_summaries_bios_and_bodies_share_the_link_policy(site):
    post = article(site, "blog/staff-policy-post")
    assert [a.get("href") for a in post.xpath(".//a[@href]") if a.get("href").startswith("https://example.com")] == \
        ["https://example.com/good"]
    assert "a mixed-case link" in text_of(post) and "raw link" in text_of(post)
    assert unsafe_in_tree(post, "post") == []
    for path in ("", "authors/staff-writer", "blog/staff-policy-post"):
        document = page(site, path)
        assert unsafe_in_tree(document, path) == [], path
    author = text_of(page(site, "authors/staff-writer"))
    assert "Writes here" in author
    assert "A summary with a script link" in text_of(page(site, ""))


def test_no_built_file_carries_script_handlers_or_unsafe_urls(site):
    found, scanned = scan_site(site)
    assert found == [] and scanned > 20


# --- the policy itself ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "javascript&#58;alert(1)", "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "jav%61script:alert(1)", "javascript%3Aalert(1)",
    "%6A%61vascript:alert(1)", "data:text/html,<script>", "DATA:image/svg+xml;base64,AAAA", "vbscript:msgbox(1)",
    "file:///etc/passwd", "jav&#x09;ascript:alert(1)", "javas\u200bcript:alert(1)", "java%09script:x",
])
def test_unsafe_urls_are_refused_however_spelled(url):
    assert not is_safe_url(url)
    assert "href" not in sanitize_html(f'<a href="{url}">x</a>')


@pytest.mark.parametrize("url", ["https://example.com/a?b=c&d=javascript:x", "http://example.com/", "mailto:a@example.com",
                                 "/blog/post/", "../images/x.png", "post.md#part", "#top", "//example.com/x", ""])
def test_safe_urls_are_kept(url):
    assert is_safe_url(url)


def test_code_about_script_links_is_shown_as_written():
    sample = '<a href="javascript:alert(1)">x</a>'
    for markdown in (f"```\n{sample}\n```", f"```html\n{sample}\n```", f"    {sample}", f"`{sample}`"):
        code = lxml.html.fragment_fromstring(render_markdown(markdown), create_parent="div").xpath("//code")
        assert code[0].text_content().strip() == sample, markdown


def test_theme_ids_are_never_given_out():
    for theme_id in THEME_IDS + ("__nav_1", "__", "contribute-body", "year-2020", "-x"):
        assert safe_element_id(theme_id) != theme_id
    for ordinary in ("pipeline-review", "_1", "fn:1-2", "year-end-review"):
        assert safe_element_id(ordinary) == ordinary


def test_escaped_text_renders_as_itself():
    text = "[x](javascript:alert(1)) *a* _b_ <b>c</b> &amp; `d` {: onclick=1} ~~e~~ a|b \\[f](g)"
    for start in ("", "# ", "> ", "- ", "1. ", ": ", "!!! ", "??? ", "=== ", "| "):
        html = render_markdown(escape_markdown_text(start + text))
        assert lxml.html.fragment_fromstring(html).text_content() == start.strip() + (" " if start else "") + text


def test_vetting_never_raises_and_always_renders_clean():
    pieces = ["<", ">", "[", "]", "(", ")", "{", "}", ":", "`", "```", "~~~", "\n", "\n\n", "    ", "&#58;",
              "javascript:", "onclick=", "#__config", "[^1]", "!", "*", "_", "\\", "<!--", "-->", "a", " "]
    chooser = random.Random(9)
    for _ in range(150):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 40)))
        vetted = vet_untrusted_markdown(text)
        assert is_clean(render_markdown(vetted)), repr(text)
        assert vet_untrusted_markdown(vetted) == vetted, repr(text)  # vetting twice changes nothing
