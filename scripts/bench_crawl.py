"""How fast `salesblog import https://blog/` crawls and imports a whole blog: the generated
legacy blog of the tests (tests/fixture_blog.py: listing pages, sitemap index, feed, tag and
author pages, an image per post, links between posts) served on loopback, imported into a
scratch project with the real command line, images downloaded.

    python scripts/bench_crawl.py [--posts 200] [--rounds 3] [--concurrency 4] [--delay 0]

--delay makes every answer of the server wait that many seconds, like a real host far away.
Prints posts per second (wall clock, from the command's start to its summary) per round and
their median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from tests.fixture_blog import build_site  # noqa: E402 - after the path is set
from tests.helpers_import import make_project, salesblog  # noqa: E402
from tests.loopback import serve  # noqa: E402


def one_round(count: int, concurrency: int, delay: float) -> float:
    site, _ = build_site(count)
    site.delay = delay
    server, base = serve(site)
    scratch = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        project = make_project(scratch / "blog")
        started = time.perf_counter()
        result = salesblog(project, "import", "--allow-private-addresses", "--concurrency", str(concurrency),
                           f"{base}/")
        elapsed = time.perf_counter() - started
        written = len(list((project / "content" / "posts").glob("*.md")))
        if result.exit_code != 0 or written != count:
            raise SystemExit(f"import failed ({written} of {count} posts):\n{result.output[-2000:]}")
        return count / elapsed
    finally:
        server.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    rates = []
    for number in range(1, args.rounds + 1):
        rate = one_round(args.posts, args.concurrency, args.delay)
        rates.append(rate)
        print(f"round {number}: {rate:.1f} posts/s", flush=True)
    print(f"median of {args.rounds}: {statistics.median(rates):.1f} posts/s "
          f"({args.posts} posts, concurrency {args.concurrency}, server delay {args.delay * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
