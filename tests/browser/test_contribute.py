"""A guest submits the contribute form in Chromium and lands on the thanks page.

Runs against the real `salesblog serve --host 127.0.0.1 --port N` (site/ plus POST /contribute),
on a scratch copy of the example project so the submission is stored outside the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import new_page
from .support import DESKTOP, REPO, free_port, salesblog, screenshot


def copy_project(target: Path) -> Path:
    """A scratch copy of the example project: content, theme overrides and settings."""
    for name in ("content", "theme"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "site_config.yml", target / "site_config.yml")
    return target


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    """Return once the server answers `url` at all; fail if it exits or stays silent."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, no proxy
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"salesblog serve exited with {process.returncode}:\n"
                                 f"{log.read_text()}")
        try:
            with direct.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # an HTTP answer of any status: the server is listening
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"salesblog serve did not answer on {url} within {seconds}s:\n"
                         f"{log.read_text()}")


@pytest.fixture(scope="module")
def served_project(tmp_path_factory):
    """Base URL of `salesblog serve` on a free port, serving a freshly built scratch project."""
    project = copy_project(tmp_path_factory.mktemp("contribute-project"))
    built = salesblog("-C", str(project), "build", "--no-cache")
    assert built.returncode == 0, built.stdout + built.stderr
    port = free_port()
    log = project / "serve.log"  # a file, not a pipe: a full pipe would stall the server
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "salesblog", "-C", str(project), "serve",
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_reader_submits_the_contribute_form_and_lands_on_thanks(browser, served_project, request):
    page = new_page(browser, DESKTOP, request)
    page.goto(served_project + "/")
    page.get_by_role("link", name="Contribute", exact=True).first.click()
    expect(page).to_have_url(served_project + "/contribute/")
    form = page.locator("form:has([name=body])")
    form.locator("[name=name]").fill("Pat Guest")
    form.locator("[name=email]").fill("pat.guest@example.com")
    form.locator("[name=title]").fill("What I learned from a thousand cold calls")
    form.locator("[name=body]").fill("Call early, listen more than you talk, and always follow up.")
    screenshot(page, "contribute-filled-desktop")
    with page.expect_navigation() as navigation:
        form.locator("[type=submit]").click()
    landed = navigation.value
    assert landed.status == 200
    post = landed.request.redirected_from
    assert post is not None and post.method == "POST", "the form should POST, then redirect"
    assert post.response().status == 303
    expect(page).to_have_url(served_project + "/contribute/thanks/")
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, "contribute-thanks-desktop")
