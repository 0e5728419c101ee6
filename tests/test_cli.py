"""Every command explains itself, and `new` starts posts safely."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from salesblog.cli import COMMANDS, group


def all_commands():
    names = []
    for name in sorted(COMMANDS):
        command = group.get_command(None, name)
        names.append((name,))
        for sub in getattr(command, "commands", {}):
            names.append((name, sub))
    return names


@pytest.mark.parametrize("words", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example(words):
    result = CliRunner().invoke(group, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Example" in result.output, f"{' '.join(words)} --help has no example"


def test_usage_error_exits_2(blog):
    result = blog.run("build", "--no-such-option")
    assert result.exit_code == 2


def test_outside_a_project(tmp_path):
    result = CliRunner().invoke(group, ["-C", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert "no site_config.yml" in result.output


def test_new_creates_a_post_that_checks(blog):
    result = blog.run("new", "How to Run a Bulletproof Negotiation", "--tag", "negotiation")
    assert result.exit_code == 0, result.output
    path = blog.root / result.output.strip()
    assert path == blog.root / "content/posts/how-to-run-a-bulletproof-negotiation.md"
    text = path.read_text()
    assert 'title: How to Run a Bulletproof Negotiation' in text
    assert "authors:\n- brian" in text or "authors: [brian]" in text
    assert blog.run("check").exit_code == 0


def test_new_refuses_to_overwrite(blog):
    before = (blog.root / "content/posts/first-post.md").read_text()
    result = blog.run("new", "First Post")
    assert result.exit_code == 1
    assert "content/posts/first-post.md: already exists" in result.output
    assert (blog.root / "content/posts/first-post.md").read_text() == before


@pytest.mark.parametrize("args, message", [
    (["🚀🔥"], "no letters or digits"),
    (["Fine title", "--author", "nobody"], "unknown author id 'nobody'"),
    (["Fine title", "--slug", "../escape"], "must be lowercase letters"),
])
def test_new_rejects_bad_input(blog, args, message):
    result = blog.run("new", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert sorted(p.name for p in (blog.root / "content/posts").iterdir()) == \
        ["first-post.md", "second-post.md", "third-post.md"]


def test_errors_show_no_traceback_in_a_real_process(blog):
    blog.write("content/posts/bad.md", "---\ntitle: [unclosed\n---\n")
    result = blog.run_process("check")
    assert result.returncode == 1
    assert result.stderr.startswith("content/posts/bad.md:2:")
    assert "Traceback" not in result.stderr
