"""Error messages name what introduced the problem, suggest close matches and show accepted forms."""

from __future__ import annotations

import re

import pytest

FORMS = "write it as 2016-04-12, 2016-04-12 09:30 or 2016-04-12T09:30:00+02:00"
PARSER_WORDS = ("expected <block end>", "did not find expected", "while parsing", "while scanning",
                "Invalid isoformat", "could not find expected")


def refused(blog, *lines: str) -> str:
    """`check` and `build` both refuse, with every given line in both outputs."""
    outputs = []
    for command in ("check", "build"):
        result = blog.run(command)
        assert result.exit_code == 1, result.output
        for line in lines:
            assert re.search(line, result.output, re.M), (line, result.output)
        assert not any(words in result.output for words in PARSER_WORDS), result.output
        outputs.append(result.output)
    return outputs[0]


def test_a_borrowed_slug_is_reported_against_the_post_that_borrows_it(blog):
    # Older by date, but it sets the slug another post's file name gives: it made the clash.
    blog.post("copy", title="Copy", date="2023-01-01", extra="slug: first-post\n")
    output = refused(blog, r"^content/posts/copy\.md:6: slug 'first-post' is also used by "
                           r"content/posts/first-post\.md$")
    assert "content/posts/first-post.md:" not in output


def test_otherwise_a_shared_slug_is_reported_against_the_newer_post(blog):
    blog.write("content/posts/first-post/index.md",
               "---\ntitle: Again\ndate: 2024-05-01\nauthors: [brian]\n---\nBody\n")
    output = refused(blog, r"^content/posts/first-post/index\.md:1: slug 'first-post' is also used "
                           r"by content/posts/first-post\.md$")
    assert "content/posts/first-post.md:" not in output


@pytest.mark.parametrize("value, reason", [
    ("April 12, 2016", "is not a date salesblog can read"),
    ('"2016-02-30 09:30"', "is not a real date (2016-02 has no day 30)"),
    ("2016-02-30", "is not a real date (2016-02 has no day 30)"),
    ('"2016-04-12 24:30"', "is not a real time of day (24:30)"),
])
def test_a_bad_date_says_what_was_given_and_the_accepted_forms(blog, value, reason):
    blog.post("dated", date=value)
    given = value.strip('"')
    refused(blog, rf"^content/posts/dated\.md:3: date '{re.escape(given)}' {re.escape(reason)}; "
                  rf"{re.escape(FORMS)}$")


def test_the_accepted_forms_are_accepted(blog):
    for number, value in enumerate(["2016-04-12", "2016-04-12 09:30", "2016-04-12T09:30:00+02:00"]):
        blog.post(f"dated-{number}", date=value)
    result = blog.run("check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("given, suggested", [("brain", "brian"), ("guest-writr", "guest-writer"),
                                              ("aaron", "guest-writer")])
def test_an_unknown_author_gets_a_suggestion(blog, given, suggested):
    blog.post("by-someone", authors=[given])
    refused(blog, rf"^content/posts/by-someone\.md:4: unknown author id '{given}'; did you mean "
                  rf"'{suggested}'\? \(or add it to content/authors\.yml\)$")


def test_an_author_nothing_like_a_known_one_gets_no_suggestion(blog):
    blog.post("by-someone", authors=["zed"])
    output = refused(blog, r"unknown author id 'zed'; add it to content/authors\.yml$")
    assert "did you mean" not in output


YAML_MISTAKES = {
    "a key indented under a value": ("title: Fine\n  date: 2024-01-05\n", 2, "indented more than the line above"),
    "a list item out of line": ("tags:\n  - one\n - two\n", 3, "a list item ('- ') is indented differently"),
    "a key out of line": ("extra:\n    one: 1\n  two: 2\n", 3, "indented differently from the lines above"),
    "text after a quote": ('summary: "Quoted" and more\n', 1, "text after a closing quote"),
    "a value starting with @": ("summary: @home\n", 1, "a value cannot start with @; put the value in quotes"),
    "a key without a colon": ("summary\n", 1, "no ':' after its key"),
}


@pytest.mark.parametrize("text, line, words", YAML_MISTAKES.values(), ids=YAML_MISTAKES.keys())
def test_a_yaml_mistake_in_front_matter_is_explained(blog, text, line, words):
    blog.write("content/posts/bad.md",
               "---\ntitle: Fine\ndate: 2024-01-05\nauthors: [brian]\n" + text + "---\nBody\n")
    refused(blog, rf"^content/posts/bad\.md:{line + 4}: .*{re.escape(words)}")


def test_a_yaml_indentation_mistake_in_authors_yml_is_explained(blog):
    blog.write("content/authors.yml", "brian:\n  name: Brian\n   title: Manager\n")
    refused(blog, r"^content/authors\.yml:3: this line is indented more than the line above it")


def test_a_yaml_indentation_mistake_in_site_config_is_explained(blog):
    text = (blog.root / "site_config.yml").read_text()
    blog.write("site_config.yml", text.replace("    button: Get Your Copy", "   button: Get Your Copy"))
    line = text.splitlines().index("    button: Get Your Copy") + 1
    refused(blog, rf"^site_config\.yml:{line}: this line is indented differently from the lines above it")
