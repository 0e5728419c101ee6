"""Old addresses in the built site: redirect pages for legacy_url and content/redirects.yml,
and the whole map as `_redirects` (Netlify/Cloudflare Pages) and an nginx `map` include."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time

import pytest

from tests.projects import BlogProject


@pytest.fixture
def blog(tmp_path):
    project = BlogProject.sample(tmp_path / "blog")
    project.post("imported", title="Imported Post", date="2024-01-05", tags=["Sales Coaching"],
                 extra="legacy_url: https://old.example.com/blog/imported-post?utm_source=x\n")
    project.write("content/redirects.yml", "\n".join([
        "# old path: new path",
        "/blog/tag/sales-coaching: /tags/sales-coaching/",
        "/blog/author/brian: /authors/brian/",
        "/blog/page/3: /",
        "/evil path: /tags/",  # whitespace would break both formats: left out
        "/semi;colon: /tags/",  # nginx syntax: left out
        "/../etc/passwd: /",  # outside the site: left out
        "/blog/offer: https://offers.example.com/landing",
    ]) + "\n")
    return project


def test_build_writes_redirect_pages_netlify_file_and_nginx_map(blog):
    result = blog.run("build")
    assert result.exit_code == 0, result.output
    site = blog.root / "site"
    netlify = (site / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/blog/imported-post /blog/imported/ 301" in netlify
    assert "/blog/tag/sales-coaching /tags/sales-coaching/ 301" in netlify
    assert "/blog/author/brian /authors/brian/ 301" in netlify
    assert "/blog/page/3 / 301" in netlify
    assert "/blog/offer https://offers.example.com/landing 301" in netlify
    assert not any("evil" in line or "semi" in line or "passwd" in line for line in netlify)
    page = (site / "blog" / "tag" / "sales-coaching" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=https://blog.example.com/tags/sales-coaching/"' in page
    assert "This page has moved" in page
    assert (site / "blog" / "imported-post" / "index.html").is_file()
    assert not (site / "redirects.yml").exists()  # read by the build, not published
    nginx = (site / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert '"/blog/tag/sales-coaching" "/tags/sales-coaching/";' in nginx
    assert '"/blog/tag/sales-coaching/" "/tags/sales-coaching/";' in nginx
    assert '"/blog/imported-post/" "/blog/imported/";' in nginx


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx-light)")
def test_nginx_answers_old_addresses_with_301_from_the_map(blog, tmp_path):
    assert blog.run("build").exit_code == 0
    site = blog.root / "site"
    port = _free_port()
    conf = tmp_path / "nginx.conf"
    temp = "".join(f"{name}_temp_path {tmp_path / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf.write_text(("user root;\n" if os.geteuid() == 0 else "") +
                    f"daemon off;\npid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\n"
                    f"events {{}}\nhttp {{\naccess_log off;\n{temp}include {site / 'redirects.nginx.conf'};\n"
                    f"server {{ listen 127.0.0.1:{port}; root {site};\n"
                    "  if ($salesblog_redirect) { return 301 $salesblog_redirect; } }\n}\n")
    nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert nginx.poll() is None, nginx.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        for old, new in [("/blog/tag/sales-coaching", "/tags/sales-coaching/"),
                         ("/blog/tag/sales-coaching/", "/tags/sales-coaching/"),
                         ("/blog/imported-post", "/blog/imported/"), ("/blog/page/3", "/")]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", old)
            answer = connection.getresponse()
            assert answer.status == 301, old
            assert answer.getheader("Location").endswith(new), (old, answer.getheader("Location"))
            connection.close()
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
