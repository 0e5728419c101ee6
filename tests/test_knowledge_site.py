"""The knowledge-site look and structure (issue 10), on real builds of small fixture blogs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from salesblog.site.brand import DARK_BACKGROUNDS, LIGHT_BACKGROUNDS, Rgb, brand_stylesheet, contrast
from salesblog.config import BrandSettings

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>'
BRAND = """
brand:
  logo: assets/images/logo.svg
  favicon: assets/images/icon.png
  primary: "#ffe066"
  accent: "#00aaff"
  font:
    family: Brand Sans
    files:
      - file: assets/fonts/brand.woff2
      - file: assets/fonts/brand-bold.woff2
        weight: 700
"""
TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "salesblog" / "templates"


def soup(blog, path: str) -> BeautifulSoup:
    return BeautifulSoup(blog.page(path), "html.parser")


@pytest.fixture
def branded(blog):
    blog.write("site_config.yml", (blog.root / "site_config.yml").read_text() + BRAND
               + "copyright: © 2024 Test Company\n")
    blog.write("theme/assets/images/logo.svg", LOGO)
    blog.write("theme/assets/images/icon.png", b"\x89PNG\r\n\x1a\n")
    blog.write("theme/assets/fonts/brand.woff2", b"wOF2")
    blog.write("theme/assets/fonts/brand-bold.woff2", b"wOF2")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    return blog


def test_brand_logo_favicon_font_and_palettes(branded):
    page = soup(branded, "blog/first-post/index.html")
    assert page.select_one(".md-header__button.md-logo img")["src"].endswith("assets/images/logo.svg")
    assert page.select_one('link[rel="icon"]')["href"].endswith("assets/images/icon.png")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert any(href.endswith("assets/stylesheets/brand.css") for href in sheets)
    # The system setting chooses the scheme; the header has a switch for each.
    toggles = page.select("form[data-md-component=palette] input")
    assert [t["data-md-color-media"] for t in toggles] == ["(prefers-color-scheme: light)",
                                                           "(prefers-color-scheme: dark)"]
    assert {t["data-md-color-scheme"] for t in toggles} == {"default", "slate"}
    assert [t["aria-label"] for t in toggles] == ["Switch to dark mode", "Switch to light mode"]
    css = branded.page("assets/stylesheets/brand.css")
    assert '@font-face { font-family: "Brand Sans"; src: url("../../assets/fonts/brand-bold.woff2"); font-weight: 700' in css
    # The logo has an explicit size (from its viewBox), so the header does not shift as it loads.
    assert ".md-header__button.md-logo img { height: 1.2rem; width: 1.200rem; }" in css
    assert (branded.root / "site/assets/fonts/brand.woff2").read_bytes() == b"wOF2"
    assert (branded.root / "site/assets/images/logo.svg").read_text() == LOGO
    # Nothing of the brand comes from another host.
    assert "://" not in css.replace("http://www.w3.org", "")


def _variable(css: str, selector: str, name: str) -> Rgb:
    block = css.split(selector + " {", 1)[1].split("}", 1)[0]
    return Rgb.parse(re.search(rf"{name}: (#[0-9a-f]{{6}})", block).group(1))


@pytest.mark.parametrize("primary,accent", [("#ffe066", "#00aaff"), ("#0b5d4b", "#d97706"),
                                            ("#000000", "#ffffff"), ("#777", "#888")])
def test_brand_colours_are_made_readable_in_both_schemes(primary, accent):
    css = brand_stylesheet(BrandSettings(primary=primary, accent=accent))
    for selector, backgrounds in (("[data-md-color-primary=custom]", LIGHT_BACKGROUNDS),
                                  ("[data-md-color-scheme=slate][data-md-color-primary=custom]", DARK_BACKGROUNDS)):
        link = _variable(css, selector, "--md-typeset-a-color")
        assert all(contrast(link, Rgb.parse(b)) >= 4.5 for b in backgrounds), (selector, link)
    header = _variable(css, "[data-md-color-primary=custom]", "--md-primary-fg-color")
    ink = _variable(css, "[data-md-color-primary=custom]", "--md-primary-bg-color")
    assert contrast(header, ink) >= 4.5
    for selector, backgrounds in (("[data-md-color-accent=custom]", LIGHT_BACKGROUNDS),
                                  ("[data-md-color-scheme=slate][data-md-color-accent=custom]", DARK_BACKGROUNDS)):
        hover = _variable(css, selector, "--md-accent-fg-color")
        assert all(contrast(hover, Rgb.parse(b)) >= 4.5 for b in backgrounds), (selector, hover)


@pytest.mark.parametrize("brand,message", [
    ("  primary: blue\n", "3: brand.primary: must be a hex colour"),
    ("  logo: https://cdn.example.com/logo.svg\n", "3: brand.logo: must be a path inside theme/"),
    ("  logo: assets/logo.gif\n", "3: brand.logo: must be a SVG or PNG file"),
    ("  logo: assets/missing.svg\n", "3: brand.logo: theme/assets/missing.svg does not exist"),
    ("  favicon: ../secret.png\n", "3: brand.favicon: must be a path inside theme/"),
    ("  font:\n    family: X\n    files:\n      - file: f.woff2\n", "5: brand.font.files[0]: theme/f.woff2 does not exist"),
])
def test_brand_mistakes_are_reported_with_their_line(blog, brand, message):
    blog.write("site_config.yml", "title: T\nbrand:\n" + brand + "url: https://blog.example.com/\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert f"site_config.yml:{message}" in result.output


def test_every_page_has_a_skip_link_footer_and_no_generator_credit(branded):
    pages = sorted((branded.root / "site").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect of an imported post's old address
        page = BeautifulSoup(text, "html.parser")
        skip = page.select_one("a.sb-skip")
        assert skip is not None and skip["href"] == "#sb-content", path
        assert page.find(id="sb-content") is not None, path
        assert "Made with" not in text and "squidfunk" not in text, path
        footer = page.select_one("nav.sb-footer-links")
        assert {a.get_text() for a in footer.select("a")} >= {"RSS", "Contribute"}, path
        assert page.select_one(".md-footer .md-copyright").get_text(strip=True) == "© 2024 Test Company", path


def test_not_found_page_offers_search_recent_posts_and_tags(branded):
    page = soup(branded, "404.html")
    assert page.select_one('.sb-404__actions label[for="__search"]').get_text(strip=True) == "Search this blog"
    # The newest posts, as many as recent_posts (2 in the fixture).
    assert [a.get_text() for a in page.select(".sb-404__posts a")] == ["Third Post", "Second Post"]
    assert {a.get_text() for a in page.select(".sb-tags a")} == {"Sales Coaching", "leadership", "negotiation"}
    assert page.select_one("h1").get_text() == "404: page not found"


def test_print_styles_hide_navigation_and_print_link_targets():
    css = (TEMPLATES / "assets/stylesheets/salesblog.css").read_text()
    print_rules = css.split("@media print", 1)[1]
    for hidden in (".md-header", ".md-tabs", ".sb-cta", ".sb-share", ".sb-recent"):
        assert hidden in print_rules.split("display: none")[0]
    assert 'content: " (" attr(href) ")"' in print_rules


def test_our_templates_have_no_inline_scripts_or_style_attributes():
    """A strict Content-Security-Policy forbids both: script and style live in asset files."""
    for template in TEMPLATES.rglob("*.html"):
        if "email" in template.relative_to(TEMPLATES).parts:
            continue  # e-mails are read in mail clients, which need inline styles; no site CSP there
        text = template.read_text()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", text)
        assert not scripts, template
        assert not re.search(r"\sstyle=", text), template


# --- standalone pages ------------------------------------------------------------------------

ABOUT = """---
title: About us
nav: true
summary: Who writes here.
---

We write about [the first post](../posts/first-post.md).

## Contact
"""


def test_standalone_pages_are_built_and_listed_in_header_and_footer(blog):
    blog.write("content/pages/about.md", ABOUT)
    blog.write("content/pages/imprint.md", "---\ntitle: Imprint\n---\n\nPlain text.\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    about = soup(blog, "about/index.html")
    assert about.select_one("h1").get_text() == "About us"
    assert about.select_one('meta[name="description"]')["content"] == "Who writes here."
    assert about.select_one(".sb-post__body a")["href"] == "/blog/first-post/"  # links rewritten
    assert soup(blog, "imprint/index.html").select_one(".sb-post__body").get_text(strip=True) == "Plain text."
    home = soup(blog, "index.html")
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert "About us" in tabs and "Imprint" not in tabs  # nav: true pages only
    footer = [a.get_text() for a in home.select(".sb-footer-links a")]
    assert footer[0] == "About us" and "Imprint" not in footer
    index = blog.page("search/search_index.json")
    assert '"location":"about/"' in index
    assert "https://blog.example.com/about/" in blog.page("sitemap.xml")


@pytest.mark.parametrize("path,text,message", [
    ("content/about.md", "---\ntitle: About\n---\nHi\n",
     "content/about.md:1: not published: posts go in content/posts/, pages in content/pages/<name>.md"),
    ("content/pages/team/index.md", "---\ntitle: Team\n---\n", "content/pages/team/index.md:1: not published"),
    ("content/pages/tags.md", "---\ntitle: Tags\n---\n",
     "content/pages/tags.md:1: its address /tags/ is reserved for the site's own pages"),
    ("content/pages/blog.md", "---\ntitle: Blog\n---\n", "content/pages/blog.md:1: its address /blog/ is reserved"),
    ("content/pages/feed.md", "---\ntitle: Feed\n---\n", "content/pages/feed.md:1: its address /feed/ is reserved"),
    ("content/pages/about.md", "---\ntitle: About\nmenu: true\n---\n",
     "content/pages/about.md:3: unknown front matter key 'menu' for a page"),
    ("content/pages/about.md", "---\nnav: yes please\n---\n", "content/pages/about.md:2: nav must be true or false"),
    ("content/pages/about.md", "No front matter\n", "content/pages/about.md:1: no front matter"),
])
def test_page_mistakes_and_unpublished_markdown_are_reported(blog, path, text, message):
    blog.write(path, text)
    for command in ("check", "build"):
        result = blog.run(command)
        assert result.exit_code == 1, result.output
        assert message in result.output
    assert not (blog.root / "site").exists()  # nothing half-built


def test_a_page_cannot_take_a_posts_address(blog):
    blog.write("site_config.yml", (blog.root / "site_config.yml").read_text().replace(
        "timezone: UTC", "timezone: UTC\npermalink: \"{slug}/\""))
    blog.write("content/pages/first-post.md", "---\ntitle: Clash\n---\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert "content/posts/first-post.md" in result.output and "/first-post/" in result.output


# --- contents and heading anchors ------------------------------------------------------------

LONG_BODY = """Opening paragraph.

## First part

Text.

### A detail & more

Text.

## Second part

Text.
"""


def test_long_posts_get_contents_and_every_heading_an_anchor(blog):
    blog.post("long-post", title="Long Post", date="2024-04-01", body=LONG_BODY)
    blog.post("short-post", title="Short Post", date="2024-04-02", body="Intro.\n\n## One\n\n## Two\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    page = soup(blog, "blog/long-post/index.html")
    sidebar = page.select(".sb-toc--sidebar .sb-toc__item a")
    assert [(a["href"], a.get_text()) for a in sidebar] == [
        ("#first-part", "First part"), ("#a-detail-more", "A detail & more"), ("#second-part", "Second part")]
    assert [a["href"] for a in page.select("details.sb-toc--phone .sb-toc__item a")] == [a["href"] for a in sidebar]
    # The contents sit above the recent posts in the sidebar.
    sidebar_text = page.select_one(".sb-recent .md-sidebar__inner").get_text(" ", strip=True)
    assert sidebar_text.index("In this post") < sidebar_text.index("Recent posts")
    for heading in page.select(".sb-post__body h2, .sb-post__body h3"):
        assert heading.select_one("a.headerlink")["href"] == f"#{heading['id']}"
    short = soup(blog, "blog/short-post/index.html")
    assert short.select_one(".sb-toc") is None  # two headings: no contents
    assert len(short.select(".sb-post__body a.headerlink")) == 2
    # Away from the post the anchors mean nothing: feeds and the search index go without them.
    assert "headerlink" not in blog.page("feed.xml") and "¶" not in blog.page("feed.xml")
    index = blog.page("search/search_index.json")
    assert '"title":"A detail &amp; more"' in index or '"title":"A detail & more"' in index
    assert "¶" not in index and "&para;" not in index


# --- related posts ---------------------------------------------------------------------------

def test_related_posts_rank_by_shared_tags_then_rare_words_then_recency(blog):
    blog.post("pricing-a", title="Discount discipline", date="2024-05-01", tags=["negotiation", "pricing"])
    blog.post("pricing-b", title="Discount traps in procurement", date="2024-05-02", tags=["pricing"])
    blog.post("pricing-c", title="Anchoring the first offer", date="2024-05-03", tags=["negotiation", "pricing"])
    blog.post("pricing-draft", title="Discount draft", date="2024-05-04", tags=["negotiation", "pricing"],
              extra="draft: true\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output

    def related(slug):
        page = soup(blog, f"blog/{slug}/index.html")
        return [a["href"].split("/")[-2] for a in page.select(".sb-related__link")]

    found = related("pricing-a")
    # Two shared tags first; then one shared tag, the shared rare word "discount" first; never itself.
    # (third-post shares "negotiation" only; pricing-b shares "pricing" and the word "discount".)
    assert found == ["pricing-c", "pricing-b", "third-post"]
    assert soup(blog, "blog/pricing-a/index.html").select_one(".sb-related h2").get_text() == "More on this topic"
    # A post sharing nothing still gets three: the posts nearest in time.
    assert len(related("second-post")) >= 3


def test_related_posts_leave_out_drafts_in_preview(blog):
    from salesblog.pipeline import Builder
    from salesblog.project import Project

    blog.post("draft-twin", title="First Post again", date="2024-01-11", tags=["Sales Coaching", "leadership"],
              extra="draft: true\n")
    Builder(Project(blog.root), blog.root / "preview-site", include_drafts=True, staged=False).build()
    page = BeautifulSoup((blog.root / "preview-site/blog/first-post/index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in page.select(".sb-related__link")]
    assert hrefs and not any("draft-twin" in h for h in hrefs)
    assert (blog.root / "preview-site/blog/draft-twin/index.html").is_file()  # the draft is shown


def test_related_posts_at_ten_thousand_posts_are_quick_and_never_the_post_itself():
    import random
    import time

    from salesblog.site.related import RelatedInput, related_posts

    rng = random.Random(7)
    tags = [f"tag {n}" for n in range(60)]
    vocabulary = [f"word{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(3000)]
    posts = [RelatedInput(rng.sample(tags, 3), " ".join(rng.sample(vocabulary, 25))) for _ in range(10_000)]
    started = time.perf_counter()
    ranked = related_posts(posts)
    elapsed = time.perf_counter() - started
    assert elapsed < 6, f"{elapsed:.1f} s"  # all pairs would be 50 million comparisons
    assert all(3 <= len(found) <= 5 and index not in found and len(set(found)) == len(found)
               for index, found in enumerate(ranked))
    # Shared tags come first: the best related post of each shares at least one tag.
    assert all(set(map(str, posts[found[0]].tags)) & set(posts[i].tags) for i, found in enumerate(ranked[:200]))


# --- author credit ---------------------------------------------------------------------------

def test_author_credit_links_guest_mark_json_ld_and_author_index(blog):
    authors = (blog.root / "content/authors.yml").read_text().replace(
        "  bio: Brian leads a sales team.\n",
        "  bio: Brian leads a sales team.\n  url: https://brian.example.com/\n"
        "  linkedin: https://www.linkedin.com/in/brian-example/\n") + "silent:\n  name: No Posts Yet\n"
    blog.write("content/authors.yml", authors)
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    post = soup(blog, "blog/first-post/index.html")
    links = {a.get_text(" ", strip=True): a["href"] for a in post.select(".sb-author .sb-author__links a")}
    assert links == {"Website of Brian Signorelli": "https://brian.example.com/",
                     "LinkedIn profile of Brian Signorelli": "https://www.linkedin.com/in/brian-example/"}
    data = json.loads(post.select_one('script[type="application/ld+json"]').string)
    assert data["author"] == [{"@type": "Person", "name": "Brian Signorelli",
                               "url": "https://blog.example.com/authors/brian/", "jobTitle": "Sales Manager",
                               "sameAs": ["https://brian.example.com/", "https://www.linkedin.com/in/brian-example/"]}]
    assert post.select_one(".sb-guest") is None
    guest_post = soup(blog, "blog/third-post/index.html")
    assert guest_post.select_one(".sb-author .sb-guest").get_text() == "Guest contributor"
    page = soup(blog, "authors/brian/index.html")
    assert page.select_one(".sb-author--page .sb-author__links a")["href"] == "https://brian.example.com/"
    profile = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert profile["@type"] == "ProfilePage" and profile["mainEntity"]["jobTitle"] == "Sales Manager"
    assert soup(blog, "authors/guest-writer/index.html").select_one(".sb-guest") is not None
    index = soup(blog, "authors/index.html")
    names = [a.get_text() for a in index.select(".sb-author__name a")]
    assert names == ["Brian Signorelli", "Aaron Wittersheim"]  # most posts first; none without posts
    assert [p.get_text() for p in index.select(".sb-count")] == ["2 posts", "1 post"]
    assert index.select_one('.sb-author__name a[href="/authors/brian/"]') is not None


def test_a_linkedin_entry_must_be_a_linkedin_address(blog):
    blog.write("content/authors.yml", "brian:\n  name: Brian\n  linkedin: https://evil.example.com/in/x\n"
               "guest-writer:\n  name: G\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert "content/authors.yml:3: brian.linkedin: must be a LinkedIn profile address" in result.output


# --- sharing and search engines --------------------------------------------------------------

def test_sharing_feeds_robots_and_search_engine_signals(blog):
    blog.write("site_config.yml", (blog.root / "site_config.yml").read_text() + BRAND.split("  font:")[0]
               + "twitter: \"@testblog\"\n")
    blog.write("theme/assets/images/logo.svg", LOGO)
    blog.write("theme/assets/images/icon.png", b"\x89PNG\r\n\x1a\n")
    blog.post("first-post", title="First Post", date="2024-01-10", tags=["Sales Coaching", "leadership"],
              extra="updated: 2024-02-20\n",
              body="The first paragraph.\n\n<!-- more -->\n\nMore.\n{: #more }")  # second-post links to #more
    blog.post("later-post", title="Later Post", date="2999-06-01T09:30:00", body="Not yet.")
    blog.post("later-draft", title="Later Draft", date="2998-01-01", extra="draft: true\n", body="Not yet.")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    assert "; 1 future post left out, the first due 2999-06-01 09:30 UTC" in result.output

    post = soup(blog, "blog/first-post/index.html")
    share = {a.get_text(): a["href"] for a in post.select(".sb-share a")}
    encoded = "https%3A%2F%2Fblog.example.com%2Fblog%2Ffirst-post%2F"
    assert share == {
        "LinkedIn": f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}",
        "X": f"https://x.com/intent/post?url={encoded}&text=First%20Post",
        "E-mail": f"mailto:?subject=First%20Post&body={encoded}",
        "Copy link": "https://blog.example.com/blog/first-post/"}
    assert post.select_one('script[src$="assets/javascripts/salesblog.js"]') is not None
    assert post.select_one('meta[name="twitter:site"]')["content"] == "@testblog"
    data = json.loads(post.select_one('script[type="application/ld+json"]').string)
    assert data["publisher"]["logo"]["url"] == "https://blog.example.com/assets/images/logo.svg"
    updated = post.select_one(".sb-post__header .sb-meta__updated time")
    assert updated.get_text() == "February 20, 2024" and updated["datetime"].startswith("2024-02-20")

    assert blog.page("robots.txt") == ("User-agent: *\nAllow: /\n\n"
                                       "Sitemap: https://blog.example.com/sitemap.xml\n")
    thanks = soup(blog, "contribute/thanks/index.html")
    assert thanks.select_one('meta[name="robots"]')["content"] == "noindex"
    sitemap = blog.page("sitemap.xml")
    assert "contribute/thanks/" not in sitemap and "https://blog.example.com/contribute/" in sitemap
    import gzip
    assert b"contribute/thanks/" not in gzip.decompress((blog.root / "site/sitemap.xml.gz").read_bytes())

    home = soup(blog, "index.html")  # 3 posts, 2 per page
    assert [link["href"] for link in home.select('link[rel="next"]')] == ["/page/2/"]
    assert not home.select('link[rel="prev"]')
    second = soup(blog, "page/2/index.html")
    assert [link["href"] for link in second.select('link[rel="prev"]')] == ["/"]
    assert home.select_one('link[type="application/feed+json"]')["href"] == "/feed.json"

    feed = json.loads(blog.page("feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://blog.example.com/feed.json"
    assert [item["title"] for item in feed["items"]] == ["Third Post", "Second Post", "First Post"]
    first = feed["items"][2]
    assert first["url"] == "https://blog.example.com/blog/first-post/"
    assert first["date_modified"].startswith("2024-02-20") and first["tags"] == ["Sales Coaching", "leadership"]
    assert "<p>The first paragraph.</p>" in first["content_html"]

    from lxml import etree
    author_feed = etree.fromstring((blog.root / "site/authors/brian/feed.xml").read_bytes())
    assert [t.text for t in author_feed.iterfind("channel/item/title")] == ["Second Post", "First Post"]
    assert author_feed.findtext("channel/title") == "Test Blog: Brian Signorelli"
    author_page = soup(blog, "authors/brian/index.html")
    assert author_page.select_one('link[rel="alternate"][title="Brian Signorelli (RSS)"]')["href"] == "/authors/brian/feed.xml"


# --- topic hubs ------------------------------------------------------------------------------

TOPICS = """leadership:
  description: Leading a sales team.
  intro: |
    Start with **these**.
  start_here: [first-post]
"""


def test_topic_hub_on_the_tag_page(blog):
    blog.write("content/tags.yml", TOPICS)
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    page = soup(blog, "tags/leadership/index.html")
    assert page.select_one(".sb-topic__description").get_text() == "Leading a sales team."
    assert page.select_one('meta[name="description"]')["content"] == "Leading a sales team."
    assert page.select_one(".sb-topic__intro strong").get_text() == "these"
    assert [a.get_text() for a in page.select(".sb-topic__start-list a")] == ["First Post"]
    # The pinned post is still in the full list below, which keeps every post with the tag.
    assert [a.get_text() for a in page.select(".sb-card__title a")] == ["Second Post", "First Post"]
    assert page.select_one('link[rel="alternate"][type="application/rss+xml"][href="/tags/leadership/feed.xml"]')
    index = soup(blog, "tags/index.html")
    assert index.select_one(".sb-tag-index__description").get_text() == "Leading a sales team."
    assert not (blog.root / "site/tags.yml").exists()  # the settings file is not published
    assert soup(blog, "tags/negotiation/index.html").select_one(".sb-topic__start") is None


@pytest.mark.parametrize("text,message", [
    ("nobody-uses-this:\n  description: x\n", "content/tags.yml:1: no post has the tag 'nobody-uses-this'"),
    ("leadership:\n  start_here:\n    - first-post\n    - no-such-post\n",
     "content/tags.yml:4: start_here: no post has the slug 'no-such-post'"),
    ("negotiation:\n  start_here: [first-post]\n",
     "content/tags.yml:2: start_here: content/posts/first-post.md is not tagged 'negotiation'"),
    ("leadership:\n  summary: x\n", "content/tags.yml:2: unknown setting leadership.'summary'"),
])
def test_topic_mistakes_are_reported_with_their_line(blog, text, message):
    blog.write("content/tags.yml", text)
    result = blog.run("check")
    assert result.exit_code == 1
    assert message in result.output


# Posts without an image share a drawn card: tests/test_images.py (site/share_card.py).


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#888888").save(out, "PNG")
    return out.getvalue()


def test_logo_size_comes_from_the_file(tmp_path):
    from salesblog.site.brand import logo_ratio

    wide = tmp_path / "wide.svg"
    wide.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><g/></svg>')
    png = tmp_path / "logo.png"
    png.write_bytes(_png(200, 50))
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    assert logo_ratio(wide) == 3.0 and logo_ratio(png) == 4.0 and logo_ratio(broken) is None
