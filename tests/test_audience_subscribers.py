"""Subscribers over real HTTP and SMTP: subscribe -> confirm -> preferences -> digest ->
one-click unsubscribe; digests never send a post twice; import, export, forget; and a
`salesblog serve` killed with SIGKILL in the middle of sending a digest."""

from __future__ import annotations

import csv
import datetime as dt
import http.client
import io
import urllib.parse

import lxml.html
import pytest

from salesblog.audience.digest import run_digest
from salesblog.audience.store import Store
from salesblog.audience.subscribers import import_csv
from salesblog.config import load_site_config
from tests.test_audience_support import (ServeProcess, SmtpSink, cli, link_in, make_project,
                                         rows, wait_until)
from tests.test_contribute_support import post

ORIGIN = {"Origin": "https://blog.example.com"}




def new_post(project, slug: str, tags: list[str], days_ago: float = 1) -> None:
    when = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S")
    (project.posts_dir / f"{slug}.md").write_text(
        f"---\ntitle: \"{slug.replace('-', ' ').title()}\"\ndate: {when}\nauthors: [brian-signorelli]\n"
        f"tags: [{', '.join(tags)}]\n---\n\nThe opening of {slug}.\n", encoding="utf-8")


def request(port: int, method: str, path: str, body: str | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def sink():
    running = SmtpSink()
    yield running
    running.stop()


def test_subscribe_confirm_preferences_digest_unsubscribe(tmp_path, sink):
    project = make_project(tmp_path / "blog", sink.port)
    new_post(project, "negotiation-news", ["negotiation"])
    new_post(project, "tools-news", ["sales tools"])
    server = ServeProcess(project)
    try:
        first = post("127.0.0.1", server.port, {"email": "reader@example.com"}, ORIGIN, "/subscribe")
        assert first[0] == 303 and first[1]["Location"] == "/subscribe/thanks/"
        post("127.0.0.1", server.port, {"email": "never-confirms@example.com"}, ORIGIN, "/subscribe")
        sink.wait_for(2)
        (confirm_mail,) = sink.to("reader@example.com")
        confirm = link_in(confirm_mail, "/subscribe/confirm/")
        status, _, page = request(server.port, "GET", confirm)  # what a link scanner does
        assert status == 200 and "Subscribe me" in page and 'content="noindex"' in page
        assert rows(project, "SELECT status FROM subscribers WHERE email = 'reader@example.com'")[0][0] \
            == "pending"
        status, _, page = request(server.port, "POST", confirm, "", ORIGIN)  # the reader's click
        assert status == 200 and "You are subscribed" in page and 'content="noindex"' in page

        # The same answer for a subscribed address as for a new one: nothing tells them apart.
        again = post("127.0.0.1", server.port, {"email": "reader@example.com"}, ORIGIN, "/subscribe")
        other = post("127.0.0.1", server.port, {"email": "new@example.com"}, ORIGIN, "/subscribe")
        assert (again[0], again[1]["Location"], again[2]) == (other[0], other[1]["Location"], other[2])
        sink.wait_for(4)

        preferences = link_in(confirm_mail, "/subscribe/preferences/")
        status, _, page = request(server.port, "GET", preferences)
        form = lxml.html.document_fromstring(page).xpath("//form")[0]
        assert {i.get("value") for i in form.xpath(".//input[@name='topics']")} >= {"negotiation", "sales-tools"}
        body = urllib.parse.urlencode({"topics": "negotiation", "frequency": "each"})
        status, _, page = request(server.port, "POST", preferences, body,
                                  {**ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200 and "saved" in page

        digest = cli(project, "digest")
        assert digest.returncode == 0, digest.stderr
        assert "enqueued 1 e-mails for 1 subscribers" in digest.stdout
        wait_until(lambda: len(sink.messages) == 5)
        (news,) = [m for m in sink.to("reader@example.com") if m["Subject"] == "Negotiation News"]
        html = news.get_body(preferencelist=("html",)).get_content()
        assert "https://blog.example.com/blog/negotiation-news/" in html
        assert "https://blog.example.com/blog/negotiation-news/" in news.get_body(("plain",)).get_content()

        # Run again, even over a longer period: nothing is sent twice.
        since = (dt.date.today() - dt.timedelta(days=5)).isoformat()
        assert "enqueued 0 e-mails" in cli(project, "digest", "--since", since).stdout
        assert "enqueued 0 e-mails" in cli(project, "digest").stdout

        # One-click unsubscribe as a mail provider sends it (RFC 8058): a POST, no Origin.
        target = news["List-Unsubscribe"].strip("<>").removeprefix("https://blog.example.com")
        status, _, page = request(server.port, "POST", target, "List-Unsubscribe=One-Click",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 200
        assert rows(project, "SELECT status FROM subscribers WHERE email = 'reader@example.com'")[0][0] \
            == "unsubscribed"
        new_post(project, "more-negotiation", ["negotiation"], days_ago=0.5)
        assert "enqueued 0 e-mails" in cli(project, "digest").stdout
    finally:
        server.stop()


def test_a_post_is_never_sent_twice_and_weekly_subscribers_get_one_e_mail_a_week(tmp_path):
    project = make_project(tmp_path / "blog", 25)
    config = load_site_config(project)
    new_post(project, "one", ["negotiation"], days_ago=2)
    new_post(project, "two", ["sales tools"], days_ago=1)
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("Email,Name,Opt-in date\neach@example.com,Each One,2020-01-01\n"
                        "weekly@example.com,Weekly One,2020-01-01\n")
    store = Store.of(project, config)
    try:
        import_csv(store, csv_file, "UTC")
        store.db().execute("UPDATE subscribers SET frequency = 'weekly' WHERE email = 'weekly@example.com'")
        now = dt.datetime.now(dt.timezone.utc)
        dry = run_digest(project, store, dry_run=True, moment=now)
        assert dry.messages == 3 and not rows(project, "SELECT * FROM outbox")
        first = run_digest(project, store, moment=now)
        assert (first.messages, first.subscribers) == (3, 2)  # two for `each`, one for `weekly`
        weekly = rows(project, "SELECT subject FROM outbox WHERE person = 'weekly@example.com'")
        assert [r["subject"] for r in weekly] == ["Sales Blog: 2 new posts"]
        assert run_digest(project, store, since=now - dt.timedelta(days=30), moment=now).messages == 0
        new_post(project, "three", ["negotiation"], days_ago=0)
        later = now + dt.timedelta(days=2)
        assert run_digest(project, store, moment=later).messages == 1  # `each` only
        assert run_digest(project, store, moment=now + dt.timedelta(days=8)).messages == 1  # the week is over
        sent = rows(project, "SELECT s.email, d.post FROM digest_sent d JOIN subscribers s "
                             "ON s.id = d.subscriber_id ORDER BY s.email, d.post")
        assert len(sent) == len({(r[0], r[1]) for r in sent}) == 6
    finally:
        store.close()


def test_import_export_and_forget(tmp_path, sink):
    project = make_project(tmp_path / "blog", sink.port)
    csv_file = tmp_path / "hubspot.csv"
    csv_file.write_text("Email,First Name,Last Name,Opt-in date\n"
                        "ann@example.com,Ann,Lee,2019-05-01\n"
                        "bob@example.com,Bob,Ray,\n"
                        "not an address,X,Y,2019-05-01\n"
                        "=cmd@example.com,Eve,Z,2019-05-02\n")
    result = cli(project, "subscribers", "import", str(csv_file))
    assert result.returncode == 1
    assert "hubspot.csv:3: no usable opt-in date" in result.stderr
    assert "hubspot.csv:4: 'not an address' is not an e-mail address" in result.stderr
    assert "added 2" in result.stdout
    assert "added 0, already known 2" in cli(project, "subscribers", "import", str(csv_file)).stdout

    exported = list(csv.DictReader(io.StringIO(cli(project, "subscribers", "export").stdout)))
    ann = next(r for r in exported if r["email"] == "ann@example.com")
    assert (ann["name"], ann["status"], ann["consent_source"]) == ("Ann Lee", "active", "import:hubspot.csv")
    assert ann["consent_time"].startswith("2019-05-01")
    assert any(r["email"] == "'=cmd@example.com" for r in exported)  # no formula for spreadsheets

    server = ServeProcess(project)
    try:
        post("127.0.0.1", server.port, {"name": "Ann Lee", "email": "ann@example.com", "company": "A",
                                        "consent": "yes"}, ORIGIN, "/offers/landing-pages")
        sink.wait_for(1)
    finally:
        server.stop()
    forgotten = cli(project, "subscribers", "forget", "ANN@example.com")
    assert forgotten.returncode == 0, forgotten.stderr
    assert "subscribers: 1 removed, leads: 1 removed, outbox: 1 removed" in forgotten.stdout
    for table, column in (("subscribers", "email"), ("leads", "email"), ("outbox", "person")):
        assert not rows(project, f"SELECT * FROM {table} WHERE {column} LIKE 'ann@%'")


def test_kill_9_of_serve_mid_digest_loses_nothing_and_sends_at_most_one_twice(tmp_path):
    sink = SmtpSink(delay=0.1)
    project = make_project(tmp_path / "blog", sink.port)
    new_post(project, "fresh", ["negotiation"])
    people = [f"reader{n}@example.com" for n in range(40)]
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("email,opt-in date\n" + "".join(f"{p},2021-01-01\n" for p in people))
    assert cli(project, "subscribers", "import", str(csv_file)).returncode == 0
    server = ServeProcess(project)
    try:
        digest = cli(project, "digest")
        assert "enqueued 40 e-mails" in digest.stdout, digest.stdout + digest.stderr
        wait_until(lambda: len(sink.messages) >= 8, 30, "the first e-mails")
    finally:
        server.stop()  # SIGKILL, mid-digest
    received_at_kill = len(sink.messages)
    assert received_at_kill < 40
    try:
        result = cli(project, "outbox", "send")
        assert result.returncode == 0, result.stderr
        counts = {p: len(sink.to(p)) for p in people}
    finally:
        sink.stop()
    assert all(n >= 1 for n in counts.values()), [p for p, n in counts.items() if n == 0]
    assert sum(counts.values()) <= 41
    assert rows(project, "SELECT count(*) FROM outbox WHERE status = 'pending'")[0][0] == 0
