"""Fixtures for checks on the built example site: the build, an HTTP server, Chromium, the tools.

The example site (the repository's own content/ and site_config.yml) is built once per test session
with the real `salesblog build`, and served over real HTTP on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from .support import CHROMIUM_ARGS, PHONE, REPO, TOOLS, VIEWPORTS, require_tool, salesblog
from .tools import require_chromium, require_java


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site, built into a temporary folder (the repository's site/ is left alone)."""
    site = tmp_path_factory.mktemp("example") / "site"
    result = salesblog("-C", str(REPO), "build", "--no-cache", "-d", str(site))
    assert result.returncode == 0, f"salesblog build failed:\n{result.stdout}\n{result.stderr}"
    return site


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a web host serves them: the site's own 404.html for a missing path."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass  # keeps test output readable


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (no trailing slash) of the built site, served on a free port of 127.0.0.1."""
    handler = functools.partial(SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def browser():
    """Debian's Chromium driven by Playwright; skipped only where it is not installed.

    Package scope, not session: Playwright's sync API allows one running instance per thread, and
    tests outside this folder start their own, so ours must be stopped when they run.
    """
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, viewport: dict, request):
    """A page in a fresh context; the test fails if the page asked any other host for anything."""
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    foreign: list[str] = []
    context.on("request", lambda req: foreign.append(req.url) if not _is_local(req.url) else None)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def close():
        context.close()
        assert not foreign, f"pages requested other hosts: {foreign}"

    request.addfinalizer(close)
    return page


def _is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))


@pytest.fixture
def desktop_page(browser, request):
    return new_page(browser, VIEWPORTS["desktop"], request)


@pytest.fixture
def phone_page(browser, request):
    return new_page(browser, VIEWPORTS["phone"], request)


@pytest.fixture(scope="session")
def java() -> str:
    """The java command, for the Nu HTML Checker; skipped only where Java is not installed."""
    return require_java()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return require_tool(TOOLS / "axe-core" / "axe.min.js", "axe-core")
