"""The outside programs the browser and validity checks need, found on this machine or skipped.

Chromium and Java come from Debian packages and are looked up on PATH, so a machine (or a PATH)
without them skips those tests with the reason. The npm tools (axe-core, vnu-jar, Lighthouse) are
installed into tests/browser/node_modules by `npm ci` the first time a test needs them, when npm is
there; xdist workers share one installation through a file lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# SALESBLOG_NODE_MODULES puts them elsewhere (tests of this very logic use an empty folder).
NODE_MODULES = Path(os.environ.get("SALESBLOG_NODE_MODULES") or HERE / "node_modules")
# Written by npm ci when it finished: a half-installed node_modules does not count.
_INSTALLED = NODE_MODULES / ".package-lock.json"


def chromium() -> Path | None:
    """Debian's chromium, found on PATH; the tests never download a browser."""
    found = shutil.which("chromium")
    return Path(found) if found else None


def require_chromium() -> Path:
    found = chromium()
    if found is None:
        pytest.skip("chromium is not on PATH (apt-get install chromium; .ci/run installs it)")
    return found


def require_java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.skip("java is not on PATH (apt-get install default-jre-headless; .ci/run installs it)")
    return found


def npm_tools() -> Path:
    """tests/browser/node_modules with the pinned tools: installed once with `npm ci` when npm is
    there, else the test is skipped with the reason."""
    if _INSTALLED.exists():
        return NODE_MODULES
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("the npm tools (axe-core, vnu-jar, Lighthouse) are not installed and npm is not "
                    "on PATH (apt-get install npm, or run `npm ci` in tests/browser)")
    project = NODE_MODULES.parent  # npm ci installs into ./node_modules of the package it reads
    project.mkdir(parents=True, exist_ok=True)
    with open(project / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits, then finds them installed
        if not _INSTALLED.exists():
            if project != HERE:
                for name in ("package.json", "package-lock.json"):
                    shutil.copy(HERE / name, project / name)
            result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts",
                                     "--loglevel=error"], cwd=project, capture_output=True, text=True,
                                    timeout=900)
            if result.returncode != 0:
                pytest.skip(f"`npm ci` in tests/browser failed: {result.stderr.strip()[-500:]}")
    return NODE_MODULES
