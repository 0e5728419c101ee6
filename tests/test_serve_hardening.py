"""The server is not a way in: nothing outside site/ is served, the inbox stays out of reach,
one client cannot lock the others out, and every answer carries the site's security headers.
Each test runs a real `salesblog serve` process and talks to it over HTTP on loopback."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from salesblog.pipeline import build_site
from tests.test_contribute_support import ServeProcess, good, make_project, post, settings, stored


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "blog")
    # Every request of these tests comes from loopback; the example allows 5 drafts a minute.
    text = project.config_path.read_text().replace('"5 per minute"', '"100000 per minute"')
    project.config_path.write_text(text)
    build_site(project, project.root / "site")
    return project


@pytest.fixture
def serve(project):
    started: list[ServeProcess] = []

    def start() -> ServeProcess:
        started.append(ServeProcess(project))
        return started[-1]

    yield start
    for process in started:
        process.stop()


def fetch(port: int, path: str, source: str | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                            source_address=(source, 0) if source else None)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def salesblog(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "salesblog", "-C", str(project.root), *args],
                          capture_output=True, text=True, timeout=60)


# --- nothing outside site/ -------------------------------------------------------------------

def test_symlinks_in_site_leading_outside_are_not_served(project, serve, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the server's private file")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("a folder outside site/")
    site = project.root / "site"
    (site / "passwd.txt").symlink_to("/etc/passwd")
    (site / "secret.txt").symlink_to(secret)
    (site / "elsewhere").symlink_to(outside)
    (site / "inside.html").symlink_to(site / "404.html")  # inside site/: a link is fine
    server = serve()
    for path in ("/passwd.txt", "/secret.txt", "/elsewhere/", "/elsewhere/index.html"):
        status, _, body = fetch(server.port, path)
        assert status == 404, path
        assert b"root:" not in body and b"private" not in body and b"outside" not in body, path
    assert fetch(server.port, "/inside.html")[0] == 200


def test_check_and_build_refuse_symlinks_leading_out_of_content(project, tmp_path):
    images = project.content_dir / "images"
    images.mkdir(exist_ok=True)
    (images / "passwd.png").symlink_to("/etc/passwd")
    (project.root / "data").mkdir(exist_ok=True)
    (project.root / "data" / "inbox.sqlite3").write_bytes(b"SQLite format 3\0")
    (project.content_dir / "inbox.sqlite3").symlink_to(project.root / "data" / "inbox.sqlite3")
    (images / "same.png").symlink_to(project.root / "site_config.yml")
    before = sorted(p.relative_to(project.root / "site") for p in (project.root / "site").rglob("*"))
    for command in ("check", "build"):
        result = salesblog(project, command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "content/images/passwd.png:1: a link to /etc/passwd, outside content/" in result.stderr
        assert "content/inbox.sqlite3:1: a link to" in result.stderr
        assert "Traceback" not in result.stderr
    after = sorted(p.relative_to(project.root / "site") for p in (project.root / "site").rglob("*"))
    assert after == before  # the site was left alone
    assert not (project.root / "site" / "images" / "passwd.png").exists()
    for link in (images / "passwd.png", project.content_dir / "inbox.sqlite3", images / "same.png"):
        link.unlink()
    (images / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (images / "same-logo.png").symlink_to(images / "logo.png")  # inside content/: fine
    assert salesblog(project, "check").returncode == 0


# --- the inbox -------------------------------------------------------------------------------

def test_drafts_survive_inbox_list_while_the_inbox_is_linked_into_site(project, serve):
    """A link in site/ to the inbox once let the server open and close the database file, which
    drops the SQLite locks of its own connections; an editor's `inbox list` then checkpointed and
    removed the WAL under the running server, and acknowledged drafts vanished."""
    config = settings(project)
    server = serve()
    assert post("127.0.0.1", server.port, good(title="First draft"))[0] == 303
    site, inbox = project.root / "site", project.root / "data" / "inbox.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (site / f"inbox{suffix}").symlink_to(f"{inbox}{suffix}")
    os.link(inbox, site / "hard-link-to-inbox")  # the same file under another name
    acknowledged = ["First draft"]
    answers: set[int] = set()
    stop = threading.Event()

    def reader() -> None:  # an attacker asking for the linked files again and again
        while not stop.is_set():
            for name in ("inbox", "inbox-wal", "inbox-shm", "hard-link-to-inbox"):
                answers.add(fetch(server.port, f"/{name}")[0])

    def writer() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            title = f"Draft number {number}"
            if post("127.0.0.1", server.port, good(title=title))[0] == 303:
                acknowledged.append(title)
            time.sleep(0.02)

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(4):  # editors listing the inbox meanwhile, each a process of its own
            assert salesblog(project, "inbox", "list").returncode == 0
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert post("127.0.0.1", server.port, good(title="Last draft"))[0] == 303
    acknowledged.append("Last draft")
    assert len(acknowledged) > 10
    titles = {draft.title for draft in stored(project, config)}
    missing = [title for title in acknowledged if title not in titles]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged drafts vanished"
    assert answers == {404}


def test_serve_refuses_an_inbox_inside_the_served_folder(project):
    text = project.config_path.read_text()
    project.config_path.write_text(text.replace("inbox: data/inbox.sqlite3", "inbox: site/inbox.db"))
    result = salesblog(project, "serve", "--port", "0")
    assert result.returncode == 1
    assert "contribute.inbox" in result.stderr and "site/" in result.stderr
    assert not (project.root / "site" / "inbox.db").exists()


# --- one client cannot lock the others out ----------------------------------------------------

def set_serve_limits(project, **limits: int) -> None:
    lines = "".join(f"  {key}: {value}\n" for key, value in limits.items())
    with project.config_path.open("a") as config:
        config.write(f"serve:\n{lines}")


def slow_connection(port: int, source: str = "127.0.0.1") -> socket.socket:
    """A slowloris connection: the start of a request whose headers never end."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return sock


def is_closed(sock: socket.socket, wait: float) -> bool:
    """True when the server closed the connection (maybe after a short answer) within `wait`."""
    sock.settimeout(wait)
    try:
        while sock.recv(4096):
            pass
        return True
    except (TimeoutError, socket.timeout):
        return False
    except OSError:  # reset
        return True


def test_110_slow_connections_from_one_address_leave_others_served(project, serve):
    server = serve()
    held = []
    try:
        started = time.monotonic()
        for _ in range(110):
            held.append(slow_connection(server.port))
        time.sleep(0.3)  # let the server take them all in
        began = time.monotonic()
        status, _, body = fetch(server.port, "/", source="127.0.0.2")
        assert status == 200 and b"<html" in body
        assert time.monotonic() - began < 3
        status, _, _ = fetch(server.port, "/contribute/", source="127.0.0.3")
        assert status == 200
        # The address over its share got 503 and was closed; the first 32 were kept waiting.
        refused = [s for s in held[32:] if is_closed(s, 2)]
        assert len(refused) == len(held) - 32
        assert not any(is_closed(s, 0.05) for s in held[:32])
        assert time.monotonic() - started < 20
    finally:
        for sock in held:
            sock.close()


def test_slow_headers_and_slow_bodies_are_cut_off(project, serve):
    set_serve_limits(project, request_timeout=2, connections_per_client=4)
    server = serve()
    slow_headers = slow_connection(server.port)
    slow_body = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    slow_body.sendall(b"POST /contribute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=")
    silent = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    began = time.monotonic()
    for _ in range(5):  # a byte every half second keeps waitress's idle timer from firing
        time.sleep(0.5)
        for sock in (slow_headers, slow_body):
            try:
                sock.sendall(b"x")
            except OSError:
                pass
    assert all(is_closed(s, 3) for s in (slow_headers, slow_body, silent))
    assert time.monotonic() - began < 8
    # Their share is free again: the same address is served.
    assert fetch(server.port, "/")[0] == 200
    for sock in (slow_headers, slow_body, silent):
        sock.close()


def test_serve_limits_are_checked_settings(project):
    set_serve_limits(project, connections_per_client=0)
    result = salesblog(project, "check")
    assert result.returncode == 1
    assert "site_config.yml" in result.stderr and "connections_per_client" in result.stderr


# --- security headers ----------------------------------------------------------------------

def check_security_headers(headers, path: str) -> None:
    policy = headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert directives["script-src"][0] == "'self'", path
    assert all(s.startswith("'sha256-") for s in directives["script-src"][1:]), path
    assert directives["style-src"] == ["'self'"], path
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert "unsafe" not in policy, path
    assert headers["X-Frame-Options"] == "DENY", path
    assert headers["Referrer-Policy"] == "same-origin", path
    assert headers["X-Content-Type-Options"] == "nosniff", path


def test_every_answer_carries_the_security_headers(project, serve):
    from salesblog.site.headers import inline_scripts, script_hash

    server = serve()
    site = project.root / "site"
    for path in ("/", "/contribute/", "/contribute/thanks/", "/blog/sales-coaching-vs-sales-training/",
                 "/feed.xml", "/search/search_index.json", "/no/such/page/", "/passwd"):
        status, headers, _ = fetch(server.port, path)
        check_security_headers(headers, path)
    answers = [post("127.0.0.1", server.port, good()),  # 303
               post("127.0.0.1", server.port, good(email="not an address")),  # 400
               post("127.0.0.1", server.port, good(), {"Origin": "https://evil.example"})]  # 403
    assert [status for status, _, _ in answers] == [303, 400, 403]
    for status, headers, _ in answers:
        check_security_headers(headers, f"POST answered {status}")
    # The policy served is the build's: it allows exactly the theme's inline scripts, every
    # one that a built page holds.
    _, headers, _ = fetch(server.port, "/")
    allowed = set(headers["Content-Security-Policy"].split("script-src ")[1].split(";")[0].split()[1:])
    written = (site / "_headers").read_text()
    assert headers["Content-Security-Policy"] in written
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<style" not in text and " style=" not in text, page
        for script in inline_scripts(text):
            assert script_hash(script) in allowed, (page, script[:80])


def test_the_build_writes_the_headers_for_static_hosts(project):
    site = project.root / "site"
    headers = (site / "_headers").read_text().splitlines()
    assert headers[0] == "/*"
    values = dict(line.strip().split(": ", 1) for line in headers[1:])
    check_security_headers(values, "_headers")
    nginx = (site / ".nginx-headers.conf").read_text()
    for name, value in values.items():
        assert f'add_header {name} "{value}" always;' in nginx


def test_a_redirect_cannot_take_the_headers_file(project):
    post_file = project.posts_dir / "how-to-run-a-bulletproof-negotiation.md"
    text = post_file.read_text()
    post_file.write_text(text.replace("tags: [negotiation, sales process]\n",
                                      "tags: [negotiation, sales process]\n"
                                      "legacy_url: https://old.example.com/_headers\n", 1))
    result = salesblog(project, "check")
    assert result.returncode == 1
    assert "legacy_url path /_headers" in result.stderr and "a file the site needs" in result.stderr
