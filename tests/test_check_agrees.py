"""`check` never passes what `build` refuses: every problem that fails a build fails `check`
first, with the same `path:line: message`; links to site paths and #anchors are verified."""

from __future__ import annotations

import re

import pytest

NEW = "content/posts/linking.md"


def problems(output: str) -> set[str]:
    return {line for line in output.splitlines() if re.match(r"^\S+:\d+: ", line)}


def check_and_build(blog):
    checked = blog.run("check")
    built = blog.run("build")
    return checked, built


BROKEN = {
    "a draft, by file": ("[a draft](draft-post.md)", "that post is a draft"),
    "a future post, by file": ("[later](future-post.md)", "that post is not published before 2999-01-01"),
    "a draft, by path": ("[a draft](/blog/draft-post/)", "that post is a draft"),
    "a future post, by path": ("[later](/blog/future-post/)", "not published before 2999-01-01"),
    "no such post": ("[nothing](/blog/nope/)", "'/blog/nope/': no such page on this site"),
    "no such tag": ("[nothing](/tags/nope/)", "no such page on this site"),
    "no such author": ("[nothing](/authors/nobody/)", "no such page on this site"),
    "missing anchor here": ("[up](#nowhere)", "this post has no heading (or anchor) #nowhere"),
    "missing anchor, by file": ("[x](first-post.md#nowhere)",
                                "content/posts/first-post.md has no heading (or anchor) #nowhere"),
    "missing anchor, by path": ("[x](/blog/first-post/#nowhere)", "has no heading (or anchor) #nowhere"),
}


@pytest.mark.parametrize("link, message", BROKEN.values(), ids=BROKEN.keys())
def test_check_refuses_what_build_refuses_with_the_same_message(blog, link, message):
    blog.post("draft-post", title="Draft Post", extra="draft: true\n")
    blog.post("future-post", title="Future Post", date="2999-01-01")
    blog.post("linking", title="Linking", body=f"Opening.\n\n## Details\n\nSee {link}.")
    checked, built = check_and_build(blog)
    assert built.exit_code == 1, built.output
    assert checked.exit_code == 1, checked.output
    expected = f"{NEW}:12: link "
    assert any(line.startswith(expected) and message in line for line in problems(built.output)), built.output
    assert problems(built.output) <= problems(checked.output), (built.output, checked.output)


def test_a_suggestion_for_a_mistyped_path_or_anchor(blog):
    blog.post("linking", title="Linking",
              body="Opening.\n\n## Our Details\n\nSee [it](#our-detail) and [that](/blog/first-pots/).")
    result = blog.run("check")
    assert result.exit_code == 1
    assert "#our-detail has no" not in result.output
    assert "did you mean #our-details?" in result.output, result.output
    assert "did you mean /blog/first-post/?" in result.output, result.output


def test_links_to_pages_and_headings_that_exist_pass_both(blog):
    body = ("## Details {#details}\n\nSee [top](#details), [the first](/blog/first-post/), "
            "[its part](/blog/first-post/#more), [by file](first-post.md#more), "
            "[a tag](/tags/leadership/), [an author](/authors/brian/), [tags](/tags/), [up](#), [top](#top), "
            "[feed](/feed.xml), [home](/), [archive](/archive/), [contribute](/contribute/), "
            "and [a host](//example.org/x).")
    blog.post("linking", title="Linking", body=body)
    checked, built = check_and_build(blog)
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output


def test_check_also_reports_drafts_as_if_published(blog):
    """A draft's broken link is reported by `check` now (it would fail the build the day the
    draft is published), while today's build does not see the draft."""
    blog.post("draft-post", title="Draft Post", extra="draft: true\n", body="See [x](/blog/nope/).")
    checked, built = check_and_build(blog)
    assert built.exit_code == 0, built.output
    assert checked.exit_code == 1
    assert "content/posts/draft-post.md:9: link '/blog/nope/': no such page" in checked.output


def test_a_template_override_with_a_syntax_error_fails_check_like_build(blog):
    blog.write("theme/partials/salesblog/cta.html", "<div>\n{% if page %}\n{{ page.title }\n{% endif %}\n")
    blog.write("theme/partials/salesblog/tags.html", "{% for tag in page.tags %}{{ tag }}{% endfor %}\n")
    checked, built = check_and_build(blog)
    assert built.exit_code == checked.exit_code == 1
    line = "theme/partials/salesblog/cta.html:3: template syntax error: "
    assert line in checked.output and line in built.output, (checked.output, built.output)
    assert "tags.html" not in checked.output
    assert not (blog.root / "site").exists()


def test_check_warns_of_a_scheduled_post_that_will_fail_the_build_when_due(blog):
    blog.post("later", title="Later", date="2999-01-01")
    blog.post("sooner", title="Sooner", date="2998-01-01", body="See [the later one](later.md).")
    blog.post("fine", title="Fine", date="2999-06-01", body="See [the later one](later.md).")
    checked, built = check_and_build(blog)
    assert built.exit_code == checked.exit_code == 0, (checked.output, built.output)
    assert ("content/posts/sooner.md:8: warning: link 'later.md': when this post falls due "
            "(2998-01-01 00:00 UTC) that post will not be on the site yet (due 2999-01-01 00:00 UTC), "
            "and that build will fail") in checked.output
    assert "fine.md" not in checked.output
