"""The command line as an operator uses it: -C and -v on either side of the subcommand, a
traceback with -v, no lock files left in content/, one time zone in the inbox."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesblog.cli import COMMANDS, group
from salesblog.content.authors import add_author
from salesblog.contribute.form import Submission
from salesblog.contribute.inbox import Inbox, inbox_path
from salesblog.config import load_site_config
from salesblog.project import Project

REPO = Path(__file__).resolve().parent.parent
# A command line for each command that reaches the project (and stops there when it is missing).
EVERY_COMMAND = {"new": ["new", "A Title"], "check": ["check"], "build": ["build"], "serve": ["serve"],
                 "preview": ["preview"], "import": ["import", "nothing.html"],
                 "inbox": ["inbox", "list"], "scheduled": ["scheduled"], "deploy": ["deploy"],
                 "leads": ["leads", "list"], "subscribers": ["subscribers", "export"], "digest": ["digest"],
                 "outbox": ["outbox", "list"]}


def invoke(*args: str):
    return CliRunner().invoke(group, list(args))


def test_every_command_is_covered():
    assert set(EVERY_COMMAND) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(EVERY_COMMAND))
def test_dash_c_is_taken_after_the_subcommand_too(tmp_path, name):
    missing = tmp_path / "no-such-blog"
    for args in (["-C", str(missing), *EVERY_COMMAND[name]], [*EVERY_COMMAND[name], "-C", str(missing)]):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{missing}: no such folder" in result.output, (args, result.output)


def test_build_and_check_with_dash_c_after_the_subcommand(blog, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a project: only -C can find it
    assert invoke("check", "-C", str(blog.root)).exit_code == 0
    built = invoke("build", "-C", str(blog.root), "-d", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "index.html").is_file()


def test_dash_v_shows_the_traceback_of_an_error_inside_the_build(blog, tmp_path):
    blog.write("theme/partials/salesblog/cta.html", "{{ page.no_such_thing.attribute }}\n")
    command = [sys.executable, "-m", "salesblog", "build", "-C", str(blog.root), "--no-cache"]
    quiet = subprocess.run(command, capture_output=True, text=True, timeout=300)
    loud = subprocess.run([*command, "-v"], capture_output=True, text=True, timeout=300)
    assert quiet.returncode == loud.returncode == 1
    assert "Traceback" not in quiet.stderr and "UndefinedError" in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr, loud.stderr
    assert re.search(r'File ".*theme/partials/salesblog/cta\.html", line 1', loud.stderr), loud.stderr


def test_adding_an_author_leaves_no_lock_file_in_content(blog):
    project = Project(blog.root)
    assert add_author(project, "jane-doe", {"name": "Jane Doe", "guest": True})
    leftovers = [p.name for p in project.content_dir.rglob("*") if p.name.endswith(".lock")]
    assert leftovers == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_lock_files_and_caches_are_ignored_by_git(tmp_path):
    shutil.copy(REPO / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    paths = ["content/.authors.yml.lock", ".salesblog-cache/.authors.yml.lock",
             "tests/browser/node_modules", "tests/browser/.npm-ci.lock", "site/index.html"]
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--no-index", *paths],
                             capture_output=True, text=True).stdout.split()
    assert ignored == paths
    kept = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--no-index",
                           "content/authors.yml", "content/posts/a.md"], capture_output=True, text=True)
    assert kept.stdout == ""


def test_the_inbox_gives_every_time_in_the_sites_zone(blog):
    config_path = blog.root / "site_config.yml"
    config_path.write_text(config_path.read_text().replace("timezone: UTC", "timezone: Asia/Tokyo"))
    project = Project(blog.root)
    inbox = Inbox(inbox_path(project, load_site_config(project)))
    try:
        draft_id, _ = inbox.add(Submission(name="Jane Doe", email="jane@example.com",
                                           title="Five Questions That Close Deals",
                                           body="Ask the buyer what happens if they do nothing.",
                                           bio="", tags=[]), "127.0.0.1")
        received = inbox.get(draft_id).received_at
    finally:
        inbox.close()
    tokyo = received.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo")).strftime("%Y-%m-%d %H:%M")
    assert tokyo != received.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M")
    listed = blog.run("inbox", "list").output
    assert f"{draft_id}  {tokyo}  " in listed
    assert f"Received: {tokyo} " in blog.run("inbox", "show", str(draft_id)).output
    assert blog.run("inbox", "reject", str(draft_id)).exit_code == 0
    decided = re.search(r"^Decision: rejected by .* on (.+)$", blog.run("inbox", "show", str(draft_id)).output,
                        re.M).group(1)
    again = blog.run("inbox", "accept", str(draft_id))
    assert again.exit_code == 1
    assert f"was already rejected by " in again.output and again.output.strip().endswith(f"on {decided}")
