"""Shared helpers for the contribute and inbox tests: a project copy, a real waitress server on
loopback, and plain HTTP posts. (Named test_* so that it sits with the files this feature owns;
it holds no tests.)"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from waitress import wasyncore

from salesblog.config import SiteConfig, load_site_config
from salesblog.contribute.app import create_app
from salesblog.contribute.inbox import Inbox, inbox_path
from salesblog.contribute.server import make_server
from salesblog.project import Project

REPO = Path(__file__).resolve().parents[1]

GOOD = {
    "name": "Jane Doe",
    "email": "jane@example.com",
    "title": "Five Questions That Close Deals",
    "body": "Ask the buyer what happens if they do nothing. Then listen.",
    "bio": "Jane coaches sales teams.",
    "tags": "negotiation, sales coaching",
}


def good(**changes: str) -> dict[str, str]:
    fields = dict(GOOD)
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def make_project(root: Path) -> Project:
    """A copy of the example blog (site_config.yml, content/ and theme/) in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yml", root / "site_config.yml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "theme", root / "theme")  # the brand's logo, which the settings name
    return Project(root)


def settings(project: Project, **contribute) -> SiteConfig:
    """The project's settings with contribute.* overridden; by default a limit no test reaches,
    since every request of a test comes from 127.0.0.1."""
    config = load_site_config(project)
    contribute.setdefault("rate_limit", "100000 per minute")
    return dataclasses.replace(config, contribute=dataclasses.replace(config.contribute, **contribute))


@dataclasses.dataclass
class Server:
    host: str
    port: int
    inbox: Inbox
    project: Project

    def post(self, fields, headers: dict[str, str] | None = None, path: str = "/contribute",
             body: bytes | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        return post(self.host, self.port, fields, headers, path, body)

    def get(self, path: str) -> tuple[int, http.client.HTTPMessage, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


def post(host: str, port: int, fields, headers: dict[str, str] | None = None,
         path: str = "/contribute", body: bytes | None = None,
         connection: http.client.HTTPConnection | None = None):
    """A plain form post, as a browser sends it without JavaScript; redirects are not followed."""
    data = body if body is not None else urllib.parse.urlencode(fields).encode()
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    own = connection is None
    connection = connection or http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("POST", path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        if own:
            connection.close()


@contextlib.contextmanager
def serving(project: Project, config: SiteConfig, site_dir: Path | None = None,
            threads: int = 8) -> Iterator[Server]:
    """The real app on a real waitress server, on 127.0.0.1 and a free port, in a thread."""
    site_dir = site_dir or project.root / "site"
    inbox = Inbox(inbox_path(project, config, site_dir))
    server = make_server(create_app(config, inbox, site_dir), config, "127.0.0.1", 0, threads)
    stop = threading.Event()

    def run() -> None:  # server.run() until asked to stop; closing its sockets under it races
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield Server("127.0.0.1", server.effective_port, inbox, project)
    finally:
        stop.set()
        thread.join(10)
        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map)
        inbox.close()


def stored(project: Project, config: SiteConfig) -> list:
    """Every draft in the inbox, read through a connection of its own."""
    inbox = Inbox(inbox_path(project, config))
    try:
        return inbox.all()
    finally:
        inbox.close()


class ServeProcess:
    """`salesblog serve --port 0` as a separate process, as production runs it."""

    def __init__(self, project: Project):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "salesblog", "-C", str(project.root), "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            pytest.fail(f"serve did not start: {line!r} {self.process.stderr.read()!r}")
        self.port = int(match[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.process.stdout.close()
        self.process.stderr.close()
