"""Hostile drafts sent over HTTP, accepted with `inbox accept` and published with `salesblog build`:
nothing from them may run in a built page."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from click.testing import CliRunner

from salesblog.cli import group
from salesblog.contribute.sanitize import safe_markdown
from salesblog.render.markdown import render_markdown as render
from salesblog.safety import defang_markdown as defang
from salesblog.safety import is_clean
from tests.test_contribute_support import good, make_project, serving, settings, stored

HOSTILE = {
    "script": 'Hello there, reader.\n\n<script>alert("XSS-script")</script>\n\nBye.',
    "onerror": 'An image: <img src=x onerror="alert(\'XSS-onerror\')"> and more text.',
    "javascript link": "Click [here](javascript:alert('XSS-js')) or [there](JaVaScRiPt&#58;alert('XSS-js2'))"
                       " or [ref][r] or <a href=\"javascript:alert('XSS-js3')\">this</a>.\n\n"
                       "[r]: javascript:alert('XSS-js4')",
    "iframe": 'Watch this: <iframe src="https://evil.example/XSS-iframe" onload="alert(1)"></iframe>',
    "svg": 'A drawing: <svg onload="alert(\'XSS-svg\')"><script>alert("XSS-svg2")</script></svg> done.',
    "terminal": "Colours \x1b[31mred\x1b[0m, title \x1b]0;XSS-term\x07, clear \x1b[2J and a C1 \x9b31m.",
    "attribute list": "A paragraph that clicks.\n{: onclick=\"alert('XSS-attr')\" }\n\n## Head {: onmouseover=\"alert('XSS-attr2')\" }",
    "data url": "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) and "
                "[doc](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=) XSS-data",
    "markdown in html": '<div markdown="1">\n*hi* <script>alert("XSS-mdhtml")</script>\n</div>',
    "comment": "Before <!-- more --> <style>body{display:none}</style> after XSS-style",
    "teaser": "</script><script>alert('XSS-teaser')</script> opens the post, in its first paragraph.",
    "entities": "&lt;script&gt;alert('XSS-entity')&lt;/script&gt; and `<b>code</b>` XSS-code",
}


def _unsafe(element, tags: bool = True) -> list[str]:
    """What in this part of a page could run script or load a foreign frame (`tags`: elements
    too, not only attributes; the page around a post has scripts and icons of its own)."""
    found = []
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if tags and node.tag in ("script", "iframe", "frame", "object", "embed", "svg", "style", "form",
                        "base", "meta", "link") and not _is_blog_form(node):
            found.append(f"<{node.tag}>")
        for name, value in node.attrib.items():
            compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if tags and name.lower() in ("style", "srcdoc", "formaction"):
                found.append(f"{node.tag}@{name}")
            if name.lower().startswith("on") and (tags or "alert" in value):
                found.append(f"{node.tag}@{name}")
            if name in ("href", "src") and compact.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{node.tag}@{name}={value}")
    return found


def _is_blog_form(node) -> bool:
    # The blog's own subscribe and offer forms (templates) stand under every post.
    return node.tag == "form" and (node.get("class") or "").startswith(("sb-subscribe__", "sb-offer__"))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_safe_markdown_renders_clean(name):
    safe = safe_markdown(HOSTILE[name])
    html = render(safe)
    assert is_clean(html)
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    assert _unsafe(root) == []
    assert "\x1b" not in html and "\x9b" not in html


def test_defang_keeps_ordinary_markdown():
    text = "# Title\n\nSome *em*, **strong**, a [link](https://example.com/?a=1&b=2) and AT&T.\n\n- one\n- two"
    assert defang(text) == text
    assert safe_markdown(text) == defang(text)
    html = render(safe_markdown(text))
    assert '<a href="https://example.com/?a=1&amp;b=2">link</a>' in html and "AT&amp;T" in html


def cli(project, *args):
    result = CliRunner().invoke(group, ["-C", str(project.root), *args])
    assert result.exit_code == 0, result.output
    return result


def test_hostile_drafts_published_through_accept_and_build_run_nothing(tmp_path):
    project = make_project(tmp_path / "blog")
    config = settings(project)
    with serving(project, config) as server:
        for number, name in enumerate(sorted(HOSTILE)):
            fields = good(title=f"Hostile {number} {name} \"quoted\" & 'co'", body=HOSTILE[name],
                          name=f"Guest {number}", email=f"guest{number}@example.com",
                          bio=f"My <script>alert('XSS-bio{number}')</script> bio [x](javascript:alert(1))",
                          tags=f"evil\"tag{number}, 'quoted' & co")
            assert server.post(fields)[0] == 303, name
    drafts = stored(project, config)
    assert len(drafts) == len(HOSTILE)
    for draft in drafts:
        cli(project, "inbox", "accept", str(draft.id))
        path = project.root / stored(project, config)[draft.id - 1].post_path
        path.write_text(path.read_text().replace("draft: true", "draft: false"))  # the editor publishes
    cli(project, "build")

    for number, name in enumerate(sorted(HOSTILE)):
        slug = f"hostile-{number}-{name.replace(' ', '-')}-quoted-co"
        page_text = (project.root / "site" / "blog" / slug / "index.html").read_text(encoding="utf-8")
        author_text = (project.root / "site" / "authors" / f"guest-{number}" / "index.html").read_text()
        for text, where in ((page_text, slug), (author_text, f"author {number}")):
            page = lxml.html.document_fromstring(text)
            # Page data (JSON-LD) may quote the post's text, but must stay one JSON value.
            for data in page.xpath("//script[@type='application/ld+json']"):
                assert isinstance(json.loads(data.text_content()), dict), where
            scripts = " ".join(s.text_content() for s in page.xpath("//script[not(@type='application/ld+json')]"))
            assert "XSS" not in scripts and "alert(" not in scripts, where
            assert _unsafe(page, tags=False) == [], where
            article = page.xpath("//article")[0]
            for ours in article.xpath(".//aside[contains(@class,'sb-offer') or contains(@class,'sb-subscribe')]"):
                ours.drop_tree()  # the blog's own offer and subscribe forms (audience/)
            assert _unsafe(article) == [], where
            assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text, where
        heading = lxml.html.document_fromstring(page_text).xpath("//article//h1")[0].text_content()
        assert heading.strip() == f"Hostile {number} {name} \"quoted\" & 'co'"
