"""`salesblog serve` sends the built site like a static host: files, 404s, gzip for text."""

from __future__ import annotations

import gzip
import http.client

import pytest

from salesblog.pipeline import build_site
from tests.test_contribute_support import make_project, serving, settings


@pytest.fixture
def server(tmp_path):
    project = make_project(tmp_path / "blog")
    build_site(project, project.root / "site")
    with serving(project, settings(project)) as running:
        yield running


def fetch(server, path: str, **headers):
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_text_is_gzipped_when_the_browser_accepts_it(server):
    page = (server.project.root / "site/index.html").read_bytes()
    status, headers, body = fetch(server, "/", **{"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == page
    assert len(body) < len(page)


def test_plain_without_accept_encoding_and_for_images(server):
    page = (server.project.root / "site/index.html").read_bytes()
    status, headers, body = fetch(server, "/")
    assert status == 200 and "Content-Encoding" not in headers and body == page
    css = next((server.project.root / "site/assets/stylesheets").glob("main.*.min.css")).name
    status, headers, _ = fetch(server, f"/assets/stylesheets/{css}", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"


def test_unchanged_gzipped_page_answers_304(server):
    _, headers, _ = fetch(server, "/", **{"Accept-Encoding": "gzip"})
    status, _, body = fetch(server, "/", **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_missing_page_gets_the_site_404(server):
    status, _, body = fetch(server, "/no/such/page/")
    assert status == 404 and b"404" in body
