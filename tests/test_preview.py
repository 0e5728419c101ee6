"""`salesblog preview` over real HTTP: drafts shown, edits visible after a save."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("timed out waiting")


def test_preview_shows_drafts_and_reloads_edits(blog):
    draft = blog.post("draft-post", title="Draft Post", date="2024-03-20", extra="draft: true\n",
                      body="First words of the draft.")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "salesblog", "-C", str(blog.root), "preview",
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/blog/draft-post/"
        assert "First words of the draft." in wait_for(lambda: fetch(url))
        draft.write_text(draft.read_text().replace("First words", "Edited words"))
        wait_for(lambda: "Edited words of the draft." in fetch(url))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (blog.root / "site").exists()  # preview never touches the published site
