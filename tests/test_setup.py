"""The README's set-up works on a machine with nothing but Python: what the browser and validity
tests need is installed when it can be, and skipped with the reason when it cannot."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = 'python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt ".[test]" && .venv/bin/python -m pytest -n 2'


def test_ci_runs_the_readmes_test_command_and_installs_what_it_needs():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in README
    assert ci.rstrip().endswith(TEST_COMMAND)
    for package in ("python3-venv", "chromium", "default-jre-headless", "npm"):
        assert re.search(rf"\b{package}\b", ci), package


def test_readme_does_not_send_readers_to_the_site_on_disk():
    """Its links start at the site root (/blog/...): from file:// they lead nowhere."""
    assert "open `site/index.html`" not in README
    start = README.split("## Start here", 1)[1].split("\n## ", 1)[0]
    assert "salesblog serve" in start and "does not work" in start


def empty_path(tmp_path: Path) -> str:
    folder = tmp_path / "bin"  # no chromium, java or npm: a fresh machine with Python only
    folder.mkdir()
    return str(folder)


def test_browser_tests_skip_with_the_reason_on_a_machine_without_the_tools(tmp_path):
    env = dict(os.environ, PATH=empty_path(tmp_path), SALESBLOG_NODE_MODULES=str(tmp_path / "none" / "node_modules"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:xdist",
         "tests/browser/test_html_valid.py", "tests/browser/test_accessibility.py::test_axe_reports_violations",
         "tests/browser/test_reader.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    summary = result.stdout.splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:]
    assert "failed" not in summary and "error" not in summary, result.stdout[-3000:]
    assert "java is not on PATH" in result.stdout
    assert "chromium is not on PATH" in result.stdout
    assert "npm is not on PATH" in result.stdout
    # A test that needs only the built site still runs.
    assert re.search(r"\b1 passed\b", summary), summary


def test_npm_tools_are_installed_once_when_npm_is_there(tmp_path):
    """Two test workers ask at once: one runs `npm ci`, the other waits and finds them."""
    path = empty_path(tmp_path)
    calls = tmp_path / "npm-calls"
    fake_npm = Path(path) / "npm"  # stands in for npm: no network in tests
    fake_npm.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        echo "$@" >> {calls}
        sleep 1
        mkdir -p node_modules && echo '{{}}' > node_modules/.package-lock.json
        """))
    fake_npm.chmod(fake_npm.stat().st_mode | stat.S_IXUSR)
    modules = tmp_path / "tools" / "node_modules"
    env = dict(os.environ, PATH=f"{path}:/bin:/usr/bin", SALESBLOG_NODE_MODULES=str(modules))
    ask = "from tests.browser.tools import npm_tools; print(npm_tools())"
    workers = [subprocess.Popen([sys.executable, "-c", ask], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                text=True) for _ in range(2)]
    answers = [worker.communicate(timeout=60)[0].strip() for worker in workers]
    assert answers == [str(modules)] * 2
    assert calls.read_text().splitlines() == ["ci --no-audit --no-fund --ignore-scripts --loglevel=error"]
    assert (modules.parent / "package-lock.json").read_text() == (
        REPO / "tests" / "browser" / "package-lock.json").read_text()
