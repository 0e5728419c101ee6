"""Holes found by a second attacker's pass over the merged trust boundary, each over the real
path: a real import, real HTTP contribute + `inbox accept`, a real build."""

from __future__ import annotations

from tests.hostile_site import cli, contribute_and_accept, import_sources, scan_site
from tests.test_contribute_support import make_project

_ITEM = """<item><title>Odd Old Address {n}</title><link><![CDATA[{link}]]></link>
<dc:creator>dana</dc:creator><guid isPermaLink="false">review-{n}</guid>
<content:encoded><![CDATA[An old post whose address is hostile, number {n}.]]></content:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date>2019-05-01 09:30:00</wp:post_date>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""

_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.com</link><wp:wxr_version>1.2</wp:wxr_version>
{items}</channel></rss>"""

HOSTILE_OLD_ADDRESSES = [
    "https://old.example.com/%2e%2e/%2e%2e/escaped/",  # a web server decodes it to ../../
    "https://old.example.com/a%2f..%2f..%2fescaped/",
    "https://old.example.com/c\\..\\..\\escaped/",  # a Windows build or host splits there
    "https://old.example.com/nul%00/escaped/",
]


def test_legacy_urls_that_climb_once_decoded_get_no_redirect_page(tmp_path):
    project = make_project(tmp_path / "blog")
    items = "".join(_ITEM.format(n=n, link=link) for n, link in enumerate(HOSTILE_OLD_ADDRESSES, 1))
    export = tmp_path / "old.xml"
    export.write_text(_EXPORT.format(items=items), encoding="utf-8")
    import_sources(project.root, export)
    cli(project.root, "build")

    site = project.root / "site"
    for number in range(1, len(HOSTILE_OLD_ADDRESSES) + 1):
        assert (site / "blog" / f"odd-old-address-{number}" / "index.html").is_file()
    odd = [str(p.relative_to(site)) for p in site.rglob("*")
           if "%" in p.name or "\\" in p.name or "escaped" in p.name]
    assert odd == []
    assert not (tmp_path / "escaped").exists()


def test_a_guest_link_to_no_heading_cannot_fail_the_build(tmp_path):
    """Defanged links point at "#", and a guest's #anchor to nothing would fail `check` and
    `build` for the whole blog once the post is published."""
    project = make_project(tmp_path / "blog")
    drafts = [{"title": "Anchors From A Guest",
               "body": "See [below](#pricing), [top](#), [script](javascript:alert('XSS-a')) and "
                       "[a heading](#real-heading).\n\n## Real heading\n\nText.\n\n[ref]: #nowhere\n[x][ref]"}]
    [post] = contribute_and_accept(project, drafts)
    text = post.read_text(encoding="utf-8")
    assert "[a heading](#real-heading)" in text  # an anchor that exists stays
    assert "#pricing" not in text and "#nowhere" not in text
    cli(project.root, "check")
    cli(project.root, "build")
    found, _ = scan_site(project.root / "site")
    assert found == []


def test_settings_links_pass_the_one_url_policy(tmp_path):
    """schema.link_value had a scheme check of its own that took "javascript&#58;..." for a path."""
    from click.testing import CliRunner

    from salesblog.cli import group

    project = make_project(tmp_path / "blog")
    settings = project.root / "site_config.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("url: https://blog.example.com/landing-pages-dos-and-donts/",
                                     "url: javascript&#58;alert(1)"), encoding="utf-8")
    result = CliRunner().invoke(group, ["-C", str(project.root), "check"])
    assert result.exit_code == 1
    assert "site_config.yml:" in result.output and "must be a path on this site" in result.output


def test_a_guest_titled_index_gets_a_post_of_its_own(tmp_path):
    """posts/index.md is the page of a post folder: a post given the slug "index" became the
    post "posts", owning every file under content/posts/."""
    project = make_project(tmp_path / "blog")
    [post] = contribute_and_accept(project, [{"title": "Index", "body": "A guest post titled Index."}])
    assert post.name == "index-2.md"
    cli(project.root, "build")
    page = project.root / "site" / "blog" / "index-2" / "index.html"
    assert "A guest post titled Index." in page.read_text(encoding="utf-8")
    assert not (project.root / "site" / "blog" / "posts").exists()


def test_new_refuses_the_slug_index(tmp_path):
    from click.testing import CliRunner

    from salesblog.cli import group

    project = make_project(tmp_path / "blog")
    result = CliRunner().invoke(group, ["-C", str(project.root), "new", "Anything", "--slug", "index",
                                        "--author", "brian-signorelli"])
    assert result.exit_code == 1, result.output
    assert "slug 'index'" in result.output
    assert not (project.root / "content" / "posts" / "index.md").exists()


def test_serve_answers_odd_paths_with_404_not_500(tmp_path):
    from salesblog.pipeline import build_site
    from tests.test_contribute_support import ServeProcess
    from tests.test_serve_hardening import fetch

    project = make_project(tmp_path / "blog")
    build_site(project, project.root / "site")
    server = ServeProcess(project)
    try:
        for path in ("/%00", "/index.html%00.txt", "/blog/%00/", "/..%2f..%2fetc/passwd",
                     "/%2e%2e/%2e%2e/etc/passwd", "/%5c..%5c..%5csite_config.yml", "/" + "a" * 8000):
            status, _, body = fetch(server.port, path)
            assert status == 404, path
            assert b"root:" not in body and b"title:" not in body, path
        assert fetch(server.port, "/")[0] == 200  # still serving
    finally:
        server.stop()


def test_a_guest_body_of_unclosed_links_is_accepted_and_built_in_seconds(tmp_path):
    """Python-Markdown looks for the ")" of every "](" through the rest of its paragraph, and
    matches every abbreviation over the whole text: 100 KB of either took minutes to render
    (in `inbox accept`, which renders to vet, and in the build)."""
    import time

    project = make_project(tmp_path / "blog")
    body = "[a](b " * 12000 + "\n\n" + "*[a]: b\n" * 5000 + "\nThe end [of it](https://example.com/end)."
    started = time.monotonic()
    [post] = contribute_and_accept(project, [{"title": "Unclosed Links", "body": body}])
    cli(project.root, "build")
    assert time.monotonic() - started < 30
    text = post.read_text(encoding="utf-8")
    assert text.count("[a]\\(b") == 12000  # text, shown as written
    assert "[of it](https://example.com/end)" in text  # a real link stays one
    page = (project.root / "site" / "blog" / "unclosed-links" / "index.html").read_text(encoding="utf-8")
    assert page.count("[a](b") >= 12000 and '<a href="https://example.com/end">of it</a>' in page
