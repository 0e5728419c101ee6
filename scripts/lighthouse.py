#!/usr/bin/env python3
"""Lighthouse scores of the example site's home page and a post, with Debian's Chromium.

Builds the example site into a temporary folder, serves it on 127.0.0.1 and runs npm's
lighthouse@12.2.3 (installed by `npm ci` in tests/browser) for a phone (Lighthouse's default, with
its simulated slow network) and a desktop. Prints the four category scores per page and exits 1 if
any is below the bar (95 by default).

The site is served the way static hosts serve it: text files gzip-compressed when the browser asks
for it. --no-compression serves raw files instead (Material's 135 KiB stylesheet then costs a phone
about 2 points of performance).

    python scripts/lighthouse.py [--min 95] [--reports DIR] [--no-compression]

Run it with the Python that has salesblog installed (e.g. .venv/bin/python).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {"home": "/", "post": "/blog/sales-coaching-vs-sales-training/"}
FORM_FACTORS = {"phone": [], "desktop": ["--preset=desktop"]}


def build_site(target: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "salesblog", "-C", str(REPO), "build",
                             "--no-cache", "-d", str(target)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"salesblog build failed:\n{result.stdout}{result.stderr}")


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml")


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed like a web host does when `compress` is set."""

    compress = True

    def do_GET(self):
        path = self._file_for_request()
        if path is None:
            super().do_GET()  # directories without a slash, missing files: the usual answers
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file_for_request(self) -> Path | None:
        """The file to send compressed, or None to let the base class answer."""
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or not self.guess_type(str(path)).startswith(COMPRESSIBLE):
            return None
        return path

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def serve(site: Path, compress: bool) -> http.server.ThreadingHTTPServer:
    """Serve `site` on a free port of 127.0.0.1 from a background thread."""
    handler_class = type("Handler", (StaticHostHandler,), {"compress": compress})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(url: str, extra: list[str], report: Path) -> dict[str, int]:
    """Category scores (0-100) of one Lighthouse run; the JSON report is kept at `report`."""
    command = [str(LIGHTHOUSE), url, *extra, "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
               "--quiet"]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    """Audits that lost points, to say why a score is below the bar."""
    data = json.loads(report.read_text())
    return [f"{audit['id']} ({audit['score']})" for audit in data["audits"].values()
            if audit.get("score") is not None and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=95, help="lowest acceptable score (default 95)")
    parser.add_argument("--reports", type=Path, default=REPO / "test-artifacts" / "lighthouse",
                        help="where the JSON reports go (default test-artifacts/lighthouse)")
    parser.add_argument("--no-compression", action="store_true",
                        help="serve files uncompressed (default: gzip, as static hosts do)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` in tests/browser")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    args.reports.mkdir(parents=True, exist_ok=True)

    below = []
    with tempfile.TemporaryDirectory(prefix="salesblog-lighthouse-") as scratch:
        site = Path(scratch) / "site"
        build_site(site)
        server = serve(site, compress=not args.no_compression)
        base = f"http://127.0.0.1:{server.server_port}"
        print(f"{'page':<16}" + "".join(f"{name:>16}" for name in CATEGORIES))
        for factor, extra in FORM_FACTORS.items():
            for page, path in PAGES.items():
                report = args.reports / f"{page}-{factor}.json"
                scores = run_lighthouse(base + path, extra, report)
                print(f"{page + ' ' + factor:<16}" + "".join(f"{scores[n]:>16}" for n in CATEGORIES),
                      flush=True)
                if min(scores.values()) < args.min:
                    below.append(f"{page} {factor}: {scores}; {', '.join(failing_audits(report))}")
        server.shutdown()
    for line in below:
        print(f"below {args.min}: {line}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
