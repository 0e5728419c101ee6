"""A full build of a small fixture blog, checked by parsing what a reader gets. Which page
lists which posts (drafts, pagination, tags) is asserted on the plan: tests/test_plan.py."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from lxml import etree


def soup(blog, path: str) -> BeautifulSoup:
    return BeautifulSoup(blog.page(path), "html.parser")


@pytest.fixture
def site(blog):
    blog.add_draft_future_and_imported_posts()
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    assert "Built 4 posts" in result.output
    return blog


def test_post_page_shows_everything_a_reader_needs(site):
    page = soup(site, "blog/first-post/index.html")
    assert page.find("h1").get_text() == "First Post"
    assert page.find("time")["datetime"].startswith("2024-01-10")
    assert "1 min read" in page.get_text()
    box = page.select_one(".sb-author")
    assert "Brian Signorelli" in box.get_text() and "Sales Manager" in box.get_text()
    assert "Brian leads a sales team." in box.get_text()
    tags = {a.get_text(): a["href"] for a in page.select(".sb-tags a")}
    assert tags == {"Sales Coaching": "/tags/sales-coaching/", "leadership": "/tags/leadership/"}
    cta = page.select_one(".sb-cta")
    assert "Landing Pages: The Do’s and Dont’s" in cta.get_text()
    assert cta.find("a", string="Get Your Copy")["href"] == "https://blog.example.com/offer/"
    assert page.find("a", href="/contribute/") is not None


def test_recent_posts_sidebar(site):
    page = soup(site, "blog/first-post/index.html")
    sidebar = page.select_one("aside.sb-recent")
    assert sidebar.find(string="Recent posts")
    titles = [a.get_text() for a in sidebar.select(".sb-recent__link")]
    assert titles == ["Third Post", "Second Post"]  # newest first, count from recent_posts: 2
    assert [a["href"] for a in sidebar.select(".sb-recent__more")] == ["/blog/third-post/", "/blog/second-post/"]
    assert "Third post body, by a guest." in sidebar.get_text()


def test_links_between_posts_are_rewritten(site):
    page = soup(site, "blog/second-post/index.html")
    assert page.select_one(".sb-post__body a", string="the first post")["href"] == "/blog/first-post/#more"


def test_home_is_paginated_with_summaries(site):
    home = soup(site, "index.html")
    assert [a.get_text() for a in home.select(".sb-card__title a")] == ["Third Post", "Second Post"]
    second = soup(site, "page/2/index.html")
    assert [a.get_text() for a in second.select(".sb-card__title a")] == ["First Post", "Old Post"]
    summary = second.select_one(".sb-card__summary").get_text()
    assert "The first paragraph of the first post." in summary and "More text here" not in summary
    assert home.find("a", rel="next")["href"] == "/page/2/"


def test_tag_pages_and_index(site):
    tag = soup(site, "tags/leadership/index.html")
    assert [a.get_text() for a in tag.select(".sb-card__title a")] == ["Second Post", "First Post"]
    index = soup(site, "tags/index.html")
    counts = {li.a.get_text(): li.select_one(".sb-count").get_text() for li in index.select(".sb-tag-index li")}
    assert counts == {"leadership": "2 posts", "negotiation": "2 posts", "Sales Coaching": "1 post"}


def test_author_pages(site):
    page = soup(site, "authors/brian/index.html")
    assert page.find("h1").get_text() == "Brian Signorelli"
    assert "Brian leads a sales team." in page.get_text()
    assert len(page.select(".sb-card")) == 2  # paginated at 2
    assert (site.root / "site/authors/guest-writer/index.html").is_file()


def test_archive_by_year(site):
    page = soup(site, "archive/index.html")
    years = [h.get_text() for h in page.select(".sb-archive__year h2")]
    assert years == ["2024", "2023"]


def test_head_has_canonical_open_graph_and_json_ld(site):
    page = soup(site, "blog/first-post/index.html")
    assert page.find("link", rel="canonical")["href"] == "https://blog.example.com/blog/first-post/"
    assert page.find("meta", property="og:title")["content"] == "First Post"
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"  # every post has an og:image (issue 10)
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting" and data["headline"] == "First Post"
    assert data["author"][0]["name"] == "Brian Signorelli"
    assert data["datePublished"].startswith("2024-01-10")


def test_feeds(site):
    rss = etree.fromstring((site.root / "site/feed.xml").read_bytes())
    items = rss.findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Third Post", "Second Post", "First Post", "Old Post"]
    second = items[1]
    content = second.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert 'href="https://blog.example.com/blog/first-post/#more"' in content
    assert second.findtext("guid") == "https://blog.example.com/blog/second-post/"
    assert [c.text for c in items[2].findall("category")] == ["Sales Coaching", "leadership"]
    atom = etree.fromstring((site.root / "site/atom.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.findall("a:entry/a:author/a:name", ns)[0].text == "Aaron Wittersheim"
    assert [c.get("term") for c in atom.findall("a:entry", ns)[2].findall("a:category", ns)] == \
        ["Sales Coaching", "leadership"]
    tag_feed = etree.fromstring((site.root / "site/tags/negotiation/feed.xml").read_bytes())
    assert [i.findtext("title") for i in tag_feed.findall("channel/item")] == ["Third Post", "Old Post"]


def test_sitemap_and_404(site):
    sitemap = (site.root / "site/sitemap.xml").read_text()
    assert "https://blog.example.com/blog/first-post/" in sitemap
    assert (site.root / "site/404.html").is_file()


def test_legacy_url_redirect(site):
    page = soup(site, "blog/old-post-path/index.html")
    assert page.find("link", rel="canonical")["href"] == "https://blog.example.com/blog/old-post/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
        "0; url=https://blog.example.com/blog/old-post/"


def test_nothing_loads_from_other_hosts(site):
    for path in ("index.html", "blog/first-post/index.html"):
        page = soup(site, path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute) or ""
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not value.startswith(("http:", "https:", "//")), f"{path}: {element}"


def test_bundle_post_images_and_permalink_pattern(blog):
    config = (blog.root / "site_config.yml").read_text()
    blog.write("site_config.yml", config + "permalink: \"{year}/{month}/{slug}/\"\n")
    blog.write("content/posts/bundle/index.md",
               "---\ntitle: Bundle\ndate: 2024-04-02\nauthors: [brian]\nimage: chart.png\n---\n\n![A chart](chart.png)\n")
    blog.write("content/posts/bundle/chart.png", b"\x89PNG\r\n\x1a\n fake")
    blog.write("content/images/logo.png", b"\x89PNG\r\n\x1a\n logo")
    assert blog.run("build").exit_code == 0
    page = soup(blog, "2024/04/bundle/index.html")
    assert page.select_one(".sb-post__body img")["src"] == "/2024/04/bundle/chart.png"
    assert (blog.root / "site/2024/04/bundle/chart.png").read_bytes().endswith(b"fake")
    assert (blog.root / "site/images/logo.png").is_file()
    assert page.find("meta", property="og:image")["content"] == "https://blog.example.com/2024/04/bundle/chart.png"
    assert page.select_one(".sb-post__hero")["src"] == "/2024/04/bundle/chart.png"


def test_site_under_a_base_path(blog):
    config = (blog.root / "site_config.yml").read_text().replace(
        "https://blog.example.com/", "https://example.com/news/")
    blog.write("site_config.yml", config)
    assert blog.run("build").exit_code == 0
    page = soup(blog, "blog/second-post/index.html")
    assert page.select_one(".sb-post__body a", string="the first post")["href"] == "/news/blog/first-post/#more"
    assert page.find("a", href="/news/contribute/") is not None


def test_broken_theme_override_keeps_previous_site(blog):
    assert blog.run("build").exit_code == 0
    before = blog.page("index.html")
    blog.write("theme/salesblog/listing.html", "{% extends 'main.html' %}{% block content %}{{ oops( }}{% endblock %}")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "listing.html" in result.output and "Traceback" not in result.output
    assert blog.page("index.html") == before
    assert not any(p.name.startswith(".site.") for p in blog.root.iterdir())


def test_build_into_another_folder(blog, tmp_path):
    target = tmp_path / "public"
    result = blog.run_process("build", "-d", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "blog/first-post/index.html").is_file()
    assert not (blog.root / "site").exists()


def test_markup_in_a_title_stays_text_everywhere(blog):
    hostile = 'Deals </title><script>alert(1)</script> & "quotes"'
    blog.post("hostile", title=hostile, date="2024-04-01", body="Body.")
    assert blog.run("build").exit_code == 0
    for path in ("blog/hostile/index.html", "index.html", "tags/index.html", "archive/index.html",
                 "authors/brian/index.html"):
        page = blog.page(path)
        assert "<script>alert(1)</script>" not in page, path
    page = soup(blog, "blog/hostile/index.html")
    assert page.title.get_text() == f"{hostile} - Test Blog"
    assert page.find("h1").get_text() == hostile


@pytest.mark.parametrize("target", [".", "content", "content/images/out", "theme/out", ".."])
def test_build_refuses_a_folder_that_would_destroy_the_project(blog, target):
    (blog.root / "theme").mkdir(exist_ok=True)
    before = sorted(p.relative_to(blog.root) for p in blog.root.rglob("*"))
    result = blog.run("build", "-d", str(blog.root / target))
    assert result.exit_code == 1
    assert "choose" in result.output and "Traceback" not in result.output
    assert sorted(p.relative_to(blog.root) for p in blog.root.rglob("*")) == before


def test_build_refuses_a_foreign_folder_but_replaces_its_own(blog, tmp_path):
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "index.html").write_text("someone else's")
    result = blog.run("build", "-d", str(foreign))
    assert result.exit_code == 1 and "not built by salesblog" in result.output
    assert (foreign / "index.html").read_text() == "someone else's"
    own = tmp_path / "public"
    assert blog.run("build", "-d", str(own)).exit_code == 0
    assert blog.run("build", "-d", str(own)).exit_code == 0


def test_build_into_a_file_is_refused(blog, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = blog.run("build", "-d", str(target))
    assert result.exit_code == 2 and "is a file" in result.output  # a usage error
    assert target.read_text() == "x"


@pytest.mark.parametrize("extra, permalink, message", [
    ("slug: tags\n", "{slug}/", "its page /tags/ is also the tag index"),
    ("slug: contribute\n", "{slug}/", "its page /contribute/ is also the contribute page"),
    ("slug: brian\n", "authors/{slug}/", "its page /authors/brian/ is also the page of author 'brian'"),
    ("slug: assets\n", "{slug}/", "a folder the site needs"),
    ("legacy_url: https://old.example.com/sitemap.xml\n", "blog/{slug}/", "legacy_url path /sitemap.xml is also"),
    ("legacy_url: /blog/first-post/\n", "blog/{slug}/", "legacy_url path /blog/first-post/index.html is also"),
])
def test_paths_that_collide_are_reported(blog, extra, permalink, message):
    config = (blog.root / "site_config.yml").read_text()
    blog.write("site_config.yml", config + f'permalink: "{permalink}"\n')
    blog.post("clash", title="Clash", date="2024-05-01", extra=extra)
    for command in ("check", "build"):
        result = blog.run(command)
        assert result.exit_code == 1, result.output
        assert re.search(rf"^content/posts/clash.md:\d+: .*{re.escape(message)}", result.output, re.M), result.output
    assert not (blog.root / "site").exists()


def test_a_post_keeping_its_old_address_needs_no_redirect(blog):
    blog.post("kept", title="Kept", date="2024-05-01", extra="legacy_url: https://old.example.com/blog/kept/\n")
    assert blog.run("build").exit_code == 0
    assert "<h1>Kept</h1>" in blog.page("blog/kept/index.html")


def test_search_index_keeps_titles_and_tags_as_text(blog):
    blog.post("xss", title="<img src=x onerror=alert(1)>", date="2024-05-01",
              tags=["<b onmouseover=alert(2)>t"], body="Body.")
    assert blog.run("build").exit_code == 0
    index = json.loads(blog.page("search/search_index.json"))
    doc = next(d for d in index["docs"] if d["location"] == "blog/xss/")
    assert doc["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert doc["tags"] == ["&lt;b onmouseover=alert(2)&gt;t"]


@pytest.mark.parametrize("key, value", [("avatar", "x\\\" onerror=\\\"alert(1)"), ("url", "javascript:alert(1)")])
def test_author_links_must_be_links(blog, key, value):
    blog.write("content/authors.yml", f'brian:\n  name: Brian\n  {key}: "{value}"\nguest-writer:\n  name: G\n')
    result = blog.run("check")
    assert result.exit_code == 1
    assert f"content/authors.yml:3: brian.{key}: must be a path on this site or an http(s) URL" in result.output


def test_project_theme_overrides_templates_and_adds_stylesheets(blog):
    blog.write("theme/assets/stylesheets/brand.css", ".sb-cta { color: black; }")
    blog.write("theme/partials/salesblog/cta.html", '<aside class="sb-cta">Our own offer</aside>')
    assert blog.run("build").exit_code == 0
    page = soup(blog, "blog/first-post/index.html")
    assert page.select_one(".sb-cta").get_text() == "Our own offer"
    assert any(link["href"].endswith("assets/stylesheets/brand.css") for link in page.find_all("link", rel="stylesheet"))
    assert (blog.root / "site/assets/stylesheets/brand.css").is_file()


def test_an_error_in_the_page_worker_shows_its_traceback_with_v(blog):
    from salesblog.engine.plugin import FORK_THRESHOLD

    # Enough posts for the layout to fork. The worker is given the first page to lay out
    # (plan order: the newest post) before the two take turns.
    for number in range(FORK_THRESHOLD):
        title = "Broken Post" if number == FORK_THRESHOLD - 1 else f"Post {number}"
        blog.post(f"post-{number:03d}", title=title, date=f"2025-{1 + number // 28:02d}-{1 + number % 28:02d}")
    blog.write("theme/partials/salesblog/share.html",
               '{% if page.title == "Broken Post" %}{{ no_such_thing.anywhere }}{% endif %}\n')

    quiet = blog.run_process("build")
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr and "in the page worker" not in quiet.stderr
    last = quiet.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "share.html:1: UndefinedError" in last, quiet.stderr

    verbose = blog.run_process("-v", "build")
    assert verbose.returncode == 1
    assert "in the page worker" in verbose.stderr
    assert "Traceback (most recent call last)" in verbose.stderr
    # The worker's frames: MkDocs' page builder and the template line that failed.
    assert "_build_page" in verbose.stderr and 'share.html", line 1' in verbose.stderr
    assert not (blog.root / "site").exists()


def test_material_toggles_carry_no_autocomplete(site):
    # Material gives its two hidden checkboxes autocomplete="off", invalid on checkboxes.
    for path in ("index.html", "blog/first-post/index.html", "404.html"):
        toggles = [toggle for toggle in soup(site, path).find_all("input", type="checkbox")
                   if toggle.get("class") == ["md-toggle"]]
        assert len(toggles) == 2, path
        assert all(toggle.get("autocomplete") is None for toggle in toggles), path
        assert 'autocomplete="off"' not in str(toggles)


def test_a_footer_override_that_shows_the_page_is_laid_out_for_each_page(blog):
    # The footer is laid out once per fragment key, unless theme/ replaces a template of it:
    # then it may show the page, and each page gets its own.
    blog.write("theme/partials/salesblog/subscribe.html", '<p class="sb-here">Footer of {{ page.url }}</p>\n')
    assert blog.run("build").exit_code == 0
    for path in ("blog/first-post/", "blog/second-post/", "tags/leadership/"):
        assert f"Footer of {path}<" in blog.page(f"{path}index.html"), path


def test_a_page_under_a_folder_mkdocs_leaves_out_by_default_is_published(blog):
    # MkDocs excludes templates/ and dot-folders from its own docs; the plan decides for us.
    blog.write("content/pages/templates.md", "---\ntitle: Templates\n---\n\nOur sales e-mail templates.\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    assert "Our sales e-mail templates." in blog.page("templates/index.html")
