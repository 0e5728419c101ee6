"""`salesblog inbox list | show | accept | reject`, as an editor runs them."""

from __future__ import annotations

import getpass

import pytest
import yaml
from click.testing import CliRunner

from salesblog.cli import group
from salesblog.content.model import load_content
from salesblog.contribute.form import Submission
from salesblog.contribute.inbox import Inbox, inbox_path
from tests.test_contribute_support import make_project, settings


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


@pytest.fixture
def inbox(project):
    opened = Inbox(inbox_path(project, settings(project)))
    yield opened
    opened.close()


def run(project, *args):
    return CliRunner().invoke(group, ["-C", str(project.root), "inbox", *args])


def submit(inbox, **changes) -> int:
    values = dict(name="Jane Doe", email="jane@example.com", title="Five Questions That Close Deals",
                  body="Ask the buyer what happens if they do nothing.", bio="Jane coaches sales teams.",
                  tags=["negotiation"])
    values.update(changes)
    draft_id, _ = inbox.add(Submission(**values), "127.0.0.1")
    return draft_id


def test_list_prints_one_plain_line_per_pending_draft_id_first(project, inbox):
    first = submit(inbox)
    long_title = " ".join(["A Second Post With A Rather Long Title"] * 5)
    second = submit(inbox, title=long_title, name="Bob Stone", email="bob@example.com")
    result = run(project, "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [str(first), str(second)]
    assert "Jane Doe <jane@example.com>" in lines[0] and "Five Questions That Close Deals" in lines[0]
    assert lines[1].endswith(long_title)  # not truncated
    assert lines[0].split()[1].count("-") == 2  # the date follows the ID
    for line in lines:  # what list prints is what show takes
        assert run(project, "show", line.split()[0]).exit_code == 0


def test_list_of_an_empty_or_missing_inbox_prints_no_lines(project):
    result = run(project, "list")
    assert result.exit_code == 0 and result.stdout == ""
    assert not (project.root / "data" / "inbox.sqlite3").exists()  # list creates nothing


def test_show_and_list_neutralise_terminal_escapes(project, inbox):
    hostile = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31m\u202etxt.exe\x00"
    draft_id = submit(inbox, name="Eve" + hostile, title="Title" + hostile, body="Body\n" + hostile,
                      bio="Bio" + hostile, tags=["x" + hostile])
    for args in (["list"], ["show", str(draft_id)]):
        output = run(project, *args).stdout
        assert not any(c in output for c in "\x1b\x07\x9b\u202e\x00"), args
        assert "\\x1b]52;c;" in output  # shown, written out
    shown = run(project, "show", str(draft_id)).stdout
    assert "Body\n\\x1b" in shown  # the body keeps its line breaks


def test_show_prints_every_field(project, inbox):
    draft_id = submit(inbox)
    output = run(project, "show", str(draft_id)).stdout
    for text in ("Draft 1 (pending)", "Jane Doe", "jane@example.com", "Five Questions That Close Deals",
                 "negotiation", "Jane coaches sales teams.", "Ask the buyer what happens"):
        assert text in output


@pytest.mark.parametrize("draft_id", ["99", "0", "abc", "99999999999999999999999", "9223372036854775808", "1.5", "1; DROP TABLE drafts", "\u0661"])
def test_unknown_or_malformed_ids_exit_1_with_a_message(project, inbox, draft_id):
    submit(inbox)
    for command in ("show", "accept", "reject"):
        result = run(project, command, draft_id)
        assert result.exit_code == 1, (command, result.output)
        assert "draft" in result.output.lower()
        assert "unexpected error" not in result.output
    assert len(inbox.pending()) == 1


def test_an_id_beyond_sqlites_integers_is_no_draft(project, inbox):
    submit(inbox)
    huge = "99999999999999999999999"
    for command in ("show", "accept", "reject"):
        result = run(project, command, huge)
        assert result.exit_code == 1 and f"no draft {huge} in the inbox" in result.output, command


def test_accept_writes_a_draft_post_and_a_guest_author_and_records_who(project, inbox):
    draft_id = submit(inbox)
    result = run(project, "accept", str(draft_id))
    assert result.exit_code == 0, result.output
    path = project.posts_dir / "five-questions-that-close-deals.md"
    assert str(path.relative_to(project.root)) in result.stdout
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["draft"] is True and front["authors"] == ["jane-doe"]
    assert front["title"] == "Five Questions That Close Deals" and front["tags"] == ["negotiation"]
    authors = yaml.safe_load(project.authors_path.read_text())
    assert authors["jane-doe"] == {"name": "Jane Doe", "guest": True, "bio": "Jane coaches sales teams."}
    assert "brian-signorelli" in authors  # the rest of the file kept
    draft = inbox.get(draft_id)
    assert draft.status == "accepted" and draft.decided_by == getpass.getuser()
    assert draft.decided_at is not None and draft.post_path.endswith("five-questions-that-close-deals.md")
    assert run(project, "list").stdout == ""
    load_content(project, include_drafts=True)  # the result is valid content: no ContentError


def test_accepting_twice_is_refused(project, inbox):
    draft_id = submit(inbox)
    assert run(project, "accept", str(draft_id)).exit_code == 0
    again = run(project, "accept", str(draft_id))
    assert again.exit_code == 1 and "already accepted" in again.output
    assert len(list(project.posts_dir.glob("five-questions*"))) == 1


def test_slug_and_author_id_collisions_get_a_number(project, inbox):
    first = submit(inbox, title="Sales Coaching vs Sales Training")  # that post exists already
    staff = submit(inbox, name="Brian Signorelli", email="imposter@example.com", title="Another")
    assert run(project, "accept", str(first)).exit_code == 0
    assert (project.posts_dir / "sales-coaching-vs-sales-training-2.md").exists()
    assert run(project, "accept", str(staff)).exit_code == 0
    assert inbox.get(staff).author_id == "brian-signorelli-2"  # a guest never takes a staff id


def test_a_returning_guest_is_the_same_author(project, inbox):
    first = submit(inbox)
    second = submit(inbox, name="Jane M. Doe", title="A Second Post")
    third = submit(inbox, name="Aaron Wittersheim", email="aaron@example.com", title="Third")
    for draft_id in (first, second, third):
        assert run(project, "accept", str(draft_id)).exit_code == 0
    assert inbox.get(second).author_id == "jane-doe"  # same e-mail address
    assert inbox.get(third).author_id == "aaron-wittersheim"  # same name as an existing guest
    authors = yaml.safe_load(project.authors_path.read_text())
    assert sorted(authors) == ["aaron-wittersheim", "brian-signorelli", "ghost-productions", "jane-doe"]


def test_reject_records_the_reason_and_who(project, inbox):
    draft_id = submit(inbox)
    result = run(project, "reject", str(draft_id), "--reason", "Off topic")
    assert result.exit_code == 0
    draft = inbox.get(draft_id)
    assert (draft.status, draft.reason, draft.decided_by) == ("rejected", "Off topic", getpass.getuser())
    assert run(project, "list").stdout == ""
    assert "Reason:   Off topic" in run(project, "show", str(draft_id)).stdout
    assert run(project, "accept", str(draft_id)).exit_code == 1
    assert not list(project.posts_dir.glob("five-questions*"))


def test_every_inbox_command_has_help_with_an_example(project):
    for args in ([], ["list"], ["show"], ["accept"], ["reject"]):
        result = run(project, *args, "--help")
        assert result.exit_code == 0 and "Example:" in result.output, args


def test_an_inbox_inside_content_is_refused(project):
    config = project.config_path.read_text().replace("data/inbox.sqlite3", "content/inbox.sqlite3")
    project.config_path.write_text(config)
    result = run(project, "list")
    assert result.exit_code == 1 and "contribute.inbox" in result.output
