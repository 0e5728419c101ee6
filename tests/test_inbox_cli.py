"""`salesblog inbox list | show | accept | reject`, as an editor runs them."""

from __future__ import annotations

import getpass
import shutil
import sqlite3

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
    assert authors["jane-doe"] == {"name": "Jane Doe", "guest": True, "email": "jane@example.com",
                                   "bio": "Jane coaches sales teams."}
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
    # The same name as an existing guest, but no e-mail to prove it: a new guest (test_write_side)
    assert inbox.get(third).author_id == "aaron-wittersheim-2"
    authors = yaml.safe_load(project.authors_path.read_text())
    assert sorted(authors) == ["aaron-wittersheim", "aaron-wittersheim-2", "brian-signorelli",
                               "ghost-productions", "jane-doe"]


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


def _refuse_decisions(inbox):
    """A real SQLite failure at the last step of accept: the inbox refuses to record it."""
    with sqlite3.connect(inbox.path) as db:
        db.execute("CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                   "BEGIN SELECT RAISE(ABORT, 'the inbox refuses decisions'); END")


def _allow_decisions(inbox):
    with sqlite3.connect(inbox.path) as db:
        db.execute("DROP TRIGGER refuse")


def _state(project):
    return project.authors_path.read_bytes(), sorted(p.name for p in project.posts_dir.iterdir())


def test_an_accept_the_inbox_cannot_record_takes_back_its_post_and_new_author(project, inbox):
    draft_id = submit(inbox)
    before = _state(project)
    _refuse_decisions(inbox)
    result = run(project, "accept", str(draft_id))
    assert result.exit_code == 1 and "refuses decisions" in result.output
    assert str(inbox.path) in result.output and "unexpected" not in result.output
    assert _state(project) == before  # no post, authors.yml byte for byte as it was
    assert inbox.get(draft_id).status == "pending"
    _allow_decisions(inbox)
    assert run(project, "accept", str(draft_id)).exit_code == 0
    assert inbox.get(draft_id).post_path.endswith("/five-questions-that-close-deals.md")  # not -2
    assert inbox.get(draft_id).author_id == "jane-doe"


def test_a_failed_accept_keeps_a_returning_guest_it_did_not_add(project, inbox):
    first = submit(inbox)
    assert run(project, "accept", str(first)).exit_code == 0
    second = submit(inbox, title="A Second Post")
    before = _state(project)
    _refuse_decisions(inbox)
    assert run(project, "accept", str(second)).exit_code == 1
    assert _state(project) == before
    assert "jane-doe" in yaml.safe_load(project.authors_path.read_text())


def test_an_author_that_cannot_be_added_takes_back_the_post(project, inbox):
    draft_id = submit(inbox)
    before = _state(project)
    lock = project.cache_dir / ".authors.yml.lock"  # where add_author takes its lock
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.mkdir()  # authors.yml can be read but not updated
    result = run(project, "accept", str(draft_id))
    assert result.exit_code == 1 and "content/authors.yml" in result.output
    assert "jane-doe" in result.output and "unexpected" not in result.output
    assert _state(project) == before
    assert inbox.get(draft_id).status == "pending"
    lock.rmdir()
    assert run(project, "accept", str(draft_id)).exit_code == 0
    assert (project.posts_dir / "five-questions-that-close-deals.md").is_file()


def test_a_post_that_cannot_be_written_adds_no_author(project, inbox, tmp_path):
    draft_id = submit(inbox)
    authors = project.authors_path.read_bytes()
    shutil.move(project.posts_dir, tmp_path / "posts-elsewhere")
    project.posts_dir.symlink_to(tmp_path / "missing")  # a broken link where the folder was
    result = run(project, "accept", str(draft_id))
    assert result.exit_code == 1, result.output
    assert "content/posts/five-questions-that-close-deals.md: cannot write the post" in result.output
    assert project.authors_path.read_bytes() == authors
    assert inbox.get(draft_id).status == "pending"


def test_a_failed_accept_removes_the_authors_file_it_created(project, inbox):
    draft_id = submit(inbox)
    project.authors_path.unlink()
    _refuse_decisions(inbox)
    assert run(project, "accept", str(draft_id)).exit_code == 1
    assert not project.authors_path.exists()
    assert not (project.posts_dir / "five-questions-that-close-deals.md").exists()
