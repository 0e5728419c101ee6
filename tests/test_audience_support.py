"""Shared helpers for the audience tests: a real SMTP server on loopback (aiosmtpd) that keeps
what it receives, a project with mail settings pointing at it, and `salesblog serve` running.
(Named test_* to sit with the files this feature owns; it holds no tests.)"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import shutil
import socket
import sqlite3
import threading
import time
import types
import warnings
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from salesblog.project import Project
from tests.projects import BlogProject
from tests.test_contribute_support import REPO, ServeProcess


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class _Handler:
    refuse: int = 0  # answer 451 to this many messages first
    delay: float = 0.0  # seconds before accepting each message
    messages: list[EmailMessage] = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refused < self.refuse:
                self.refused += 1
                return "451 4.3.0 Try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
        return "250 OK"


class SmtpSink:
    """aiosmtpd on 127.0.0.1; `messages` is what it accepted, in order."""

    def __init__(self, port: int | None = None, refuse: int = 0, delay: float = 0.0,
                 login: tuple[str, str] | None = None):
        self.handler = _Handler(refuse=refuse, delay=delay)
        self.port = port or free_port()
        self.logins: list[tuple[str, str]] = []
        options = {}
        if login:  # AUTH required, and only this user and password accepted
            def check(server, session, envelope, mechanism, data):
                self.logins.append((data.login.decode(), data.password.decode()))
                return AuthResult(success=(data.login.decode(), data.password.decode()) == login,
                                  handled=False)

            options = {"authenticator": check, "auth_required": True, "auth_require_tls": False}
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")  # loopback
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            return list(self.handler.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        wait_until(lambda: len(self.messages) >= count, timeout,
                   f"{count} e-mails (got {len(self.messages)})")
        return self.messages

    def stop(self) -> None:
        self.controller.stop()


def cli(project: Project, *args: str) -> types.SimpleNamespace:
    """A salesblog command, run in this process (fast) on `project`; only `serve` needs a
    process of its own. Answers like subprocess.run: returncode, stdout, stderr."""
    result = BlogProject(project.root).run(*args)
    return types.SimpleNamespace(returncode=result.exit_code, stdout=result.stdout,
                                 stderr=result.stderr)


def wait_until(condition, timeout: float = 20, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def body_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage, path: str) -> str:
    """The path (after the host) of the first link in the e-mail's text containing `path`."""
    match = re.search(r"https://blog\.example\.com(\S*?" + re.escape(path) + r"\S*)", body_text(message))
    assert match, f"no {path} link in:\n{body_text(message)}"
    return match[1]


SETTINGS = """\
title: Sales Blog
url: https://blog.example.com/
timezone: UTC
contribute:
  inbox: data/inbox.sqlite3
  rate_limit: "{rate_limit}"
mail:
  host: 127.0.0.1
  port: {port}
  tls: none
  from_address: blog@example.com
  retry_seconds: {retry}
editors: [editor@example.com, chief@example.com]
leads:
  privacy_url: /privacy/
  webhook: "{webhook}"
"""


def make_project(root: Path, smtp_port: int, *, rate_limit: str = "100000 per minute",
                 retry: float = 0.2, webhook: str = "") -> Project:
    """A copy of the example blog's content, with mail settings pointing at the sink."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", root / "content")
    (root / "site_config.yml").write_text(SETTINGS.format(port=smtp_port, rate_limit=rate_limit,
                                                          retry=retry, webhook=webhook),
                                          encoding="utf-8")
    return Project(root)


def database(project: Project) -> sqlite3.Connection:
    db = sqlite3.connect(project.root / "data" / "inbox.sqlite3", timeout=30)
    db.row_factory = sqlite3.Row
    return db


def rows(project: Project, sql: str, *args) -> list[sqlite3.Row]:
    db = database(project)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


__all__ = ["ServeProcess"]  # re-exported for the audience tests
