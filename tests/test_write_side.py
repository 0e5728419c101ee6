"""One write side for posts (issue 9): `new`, `import` and `inbox accept` write through
write_new_post, which checks a post as `salesblog check` would before anything is written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from salesblog.cli import group
from salesblog.content.catalogue import Catalogue
from salesblog.content.writer import NewAuthor, NewPost, write_new_post
from salesblog.contribute.form import Submission
from salesblog.contribute.inbox import Inbox, inbox_path
from salesblog.errors import ContentError
from salesblog.project import Project
from tests.test_contribute_support import make_project, settings


def cli(project: Project, *args: str):
    return CliRunner().invoke(group, ["-C", str(project.root), *args], catch_exceptions=False)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def snapshot(project: Project) -> tuple[bytes, list[str]]:
    """authors.yml byte for byte and every file under content/."""
    files = sorted(str(p.relative_to(project.content_dir)) for p in project.content_dir.rglob("*")
                   if not p.name.startswith("."))
    return project.authors_path.read_bytes(), files


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path / "blog")


@pytest.fixture
def inbox(project):
    opened = Inbox(inbox_path(project, settings(project)))
    yield opened
    opened.close()


def submit(inbox: Inbox, **changes) -> int:
    values = dict(name="Jane Doe", email="jane@example.com", title="Five Questions That Close Deals",
                  body="Ask the buyer what happens if they do nothing.", bio="", tags=["negotiation"])
    values.update(changes)
    draft_id, _ = inbox.add(Submission(**values), "127.0.0.1")
    return draft_id


# --- import -----------------------------------------------------------------------------

WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example.com</wp:base_site_url>
{items}
</channel></rss>"""

ITEM = """<item><title><![CDATA[{title}]]></title><link>{link}</link>
<dc:creator><![CDATA[Dana Whitfield]]></dc:creator><guid isPermaLink="false">{guid}</guid>
<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>
<wp:post_date><![CDATA[2017-03-08 09:30:00]]></wp:post_date>
<wp:post_name><![CDATA[{name}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>{extra}</item>"""


def export(tmp_path: Path, items: list[dict]) -> Path:
    rendered = []
    for number, item in enumerate(items, 1):
        values = dict(title=f"Post {number}", link=f"https://old.example.com/post-{number}/",
                      guid=f"https://old.example.com/?p={number}", name=f"post-{number}",
                      text=f"The text of item {number}, long enough to be an article.", extra="")
        values.update(item)
        rendered.append(ITEM.format(**values))
    path = tmp_path / f"export-{len(list(tmp_path.glob('export-*')))}.xml"
    path.write_text(WXR.format(items="\n".join(rendered)), encoding="utf-8")
    return path


def test_items_of_one_export_never_write_the_same_file(project, tmp_path):
    same = dict(title="Quota Math", link="https://old.example.com/quota-math/", guid="g-1", name="quota-math")
    source = export(tmp_path, [dict(same, text="First item: the one about territories."),
                               dict(same, text="Second item: the one about ramp time."),
                               dict(title="Quota Math", link="https://old.example.com/other/", guid="g-2",
                                    text="Third item: same title, another address.")])
    result = cli(project, "import", "--offline", str(source))
    assert result.exit_code == 0, result.output
    assert "3 imported, 0 updated" in result.output
    written = {p.name: p.read_text() for p in project.posts_dir.glob("quota-math*.md")}
    assert sorted(written) == ["quota-math-2.md", "quota-math-3.md", "quota-math.md"]
    for words in ("territories", "ramp time", "Third item"):
        assert len([t for t in written.values() if words in t]) == 1, words
    # One redirect per old address: the second item comes without it, and says so.
    assert front_matter(project.posts_dir / "quota-math.md")["legacy_url"] == "https://old.example.com/quota-math/"
    assert "legacy_url" not in front_matter(project.posts_dir / "quota-math-2.md")
    said = " ".join(result.output.split())  # the report wraps long lines
    assert "same old address" in said and "imported as a post of its own" in said
    assert cli(project, "check").exit_code == 0

    again = cli(project, "import", "--offline", str(source))  # the same run again: nothing new
    assert again.exit_code == 0 and "3 unchanged" in again.output, again.output
    assert {p.name: p.read_text() for p in project.posts_dir.glob("quota-math*.md")} == written


def test_a_dry_run_reports_every_item_of_one_export(project, tmp_path):
    same = dict(title="Quota Math", link="https://old.example.com/quota-math/", guid="g-1")
    source = export(tmp_path, [same, same])
    result = cli(project, "import", "--offline", "--dry-run", str(source))
    assert result.exit_code == 0 and "2 imported, 0 updated" in result.output, result.output
    assert "quota-math-2.md" in result.output


RESERVED = ["/robots.txt", "/sw.js", "/favicon.ico", "/assets/stylesheets/main.css", "/contribute/thanks/",
            "/feed.xml", "/atom.xml", "/sitemap.xml", "/search/search_index.json", "/tags/negotiation/feed.xml",
            "/tags/negotiation/", "/authors/brian-signorelli/", "/blog/how-to-run-a-bulletproof-negotiation/",
            "/contribute/", "/archive/", "/404.html"]


def test_a_legacy_path_the_site_needs_is_refused_at_import(project, tmp_path):
    items = [dict(title=f"Old Post {n}", link=f"https://old.example.com{path}", guid=f"r-{n}", name=f"old-{n}")
             for n, path in enumerate(RESERVED)]
    items.append(dict(title="Fine Post", link="https://old.example.com/2017/fine-post/", guid="fine"))
    result = cli(project, "import", "--offline", str(export(tmp_path, items)))
    assert result.exit_code == 0, result.output
    assert f"{len(items)} imported" in result.output
    for n, path in enumerate(RESERVED):
        meta = front_matter(project.posts_dir / f"old-post-{n}.md")
        assert "legacy_url" not in meta, path  # written, without the redirect
    assert result.output.count("imported without legacy_url") == len(RESERVED)
    assert "legacy_url path /robots.txt is also a file the site needs" in result.output
    assert front_matter(project.posts_dir / "fine-post.md")["legacy_url"].endswith("/2017/fine-post/")
    check = cli(project, "check")
    assert check.exit_code == 0, check.output


# --- inbox accept -------------------------------------------------------------------------

def test_accept_spells_tags_as_the_blog_does_and_folds_duplicates(project, inbox):
    draft_id = submit(inbox, tags=["Sales Coaching", "Closing-Deals", "closing deals", "NEGOTIATION"])
    result = cli(project, "inbox", "accept", str(draft_id))
    assert result.exit_code == 0, result.output
    meta = front_matter(project.posts_dir / "five-questions-that-close-deals.md")
    assert meta["tags"] == ["sales coaching", "Closing-Deals", "negotiation"]
    assert cli(project, "check").exit_code == 0
    # A second draft spelling the new tag otherwise takes the spelling the first one brought.
    second = submit(inbox, title="Closing Without Discounts", email="jane@example.com", tags=["closing deals"])
    assert cli(project, "inbox", "accept", str(second)).exit_code == 0
    assert front_matter(project.posts_dir / "closing-without-discounts.md")["tags"] == ["Closing-Deals"]
    check = cli(project, "check")
    assert check.exit_code == 0, check.output


def test_a_name_alone_never_attaches_a_draft_to_an_existing_author(project, inbox):
    guest = submit(inbox, name="Aaron Wittersheim", email="someone@evil.example", title="Guest Namesake")
    staff = submit(inbox, name="Brian Signorelli", email="imposter@evil.example", title="Staff Namesake")
    credited = submit(inbox, name="Brian Signorelli", email="brian@example.com", title="Really Brian")
    first = cli(project, "inbox", "accept", str(guest))
    assert first.exit_code == 0, first.output
    assert "new guest author aaron-wittersheim-2" in first.output
    assert "aaron-wittersheim has the same name but not this e-mail" in first.output
    second = cli(project, "inbox", "accept", str(staff))
    assert "new guest author brian-signorelli-2" in second.output
    third = cli(project, "inbox", "accept", str(credited), "--as", "brian-signorelli")
    assert third.exit_code == 0 and "credited to brian-signorelli (--as)" in third.output
    assert [inbox.get(i).author_id for i in (guest, staff, credited)] == [
        "aaron-wittersheim-2", "brian-signorelli-2", "brian-signorelli"]
    authors = yaml.safe_load(project.authors_path.read_text())
    assert authors["aaron-wittersheim-2"]["email"] == "someone@evil.example"
    assert "email" not in authors["brian-signorelli"]  # --as changes no one's profile
    # The same address again is the same guest, whatever name it signs with.
    returning = submit(inbox, name="A. Wittersheim", email="SOMEONE@evil.example", title="Back Again")
    again = cli(project, "inbox", "accept", str(returning))
    assert "credited to aaron-wittersheim-2 (same e-mail)" in again.output
    unknown = submit(inbox, title="Nobody")
    refused = cli(project, "inbox", "accept", str(unknown), "--as", "no-such-author")
    assert refused.exit_code == 1 and "no-such-author" in refused.output
    assert inbox.get(unknown).status == "pending"


def test_a_guests_email_never_reaches_the_built_site(project, inbox):
    draft_id = submit(inbox, email="private.address@example.org", bio="Jane coaches sales teams.")
    assert cli(project, "inbox", "accept", str(draft_id)).exit_code == 0
    path = project.posts_dir / "five-questions-that-close-deals.md"
    path.write_text(path.read_text().replace("draft: true", "draft: false"))
    assert "private.address@example.org" in project.authors_path.read_text()
    result = cli(project, "build")
    assert result.exit_code == 0, result.output
    site = project.root / "site"
    assert (site / "authors" / "jane-doe" / "index.html").is_file()
    for file in site.rglob("*"):
        if file.is_file():
            assert b"private.address" not in file.read_bytes(), file


def test_an_accept_that_fails_a_check_writes_nothing(project, inbox):
    # The form takes at most 10 tags; the inbox store holds what it is given.
    draft_id = submit(inbox, tags=[f"topic {n}" for n in range(25)])
    before = snapshot(project)
    result = cli(project, "inbox", "accept", str(draft_id))
    assert result.exit_code == 1
    assert "five-questions-that-close-deals.md:5: 25 tags; a post may have at most 20" in result.output
    assert snapshot(project) == before  # no post, no guest in authors.yml
    assert inbox.get(draft_id).status == "pending"
    assert cli(project, "check").exit_code == 0


def test_write_new_post_checks_everything_before_writing_anything(project):
    catalogue = Catalogue.load(project)
    before = snapshot(project)
    new = NewPost(title="Robots", date=dt.date(2024, 1, 1), authors=["new-guest"], body="Some text.",
                  legacy_url="https://old.example.com/robots.txt",
                  files={project.images_dir / "robots" / "a.png": b"png"})
    with pytest.raises(ContentError) as error:
        write_new_post(catalogue, new, untrusted=True,
                       new_authors=[NewAuthor("new-guest", {"name": "New Guest", "guest": True})])
    assert "legacy_url path /robots.txt is also a file the site needs" in str(error.value)
    assert snapshot(project) == before
    with pytest.raises(ContentError, match="unknown author id 'nobody'"):
        write_new_post(catalogue, NewPost(title="X", date=dt.date(2024, 1, 1), authors=["nobody"], body="x"),
                       untrusted=False)
    assert snapshot(project) == before


def test_a_failed_author_write_takes_back_post_and_images(project):
    catalogue = Catalogue.load(project)
    before = snapshot(project)
    # authors.yml can be read but not updated: a folder where add_author's lock file goes
    lock = project.cache_dir / f".{project.authors_path.name}.lock"
    lock.mkdir(parents=True)
    new = NewPost(title="Locked Out", date=dt.date(2024, 1, 1), authors=["new-guest"], body="Some text.",
                  files={project.images_dir / "locked-out" / "a.png": b"png"})
    with pytest.raises(Exception, match="authors.yml"):
        write_new_post(catalogue, new, untrusted=False,
                       new_authors=[NewAuthor("new-guest", {"name": "New Guest", "guest": True})])
    lock.rmdir()
    assert snapshot(project) == before


# --- limits -------------------------------------------------------------------------------

def test_check_and_build_refuse_a_post_with_10000_tags_quickly(project):
    tags = ", ".join(f"tag {n}" for n in range(10_000))
    project.posts_dir.joinpath("tagged.md").write_text(
        f"---\ntitle: Tagged\ndate: 2024-01-01\nauthors: [brian-signorelli]\ntags: [{tags}]\n---\n\nText.\n")
    long_tag = "a" * 61
    project.posts_dir.joinpath("long-tag.md").write_text(
        f"---\ntitle: Long Tag\ndate: 2024-01-01\nauthors: [brian-signorelli]\n\ntags: [ok, {long_tag}]\n---\n\nText.\n")
    for command in ("check", "build"):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "salesblog", "-C", str(project.root), command],
                                capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - started
        assert result.returncode == 1, result.stderr
        assert elapsed < 5, f"{command} took {elapsed:.1f} s"
        assert "content/posts/tagged.md:5: 10000 tags; a post may have at most 20" in result.stderr
        assert "content/posts/long-tag.md:6: tag 'aaaa" in result.stderr
        assert "61 characters long; at most 60" in result.stderr
    assert not (project.root / "site").exists()


# --- new ----------------------------------------------------------------------------------

def test_new_folds_tag_spellings_and_never_overwrites(project):
    result = cli(project, "new", "Closing Questions", "--tag", "SALES coaching", "--tag", "Sales-Coaching",
                 "--tag", "Fresh Tag")
    assert result.exit_code == 0, result.output
    path = project.root / result.output.strip()
    assert path == project.posts_dir / "closing-questions.md"
    meta = front_matter(path)
    assert meta["tags"] == ["sales coaching", "Fresh Tag"] and meta["draft"] is True
    text = path.read_text()
    again = cli(project, "new", "Closing Questions")
    assert again.exit_code == 1 and "already exists" in again.output
    assert path.read_text() == text
    assert cli(project, "check").exit_code == 0


def test_a_guest_title_that_names_a_page_of_the_site_gets_another_slug(project, inbox):
    config = project.config_path.read_text().replace("permalink: blog/{slug}/", 'permalink: "{slug}/"')
    project.config_path.write_text(config)
    draft_id = submit(inbox, title="Tags")
    result = cli(project, "inbox", "accept", str(draft_id))
    assert result.exit_code == 0, result.output
    assert inbox.get(draft_id).post_path == "content/posts/tags-2.md"
    assert cli(project, "check").exit_code == 0


def test_the_same_post_from_two_sources_of_one_run_is_written_once_never_updated(tmp_path):
    from tests.helpers_import import FIXTURES, make_project as make_import_project, salesblog

    root = make_import_project(tmp_path / "imports")
    result = salesblog(root, "import", "--offline", str(FIXTURES / "wordpress" / "negotiation.html"),
                       str(FIXTURES / "exports" / "wordpress-export.xml"))
    assert result.exit_code == 0, result.output
    assert "0 updated" in result.output
    assert "already imported in this run" in result.output
    assert len(list((root / "content" / "posts").glob("how-to-run-a-bulletproof-negotiation*.md"))) == 1


def test_the_front_matter_schema_is_what_the_reader_accepts():
    from salesblog.content.front_matter import KEYS, MAX_TAG_LENGTH, MAX_TAGS, rows
    from salesblog.content.posts import FRONT_MATTER_KEYS, Post

    assert set(KEYS) | {"author"} == FRONT_MATTER_KEYS
    assert all(hasattr(Post, key) or key in Post.__dataclass_fields__ for key in KEYS)
    docs = {key: doc for key, _, doc in rows()}
    assert all(docs[key] for key in KEYS)
    assert str(MAX_TAGS) in docs["tags"] and str(MAX_TAG_LENGTH) in docs["tags"]


def test_a_new_tag_whose_page_an_old_redirect_has_is_refused(project, inbox):
    post = project.posts_dir / "using-3d-animations-as-a-sales-tool.md"
    post.write_text(post.read_text().replace("tags: [sales tools]",
                                             "tags: [sales tools]\nlegacy_url: /tags/closing-deals/"))
    assert cli(project, "check").exit_code == 0
    before = snapshot(project)
    draft_id = submit(inbox, tags=["Closing Deals"])
    result = cli(project, "inbox", "accept", str(draft_id))
    assert result.exit_code == 1
    assert "the page of tag 'Closing Deals' would be at /tags/closing-deals/index.html" in result.output
    assert snapshot(project) == before and inbox.get(draft_id).status == "pending"


def test_a_draft_sent_over_http_is_accepted_with_the_blogs_tag_spelling(project):
    from tests.test_contribute_support import good, serving, stored

    config = settings(project)
    with serving(project, config) as server:
        status, _, _ = server.post(good(tags="Closing-Deals, closing deals, SALES COACHING"))
        assert status == 303
    (draft,) = stored(project, config)
    result = cli(project, "inbox", "accept", str(draft.id))
    assert result.exit_code == 0, result.output
    meta = front_matter(project.root / stored(project, config)[0].post_path)
    assert meta["tags"] == ["Closing-Deals", "sales coaching"]
    check = cli(project, "check")
    assert check.exit_code == 0, check.output
