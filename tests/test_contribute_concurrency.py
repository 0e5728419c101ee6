"""Concurrent submissions and a server killed mid-load: nothing acknowledged is lost, nothing doubled."""

from __future__ import annotations

import http.client
import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.test_contribute_support import (ServeProcess, good, make_project, post, serving,
                                           settings, stored)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


def test_200_concurrent_submissions_are_all_stored_once(project):
    config = settings(project)
    start = threading.Barrier(200)

    def send(number: int) -> int:
        start.wait()  # all 200 in flight together
        return post("127.0.0.1", port, good(title=f"Concurrent post {number}"))[0]

    with serving(project, config, threads=16) as server:
        port = server.port
        with ThreadPoolExecutor(200) as pool:
            statuses = list(pool.map(send, range(200)))
    assert statuses == [303] * 200
    titles = [d.title for d in stored(project, config)]
    assert len(titles) == 200
    assert sorted(titles) == sorted(f"Concurrent post {n}" for n in range(200))


def test_the_same_draft_sent_concurrently_is_stored_once(project):
    config = settings(project)
    start = threading.Barrier(30)

    def send(_: int) -> int:
        start.wait()
        return post("127.0.0.1", port, good())[0]

    with serving(project, config, threads=16) as server:
        port = server.port
        with ThreadPoolExecutor(30) as pool:
            assert set(pool.map(send, range(30))) == {303}
    assert len(stored(project, config)) == 1


def test_after_a_kill_9_mid_load_every_acknowledged_draft_is_there(project):
    # The example site allows 5 per minute; this test needs load from one address.
    config_text = project.config_path.read_text().replace('"5 per minute"', '"100000 per minute"')
    project.config_path.write_text(config_text)
    server = ServeProcess(project)
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for sequence in range(10_000):
            if stop.is_set():
                break
            title = f"Client {number} post {sequence}"
            try:
                status = post(None, None, good(title=title), connection=connection)[0]
            except (OSError, http.client.HTTPException):
                break  # the server died under us: this one was never acknowledged
            if status == 303:
                with lock:
                    acknowledged.append(title)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 150 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(server.process.pid, signal.SIGKILL)  # mid-load: requests are still in flight
    server.stop()
    stop.set()
    for thread in threads:
        thread.join(15)
    assert len(acknowledged) >= 150

    restarted = ServeProcess(project)  # opens the inbox: recovery from the WAL happens here
    try:
        assert post("127.0.0.1", restarted.port, good(title="After the restart"))[0] == 303
    finally:
        restarted.stop()
    titles = [d.title for d in stored(project, settings(project))]
    assert set(acknowledged) <= set(titles)
    assert len(titles) == len(set(titles))  # nothing twice
    with sqlite3.connect(project.root / "data" / "inbox.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
