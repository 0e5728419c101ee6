"""Content offers and leads over real HTTP to `salesblog serve` and real SMTP: the form under a
post, the e-mailed signed link, the file, the CSV export and the webhook."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading

import lxml.html
import pytest

from tests.projects import BlogProject
from tests.test_audience_support import (ServeProcess, SmtpSink, cli, link_in, make_project,
                                         rows, wait_until)
from tests.test_contribute_support import post

POST_PATH = "/blog/how-to-run-a-bulletproof-negotiation/"
GUIDE = b"%PDF-1.4 the negotiation guide\n"
BROWSER = {"Origin": "https://blog.example.com", "Referer": "https://blog.example.com" + POST_PATH}


class Webhook:
    """A loopback HTTP server that answers 500 to the first `fail` posts, then 200."""

    def __init__(self, fail: int):
        self.bodies: list[dict] = []
        self.attempts = 0
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                data = self.rfile.read(int(self.headers["Content-Length"]))
                hook.attempts += 1
                if hook.attempts <= fail:
                    self.send_response(500)
                else:
                    hook.bodies.append(json.loads(data))
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/leads"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()




@pytest.fixture(scope="module")
def world(tmp_path_factory):
    sink = SmtpSink()
    hook = Webhook(fail=2)
    project = make_project(tmp_path_factory.mktemp("leads") / "blog", sink.port, webhook=hook.url)
    offers = project.content_dir / "offers"
    (offers / "files").mkdir(parents=True)
    (offers / "files" / "negotiation-guide.pdf").write_bytes(GUIDE)
    (offers / "guide.yml").write_text(
        "title: The Negotiation Guide\nbutton: Get the guide\nfile: negotiation-guide.pdf\n"
        "tags: [negotiation]\n", encoding="utf-8")
    built = cli(project, "build")
    assert built.returncode == 0, built.stderr
    server = ServeProcess(project)
    yield project, sink, hook, server
    server.stop()
    hook.stop()
    sink.stop()


def get(port: int, path: str, method: str = "GET"):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def offer_form(port: int):
    status, _, page = get(port, POST_PATH)
    assert status == 200
    (form,) = lxml.html.document_fromstring(page).xpath("//aside[contains(@class,'sb-offer')]//form")
    return form


def fields_of(form, **values) -> dict[str, str]:
    fields = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input")}
    fields.update({"name": "Jane van Doe", "email": "jane@acme.example", "company": "Acme",
                   "role": "VP Sales", "consent": "yes", "website": ""})
    fields.update(values)
    return fields


def test_full_lead_flow_form_email_link_file_export_and_webhook(world):
    project, sink, hook, server = world
    form = offer_form(server.port)
    assert form.get("action") == "/offers/guide"
    privacy = form.xpath(".//a[@href='/privacy/']")
    assert privacy and form.xpath(".//input[@type='checkbox'][@name='consent'][@required]")

    status, headers, _ = post("127.0.0.1", server.port, fields_of(form), BROWSER, form.get("action"))
    assert status == 303 and headers["Location"] == "/offers/thanks/"
    status, _, thanks = get(server.port, "/offers/thanks/")
    assert status == 200 and b'<meta name="robots" content="noindex">' in thanks

    (message,) = [m for m in sink.wait_for(1) if "jane@acme.example" in m["To"]]
    assert message["Subject"] == "The Negotiation Guide"
    link = link_in(message, "/offers/download/")
    assert rows(project, "SELECT confirmed_at FROM leads")[0]["confirmed_at"] is None

    status, headers, body = get(server.port, link)
    assert status == 200 and body == GUIDE
    assert "attachment" in headers["Content-Disposition"]
    assert get(server.port, link)[2] == GUIDE  # the link works again (until it expires)

    (lead,) = rows(project, "SELECT * FROM leads")
    assert (lead["first_name"], lead["last_name"], lead["offer"], lead["tag"], lead["post"],
            lead["referrer"]) == ("Jane", "van Doe", "guide", "negotiation",
                                  POST_PATH.lstrip("/"), POST_PATH)
    assert lead["confirmed_at"]

    wait_until(lambda: hook.bodies, 20, "the webhook")
    assert hook.attempts == 3  # refused twice, then accepted: retried with backoff
    (body,) = hook.bodies
    assert body["email"] == "jane@acme.example" and body["offer"] == "guide"
    wait_until(lambda: rows(project, "SELECT status FROM outbox WHERE kind = 'webhook'")[0]["status"] == "sent")

    exported = cli(project, "leads", "export", "--csv")
    assert exported.returncode == 0, exported.stderr
    (row,) = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert list(row) == ["first_name", "last_name", "email", "company", "role", "offer",
                         "source_post", "consent_time"]
    assert (row["first_name"], row["last_name"], row["email"], row["company"], row["role"]) == (
        "Jane", "van Doe", "jane@acme.example", "Acme", "VP Sales")
    assert row["source_post"] == POST_PATH.lstrip("/") and row["consent_time"].startswith("20")
    listed = cli(project, "leads", "list")
    assert "confirmed" in listed.stdout and "jane@acme.example" in listed.stdout
    assert len(hook.bodies) == 1  # confirmed once, posted once


def test_bad_lead_forms_get_the_contribute_forms_answers(world):
    project, sink, hook, server = world
    form = offer_form(server.port)
    before = len(rows(project, "SELECT id FROM leads"))
    status, _, page = post("127.0.0.1", server.port, fields_of(form, consent="", email="not-an-address"),
                           BROWSER, form.get("action"))
    assert status == 400
    document = lxml.html.document_fromstring(page)
    assert document.xpath("//input[@name='company']")[0].get("value") == "Acme"  # input kept
    assert document.xpath("//*[@id='lead-email-error']") and document.xpath("//*[@id='lead-consent-error']")
    assert post("127.0.0.1", server.port, fields_of(form, website="http://spam"), BROWSER,
                form.get("action"))[0] == 303
    assert post("127.0.0.1", server.port, fields_of(form), {"Origin": "https://evil.example"},
                form.get("action"))[0] == 403
    assert post("127.0.0.1", server.port, fields_of(form), BROWSER, "/offers/no-such-offer")[0] == 404
    assert len(rows(project, "SELECT id FROM leads")) == before
    for _ in range(2):  # a double click
        assert post("127.0.0.1", server.port, fields_of(form, email="twice@acme.example"), BROWSER,
                    form.get("action"))[0] == 303
    assert len(rows(project, "SELECT id FROM leads WHERE email = 'twice@acme.example'")) == 1
    wait_until(lambda: sink.to("twice@acme.example"))
    assert len(rows(project, "SELECT id FROM outbox WHERE person = 'twice@acme.example'")) == 1


def test_forged_expired_or_other_purpose_links_are_refused(world):
    project, sink, hook, server = world
    assert get(server.port, "/offers/download/eyJmb28iOjF9.forged.sig")[0] == 410
    post("127.0.0.1", server.port, {"email": "someone@example.com"}, BROWSER, "/subscribe")
    message = [m for m in sink.wait_for(1) if "someone@example.com" in m["To"]]
    wait_until(lambda: [m for m in sink.messages if "someone@example.com" in m["To"]])
    message = [m for m in sink.messages if "someone@example.com" in m["To"]][0]
    token = link_in(message, "/subscribe/confirm/").rsplit("/", 1)[1]
    assert get(server.port, "/offers/download/" + token)[0] == 410  # a confirm token is not a download token
    assert get(server.port, "/unsubscribe/" + token)[0] == 410


def test_lead_posts_are_rate_limited_like_contribute(tmp_path):
    sink = SmtpSink()
    project = make_project(tmp_path / "blog", sink.port, rate_limit="2 per minute")
    server = ServeProcess(project)
    try:
        fields = {"name": "A B", "email": "a@example.com", "company": "C", "consent": "yes"}
        answers = [post("127.0.0.1", server.port, fields, BROWSER, "/offers/landing-pages")
                   for _ in range(3)]
        assert [a[0] for a in answers] == [303, 303, 429]
        assert 1 <= int(answers[2][1]["Retry-After"]) <= 60
        assert post("127.0.0.1", server.port, {"email": "x@example.com"}, BROWSER, "/subscribe")[0] == 429
    finally:
        server.stop()
        sink.stop()


def test_which_offer_a_post_shows(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    blog.write("content/offers/coaching.yml", "title: Coaching Kit\nbutton: Get it\n"
                                              "url: https://example.com/kit.pdf\ntags: [leadership]\n")
    blog.write("content/offers/special.yml", "title: Special Offer\nbutton: Get it\n"
                                             "url: https://example.com/s.pdf\n")
    blog.post("third-post", title="Third Post", date="2024-03-10", authors=["guest-writer"],
              tags=["negotiation"], body="Third post body, by a guest.", extra="offer: special\n")
    result = blog.run("build")
    assert result.exit_code == 0, result.output

    def box(slug):
        page = lxml.html.document_fromstring(blog.page(f"blog/{slug}/index.html"))
        return page.xpath("//aside[contains(@class,'sb-cta')]")[0]

    first = box("first-post")  # tags: Sales Coaching, leadership -> the leadership offer
    assert "Coaching Kit" in first.text_content() and first.xpath(".//form[@action='/offers/coaching']")
    assert first.xpath(".//input[@name='tag'][@value='leadership']")
    assert "Special Offer" in box("third-post").text_content()  # front matter wins
    blog.write("content/offers/coaching.yml", "title: Coaching Kit\nbutton: Get it\n"
                                              "url: https://example.com/kit.pdf\ntags: [elsewhere]\n")
    assert blog.run("build").exit_code == 0
    second = box("second-post")  # no offer for its tags: site_config's call_to_action
    assert second.xpath(".//a[@href='https://blog.example.com/offer/']") and not second.xpath(".//form")


def test_unknown_offer_in_front_matter_is_a_located_error(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    blog.post("third-post", title="Third Post", date="2024-03-10", tags=["negotiation"],
              body="Body.", extra="offer: nowhere\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "content/posts/third-post.md:6: offer 'nowhere' not found" in result.output

