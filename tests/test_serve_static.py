"""`salesblog serve` sends the built site like a static host: files, 404s, gzip for text."""

from __future__ import annotations

import gzip
import http.client
import shutil

import pytest

from salesblog.contribute import compression
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


def test_plain_without_accept_encoding(server):
    page = (server.project.root / "site/index.html").read_bytes()
    status, headers, body = fetch(server, "/")
    assert status == 200 and "Content-Encoding" not in headers and body == page
    css = next((server.project.root / "site/assets/stylesheets").glob("main.*.min.css")).name
    status, headers, _ = fetch(server, f"/assets/stylesheets/{css}", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"


def test_images_are_sent_as_they_are_even_to_gzip_browsers(server):
    favicon = server.project.root / "site/assets/images/favicon.png"  # Material's own picture
    picture = server.project.root / "site/images/picture.png"
    picture.parent.mkdir(exist_ok=True)
    shutil.copy(favicon, picture)
    for path in ("/assets/images/favicon.png", "/images/picture.png"):
        status, headers, body = fetch(server, path, **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and "Content-Encoding" not in headers, path
        assert headers["Content-Type"] == "image/png" and body == favicon.read_bytes(), path


def test_a_big_text_file_is_sent_whole_gzipped_or_plain_and_not_kept_in_memory(server):
    # Text that compresses, with enough variety that a truncation or repeat would show.
    lines = (f'{{"location": "blog/post-{n}/", "title": "Post {n}", "text": "{n * 7919 % 104729}"}}\n'
             for n in range(60_000))
    data = "".join(lines).encode()
    assert len(data) > 3 * compression.MAX_CACHED_FILE
    (server.project.root / "site/big.json").write_bytes(data)
    compression._compressed.cache_clear()
    status, headers, body = fetch(server, "/big.json", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == data and len(body) < len(data) / 3
    assert compression._compressed.cache_info().currsize == 0  # streamed, not cached
    status, headers, body = fetch(server, "/big.json")
    assert status == 200 and "Content-Encoding" not in headers and body == data
    fetch(server, "/", **{"Accept-Encoding": "gzip"})
    assert compression._compressed.cache_info().currsize == 1  # a small page is cached


def test_the_cache_holds_a_bounded_amount(server):
    assert compression.CACHED_FILES * compression.MAX_CACHED_FILE <= 64 * 1024 * 1024
    assert compression._compressed.cache_info().maxsize == compression.CACHED_FILES


def test_unchanged_big_gzipped_file_answers_304(server):
    (server.project.root / "site/big.txt").write_bytes(b"a line of text\n" * 200_000)
    _, headers, _ = fetch(server, "/big.txt", **{"Accept-Encoding": "gzip"})
    status, _, body = fetch(server, "/big.txt", **{"Accept-Encoding": "gzip",
                                                   "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_unchanged_gzipped_page_answers_304(server):
    _, headers, _ = fetch(server, "/", **{"Accept-Encoding": "gzip"})
    status, _, body = fetch(server, "/", **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_missing_page_gets_the_site_404(server):
    status, _, body = fetch(server, "/no/such/page/")
    assert status == 404 and b"404" in body
