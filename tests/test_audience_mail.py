"""The outbox over real SMTP (aiosmtpd on loopback): committed first, sent by `serve`'s worker or
`outbox send`, retried with backoff, sent once; and the editorial e-mails."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pytest

from salesblog.audience import subscribers
from salesblog.audience.outbox import backoff
from salesblog.audience.store import Store
from salesblog.config import load_site_config
from tests.test_audience_support import (ServeProcess, SmtpSink, body_text, cli, make_project,
                                         rows, wait_until)
from tests.test_contribute_support import good, post

ORIGIN = {"Origin": "https://blog.example.com"}


@pytest.fixture
def sink():
    running = SmtpSink()
    yield running
    running.stop()


def serve(project):
    return ServeProcess(project)


def test_smtp_refusing_then_recovering_sends_the_message_once(tmp_path, sink):
    sink.handler.refuse = 2  # 451 twice, then accepts
    project = make_project(tmp_path / "blog", sink.port)
    server = serve(project)
    try:
        status, headers, _ = post("127.0.0.1", server.port, {"email": "reader@example.com"},
                                  ORIGIN, "/subscribe")
        assert status == 303
        (message,) = sink.wait_for(1)
        time.sleep(0.5)  # time for a wrong second send to show up
    finally:
        server.stop()
    assert len(sink.messages) == 1 and sink.handler.refused == 2
    assert "reader@example.com" in message["To"]
    (row,) = rows(project, "SELECT status, attempts, sent_at FROM outbox")
    assert (row["status"], row["attempts"]) == ("sent", 3) and row["sent_at"]


def test_smtp_down_means_messages_wait_then_outbox_send_delivers_them(tmp_path):
    # Bound but not listening: connections are refused, and no other program can take the port
    # before the sink does.
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    port = blocker.getsockname()[1]
    project = make_project(tmp_path / "blog", port, retry=0.3)
    server = serve(project)
    try:
        assert post("127.0.0.1", server.port, {"email": "a@example.com"}, ORIGIN, "/subscribe")[0] == 303
        wait_until(lambda: rows(project, "SELECT attempts FROM outbox")[0]["attempts"] >= 1)
    finally:
        server.stop()
    (row,) = rows(project, "SELECT status, last_error FROM outbox")
    assert row["status"] == "pending" and "Connection refused" in row["last_error"]
    blocker.close()
    sink = SmtpSink(port=port)
    try:
        (due,) = rows(project, "SELECT next_attempt_at FROM outbox")
        wait_until(lambda: dt.datetime.now(dt.timezone.utc) > dt.datetime.fromisoformat(due[0]))
        result = cli(project, "outbox", "send")
        assert result.returncode == 0, result.stderr
        assert "sent 1" in result.stdout
        assert len(sink.messages) == 1
        again = cli(project, "outbox", "send")
        assert "sent 0" in again.stdout and len(sink.messages) == 1
    finally:
        sink.stop()


def test_backoff_doubles_up_to_an_hour(tmp_path):
    config = load_site_config(make_project(tmp_path / "blog", 25, retry=30))
    assert [backoff(config, n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(config, 40).total_seconds() == 3600




def test_editors_hear_of_a_draft_and_the_guest_of_each_decision_and_of_publication(tmp_path, sink):
    project = make_project(tmp_path / "blog", sink.port)
    server = serve(project)
    try:
        assert post("127.0.0.1", server.port, good(), ORIGIN, "/contribute")[0] == 303
        assert post("127.0.0.1", server.port, good(title="Second draft"), ORIGIN, "/contribute")[0] == 303
        sink.wait_for(4)
    finally:
        server.stop()
    to_editor = sink.to("editor@example.com")
    assert len(to_editor) == 2 and len(sink.to("chief@example.com")) == 2
    assert "Five Questions That Close Deals" in to_editor[0]["Subject"]
    assert "salesblog inbox show 1" in body_text(to_editor[0])

    accepted = cli(project, "inbox", "accept", "1")
    assert accepted.returncode == 0, accepted.stderr
    rejected = cli(project, "inbox", "reject", "2", "--reason", "Off topic for this blog")
    assert rejected.returncode == 0, rejected.stderr
    assert cli(project, "outbox", "send").returncode == 0
    guest = sink.to("jane@example.com")
    assert [m["Subject"] for m in guest] == ["Accepted: Five Questions That Close Deals",
                                             "Your draft: Second draft"]
    assert "Off topic for this blog" in body_text(guest[1])

    # The accepted post is a draft: a build does not tell the guest yet.
    assert cli(project, "build").returncode == 0
    assert rows(project, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]["n"] == 0
    (path,) = [r["post_path"] for r in rows(project, "SELECT post_path FROM drafts WHERE id = 1")]
    post_file = project.root / path
    post_file.write_text(post_file.read_text().replace("draft: true", "draft: false"))
    for _ in range(2):  # built twice: told once
        assert cli(project, "build").returncode == 0
    assert cli(project, "outbox", "send").returncode == 0
    published = [m for m in sink.to("jane@example.com") if m["Subject"].startswith("Published")]
    assert len(published) == 1
    assert "https://blog.example.com/blog/five-questions-that-close-deals/" in body_text(published[0])


def test_every_e_mail_has_one_click_unsubscribe_and_preferences(tmp_path, sink):
    project = make_project(tmp_path / "blog", sink.port)
    server = serve(project)
    try:
        post("127.0.0.1", server.port, good(), ORIGIN, "/contribute")
        post("127.0.0.1", server.port, {"email": "r@example.com"}, ORIGIN, "/subscribe")
        post("127.0.0.1", server.port, {"name": "José Núñez", "email": "jose@example.com",
                                        "company": "Ñandú", "consent": "yes"}, ORIGIN, "/offers/landing-pages")
        messages = sink.wait_for(4)
    finally:
        server.stop()
    (offer,) = sink.to("jose@example.com")
    assert offer["Subject"] == "Landing Pages: The Do’s and Dont’s"  # from the example's offer
    assert offer["To"].addresses[0].display_name == "José Núñez"
    assert "Hello José," in body_text(offer)
    for message in messages:
        assert message["List-Unsubscribe"].startswith("<https://blog.example.com/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "https://blog.example.com/subscribe/preferences/" in body_text(message)


def test_the_smtp_password_comes_from_the_environment_variable_named_in_the_settings(tmp_path, monkeypatch):
    sink = SmtpSink(login=("blog", "s3cret"))
    try:
        project = make_project(tmp_path / "blog", sink.port)
        settings = project.config_path.read_text()
        project.config_path.write_text(settings.replace("  tls: none\n", "  tls: none\n  user: blog\n"
                                                        "  password_env: BLOG_SMTP_PASSWORD\n"))
        config = load_site_config(project)
        store = Store.of(project, config)
        try:
            subscribers.request(store, config, "reader@example.com")
        finally:
            store.close()
        monkeypatch.setenv("BLOG_SMTP_PASSWORD", "wrong")
        refused = cli(project, "outbox", "send")
        assert "sent 0, failed 1, waiting 1" in refused.stdout and "SMTPAuthenticationError" in refused.stderr
        assert "s3cret" not in project.config_path.read_text()
        monkeypatch.setenv("BLOG_SMTP_PASSWORD", "s3cret")
        store = Store.of(project, config)
        try:
            store.db().execute("UPDATE outbox SET next_attempt_at = ''")  # due now, not after the backoff
        finally:
            store.close()
        assert "sent 1" in cli(project, "outbox", "send").stdout
        assert sink.logins[-1] == ("blog", "s3cret") and {p for _, p in sink.logins} == {"wrong", "s3cret"}
        assert len(sink.to("reader@example.com")) == 1
    finally:
        sink.stop()
