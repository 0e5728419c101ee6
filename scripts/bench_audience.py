"""How fast the audience side is: lead posts per second to `salesblog serve`, and digest e-mails
per second from the outbox to a local SMTP sink (aiosmtpd on 127.0.0.1).

    python scripts/bench_audience.py [--leads 1000] [--clients 8] [--subscribers 2000]

A scratch copy of the example blog is used; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

from tests.test_audience_support import SmtpSink, make_project, rows  # noqa: E402
from tests.test_contribute_support import ServeProcess  # noqa: E402

HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://blog.example.com"}


def post_leads(port: int, count: int, clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for i in range(count // clients):
            body = urllib.parse.urlencode({"name": f"Reader {number}-{i}", "company": "Acme",
                                           "email": f"reader{number}-{i}@example.com", "role": "VP",
                                           "consent": "yes", "post": "blog/x/"})
            start = time.perf_counter()
            connection.request("POST", "/offers/landing-pages", body=body, headers=HEADERS)
            answer = connection.getresponse()
            answer.read()
            mine.append(time.perf_counter() - start)
            assert answer.status == 303, answer.status
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--subscribers", type=int, default=2000)
    args = parser.parse_args()
    sink = SmtpSink()
    with tempfile.TemporaryDirectory() as scratch:
        project = make_project(Path(scratch) / "blog", sink.port)
        when = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
        (project.posts_dir / "fresh.md").write_text(
            f"---\ntitle: Fresh\ndate: {when}\nauthors: [brian-signorelli]\ntags: [negotiation]\n---\n\n"
            "A new post.\n", encoding="utf-8")
        people = Path(scratch) / "people.csv"
        people.write_text("email,opt-in date\n" + "".join(
            f"sub{n}@example.com,2020-01-01\n" for n in range(args.subscribers)))
        import subprocess

        def salesblog(*command: str) -> str:
            result = subprocess.run([sys.executable, "-m", "salesblog", "-C", str(project.root), *command],
                                    capture_output=True, text=True, check=True)
            return result.stdout.strip()

        salesblog("subscribers", "import", str(people))
        server = ServeProcess(project)
        try:
            seconds, latencies = post_leads(server.port, args.leads, args.clients)
            done = len(latencies)
            latencies.sort()
            print(f"lead posts: {done / seconds:.0f}/s ({done} from {args.clients} clients, "
                  f"median {statistics.median(latencies) * 1000:.1f} ms, "
                  f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms)")
            deadline = time.monotonic() + 600
            while len(sink.messages) < done and time.monotonic() < deadline:
                time.sleep(0.05)
            before = len(sink.messages)

            start = time.perf_counter()
            print(salesblog("digest"))
            enqueued = time.perf_counter() - start
            target = before + args.subscribers
            while len(sink.messages) < target and time.monotonic() < deadline:
                time.sleep(0.02)
            total = time.perf_counter() - start
            print(f"digest: {args.subscribers} e-mails enqueued in {enqueued:.1f} s "
                  f"({args.subscribers / enqueued:.0f}/s, whole command), all delivered to the SMTP "
                  f"sink in {total:.1f} s ({args.subscribers / total:.0f} e-mails/s end to end)")
            waiting = rows(project, "SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0]
            print(f"outbox: {waiting} waiting")
        finally:
            server.stop()
            sink.stop()


if __name__ == "__main__":
    main()
