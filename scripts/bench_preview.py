"""How long `salesblog preview` takes to show an edited post, measured as a reader would see it:
save the file, then poll the page over HTTP until the edit is there.

    python scripts/bench_preview.py PROJECT_DIR [--edits 9] [--new-posts 5]

PROJECT_DIR is a salesblog project (scripts/bench_build.py --generate-only makes a large one).
The post edited is put back as it was at the end, and the new posts (copies of it under
another name) are removed.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_for(url: str, words: str, limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if words in page_text(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {words!r} within {limit:.0f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--new-posts", type=int, default=5)
    args = parser.parse_args()
    post = sorted((args.project / "content/posts").glob("*.md"))[7]
    original = post.read_text(encoding="utf-8")
    new_posts: list[Path] = []
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "salesblog", "-C", str(args.project), "preview",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/blog/{post.stem}/"
    try:
        print(f"first preview ready after {wait_for(url, '<h1', 600):.1f}s")
        times = []
        for number in range(args.edits):
            time.sleep(1.0)  # let the watcher settle between edits
            words = f"Edit number {number} for the preview benchmark."
            post.write_text(original + f"\n{words}\n", encoding="utf-8")
            times.append(wait_for(url, words, 60))
        print(f"edit visible over HTTP after: median {statistics.median(times):.2f}s, "
              f"min {min(times):.2f}s, max {max(times):.2f}s ({args.edits} edits)")
        post.write_text(original, encoding="utf-8")
        times = []
        for number in range(args.new_posts):
            time.sleep(1.0)
            new_post = post.with_name(f"zz-bench-new-post-{number}.md")
            words = f"New post number {number} for the preview benchmark."
            new_posts.append(new_post)
            new_post.write_text(original + f"\n{words}\n", encoding="utf-8")
            times.append(wait_for(url.replace(post.stem, new_post.stem), words, 60))
        if times:
            print(f"new post visible over HTTP after: median {statistics.median(times):.2f}s, "
                  f"min {min(times):.2f}s, max {max(times):.2f}s ({args.new_posts} new posts)")
    finally:
        post.write_text(original, encoding="utf-8")
        for new_post in new_posts:
            new_post.unlink(missing_ok=True)
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
