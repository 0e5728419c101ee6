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


class HeadersSiteHandler(SiteHandler):
    """...and with the headers the build wrote in `_headers`, as Netlify or Cloudflare Pages send
    them: the pages are tested under their Content-Security-Policy."""

    def end_headers(self):
        for name, value in headers_for(Path(self.directory), self.path):
            self.send_header(name, value)
        super().end_headers()


def headers_for(site: Path, path: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of every `_headers` rule matching `path` (exact, or prefix/*)."""
    found, matches = [], False
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace():
            rule = line.strip()
            matches = path.startswith(rule[:-1]) if rule.endswith("*") else path == rule
        elif line.strip() and matches:
            name, value = line.strip().split(":", 1)
            found.append((name, value.strip()))
    return found


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL (no trailing slash) of the built site, served on a free port of 127.0.0.1."""
    handler = functools.partial(HeadersSiteHandler, directory=str(built_site))
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
    check_csp = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def close():
        context.close()
        assert not foreign, f"pages requested other hosts: {foreign}"
        check_csp()

    request.addfinalizer(close)
    return page


def watch_csp(context):
    """Record every Content-Security-Policy violation in the context's pages, and every page
    sent without a policy; returns the check that fails on any."""
    violations: list[str] = []
    unprotected: list[str] = []
    # Init scripts are not subject to the page's policy, so this listener is always there.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' +"
        " e.sourceFile + ':' + e.lineNumber))")

    def on_console(message):
        # Chromium's own viewer of an XML file (a feed opened in a tab) styles itself inline;
        # that is the browser's page, not ours.
        if message.page is not None and message.page.url.endswith(".xml"):
            return
        if "Content Security Policy" in message.text or "CSP violation" in message.text:
            violations.append(f"{message.page.url if message.page else ''}: {message.text}")

    def on_response(response):
        if (response.request.resource_type == "document"
                and "content-security-policy" not in response.headers):
            unprotected.append(response.url)

    context.on("console", on_console)
    context.on("response", on_response)

    def check():
        assert not violations, "CSP violations:\n" + "\n".join(violations)
        assert not unprotected, f"pages sent without a Content-Security-Policy: {unprotected}"

    return check


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
