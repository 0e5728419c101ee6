"""Every command explains itself, and `new` starts posts safely."""

from __future__ import annotations

import os
import subprocess
import sys

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


def test_new_spells_tags_as_the_blog_does(blog):
    result = blog.run("new", "Another Post", "--tag", "sales coaching", "--tag", "Closing")
    assert result.exit_code == 0, result.output
    text = (blog.root / result.output.strip()).read_text()
    assert "Sales Coaching" in text and "Closing" in text
    assert blog.run("check").exit_code == 0


def test_new_refuses_a_tag_without_letters(blog):
    result = blog.run("new", "Another Post", "--tag", "???")
    assert result.exit_code == 1 and "--tag '???'" in result.output
    assert not (blog.root / "content/posts/another-post.md").exists()


def test_a_cache_path_that_is_a_file_is_reported(blog):
    (blog.root / ".salesblog-cache").write_text("")
    result = blog.run("build")
    assert result.exit_code == 1 and ".salesblog-cache: must be a folder" in result.output


def _build_interrupted_while_workers_run(blog) -> subprocess.CompletedProcess:
    """A `build --no-cache` given Ctrl-C (SIGINT to its whole process group, as a terminal does)
    once a pool of workers runs: two children, before the site is swapped in (one alone may be
    the layout worker or the remover of the old site)."""
    import signal
    import time

    process = subprocess.Popen([sys.executable, "-m", "salesblog", "-C", str(blog.root), "build", "--no-cache"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    children = f"/proc/{process.pid}/task/{process.pid}/children"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with open(children) as listing:
            if len(listing.read().split()) >= 2:
                break
        time.sleep(0.01)
    try:
        os.killpg(process.pid, signal.SIGINT)
    except ProcessLookupError:
        pass  # already done
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_ctrl_c_during_a_build_leaves_the_site_and_prints_no_traceback(blog):
    assert blog.run("build").exit_code == 0
    for number in range(300):  # enough posts that the build is still rendering when interrupted
        blog.post(f"bulk-{number}", title=f"Bulk {number}", date="2024-02-01", body="Words. " * 400)
    # On a loaded machine the build may win the race against the interrupt: try again then.
    for _ in range(4):
        before = blog.page("index.html")
        result = _build_interrupted_while_workers_run(blog)
        if result.returncode != 0:
            break
    else:
        pytest.skip("the build finished before the interrupt arrived, four times")
    err = result.stderr
    assert result.returncode == 130, err
    assert "Traceback" not in err and "ForkPoolWorker" not in err and "Interrupted" in err
    assert blog.page("index.html") == before
    # No staging folder left (an old site a finished attempt swapped out may still be going).
    assert not [p for p in blog.root.iterdir() if p.name.startswith(".site.building")]


def test_new_refuses_a_slug_another_post_sets_in_front_matter(blog):
    blog.post("plan-file", title="Old Plan", date="2024-01-01", extra="slug: my-plan\n")
    result = blog.run("new", "My Plan")
    assert result.exit_code == 1 and "content/posts/plan-file.md: already has slug 'my-plan'" in result.output
    assert blog.run("check").exit_code == 0


def test_a_build_process_ends_at_once_with_its_output_and_exit_code(blog):
    # After a build the process skips Python's teardown (process_exit.py): what it printed and
    # its exit code must arrive all the same, and an atexit handler must still run.
    result = blog.run_process("build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 3 posts") and result.stdout.endswith("\n")
    blog.write("content/posts/bad.md", "---\ntitle: Bad\ndate: 2024-02-30\n---\n")
    failed = blog.run_process("build")
    assert failed.returncode == 1 and failed.stderr.startswith("content/posts/bad.md:3:")


PROBE_TEARDOWN = """
import atexit, sys
from salesblog import process_exit
class Freed:
    def __del__(self):
        print("freed", flush=True)
kept = Freed()
atexit.register(lambda: print("atexit ran", flush=True))
if sys.argv[1] == "skip":
    process_exit.skip_teardown()
print("done", end="")
process_exit.end(int(sys.argv[2]) if sys.argv[2].isdigit() else sys.argv[2])
"""


@pytest.mark.parametrize("mode", ["skip", "keep"])
@pytest.mark.parametrize("code", ["0", "3", "a message"])
def test_ending_without_teardown_keeps_exit_code_output_and_atexit(mode, code):
    result = subprocess.run([sys.executable, "-c", PROBE_TEARDOWN, mode, code], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == (int(code) if code.isdigit() else 1)
    assert result.stdout.startswith("done") and "atexit ran" in result.stdout
    assert ("a message" in result.stderr) == (code == "a message")
    # Objects are freed by the teardown only: skipped, their finalizers never run.
    assert ("freed" in result.stdout) == (mode == "keep")
