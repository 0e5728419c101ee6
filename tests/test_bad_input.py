"""Every bad input of issue 2: a `path:line: message`, exit 1, and the previous site untouched."""

from __future__ import annotations

import hashlib
import re

import pytest

POST = "content/posts/bad.md"


def tree_digest(folder) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


FRONT = "---\ntitle: Fine\ndate: 2024-01-05\nauthors: [brian]\n"

BAD_POSTS = {
    "unclosed quote": (FRONT.replace("title: Fine", 'title: "Fine') + "---\nBody\n", 2, "quoted value is never closed"),
    "tab indentation": ("---\ntitle: Fine\ndate: 2024-01-05\nauthors:\n\t- brian\n---\nBody\n", 5, "tab"),
    "unquoted colon": ("---\ntitle: Sales: The Truth\ndate: 2024-01-05\nauthors: [brian]\n---\nBody\n", 2, "quotes"),
    "duplicate key": (FRONT + "title: Again\n---\nBody\n", 5, "duplicate key 'title'"),
    "impossible date": ("---\ntitle: Fine\ndate: 2024-13-45\nauthors: [brian]\n---\nBody\n", 3, "date '2024-13-45' is not a real date (there is no month 13); write it as 2016-04-12, 2016-04-12 09:30 or 2016-04-12T09:30:00+02:00"),
    "impossible quoted date": ("---\ntitle: Fine\ndate: \"2024-13-45\"\nauthors: [brian]\n---\nBody\n", 3, "date '2024-13-45' is not a real date (there is no month 13)"),
    "missing title": ("---\ndate: 2024-01-05\nauthors: [brian]\n---\nBody\n", 2, "missing required key 'title'"),
    "missing date": ("---\ntitle: Fine\nauthors: [brian]\n---\nBody\n", 2, "missing required key 'date'"),
    "missing author": ("---\ntitle: Fine\ndate: 2024-01-05\n---\nBody\n", 2, "missing required key 'authors'"),
    "unknown author": ("---\ntitle: Fine\ndate: 2024-01-05\nauthors: [nobody]\n---\nBody\n", 4, "unknown author id 'nobody'"),
    "front matter not at top": ("Intro line\n\n---\ntitle: Fine\ndate: 2024-01-05\nauthors: [brian]\n---\nBody\n", 3, "very top"),
    "python tag": ("---\ntitle: !!python/object/apply:os.system [\"touch pwned\"]\ndate: 2024-01-05\nauthors: [brian]\n---\nB\n", 2, "tags"),
    "slug with dots": (FRONT + "slug: ../../etc\n---\nBody\n", 5, "slug '../../etc'"),
    "emoji-only title": ("---\ntitle: \"🚀🔥\"\ndate: 2024-01-05\nauthors: [brian]\n---\nBody\n", 2, "no letters or digits"),
    "tags not a list": (FRONT + "tags: {a: 1}\n---\nBody\n", 5, "tags must be a list"),
    "missing image": (FRONT + "---\nBody\n\n![chart](images/missing.png)\n", 8, "image 'images/missing.png' not found"),
    "broken post link": (FRONT + "---\nBody\n\nSee [this](no-such-post.md).\n", 8, "broken link"),
    "no front matter": ("Just text\n", 1, "no front matter"),
}


@pytest.fixture
def built(blog):
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    return blog, tree_digest(blog.root / "site")


@pytest.mark.parametrize("case", sorted(BAD_POSTS))
def test_bad_post_is_reported_and_site_kept(built, case):
    blog, before = built
    text, line, words = BAD_POSTS[case]
    blog.write(POST, text)
    result = blog.run("build")
    assert result.exit_code == 1, result.output
    assert re.search(rf"^{re.escape(POST)}:{line}: .*{re.escape(words)}", result.output, re.M), result.output
    assert "Traceback" not in result.output
    assert tree_digest(blog.root / "site") == before
    assert not (blog.root / "pwned").exists()


def test_two_posts_with_one_slug(built):
    blog, before = built
    blog.write(POST, FRONT + "slug: first-post\n---\nBody\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "slug 'first-post' is also used by" in result.output
    assert tree_digest(blog.root / "site") == before


def test_tags_that_share_a_slug(built):
    blog, before = built
    blog.write(POST, FRONT + "tags: [sales coaching]\n---\nBody\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert re.search(r"tag '(sales coaching|Sales Coaching)' and tag '(Sales Coaching|sales coaching)' "
                     r".* share the URL /tags/sales-coaching/", result.output), result.output


def test_every_problem_is_reported_at_once(built):
    blog, _ = built
    blog.write(POST, "---\ntitle: Fine\ndate: 2024-13-45\nauthors: [brian]\n---\nB\n")
    blog.write("content/posts/bad2.md", "---\ndate: 2024-01-05\nauthors: [nobody]\n---\nB\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert f"{POST}:3:" in result.output
    assert "content/posts/bad2.md:2: missing required key 'title'" in result.output
    assert "2 problems found" in result.output


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_crlf_work(blog, variant):
    text = FRONT + "tags: [bom test]\n---\nA body that builds.\n"
    data = ("\ufeff" + text).encode() if variant == "bom" else text.replace("\n", "\r\n").encode()
    blog.write(POST, data)
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    page = blog.page("blog/bad/index.html")
    assert "A body that builds." in page
    assert "<h1>Fine</h1>" in page


def test_tags_as_a_string_are_normalised(blog):
    blog.write(POST, FRONT + "tags: sales, coaching\n---\nBody\n")
    assert blog.run("build").exit_code == 0
    assert (blog.root / "site/tags/coaching/index.html").is_file()
    assert (blog.root / "site/tags/sales/index.html").is_file()


def test_control_character_in_title_keeps_feeds_valid(blog):
    from lxml import etree

    blog.write(POST, "---\ntitle: \"Bell\\x07 and \\x1b[31mred\"\ndate: 2024-05-05\nauthors: [brian]\n---\nBody\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    for feed in ("feed.xml", "atom.xml"):
        tree = etree.fromstring((blog.root / "site" / feed).read_bytes())
        titles = [t.text for t in tree.iter("{*}title", "title")]
        assert "Bell and [31mred" in titles


def test_bad_site_config_names_every_key(blog):
    blog.write("site_config.yml", "title: T\nurl: not-a-url\nposts_per_page: many\ntimezone: Mars/Base\nfoo: 1\n")
    result = blog.run("check")
    assert result.exit_code == 1
    out = result.output
    assert "site_config.yml:2: url: must be an absolute http(s) URL" in out
    assert "site_config.yml:3: posts_per_page must be whole number" in out
    assert "site_config.yml:4: timezone: is not a known time zone" in out
    assert "site_config.yml:5: unknown setting 'foo'" in out


def test_bad_authors_file(blog):
    blog.write("content/authors.yml", "brian:\n  title: No name\n")
    result = blog.run("check")
    assert result.exit_code == 1
    assert "content/authors.yml:1: missing required setting brian.'name'" in result.output


@pytest.mark.parametrize("key", ["published: false", "categories: [x]", "tittle: Typo"])
def test_unknown_front_matter_keys_are_reported(built, key):
    blog, before = built
    blog.write(POST, FRONT + key + "\n---\nBody\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert re.search(rf"^{POST}:5: unknown front matter key '{key.split(':')[0]}'", result.output, re.M)
    if key.startswith("tittle"):
        assert "did you mean 'title'?" in result.output
    assert tree_digest(blog.root / "site") == before


def test_link_to_a_draft_is_refused_by_check_and_by_build(built):
    blog, before = built
    blog.post("secret", title="Secret", date="2024-01-02", extra="draft: true\n", body="Embargoed.")
    blog.write(POST, FRONT + "---\nSee [the secret](secret.md).\n")
    for command in ("check", "build"):
        result = blog.run(command)
        assert result.exit_code == 1
        assert f"{POST}:6: link 'secret.md': that post is a draft" in result.output
    assert tree_digest(blog.root / "site") == before


def test_backups_and_unlinked_files_under_posts_are_not_published(blog):
    blog.post("secret", title="Secret", date="2024-01-02", extra="draft: true\n", body="Embargoed.")
    blog.write("content/posts/secret.md~", "embargoed backup")
    blog.write("content/posts/first-post.md.bak", "old copy")
    blog.write("content/posts/chart.png", b"\x89PNG linked")
    blog.write("content/posts/unused.png", b"\x89PNG unused")
    blog.write("content/images/.DS_Store", "junk")
    blog.post("with-chart", title="With Chart", date="2024-01-03", body="![c](chart.png)")
    assert blog.run("build").exit_code == 0
    published = {p.relative_to(blog.root / "site").as_posix() for p in (blog.root / "site").rglob("*")}
    assert "posts/chart.png" in published
    assert not {"posts/secret.md~", "posts/first-post.md.bak", "posts/unused.png", "images/.DS_Store"} & published


def test_misplaced_and_unreadable_post_files_are_reported(blog):
    blog.write("content/posts/2016/old.md", FRONT + "---\nBody\n")
    (blog.root / "content/posts/folder.md").mkdir()
    result = blog.run("check")
    assert result.exit_code == 1
    assert "content/posts/2016/old.md:1: posts are content/posts/<name>.md" in result.output
    assert "content/posts/folder.md:1: not a readable file" in result.output


def test_titles_and_tags_in_other_scripts_work(blog):
    blog.write(POST, '---\ntitle: "Продажи и лидерство"\ndate: 2024-01-05\nauthors: [brian]\n'
                     'tags: [продажи]\nslug: продажи\n---\nТекст.\n')
    assert blog.run("build").exit_code == 0
    assert "Текст." in blog.page("blog/продажи/index.html")
    assert (blog.root / "site/tags/продажи/index.html").is_file()
    assert 'href="/blog/%D0%BF%D1%80%D0%BE%D0%B4%D0%B0%D0%B6%D0%B8/"' in blog.page("archive/index.html")


@pytest.mark.parametrize("pattern, message", [
    ("{slug}/{}/", "may only use"), ("{slug}/{x/", "is not a valid pattern"),
    ("{year:04}/{slug}/", "take no format"), ("blog//{slug}/", "relative folder path"),
])
def test_bad_permalink_patterns_are_reported(blog, pattern, message):
    config = (blog.root / "site_config.yml").read_text()
    blog.write("site_config.yml", config + f'permalink: "{pattern}"\n')
    result = blog.run("check")
    assert result.exit_code == 1
    assert re.search(rf"site_config.yml:\d+: permalink: .*{re.escape(message)}", result.output), result.output
