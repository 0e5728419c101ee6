"""`salesblog check` starts fast: it imports no web server, rate limiter or MkDocs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from limits import parse_many

from salesblog.config import _rate_limit
from tests.projects import modules_check_imports

HEAVY = ("flask", "flask_limiter", "limits", "werkzeug", "waitress", "mkdocs", "material", "jinja2")


def test_check_imports_no_web_server_nor_mkdocs(blog):
    imported = modules_check_imports(blog.root)
    assert "salesblog" in imported
    assert imported.isdisjoint(HEAVY), sorted(imported & set(HEAVY))


@pytest.mark.parametrize("value", [
    "5 per minute", "5/minute", "10/hour;100/day", "10 per 2 hours", "1/second, 5/minute | 9/day",
    "5 PER Minute", "3 per year", "5 per minute:;6/day", " 5 per minute ", "5 per minutes",
    "", "five per minute", "5 per fortnight", "5 per", "per minute", "5 minute", "5 per minute;",
    "5 per minutesx", "-5 per minute", "5 per 1.5 minutes", "5/minute 6/hour",
])
def test_the_rate_limit_setting_reads_as_flask_limiter_reads_it(value):
    try:
        parse_many(value)
        accepted_by_limits = True
    except ValueError:
        accepted_by_limits = False
    assert (_rate_limit(value) is None) == accepted_by_limits


# Run the given code in a fresh interpreter, then list the salesblog modules (and the heavy
# third-party ones) it imported.
MODULES_AFTER = """
import json, runpy, sys
sys.argv = ["salesblog", *sys.argv[1:]]
code = sys.argv[1]
if code == "--help":
    try:
        runpy.run_module("salesblog", run_name="__main__")
    except SystemExit as done:
        assert done.code == 0, done.code
else:
    __import__(code)
print(json.dumps(sorted(sys.modules)))
"""


def _imported_by(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", MODULES_AFTER, *args], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def test_help_imports_no_command():
    imported = _imported_by("--help")
    assert "salesblog.cli" in imported
    assert not {m for m in imported if m.startswith("salesblog.commands.")}
    assert imported.isdisjoint(HEAVY + ("salesblog.pipeline", "feedgen", "PIL"))


def test_help_lists_each_command_as_the_command_itself_says():
    from salesblog.cli import COMMANDS, group, listed_help

    for name in COMMANDS:
        command = group.get_command(None, name)
        assert listed_help(name, 60) == command.get_short_help_str(60) != ""


def test_the_build_command_loads_no_mailer_until_the_site_is_built():
    imported = _imported_by("salesblog.commands.build")
    assert "salesblog.pipeline" in imported
    assert imported.isdisjoint({"salesblog.audience.notifications", "salesblog.audience.outbox",
                                "salesblog.audience.mailer", "salesblog.audience.store"})


REBUILD = """
import json, sys
from salesblog.cli import main
try:
    main(["-C", sys.argv[1], "build"])
except SystemExit as done:
    assert done.code == 0, done.code
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_rebuild_with_nothing_changed_loads_no_image_library_nor_feed_writer(blog):
    assert blog.run_process("build").returncode == 0  # share cards drawn, feeds written
    result = subprocess.run([sys.executable, "-c", REBUILD, str(blog.root)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    imported = set(json.loads(result.stdout.splitlines()[-1]))
    assert "mkdocs" in imported  # it did build
    assert imported.isdisjoint({"PIL", "feedgen", "dateutil"}), sorted(imported & {"PIL", "feedgen", "dateutil"})
