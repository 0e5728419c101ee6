"""What the browser and validity checks share: where things are, the page kinds, small helpers."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .tools import NODE_MODULES, npm_tools

REPO = Path(__file__).resolve().parents[2]
TOOLS = NODE_MODULES  # from `npm ci` in tests/browser
ARTIFACTS = REPO / "test-artifacts" / "screenshots"

# Chromium as root in a container needs --no-sandbox; the rest keep it off the network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# One page of each kind in the example site (CONTRACT.md gives the URL patterns).
COACHING_POST = "/blog/sales-coaching-vs-sales-training/"
COACHING_TITLE = "Sales Coaching vs Sales Training"
COACHING_WORD = "disenchanted"  # only the coaching article has it
PAGE_KINDS = {
    "home": "/",
    "post": COACHING_POST,
    "tag": "/tags/sales-coaching/",
    "tag-index": "/tags/",
    "author": "/authors/brian-signorelli/",
    "archive": "/archive/",
    "contribute": "/contribute/",
    "thanks": "/contribute/thanks/",
    "page": "/about/",
    "author-index": "/authors/",
    "404": "/this-page-does-not-exist/",
}


def require_tool(path: Path, what: str) -> Path:
    """`path` under node_modules (installed by `npm ci` on first use when npm is there, else the
    test is skipped); a failure if npm ci ran and still did not provide it."""
    npm_tools()
    if not path.exists():
        pytest.fail(f"{what} is missing at {path}: run `npm ci` in tests/browser", pytrace=False)
    return path


def salesblog(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the salesblog command line as a user would, with this test run's Python."""
    return subprocess.run([sys.executable, "-m", "salesblog", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def screenshot(page, name: str) -> Path:
    """Save what the reader sees as a test artifact (test-artifacts/ is gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    settle(page)
    page.screenshot(path=str(path))
    return path


def open_menu(page) -> None:
    """Open the phone menu (Material's drawer) as a reader does, with the menu button."""
    page.locator("label.md-header__button[for=__drawer]").click()
    expect(page.locator(".md-sidebar--primary .md-nav__link").first).to_be_visible()
    # The drawer slides in; wait until it is all on screen, for clicks and screenshots alike.
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")


def settle(page) -> None:
    """Wait until Material's transitions (drawer, search dialog) have finished.

    (Waits are given as functions: a bare expression would be eval()ed in the page, which its
    Content-Security-Policy refuses.)"""
    page.wait_for_function(
        "() => document.getAnimations().every(animation => animation.playState !== 'running')")
