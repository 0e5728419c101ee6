"""`salesblog import`: real fixture files, the real CLI, real HTTP on loopback."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest
import yaml

from tests.helpers_import import FIXTURES, assert_matches_golden, body_of, make_project, posts, salesblog

PAGES = {
    "hubspot": "hubspot/sales-coaching.html",
    "wordpress": "wordpress/negotiation.html",
    "blogger": "blogger/pipeline.html",
    "medium": "medium/discovery-calls.html",
    "ghost": "ghost/forecasting.html",
    "squarespace": "squarespace/objections.html",
    "tumblr": "tumblr/voicemail.html",
    "generic": "generic/onboarding.html",
}

# What a reader of each page sees: title, author id, tags, first words, images in the article.
EXPECTED = {
    "hubspot": ("Sales Coaching vs Sales Training: The 4 Truths You Must Accept", "brian-signorelli",
                ["Sales Coaching", "Sales Leadership"], "In my last post, I shared", 3),
    "wordpress": ("How to Run a Bulletproof Negotiation", "dana-whitfield",
                  ["Sales Process", "discounting", "negotiation"], "Negotiation is one of the most", 1),
    "blogger": ("Five Questions for Every Pipeline Review", "marcus-lee", ["coaching", "pipeline"],
                "A pipeline review is not a status meeting.", 2),
    "medium": ("Stop Pitching on Discovery Calls", "priya-raman", ["Sales", "Discovery Call"],
               "The best discovery calls sound like", 2),
    "ghost": ("Forecasting Without Guesswork", "tom-okafor", ["Forecasting", "Sales Management"],
              "Every quarter the same ritual", 1),
    "squarespace": ("Handling Price Objections Without Discounting", "elena-vasquez",
                    ["objections", "pricing", "Selling"], "When a buyer says the price is too high", 1),
    "tumblr": ("The 30-second voicemail", "quota-crusher", ["prospecting", "voicemail", "cold calling"],
               "Nobody returns a two-minute voicemail.", 1),
    "generic": ("Onboarding New Reps in 30 Days", "jurgen-mass", ["onboarding", "hiring"],
                "A new rep’s first month decides", 1),
}

FURNITURE = ["Recent Posts", "Read more", "ABOUT THE AUTHOR", "Get Your Copy", "Share this", "Leave a Reply",
             "Subscribe", "Related", "Popular Posts", "Sign up", "Follow", "min read", "Listen", "Labels:",
             "Posted by", "Reblog", "42 notes", "Previous", "cookies", "Email This", "Have Ideas for a Blog Post",
             "How to Run a Bulletproof Negotiation" + "\n", "<div", "<span", "<iframe", "<script", "{{", "[caption"]


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


@pytest.mark.parametrize("platform", sorted(PAGES))
def test_saved_page_imports_the_article_only(project, platform, update_goldens):
    result = salesblog(project, "import", "--offline", str(FIXTURES / PAGES[platform]))
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    assert_matches_golden(f"{platform}.md", text, update=update_goldens)
    title, author, tags, first_words, images = EXPECTED[platform]
    meta = front_matter(text)
    assert meta["title"] == title
    assert meta["authors"] == [author]
    assert meta["tags"] == tags
    assert meta["date"] is not None
    body = body_of(text).strip()
    assert body.startswith(first_words) or body.split("\n\n")[1].startswith(first_words) \
        or body.split("\n\n")[2].startswith(first_words)
    assert body.count("![") == images
    for furniture in FURNITURE:
        if platform != "wordpress" or furniture != "How to Run a Bulletproof Negotiation\n":
            assert furniture not in body, f"{furniture!r} left in the {platform} body"


def test_seed_hubspot_page_keeps_its_images_and_its_author(project):
    result = salesblog(project, "import", str(FIXTURES / PAGES["hubspot"]))
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    slug = name.removesuffix(".md")
    copied = sorted(p.name for p in (project / "content" / "images" / slug).iterdir())
    assert copied == ["Expressions-16.png", "Expressions-3.png", "sales-coaching-vs-sales-training.png"]
    assert f"](../images/{slug}/Expressions-3.png)" in text
    meta = front_matter(text)
    assert meta["legacy_url"] == "https://blog.salesleaders.example/blog/sales-coaching-vs-sales-training"
    assert meta["image"] == f"images/{slug}/sales-coaching-vs-sales-training.png"
    authors = yaml.safe_load((project / "content" / "authors.yml").read_text())
    assert len(authors) == 3, "Brian Signorelli matched by name, not added twice"
    assert salesblog(project, "check").exit_code == 0


def test_every_imported_post_passes_check(project):
    sources = [str(FIXTURES / p) for p in PAGES.values()] + [str(FIXTURES / "exports")]
    result = salesblog(project, "import", "--offline", *sources)
    assert result.exit_code == 0, result.output
    # The WordPress page and the WXR post share their old URL, as do the Blogger page and
    # export entry: one post each, not two.
    assert len(posts(project)) == 13
    check = salesblog(project, "check")
    assert check.exit_code == 0, check.output


def test_wxr_export_imports_posts_and_drafts_only(project, update_goldens):
    result = salesblog(project, "import", "--offline", str(FIXTURES / "exports" / "wordpress-export.xml"))
    assert result.exit_code == 0, result.output
    found = {front_matter(t)["title"]: front_matter(t) for t in posts(project).values()}
    assert sorted(found) == ["Comp Plans (pending review)", "Draft: Hiring Your First SDR",
                             "How to Run a Bulletproof Negotiation", "Pipeline Reviews That Work"]
    assert [t for t, m in found.items() if m.get("draft")] == ["Comp Plans (pending review)",
                                                                 "Draft: Hiring Your First SDR"]
    negotiation = found["How to Run a Bulletproof Negotiation"]
    assert str(negotiation["date"]) == "2017-03-08 09:30:00-05:00"
    assert negotiation["tags"] == ["Sales Process", "negotiation"]
    assert negotiation["image"] == "https://closingtime.example.com/wp-content/uploads/2017/03/handshake.jpg"
    assert "1 × attachment" in result.output and "2 × menu item" in result.output
    assert "2 × page" not in result.output and "1 × page" in result.output
    assert "custom type 'product'" in result.output
    text = posts(project)["how-to-run-a-bulletproof-negotiation.md"]
    assert "*The deal is not done at the handshake.*" in text and "[caption" not in text
    assert "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>" in text
    assert_matches_golden("wxr-negotiation.md", text, update=update_goldens)


def test_blogger_export_imports_posts_and_drafts_only(project):
    result = salesblog(project, "import", "--offline", str(FIXTURES / "exports" / "blogger-export.xml"))
    assert result.exit_code == 0, result.output
    found = {front_matter(t)["title"]: front_matter(t) for t in posts(project).values()}
    assert sorted(found) == ["Five Questions for Every Pipeline Review", "Unfinished: Territory Planning",
                             "Why Deals Slip"]
    assert [t for t, m in found.items() if m.get("draft")] == ["Unfinished: Territory Planning"]
    assert found["Five Questions for Every Pipeline Review"]["tags"] == ["coaching", "pipeline"]
    assert "1 × comment" in result.output and "1 × page" in result.output and "1 × template" in result.output


def test_reimport_is_idempotent_and_never_destroys_edits(project):
    page = str(FIXTURES / PAGES["wordpress"])
    assert salesblog(project, "import", "--offline", page).exit_code == 0
    (name, original), = posts(project).items()

    again = salesblog(project, "import", "--offline", page)
    assert again.exit_code == 0 and "unchanged" in again.output
    assert list(posts(project)) == [name]

    path = project / "content" / "posts" / name
    edited = original.replace("Know your walk-away point", "Know your walk-away price")
    path.write_text(edited, encoding="utf-8")
    kept = salesblog(project, "import", "--offline", page)
    assert kept.exit_code == 0
    assert "edited after its import" in kept.output
    assert path.read_text(encoding="utf-8") == edited

    forced = salesblog(project, "import", "--offline", "--force", page)
    assert forced.exit_code == 0 and "updated" in forced.output
    assert path.read_text(encoding="utf-8") == original


def test_dry_run_writes_nothing(project):
    before = (project / "content" / "authors.yml").read_text()
    result = salesblog(project, "import", "--dry-run", str(FIXTURES / PAGES["ghost"]),
                       str(FIXTURES / "exports"))
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output and "Forecasting Without Guesswork" in result.output
    assert posts(project) == {}
    assert (project / "content" / "authors.yml").read_text() == before
    assert not (project / "content" / ".import-state.json").exists()
    assert not (project / "content" / "images").exists()


def test_one_bad_source_does_not_stop_the_others(project, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<?xml version='1.0'?><opml><body/></opml>")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = salesblog(project, "import", "--offline", str(broken), str(FIXTURES / PAGES["ghost"]), str(empty),
                       str(tmp_path / "missing.html"))
    assert result.exit_code == 1
    assert len(posts(project)) == 1
    assert "broken.xml: an XML file, but neither" in result.output
    assert "empty.html: the file is empty" in result.output
    assert "missing.html: no such file or folder" in result.output


def test_no_source_is_a_usage_error(project):
    assert salesblog(project, "import").exit_code == 2


def test_invalid_bytes_and_mojibake_never_crash(project, tmp_path):
    page = tmp_path / "bad-bytes.html"
    page.write_bytes(b"<html><head><meta charset='utf-8'><title>Caf\xc3\x83\xc2\xa9 Pricing \xff\xfe</title></head>"
                     b"<body><article><h1>Caf\xc3\x83\xc2\xa9 Pricing</h1><p>"
                     + b"Price the caf\xc3\x83\xc2\xa9 menu by value, not cost. \x81\x8d " * 10
                     + b"</p></article></body></html>")
    result = salesblog(project, "import", "--offline", str(page))
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    assert front_matter(text)["title"] == "Café Pricing"
    assert "Price the café menu" in text


def test_lazy_images_are_not_doubled_and_pixels_are_dropped(project):
    salesblog(project, "import", "--offline", str(FIXTURES / PAGES["wordpress"]))
    text = next(iter(posts(project).values()))
    assert text.count("table-1024x576.jpg") == 1
    assert "pixel.wp.com" not in text and "data:image" not in text and "gravatar" not in text


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def web_root(tmp_path):
    """A real HTTP server on 127.0.0.1 serving a folder; yields (folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler,
                                                                                 directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_source_downloads_reachable_images_and_reports_the_rest(project, web_root):
    root, base = web_root
    shutil.copy(FIXTURES / "hubspot" / "sales-coaching_files" / "Expressions-3.png", root / "chart.png")
    (root / "not-an-image").write_text("<html>nope</html>")  # served as application/octet-stream
    (root / "post.html").write_text(f"""<html><head><title>Ramp Faster | Field Notes</title>
        <meta property="og:title" content="Ramp Faster"><meta name="author" content="Ana Ruiz">
        <meta property="article:published_time" content="2022-05-03T09:00:00+01:00">
        <meta property="article:tag" content="onboarding"></head>
        <body><article><h1>Ramp Faster</h1><p>{'New reps ramp faster with a plan they can see. ' * 6}</p>
        <p><img src="/chart.png" alt="Chart"></p><p><img src="{base}/missing.png" alt="Gone"></p>
        <p><img src="/not-an-image" alt="Wrong type"></p></article></body></html>""")
    result = salesblog(project, "import", f"{base}/post.html")
    assert result.exit_code == 0, result.output
    (name, text), = posts(project).items()
    meta = front_matter(text)
    assert meta["title"] == "Ramp Faster" and meta["authors"] == ["ana-ruiz"] and meta["tags"] == ["onboarding"]
    assert meta["legacy_url"] == f"{base}/post.html"
    assert (project / "content" / "images" / "ramp-faster" / "chart.png").read_bytes() == (root / "chart.png").read_bytes()
    assert "](../images/ramp-faster/chart.png)" in text
    assert f"]({base}/missing.png)" in text and "HTTP 404" in result.output
    assert f"]({base}/not-an-image)" in text and "unexpected content type" in result.output


def test_unreachable_url_fails_that_source_only(project, web_root):
    root, base = web_root
    result = salesblog(project, "import", "--offline", f"{base}/nothing-here.html", str(FIXTURES / PAGES["tumblr"]))
    assert result.exit_code == 1
    assert "nothing-here.html: HTTP 404" in result.output
    assert len(posts(project)) == 1
