"""Screenshots of the example blog for the README: home, a post, a tag page and an author page,
on a desktop and a phone, in the light and the dark scheme.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only post]

Builds the example site into a temporary folder, serves it on 127.0.0.1 and drives Debian's
Chromium with Playwright (as tests/browser does).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
PAGES = {"home": "/", "post": "/blog/sales-coaching-vs-sales-training/",
         "tag": "/tags/sales-coaching/", "author": "/authors/brian-signorelli/"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--only", action="append", choices=sorted(PAGES), help="page kind(s) to take")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        subprocess.run([sys.executable, "-m", "salesblog", "-C", str(REPO), "build", "--no-cache",
                        "-d", str(site)], check=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                 functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--headless", "--no-sandbox", "--disable-gpu"])
            for kind in args.only or PAGES:
                for viewport, size in VIEWPORTS.items():
                    for scheme in SCHEMES:
                        phone = viewport == "phone"
                        context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone,
                                                      color_scheme=scheme, device_scale_factor=1)
                        page = context.new_page()
                        page.goto(base + PAGES[kind])
                        page.wait_for_load_state("networkidle")
                        path = args.out / f"{kind}-{viewport}-{scheme}.png"
                        page.screenshot(path=str(path))
                        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
                        context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
