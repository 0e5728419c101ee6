"""What comes over with the posts: galleries, the blog's tag spelling, one post per old address
whichever way it arrived, heading levels."""

from __future__ import annotations

import pytest
import yaml

from tests.fixture_blog import build_site, png
from tests.helpers_import import body_of, make_project, posts, salesblog
from tests.loopback import serve, substitute

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Closing Time</title><link>BASE</link><wp:base_blog_url>BASE</wp:base_blog_url>
<wp:author><wp:author_login>dana</wp:author_login><wp:author_display_name>Dana Whitfield</wp:author_display_name></wp:author>
<item><title>a</title><wp:post_id>11</wp:post_id><wp:post_parent>20</wp:post_parent><wp:post_type>attachment</wp:post_type>
  <wp:attachment_url>BASE/uploads/a.png</wp:attachment_url></item>
<item><title>b</title><wp:post_id>12</wp:post_id><wp:post_parent>20</wp:post_parent><wp:post_type>attachment</wp:post_type>
  <wp:attachment_url>BASE/uploads/b.png</wp:attachment_url></item>
<item><title>c</title><wp:post_id>13</wp:post_id><wp:post_parent>21</wp:post_parent><wp:post_type>attachment</wp:post_type>
  <wp:attachment_url>BASE/uploads/c.png</wp:attachment_url></item>
<item><title>Team Offsite Photos</title><link>BASE/2017/05/team-offsite/</link><dc:creator>dana</dc:creator>
  <wp:post_id>20</wp:post_id><wp:post_date>2017-05-01 10:00:00</wp:post_date><wp:post_date_gmt>2017-05-01 14:00:00</wp:post_date_gmt>
  <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
  <category domain="post_tag" nicename="sales-coaching"><![CDATA[sales Coaching]]></category>
  <content:encoded><![CDATA[The whole sales team spent two days planning the year together, away from the phones.

[gallery ids="11,12,99" columns="2"]

<h4>What we decided</h4>
Fewer meetings, more coaching.]]></content:encoded></item>
<item><title>Booth Pictures</title><link>BASE/2017/06/booth/</link><dc:creator>dana</dc:creator>
  <wp:post_id>21</wp:post_id><wp:post_date>2017-06-01 10:00:00</wp:post_date><wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type><content:encoded><![CDATA[Our booth at the spring conference drew more visitors than ever before.

[gallery]

[gallery link="file"]]]></content:encoded></item>
<item><title>Empty Gallery</title><link>BASE/2017/07/empty/</link><dc:creator>dana</dc:creator>
  <wp:post_id>22</wp:post_id><wp:post_date>2017-07-01 10:00:00</wp:post_date><wp:status>publish</wp:status>
  <wp:post_type>post</wp:post_type><content:encoded><![CDATA[This post had a gallery whose images were lost long ago, sadly.

[gallery]]]></content:encoded></item>
</channel></rss>
"""


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "blog")
    (root / "content" / "posts" / "existing.md").write_text(
        "---\ntitle: Existing\ndate: 2016-01-01\nauthors: [brian-signorelli]\ntags: [Sales Coaching]\n---\n\nText.\n",
        encoding="utf-8")
    return root


@pytest.fixture
def uploads():
    from tests.loopback import Site

    site = Site()
    for number, name in enumerate("abc"):
        site.add(f"/uploads/{name}.png", png(number), "image/png")
    server, base = serve(site)
    yield base
    server.shutdown()


def test_galleries_keep_every_image_and_unreadable_ones_are_reported(project, uploads, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(WXR.replace("BASE", uploads), encoding="utf-8")
    result = salesblog(project, "import", "--allow-private-addresses", str(export))
    assert result.exit_code == 0, result.output
    written = posts(project)
    offsite = written["team-offsite-photos.md"]
    body = body_of(offsite)
    assert "(../images/team-offsite-photos/a.png)" in body and "(../images/team-offsite-photos/b.png)" in body
    assert "attachments 99" in result.output  # named but not in the export
    booth = body_of(written["booth-pictures.md"])
    assert booth.count("c.png") == 2  # [gallery] without ids: the post's attached images
    assert "[gallery" not in booth
    assert "could not be read" in result.output and "empty-gallery" in result.output
    # the blog's existing spelling of a tag wins over the export's
    assert front_matter(offsite)["tags"] == ["Sales Coaching"]
    # headings without skipped levels: the only heading, an h4, becomes ##
    assert "\n## What we decided\n" in body
    assert salesblog(project, "check").exit_code == 0


def test_a_post_imported_from_a_saved_file_and_from_its_url_is_one_post(project, tmp_path):
    site, fixture_posts = build_site(12)
    server, base = serve(site)
    try:
        post = fixture_posts[3]
        saved = tmp_path / "saved.html"
        page = substitute(site.files[post.path][0], base).decode()
        saved.write_text(f"<!-- saved from url=(0040){base}{post.path} -->\n" + page, encoding="utf-8")
        first = salesblog(project, "import", "--offline", str(saved))
        assert first.exit_code == 0, first.output
        again = salesblog(project, "import", "--offline", "--allow-private-addresses", f"{base}{post.path}")
        assert again.exit_code == 0, again.output
    finally:
        server.shutdown()
    imported = [name for name in posts(project) if name != "existing.md"]
    assert imported == ["lesson-4-on-cold-outreach.md"]
    assert "1 imported" not in again.output
