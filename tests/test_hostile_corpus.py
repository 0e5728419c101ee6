"""The hostile corpus: saved pages and exports full of script, handlers, unsafe URLs and text
that looks like Markdown, imported for real; hostile guest drafts sent over HTTP and accepted;
one real build; then every built file (HTML, feeds, sitemap, search index) is scanned."""

from __future__ import annotations

import time

from tests.hostile_site import FIXTURES, cli, contribute_and_accept, import_sources, scan_site
from tests.test_contribute_support import make_project

GUEST_DRAFTS = [
    {"title": "Guest Lookalikes",
     "body": "Hello [x](javascript:alert('XSS-g1')) and [y](JaVaScRiPt&#58;alert('XSS-g2')) and "
             "[z](java%0ascript:alert('XSS-g3')) [r][ref] ![i](data:image/svg+xml;base64,PHN2Zz4=).\n\n"
             "[ref]: vbscript:msgbox('XSS-g4')\n\n"
             "A paragraph.\n{: onclick=\"alert('XSS-g5')\" }\n\n## __config\n\n## __drawer {#__search}\n\n"
             "```{.python #__toc onclick=\"alert('XSS-g6')\"}\nprint(1)\n```\n",
     "bio": "A bio with [a link](javascript:alert('XSS-bio')) and <img src=x onerror=alert('XSS-bio2')>"},
    {"title": "Guest Raw HTML",
     "body": "<script>alert('XSS-g7')</script>\n\n<div markdown=\"1\" onmouseover=\"alert('XSS-g8')\">*hi*</div>\n\n"
             "<svg onload=\"alert('XSS-g9')\"></svg> <a href=\"javascript:alert('XSS-g10')\">a</a> "
             "<https://example.com/ok> <javascript:alert('XSS-g11')>\n\n<!-- more -->\n\n"
             "<iframe src=\"data:text/html,XSS-g12\"></iframe>"},
    {"title": "Guest Footnotes And Fences",
     "body": "A claim.[^1] Another.[^__config]\n\n[^1]: Source: [the study](https://example.com/study)\n"
             "[^__config]: An id the theme uses.\n\n````\n```\n</code><script>alert('XSS-g13')</script>\n````\n\n"
             "Text `` <b onclick=\"alert('XSS-g14')\"> `` after code.\n\n!!! note \"<b onclick=alert('XSS-g15')>x</b>\"\n    hi"},
    # The one-line fields refuse "<", ">" and character references; Markdown and YAML stay text.
    {"title": "Guest [t](javascript:alert('XSS-gt')) *Fields* {: onclick=alert('XSS-gt2')} !!python/object: x",
     "name": "[n](javascript:alert('XSS-gn')) !!python/object/apply:os.system ['id'] name: x",
     "tags": "[x](javascript:alert('XSS-gtag')), !!python/object, *anchor, assets, search",
     "bio": "---\n!!python/object/apply:os.system ['id']\n[b](javascript:alert('XSS-gbio')) {: onclick=alert(1)}",
     "body": "---\ntitle: Overridden\nauthors: [brian-signorelli]\n---\n\nA body that [points nowhere](#missing)."},
]


def test_hostile_corpus_builds_a_site_where_nothing_runs(tmp_path):
    started = time.monotonic()
    project = make_project(tmp_path / "blog")
    sources = sorted(FIXTURES.iterdir())
    assert len(sources) >= 4
    import_sources(project.root, *sources)
    guest_posts = contribute_and_accept(project, GUEST_DRAFTS)
    assert len(guest_posts) == len(GUEST_DRAFTS)
    cli(project.root, "build")

    site = project.root / "site"
    for slug in ("markdown-lookalikes", "script-soup", "export-lookalikes", "blogger-lookalikes",
                 "guest-lookalikes", "guest-raw-html", "guest-footnotes-and-fences"):
        assert (site / "blog" / slug / "index.html").is_file(), slug
    assert len(list(site.glob("blog/title-lookalikes*/index.html"))) == 1
    assert len(list(site.glob("blog/guest-t-javascript*/index.html"))) == 1
    found, scanned = scan_site(site)
    assert found == []
    assert scanned > 30  # posts, listings, tags, authors, feeds, tag feeds, sitemap, search index
    for needed in ("feed.xml", "atom.xml", "search/search_index.json", "authors/guest-0/index.html"):
        assert (site / needed).is_file(), needed
    assert time.monotonic() - started < 60
