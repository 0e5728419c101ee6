"""The importer stays inside its lane: it fetches from public addresses only (every redirect hop
and every resolved address checked), a saved page reads only its own folder and never the
network through <base href>, only real raster images are kept, and the import state file
cannot send the writer outside content/posts/. Real CLI runs, real HTTP servers on loopback."""

from __future__ import annotations

import http.server
import ipaddress
import json
import os
import socket
import threading
from dataclasses import dataclass, field

import pytest

from salesblog.importer import netpolicy
from tests.helpers_import import FIXTURES, make_project, posts, salesblog

PNG = (FIXTURES / "hubspot" / "sales-coaching_files" / "Expressions-3.png").read_bytes()
TEXT = "New reps ramp faster with a plan they can see and a coach who checks it. " * 5


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)


class Server:
    """A real HTTP server on a loopback address that records every request it gets."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits.append(self.path)
                route = server.routes.get(self.path, Route(404, b"not here", {"Content-Type": "text/plain"}))
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer((host, 0), Handler)
        self.port = self.httpd.server_address[1]
        self.host = host
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def page(self, path: str, body: str) -> None:
        self.routes[path] = Route(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def image(self, path: str, data: bytes = PNG, kind: str = "image/png") -> None:
        self.routes[path] = Route(200, data, {"Content-Type": kind})

    def redirect(self, path: str, location: str) -> None:
        self.routes[path] = Route(302, b"", {"Location": location})

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


def article(title: str, images: str = "", head: str = "") -> str:
    return (f"<html><head><title>{title}</title>{head}<meta name='author' content='Ana Ruiz'>"
            f"<meta property='article:published_time' content='2022-05-03T09:00:00+01:00'></head>"
            f"<body><article><h1>{title}</h1><p>{TEXT}</p>{images}</article></body></html>")


def images_of(project) -> list[str]:
    folder = project / "content" / "images"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- only public addresses -------------------------------------------------------------------

LOOPBACK_SPELLINGS = ["127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1",
                      "[::ffff:127.0.0.1]", "localhost"]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_pages_on_loopback_in_any_spelling_are_refused(project, server, host):
    server.page("/post.html", article("Ramp Faster"))
    result = salesblog(project, "import", server.url("/post.html", host))
    assert result.exit_code == 1
    assert "refused" in result.output and "not a public address" in result.output
    assert server.hits == [] and posts(project) == {}


@pytest.mark.parametrize("host", ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                                  "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "[::1]", "[::]",
                                  "[fc00::1]", "[fe80::1]", "[64:ff9b::a00:1]", "[2002:7f00:1::]"])
def test_private_and_reserved_addresses_are_refused_without_connecting(project, host):
    result = salesblog(project, "import", f"http://{host}/latest/meta-data/")
    assert result.exit_code == 1
    assert "not a public address" in result.output, result.output


def test_the_address_policy_itself():
    public = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"]
    refused = ["127.0.0.1", "10.0.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "100.127.0.1",
               "0.0.0.0", "224.0.0.251", "::1", "::", "fd12::1", "fe80::1", "ff02::1", "::ffff:10.0.0.1",
               "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:c0a8:0101::1"]
    assert all(netpolicy.is_public_address(ipaddress.ip_address(a)) for a in public)
    assert not any(netpolicy.is_public_address(ipaddress.ip_address(a)) for a in refused)


def test_images_on_private_addresses_are_refused_unless_allowed(project, server, tmp_path):
    server.image("/chart.png")
    page = tmp_path / "saved" / "post.html"
    page.parent.mkdir()
    page.write_text(article("Ramp Faster", f"<p><img src='{server.url('/chart.png')}' alt='Chart'></p>"))
    refused = salesblog(project, "import", str(page))
    assert refused.exit_code == 0, refused.output
    assert server.hits == [] and images_of(project) == []
    assert "not a public address" in refused.output
    assert f"]({server.url('/chart.png')})" in next(iter(posts(project).values()))  # the reference is kept

    allowed = salesblog(project, "import", "--allow-private-addresses", "--force", str(page))
    assert allowed.exit_code == 0, allowed.output
    assert server.hits == ["/chart.png"] and images_of(project) == ["ramp-faster/chart.png"]


@pytest.fixture
def loopback_is_public(monkeypatch):
    """127.0.0.1 counts as public for this test and 127.0.0.2 stays private, so that a real
    server can play the public blog and another the inside of the network."""
    real = netpolicy.is_public_address

    def policy(address):
        return str(address) == "127.0.0.1" or real(address)

    monkeypatch.setattr(netpolicy, "is_public_address", policy)


def test_every_redirect_hop_is_checked(project, server, loopback_is_public):
    inside = Server("127.0.0.2")
    try:
        inside.page("/secret.html", article("Internal Secrets"))
        inside.image("/secret.png")
        server.redirect("/post.html", inside.url("/secret.html"))
        server.redirect("/pic.png", inside.url("/secret.png"))
        server.page("/ok.html", article("Ramp Faster", "<p><img src='/pic.png' alt='Chart'></p>"))
        result = salesblog(project, "import", server.url("/post.html"), server.url("/ok.html"))
        assert result.exit_code == 1
        assert inside.hits == []
        assert result.output.count("127.0.0.2 is not a public address") == 2, result.output
        assert images_of(project) == [] and len(posts(project)) == 1
    finally:
        inside.close()


def test_redirects_are_bounded(project, server, loopback_is_public):
    for hop in range(10):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    result = salesblog(project, "import", server.url("/r0"))
    assert result.exit_code == 1 and "more than 5 redirects" in result.output
    assert len(server.hits) == 6


def test_redirect_to_another_scheme_is_refused(project, server, loopback_is_public):
    server.redirect("/post.html", "file:///etc/passwd")
    result = salesblog(project, "import", server.url("/post.html"))
    assert result.exit_code == 1 and "not an http(s) address: file:///etc/passwd" in result.output


def test_connection_goes_to_the_checked_address(project, server, loopback_is_public, monkeypatch):
    """DNS rebinding: the name resolves to a public address for the check and to an inside one
    a moment later; the request still goes to the address that was checked."""
    inside = Server("127.0.0.2")
    answers = iter(["127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.2"])
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "blog.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        server.page("/post.html", article("Ramp Faster"))
        inside.page("/post.html", article("Internal Secrets"))
        result = salesblog(project, "import", f"http://blog.rebind.test:{server.port}/post.html")
        assert result.exit_code == 0, result.output
        assert server.hits == ["/post.html"] and inside.hits == []
        assert "Ramp Faster" in next(iter(posts(project).values()))
    finally:
        inside.close()


def test_a_name_resolving_to_any_private_address_is_refused(project, server, monkeypatch):
    real = socket.getaddrinfo

    def mixed(host, port, *args, **kwargs):
        if host == "mixed.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    server.page("/post.html", article("Ramp Faster"))
    result = salesblog(project, "import", f"http://mixed.test:{server.port}/post.html")
    assert result.exit_code == 1 and "mixed.test is not a public address (127.0.0.1)" in result.output
    assert server.hits == []


# --- a saved page stays in its folder ----------------------------------------------------------

def test_base_href_in_a_saved_page_fetches_nothing(project, server, tmp_path):
    server.image("/secret.png")
    server.image("/images/chart.png")
    page = tmp_path / "saved" / "post.html"
    page.parent.mkdir()
    base = server.url("/images/")
    page.write_text(article("Ramp Faster", "<p><img src='chart.png' alt='Chart'></p><p><img src='/secret.png'></p>",
                            head=f"<base href='{base}'><meta property='og:image' content='chart.png'>"))
    result = salesblog(project, "import", "--allow-private-addresses", str(page))
    assert result.exit_code == 0, result.output
    assert server.hits == [] and images_of(project) == []
    assert "chart.png not found beside the page" in result.output


def test_a_saved_page_reads_only_files_in_its_own_folder(project, tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    folder = tmp_path / "saved"
    (folder / "post_files").mkdir(parents=True)
    (folder / "post_files" / "ok.png").write_bytes(PNG)
    os.symlink(outside / "secret.png", folder / "post_files" / "link.png")
    os.symlink(outside, folder / "post_files" / "dir-link")
    hostile = ["../private/secret.png", "post_files/../../private/secret.png", f"{outside}/secret.png",
               f"file://{outside}/secret.png", "%2e%2e/private/secret.png", "post_files%2f..%2f..%2fprivate/secret.png",
               "post_files/link.png", "post_files/dir-link/secret.png", "..%5cprivate%5csecret.png"]
    images = "".join(f"<p><img src='{src}' alt='x{n}'></p>" for n, src in enumerate(hostile))
    page = folder / "post.html"
    page.write_text(article("Ramp Faster", images + "<p><img src='post_files/ok.png' alt='fine'></p>"))
    result = salesblog(project, "import", str(page))
    assert result.exit_code == 0, result.output
    assert images_of(project) == ["ramp-faster/ok.png"]
    assert result.output.count("refused:") == len(hostile), result.output
    text = next(iter(posts(project).values()))
    assert "secret" not in text and "](../images/ramp-faster/ok.png)" in text


# --- only real raster images ------------------------------------------------------------------

SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
       b'<script>alert(1)</script><foreignObject><iframe src="javascript:alert(2)"/></foreignObject></svg>')


def test_svgs_scripts_and_disguised_files_are_never_kept(project, server, tmp_path):
    server.image("/logo.svg", SVG, "image/svg+xml")
    server.image("/photo.png", b"<html><script>alert(1)</script></html>", "image/png")
    server.image("/real.gif", PNG, "image/gif")  # a PNG served under another name: kept as .png
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "local.svg").write_bytes(SVG)
    (folder / "fake.png").write_bytes(b"alert(document.domain)//")
    (folder / "page.html.png").write_bytes(b"<!doctype html><script>alert(1)</script>")
    (folder / "pic.html").write_bytes(PNG)
    svg_data_uri = "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+"
    images = "".join(f"<p><img src='{src}' alt='i{n}'></p>" for n, src in enumerate([
        server.url("/logo.svg"), server.url("/photo.png"), server.url("/real.gif"), "local.svg", "fake.png",
        "page.html.png", "pic.html", svg_data_uri]))
    page = folder / "post.html"
    page.write_text(article("Ramp Faster", images))
    result = salesblog(project, "import", "--allow-private-addresses", str(page))
    assert result.exit_code == 0, result.output
    assert images_of(project) == ["ramp-faster/pic.png", "ramp-faster/real.png"]
    assert result.output.count("SVG images are not imported") >= 2
    for name in images_of(project):
        assert (project / "content" / "images" / name).read_bytes() == PNG


# --- the import state file ---------------------------------------------------------------------

OLD_ADDRESS = "<meta property='og:url' content='https://blog.example.com/ramp-faster'>"


def test_a_hostile_state_file_cannot_send_the_writer_elsewhere(project, tmp_path):
    page = tmp_path / "post.html"
    page.write_text(article("Ramp Faster", head=OLD_ADDRESS))
    first = salesblog(project, "import", str(page))
    assert first.exit_code == 0, first.output
    state_path = project / "content" / ".import-state.json"
    state = json.loads(state_path.read_text())
    (identity, entry), = state["posts"].items()
    victim = tmp_path / "victim.md"
    victim.write_text("precious\n")
    config = (project / "site_config.yml").read_text()
    os.symlink(victim, project / "content" / "posts" / "link-out.md")
    for target in ["../victim.md", str(victim), "content/posts/../../../victim.md", "content/posts/link-out.md",
                   "site_config.yml", "content/authors.md", "content/posts/.hidden.md"]:
        state["posts"][identity] = {"path": target, "hash": "x"}
        state_path.write_text(json.dumps(state))
        result = salesblog(project, "import", "--force", str(page))
        assert result.exit_code == 0, result.output
        assert "import-state.json: entry" in result.output and "ignored" in result.output, target
        assert victim.read_text() == "precious\n" and (project / "site_config.yml").read_text() == config
    outside = [p for p in (tmp_path).rglob("*.md") if "Ramp Faster" in p.read_text(errors="replace")
               and not p.resolve().is_relative_to((project / "content" / "posts").resolve())]
    assert outside == []


def test_a_malformed_state_file_is_reported_not_fatal(project, tmp_path):
    page = tmp_path / "post.html"
    page.write_text(article("Ramp Faster", head=OLD_ADDRESS))
    state_path = project / "content" / ".import-state.json"
    for broken in ["{not json", "[1, 2]", '{"posts": [1]}', '{"posts": {"x": 5, "y": {"path": 3}}}']:
        state_path.write_text(broken)
        result = salesblog(project, "import", str(page))
        assert result.exit_code == 0, result.output
        assert "import-state.json" in result.output, broken
    assert list(posts(project)) == ["ramp-faster.md"]
    assert json.loads(state_path.read_text())["posts"]


# --- pathological pages fail fast and alone ----------------------------------------------------

def test_pathological_pages_fail_fast_and_alone(project, tmp_path):
    import time
    deep = tmp_path / "deep.html"
    deep.write_text(f"<html><head><title>Deep Page</title></head><body><article><h1>Deep Page</h1><p>{TEXT}</p>"
                    + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</article></body></html>")
    big = tmp_path / "big.html"
    paragraph = f"<p>{TEXT}</p>\n".encode()
    with big.open("wb") as handle:
        handle.write(b"<html><head><title>Big Page</title></head><body><article><h1>Big Page</h1>")
        for _ in range(60 * 1024 * 1024 // len(paragraph) + 1):
            handle.write(paragraph)
        handle.write(b"</article></body></html>")
    good = tmp_path / "good.html"
    good.write_text(article("Ramp Faster"))
    started = time.monotonic()
    result = salesblog(project, "import", str(deep), str(big), str(good))
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "deep.html: its markup nests more than 200 levels deep" in result.output
    assert "big.html: too large to import (60.0 MB; a page may be at most 10 MB)" in result.output
    assert list(posts(project)) == ["ramp-faster.md"]
    assert elapsed < 20, elapsed


def test_a_pathological_item_of_an_export_fails_alone(project, tmp_path):
    export = (FIXTURES / "hostile" / "wxr-twins.xml").read_text()
    nested = "<div>" * 5000 + "deep" + "</div>" * 5000
    export = export.replace("<p>Every concession buys something back.</p>", nested, 1)
    path = tmp_path / "export.xml"
    path.write_text(export)
    result = salesblog(project, "import", "--offline", str(path))
    assert result.exit_code == 1
    assert "Trade Never Give: not imported: its markup nests more than 200 levels deep" in result.output
    assert len(posts(project)) == 5


def test_a_server_dripping_its_answer_is_cut_off(server):
    """Each byte arrives within the socket timeout, the whole never: the fetch gives up."""
    import time

    from salesblog.importer.fetch import FetchError, fetch

    def drip_handler_body():
        for _ in range(200):
            yield b"x"
            time.sleep(0.02)

    original = server.httpd.RequestHandlerClass.do_GET

    def do_get(handler):
        if handler.path != "/slow":
            return original(handler)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for byte in drip_handler_body():
            try:
                handler.wfile.write(byte)
                handler.wfile.flush()
            except OSError:
                return

    server.httpd.RequestHandlerClass.do_GET = do_get
    started = time.monotonic()
    with pytest.raises(FetchError, match="too slow"):
        fetch(server.url("/slow"), accept=("text/html",), limit=100_000, timeout=0.2, allow_private=True)
    assert time.monotonic() - started < 3
