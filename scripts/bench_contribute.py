"""Benchmark POST /contribute: submissions per second held, p50 and p99 latency, at 1, 16 and 64
concurrent clients.

It copies a project into a temporary folder, raises its rate limit (every client here is
127.0.0.1), starts `salesblog serve --port 0` as its own process (as in production, so that the
clients do not share its interpreter) and posts distinct drafts over loopback with keep-alive
connections. Each draft is committed to the SQLite inbox (WAL, synchronous=FULL) before its 303.

    python scripts/bench_contribute.py [--project .] [--requests 600]
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

LEVELS = (1, 16, 64)


def start_server(project: Path) -> tuple[subprocess.Popen, int]:
    server = subprocess.Popen([sys.executable, "-m", "salesblog", "-C", str(project), "serve",
                               "--port", "0", "--threads", "16"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        server.kill()
        sys.exit(f"serve did not start: {line!r}")
    return server, int(match[1])


def client(port: int, count: int, tag: str, latencies: list[float], failures: list[int]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for number in range(count):
        body = urllib.parse.urlencode({
            "name": "Bench Mark", "email": "bench@example.com", "title": f"Bench {tag} {number}",
            "body": "A benchmark draft, long enough to be accepted. " * 20, "tags": "bench"})
        started = time.perf_counter()
        connection.request("POST", "/contribute", body=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 303:
            failures.append(response.status)
    connection.close()


def run_level(port: int, clients: int, total: int) -> dict:
    per_client = max(1, total // clients)
    latencies: list[float] = []
    failures: list[int] = []
    threads = [threading.Thread(target=client, args=(port, per_client, f"c{clients}-{n}", latencies, failures))
               for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "failures": len(failures),
            "per_second": len(latencies) / elapsed,
            "p50_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=Path("."), help="project to copy (default: .)")
    parser.add_argument("--requests", type=int, default=600, help="posts per concurrency level")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "blog"
        project.mkdir()
        shutil.copy(args.project / "site_config.yml", project / "site_config.yml")
        shutil.copytree(args.project / "content", project / "content")
        config = (project / "site_config.yml").read_text()
        config = re.sub(r"rate_limit:.*", 'rate_limit: "1000000 per minute"', config)
        (project / "site_config.yml").write_text(config)
        server, port = start_server(project)
        try:
            print(f"{'clients':>7} {'requests':>8} {'failed':>6} {'posts/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
            for clients in LEVELS:
                result = run_level(port, clients, args.requests)
                print(f"{result['clients']:>7} {result['requests']:>8} {result['failures']:>6} "
                      f"{result['per_second']:>8.0f} {result['p50_ms']:>7.1f} {result['p99_ms']:>7.1f}")
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
